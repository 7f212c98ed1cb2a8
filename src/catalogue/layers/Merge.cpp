// Merge layers: Concatenate and the elementwise merges (Add, Subtract, Multiply, Average,
// Maximum, Minimum).

#include "catalogue/ShapeRules.h"

namespace graphlint {
namespace {

std::string shapesList(llvm::ArrayRef<TensorType> inputs) {
  std::string out;
  for (size_t i = 0; i < inputs.size(); ++i) out += (i ? (i + 1 == inputs.size() ? " and " : ", ") : "") + inputs[i].shapeStr();
  return out;
}

/// The common dtype of merged inputs: the first known one (Keras casts to the compute dtype).
DType mergedDType(const LayerCall& call) {
  if (const Value* dtype = call.config.find("dtype"); dtype && dtype->isString()) return computeDType(call);
  for (const TensorType& in : call.inputs)
    if (in.dtype != DType::Unknown) return in.dtype;
  return DType::Unknown;
}

LayerSchema elementwise(std::string className, llvm::StringRef verb, unsigned maxInputs) {
  LayerSchema s;
  s.className = std::move(className);
  s.family = "merge";
  s.doc = "merges its inputs elementwise (" + verb.str() + "), broadcasting dims of size 1";
  s.minInputs = 2;
  s.maxInputs = maxInputs;
  std::string verbText = verb.str();
  s.shape = [verbText](const LayerCall& call) -> Result<std::vector<TensorType>> {
    std::optional<Dims> dims = call.inputs[0].dims;
    for (size_t i = 1; i < call.inputs.size() && dims; ++i) {
      const TensorType& next = call.inputs[i];
      if (!next.hasRank()) {
        dims.reset();
        break;
      }
      Result<Dims> merged = broadcastShapes(*dims, *next.dims, verbText, call.assumptions);
      if (!merged) {
        Error e = merged.error();
        if (call.inputs.size() > 2) e.message += " (inputs " + shapesList(call.inputs) + ")";
        return e;
      }
      dims = std::move(*merged);
    }
    return single(TensorType{mergedDType(call), std::move(dims)});
  };
  return s;
}

LayerSchema concatenate() {
  LayerSchema s;
  s.className = "Concatenate";
  s.family = "merge";
  s.doc = "joins its inputs along one axis; every other dim must match";
  s.minInputs = 2;
  s.maxInputs = LayerSchema::kVariadic;
  s.attrs = {optional("axis", AttrType::Int, Value::integer(-1), "axis to join along")};
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    const TensorType* ranked = nullptr;
    for (const TensorType& in : call.inputs)
      if (in.hasRank()) { ranked = &in; break; }
    if (!ranked) return single(TensorType{mergedDType(call), std::nullopt});
    size_t rank = ranked->rank();
    int64_t axisAttr = call.intAttr("axis");
    std::optional<size_t> axis = normalizeAxis(axisAttr, rank);
    if (!axis)
      return makeError("Concatenate axis " + std::to_string(axisAttr) + " is out of range for the " +
                       std::to_string(rank) + "-D input " + ranked->shapeStr());
    Dims out = *ranked->dims;
    out[*axis] = Dim::constant(0);
    bool allRanked = true;
    for (const TensorType& in : call.inputs) {
      if (!in.hasRank()) { allRanked = false; continue; }
      if (in.rank() != rank)
        return makeError("cannot concatenate " + shapesList(call.inputs) + ": ranks differ (" +
                         std::to_string(rank) + " vs " + std::to_string(in.rank()) + ")");
      for (size_t d = 0; d < rank; ++d) {
        if (d == *axis) continue;
        const Dim& mine = (*in.dims)[d];
        if (!mayBeEqual(out[d], mine, call.assumptions, "dim " + std::to_string(d) + " of the inputs to concatenate"))
          return makeError("cannot concatenate " + shapesList(call.inputs) + " on axis " +
                           std::to_string(axisAttr) + ": dim " + std::to_string(d) + " differs (" +
                           out[d].str() + " vs " + mine.str() + ")");
        if (out[d].isUnknown()) out[d] = mine;
      }
      out[*axis] = out[*axis] + (*in.dims)[*axis];
    }
    if (!allRanked) out[*axis] = Dim::unknown();
    return single(TensorType::of(mergedDType(call), std::move(out)));
  };
  return s;
}

}  // namespace

void registerMergeLayers(LayerCatalogue& catalogue) {
  catalogue.add(concatenate());
  catalogue.add(elementwise("Add", "add", LayerSchema::kVariadic));
  catalogue.add(elementwise("Subtract", "subtract", 2));
  catalogue.add(elementwise("Multiply", "multiply", LayerSchema::kVariadic));
  catalogue.add(elementwise("Average", "average", LayerSchema::kVariadic));
  catalogue.add(elementwise("Maximum", "take the maximum of", LayerSchema::kVariadic));
  catalogue.add(elementwise("Minimum", "take the minimum of", LayerSchema::kVariadic));
}

}  // namespace graphlint
