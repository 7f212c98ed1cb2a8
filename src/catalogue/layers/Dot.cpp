// Dot: the batchwise dot product of two inputs along one axis of each
// (keras/src/layers/merging/dot.py: Dot.compute_output_shape and batch_dot).

#include "catalogue/ShapeRules.h"

namespace graphlint {
namespace {

/// `axes`: one integer, or a list of exactly two.
std::string axesDomain(const Value& v) {
  if (v.isList() && v.items().size() != 2) return "must be an integer or a list of 2 integers, got " + v.str();
  return "";
}

LayerSchema dot() {
  LayerSchema s;
  s.className = "Dot";
  s.family = "merge";
  s.doc = "dot product of two inputs over one axis of each, per sample (batch_dot)";
  s.minInputs = 2;
  s.maxInputs = 2;
  s.attrs = {
      required("axes", AttrType::IntOrList, "the contracted axis, or one axis per input").within(axesDomain),
      optional("normalize", AttrType::Bool, Value::boolean(false),
               "L2-normalize both inputs along their axis first (cosine proximity)"),
  };
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    DType dtype = computeDType(call);
    const TensorType& x = call.inputs[0];
    const TensorType& y = call.inputs[1];
    if (!x.hasRank() || !y.hasRank()) return single(TensorType{dtype, std::nullopt});
    std::string both = x.shapeStr() + " and " + y.shapeStr();
    if (x.rank() < 2 || y.rank() < 2)
      return makeError("Dot needs inputs of rank >= 2 (batch first), got " + both);

    const Value& axesValue = call.attr("axes");
    int64_t given[2];
    for (size_t i = 0; i < 2; ++i) given[i] = axesValue.isInt() ? axesValue.asInt() : axesValue.items()[i].asInt();
    size_t axes[2];
    for (size_t i = 0; i < 2; ++i) {
      const TensorType& in = call.inputs[i];
      std::optional<size_t> axis = normalizeAxis(given[i], in.rank());
      if (!axis)
        return makeError("Dot axis " + std::to_string(given[i]) + " is out of range for the " +
                         std::to_string(in.rank()) + "-D input " + in.shapeStr());
      if (*axis == 0)
        return makeError("Dot cannot contract the batch axis 0 of the input " + in.shapeStr() + " (axes " +
                         axesValue.str() + ")");
      axes[i] = *axis;
    }

    const Dims& xd = *x.dims;
    const Dims& yd = *y.dims;
    if (!mayBeEqual(xd[0], yd[0], call.assumptions, "the batch dims of the inputs of Dot"))
      return makeError("Dot inputs " + both + " have different batch sizes (" + xd[0].str() + " vs " +
                       yd[0].str() + ")");
    const Dim& a = xd[axes[0]];
    const Dim& b = yd[axes[1]];
    if (!mayBeEqual(a, b, call.assumptions,
                    "dim " + std::to_string(axes[0]) + " of the first and dim " + std::to_string(axes[1]) +
                        " of the second input of Dot"))
      return makeError("cannot dot " + both + " over axes (" + std::to_string(axes[0]) + ", " +
                       std::to_string(axes[1]) + "): dim " + std::to_string(axes[0]) + " of the first is " + a.str() +
                       ", dim " + std::to_string(axes[1]) + " of the second is " + b.str());

    // The first input without its axis, then the second without its batch dim and its axis;
    // a lone batch dim becomes (batch, 1).
    Dims out;
    for (size_t d = 0; d < xd.size(); ++d)
      if (d != axes[0]) out.push_back(xd[d]);
    if (out[0].isUnknown()) out[0] = yd[0];
    for (size_t d = 1; d < yd.size(); ++d)
      if (d != axes[1]) out.push_back(yd[d]);
    if (out.size() == 1) out.push_back(Dim::constant(1));
    return single(TensorType::of(dtype, std::move(out)));
  };
  return s;
}

}  // namespace

void registerDotLayers(LayerCatalogue& catalogue) { catalogue.add(dot()); }

}  // namespace graphlint
