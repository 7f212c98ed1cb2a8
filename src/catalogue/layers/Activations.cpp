// Activation layers: ReLU, LeakyReLU, PReLU, ELU, Softmax (keras/src/layers/activations/).
// Each keeps its input's shape and computes in the layer's dtype; only PReLU has weights.

#include "catalogue/ShapeRules.h"

#include "llvm/ADT/STLExtras.h"

namespace graphlint {
namespace {

Result<std::vector<TensorType>> sameShape(const LayerCall& call) {
  return single(TensorType{computeDType(call), call.inputs[0].dims});
}

LayerSchema relu() {
  LayerSchema s;
  s.className = "ReLU";
  s.family = "activations";
  s.doc = "rectified linear unit: x above threshold (capped at max_value), negative_slope*(x - threshold) below";
  s.attrs = {
      optional("max_value", AttrType::Any, Value::null(), "largest output value; null: unbounded")
          .within(numberOrNull(atLeast(0))),
      optional("negative_slope", AttrType::Float, Value::number(0.0), "slope below the threshold")
          .within(atLeast(0)),
      optional("threshold", AttrType::Float, Value::number(0.0), "inputs below it are scaled by negative_slope")
          .within(atLeast(0)),
  };
  s.shape = sameShape;
  return s;
}

LayerSchema leakyRelu() {
  LayerSchema s;
  s.className = "LeakyReLU";
  s.family = "activations";
  s.doc = "x for x >= 0, negative_slope*x otherwise";
  s.attrs = {
      optional("negative_slope", AttrType::Float, Value::number(0.3), "slope for negative inputs")
          .within(atLeast(0)),
      // Keras 3 still takes the Keras 2 name (with a deprecation warning); it wins when given.
      optional("alpha", AttrType::Float, Value::null(), "deprecated name of negative_slope").within(atLeast(0)),
  };
  s.shape = sameShape;
  return s;
}

/// PReLU's `shared_axes`: null, one axis, or a list of axes.
std::string sharedAxesProblem(const Value& v) {
  if (v.isNull() || v.isInt()) return "";
  if (v.isList() && llvm::all_of(v.items(), [](const Value& item) { return item.isInt(); })) return "";
  return "must be an integer, a list of integers or null, got " + v.str();
}

std::vector<int64_t> sharedAxes(const LayerCall& call) {
  const Value& v = call.attr("shared_axes");
  std::vector<int64_t> axes;
  if (v.isInt()) axes.push_back(v.asInt());
  if (v.isList())
    for (const Value& item : v.items()) axes.push_back(item.asInt());
  return axes;
}

/// The shape of PReLU's alpha as Keras' build() makes it: input_shape[1:] with
/// `param_shape[axis - 1] = 1` for each shared axis. That is Python indexing, so axis 0 or a
/// negative axis counts from the end (axis 0 shares the last dim); nullopt when an axis is
/// outside the list, where Keras raises IndexError.
std::optional<Dims> preluAlphaShape(const Dims& input, llvm::ArrayRef<int64_t> shared) {
  Dims alpha;
  if (!input.empty()) alpha.assign(input.begin() + 1, input.end());
  int64_t size = static_cast<int64_t>(alpha.size());
  for (int64_t axis : shared) {
    int64_t index = axis - 1;
    if (index < -size || index >= size) return std::nullopt;
    alpha[index < 0 ? index + size : index] = Dim::constant(1);
  }
  return alpha;
}

LayerSchema prelu() {
  LayerSchema s;
  s.className = "PReLU";
  s.family = "activations";
  s.doc = "x for x >= 0, alpha*x otherwise, with alpha learned per element (shared along shared_axes)";
  s.attrs = {
      optional("alpha_initializer", AttrType::Any, Value::string("Zeros"), "initializer of alpha"),
      optional("alpha_regularizer", AttrType::Any, Value::null(), "regularizer of alpha"),
      optional("alpha_constraint", AttrType::Any, Value::null(), "constraint on alpha"),
      optional("shared_axes", AttrType::Any, Value::null(),
               "axes (1 = first after batch) along which alpha is one value, e.g. [1, 2] for one per channel")
          .within(sharedAxesProblem),
  };
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    const TensorType& in = call.inputs[0];
    if (in.hasRank() && !preluAlphaShape(*in.dims, sharedAxes(call))) {
      std::string axes = in.rank() < 2 ? "it has no axes after the batch dim"
                                       : "its axes after the batch dim are 1.." + std::to_string(in.rank() - 1);
      return makeError("PReLU shared_axes " + call.attr("shared_axes").str() + " are out of range for the " +
                       std::to_string(in.rank()) + "-D input " + in.shapeStr() + ": " + axes);
    }
    return sameShape(call);
  };
  // build(): alpha, shaped like the input without its batch dim, 1 along the shared axes.
  s.weights = [](const LayerCall& call) {
    const TensorType& in = call.inputs[0];
    std::optional<Dims> alpha = in.hasRank() ? preluAlphaShape(*in.dims, sharedAxes(call)) : std::nullopt;
    // Unknown rank, or shared axes the shape rule reports: a shape of unknown size.
    if (!alpha) alpha = Dims{Dim::unknown()};
    return std::vector<WeightSpec>{{"alpha", std::move(*alpha), true, call.attr("alpha_initializer")}};
  };
  return s;
}

LayerSchema elu() {
  LayerSchema s;
  s.className = "ELU";
  s.family = "activations";
  s.doc = "exponential linear unit: x for x >= 0, alpha*(exp(x) - 1) otherwise";
  s.attrs = {optional("alpha", AttrType::Float, Value::number(1.0), "scale of the negative part")};
  s.shape = sameShape;
  return s;
}

/// Keras 2 only (Keras 3 removed it; ReLU(threshold=theta) is its replacement, equal except at
/// x == theta): graphlint reads Keras 2 and TF.js files with it.
LayerSchema thresholdedRelu() {
  LayerSchema s;
  s.className = "ThresholdedReLU";
  s.family = "activations";
  s.doc = "Keras 2: x for x > theta, 0 otherwise (removed in Keras 3: use ReLU(threshold=theta))";
  s.attrs = {optional("theta", AttrType::Float, Value::number(1.0), "threshold").within(atLeast(0))};
  s.shape = sameShape;
  return s;
}

std::vector<int64_t> softmaxAxes(const LayerCall& call) {
  const Value& v = call.attr("axis");
  if (v.isInt()) return {v.asInt()};
  std::vector<int64_t> axes;
  for (const Value& item : v.items()) axes.push_back(item.asInt());
  return axes;
}

/// Keras' Softmax.call checks that the mask broadcasts to the input without adding dims.
std::optional<Error> checkSoftmaxMask(const LayerCall& call) {
  const TensorType& in = call.inputs[0];
  const TensorType& mask = call.inputs[1];
  if (!in.hasRank() || !mask.hasRank()) return std::nullopt;
  std::string both = "Softmax mask " + mask.shapeStr() + " does not broadcast to the input " + in.shapeStr();
  if (mask.rank() > in.rank()) return makeError(both + ": the mask has more dims");
  size_t offset = in.rank() - mask.rank();
  for (size_t i = 0; i < mask.rank(); ++i) {
    const Dim& m = (*mask.dims)[i];
    const Dim& x = (*in.dims)[offset + i];
    if (m.constantValue() == 1) continue;
    std::string dims = offset == 0 ? "dim " + std::to_string(i) + " of Softmax's mask and input"
                                   : "dim " + std::to_string(i) + " of Softmax's mask and dim " +
                                         std::to_string(offset + i) + " of its input";
    switch (Dim::relation(m, x)) {
      case DimRelation::Equal: break;
      case DimRelation::Different:
        // Only a mask dim of 1 broadcasts here.
        if (!mayBeEqual(m, Dim::constant(1), call.assumptions,
                        "dim " + std::to_string(i) + " of Softmax's mask, which differs from the input's " + x.str()))
          return makeError(both + ": mask dim " + std::to_string(i) + " is " + m.str() + ", not 1 or " + x.str());
        break;
      case DimRelation::Unknown:
        mayBeEqual(m, x, call.assumptions, dims);
        break;
    }
  }
  return std::nullopt;
}

LayerSchema softmax() {
  LayerSchema s;
  s.className = "Softmax";
  s.family = "activations";
  s.doc = "exp(x) normalized to sum 1 along axis; an optional second input is a mask (0: excluded)";
  s.attrs = {optional("axis", AttrType::IntOrList, Value::integer(-1), "axis, or list of axes, to normalize over")
                 .within([](const Value& v) {
                   // Keras indexes axis[0] of a list.
                   return v.isList() && v.items().empty() ? std::string("must name at least one axis, got []")
                                                          : std::string();
                 })};
  s.minInputs = 1;
  s.maxInputs = 2;
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    const TensorType& in = call.inputs[0];
    if (in.hasRank()) {
      std::vector<size_t> seen;
      for (int64_t axis : softmaxAxes(call)) {
        std::optional<size_t> resolved = normalizeAxis(axis, in.rank());
        if (!resolved)
          return makeError("Softmax axis " + std::to_string(axis) + " is out of range for the " +
                           std::to_string(in.rank()) + "-D input " + in.shapeStr());
        if (llvm::is_contained(seen, *resolved))
          return makeError("Softmax axis " + call.attr("axis").str() + " names axis " + std::to_string(*resolved) +
                           " twice for the " + std::to_string(in.rank()) + "-D input " + in.shapeStr());
        seen.push_back(*resolved);
      }
    }
    if (call.inputs.size() > 1)
      if (auto e = checkSoftmaxMask(call)) return *e;
    return sameShape(call);
  };
  return s;
}

}  // namespace

void registerActivationLayers(LayerCatalogue& catalogue) {
  catalogue.add(relu());
  catalogue.add(leakyRelu());
  catalogue.add(prelu());
  catalogue.add(elu());
  catalogue.add(thresholdedRelu());
  catalogue.add(softmax());
}

}  // namespace graphlint
