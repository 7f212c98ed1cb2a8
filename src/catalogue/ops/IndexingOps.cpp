// Shape families that select, count or generate: one_hot, reductions (and moments), take,
// top_k, arange, shape and rank.

#include <algorithm>
#include <cmath>
#include <utility>

#include "catalogue/ShapeRules.h"
#include "catalogue/ops/OpFamilies.h"

namespace graphlint::ops {

Outputs oneHot(const OpCall& call) {
  const Value* classes = call.arg("num_classes");
  Dim depth = classes && classes->isInt() ? Dim::constant(classes->asInt()) : Dim::unknown();
  if (classes && classes->isInt() && classes->asInt() <= 0)
    return makeError("one_hot needs num_classes >= 1, got " + classes->str());
  const TensorType& in = call.tensors.front();
  if (!in.hasRank()) return call.unknownOutput();
  Dims dims = *in.dims;
  int64_t axis = call.intArg("axis", -1);
  std::optional<size_t> at = normalizeAxis(axis, dims.size() + 1);
  if (!at) return makeError("one_hot axis " + std::to_string(axis) + " is out of range for a " +
                            std::to_string(dims.size()) + "-D input");
  dims.insert(dims.begin() + *at, depth);
  return OpCall::one(TensorType::of(call.dtype, std::move(dims)));
}

namespace {

/// The input reduced over the axes `axisParam` names (all for None), with size-1 dims left
/// when keepdims is true.
Outputs reduceOver(const OpCall& call, llvm::StringRef axisParam) {
  const TensorType& in = call.tensors.front();
  if (!in.hasRank()) return call.unknownOutput();
  std::string error;
  std::optional<std::vector<size_t>> axes = axesOf(call.arg(axisParam), in.rank(), error);
  if (!axes) return error.empty() ? call.unknownOutput() : Outputs(call.error(error));
  bool keep = call.boolArg("keepdims");
  Dims out;
  for (size_t i = 0; i < in.rank(); ++i) {
    bool reduced = llvm::is_contained(*axes, i);
    if (!reduced) out.push_back((*in.dims)[i]);
    else if (keep) out.push_back(Dim::constant(1));
  }
  return OpCall::one(TensorType::of(call.dtype, std::move(out)));
}

}  // namespace

Outputs reduce(const OpCall& call) { return reduceOver(call, "axis"); }

Outputs moments(const OpCall& call) {
  // keras.ops.moments requires the axes; without them (a malformed call) nothing is known.
  const Value* axes = call.arg("axes");
  Outputs mean = axes && !axes->isNull() ? reduceOver(call, "axes") : call.unknownOutput();
  if (!mean) return mean;
  return std::vector<TensorType>{mean->front(), mean->front()};
}

Outputs take(const OpCall& call) {
  const TensorType& x = call.tensors[0];
  const TensorType& indices = call.tensors[1];
  const Value* axis = call.arg("axis");
  // No axis: x is flattened, and the result has the indices' shape.
  if (!axis || axis->isNull()) return OpCall::one(TensorType{call.dtype, indices.dims});
  if (!axis->isInt() || !x.hasRank() || !indices.hasRank()) return call.unknownOutput();
  std::optional<size_t> at = normalizeAxis(axis->asInt(), x.rank());
  if (!at) return call.error("axis " + axis->str() + " is out of range for " + x.shapeStr());
  Dims dims(x.dims->begin(), x.dims->begin() + *at);
  dims.append(indices.dims->begin(), indices.dims->end());
  dims.append(x.dims->begin() + *at + 1, x.dims->end());
  return OpCall::one(TensorType::of(call.dtype, std::move(dims)));
}

Outputs topK(const OpCall& call) {
  const TensorType& in = call.tensors.front();
  const Value* k = call.arg("k");
  if (k && k->isInt() && k->asInt() < 0) return call.error("k must not be negative, got " + k->str());
  std::optional<Dims> dims = in.dims;
  if (dims) {
    if (dims->empty()) return call.error("needs an input of rank 1 or more, got a scalar");
    Dim& last = dims->back();
    if (k && k->isInt() && (last - Dim::constant(k->asInt())).isProvablyNegative())
      return call.error("k = " + k->str() + " is more than the " + last.str() + " entries of the last axis of " + in.shapeStr());
    last = k && k->isInt() ? Dim::constant(k->asInt()) : Dim::unknown();
  }
  return std::vector<TensorType>{TensorType{call.dtype, dims}, TensorType{DType::Int32, dims}};
}

namespace {

/// The number of values of arange(start, stop, step): NumPy's max(0, ceil((stop - start) / step)).
std::optional<int64_t> arangeLength(const Value& start, const Value& stop, const Value& step) {
  if (start.isInt() && stop.isInt() && step.isInt()) {
    int64_t span = stop.asInt() - start.asInt(), by = step.asInt();
    int64_t q = span / by, r = span % by;
    int64_t ceil = q + ((r != 0 && ((r > 0) == (by > 0))) ? 1 : 0);
    return std::max<int64_t>(0, ceil);
  }
  double n = std::ceil((stop.asNumber() - start.asNumber()) / step.asNumber());
  if (!std::isfinite(n) || n > static_cast<double>(Dim::kMaxLiteral)) return std::nullopt;
  return std::max<int64_t>(0, static_cast<int64_t>(n));
}

}  // namespace

Outputs arange(const OpCall& call) {
  static const Value kZero = Value::integer(0), kOne = Value::integer(1);
  const Value* start = call.arg("start");
  const Value* stop = call.arg("stop");
  const Value* step = call.arg("step");
  if (!stop || stop->isNull()) std::swap(start, stop);  // arange(n) counts from 0 to n
  if (!start || start->isNull()) start = &kZero;
  if (!step || step->isNull()) step = &kOne;
  if (!stop) return call.unknownOutput();
  bool numbers = start->isNumber() && stop->isNumber() && step->isNumber();
  // Without a dtype, Keras infers one from the bounds: int32 for Python ints, float32 otherwise.
  DType dtype = call.dtype;
  if (const Value* given = call.arg("dtype"); !given || given->isNull())
    dtype = !numbers ? DType::Unknown : start->isInt() && stop->isInt() && step->isInt() ? DType::Int32 : DType::Float32;
  if (!numbers) return OpCall::one(TensorType::of(dtype, {Dim::unknown()}));
  if (step->asNumber() == 0) return call.error("step must not be 0");
  std::optional<int64_t> length = arangeLength(*start, *stop, *step);
  return OpCall::one(TensorType::of(dtype, {length ? Dim::constant(*length) : Dim::unknown()}));
}

Outputs shapeOf(const OpCall&) {
  // keras.ops.shape of a KerasTensor is the Python tuple x.shape (None for unknown dims), not
  // a tensor, so there is no tensor type to give it.
  return OpCall::one(TensorType::unknown());
}

Outputs tensorShape(const OpCall& call) {
  const TensorType& in = call.tensors.front();
  Dim length = in.hasRank() ? Dim::constant(static_cast<int64_t>(in.rank())) : Dim::unknown();
  return OpCall::one(TensorType::of(DType::Int32, {length}));
}

Outputs rank(const OpCall& call) {
  // Keras 3's symbolic Ndim says a 1-D tensor of length rank (and float32), but what any backend
  // computes is the rank itself: tf.rank's int32 scalar, or a Python int. This follows that.
  return OpCall::one(TensorType::of(call.dtype, {}));
}

}  // namespace graphlint::ops
