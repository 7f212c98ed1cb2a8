// Shape families that move or copy elements into another layout: swapaxes, unstack, repeat,
// broadcast_to (and torch's expand form of it).

#include <algorithm>

#include "catalogue/ShapeRules.h"
#include "catalogue/ops/OpFamilies.h"

namespace graphlint::ops {

Outputs swapaxes(const OpCall& call) {
  const TensorType& in = call.tensors.front();
  const Value* first = call.arg("axis1");
  const Value* second = call.arg("axis2");
  if (!in.hasRank() || !first || !second || !first->isInt() || !second->isInt()) return call.unknownOutput();
  Dims dims = *in.dims;
  std::optional<size_t> a = normalizeAxis(first->asInt(), in.rank());
  std::optional<size_t> b = normalizeAxis(second->asInt(), in.rank());
  if (!a || !b)
    return call.error("axis " + (a ? second : first)->str() + " is out of range for " + in.shapeStr());
  std::swap(dims[*a], dims[*b]);
  return OpCall::one(TensorType::of(call.dtype, std::move(dims)));
}

namespace {

/// More outputs than any model means (a typo'd num) would only exhaust memory.
constexpr int64_t kMaxUnstackOutputs = 1 << 16;

/// The normalized unstack axis of `in`: nullopt when the rank is unknown, an error when out of range.
Result<std::optional<size_t>> unstackAxis(const OpCall& call, const TensorType& in) {
  if (!in.hasRank()) return std::optional<size_t>();
  if (in.rank() == 0) return call.error("cannot unstack a scalar");
  int64_t axis = call.intArg("axis", 0);
  std::optional<size_t> at = normalizeAxis(axis, in.rank());
  if (!at) return call.error("axis " + std::to_string(axis) + " is out of range for " + in.shapeStr());
  return at;
}

/// How many tensors unstack gives: `num` if given, else the axis size if it is a constant.
std::optional<int64_t> unstackCount(const OpCall& call) {
  if (const Value* num = call.arg("num"); num && num->isInt()) return num->asInt();
  if (call.tensors.empty()) return std::nullopt;
  const TensorType& in = call.tensors.front();
  Result<std::optional<size_t>> axis = unstackAxis(call, in);
  if (!axis || !*axis) return std::nullopt;
  return (*in.dims)[**axis].constantValue();
}

}  // namespace

bool unstackKnowsCount(const OpCall& call) {
  std::optional<int64_t> count = unstackCount(call);
  return count && *count > 0;
}

Outputs unstack(const OpCall& call) {
  const TensorType& in = call.tensors.front();
  Result<std::optional<size_t>> axis = unstackAxis(call, in);
  if (!axis) return axis.error();
  const Value* num = call.arg("num");
  if (num && num->isInt() && num->asInt() < 0) return call.error("num must not be negative, got " + num->str());
  std::optional<int64_t> count = unstackCount(call);
  std::optional<Dims> dims = in.dims;
  if (*axis) {
    const Dim& size = (*dims)[**axis];
    if (num && num->isInt() &&
        !mayBeEqual(size, Dim::constant(num->asInt()), call.log, "the axis size of " + call.entry.op + " and num"))
      return call.error("num = " + num->str() + " does not match axis " + std::to_string(**axis) + " of " +
                        in.shapeStr() + ", of size " + size.str());
    dims->erase(dims->begin() + static_cast<std::ptrdiff_t>(**axis));
  }
  if (!count || *count == 0) return OpCall::one(TensorType{call.dtype, std::nullopt});  // the count is open
  if (*count > kMaxUnstackOutputs)
    return call.error("unstacking into " + std::to_string(*count) + " tensors is more than the " +
                      std::to_string(kMaxUnstackOutputs) + " graphlint handles");
  return std::vector<TensorType>(static_cast<size_t>(*count), TensorType{call.dtype, dims});
}

Outputs repeat(const OpCall& call) {
  const TensorType& in = call.tensors.front();
  const Value* given = call.arg("repeats");
  std::optional<std::vector<int64_t>> repeats = intList(given);
  if (given && given->isInt()) repeats = std::vector<int64_t>{given->asInt()};
  if (!repeats) return call.unknownOutput();
  if (repeats->empty()) return call.error("repeats [] names no repeat count");
  for (int64_t r : *repeats)
    if (r < 0) return call.error("repeats " + given->str() + " must not be negative");
  Dim total = Dim::constant(0);
  for (int64_t r : *repeats) total = total + Dim::constant(r);
  // The size along the repeated axis: n * r for one count, the counts' sum for one per entry.
  auto repeated = [&](const Dim& size, const std::string& what) -> Result<Dim> {
    if (repeats->size() == 1) return repeats->front() == 0 ? Dim::constant(0) : size * Dim::constant(repeats->front());
    Dim count = Dim::constant(static_cast<int64_t>(repeats->size()));
    if (!mayBeEqual(size, count, call.log, "the entries of " + what + " and the repeat counts of " + call.entry.op))
      return call.error("repeats " + given->str() + " gives " + count.str() + " counts for the " + size.str() +
                        " entries of " + what);
    return total;
  };
  const Value* axis = call.arg("axis");
  if (!axis || axis->isNull()) {  // x is flattened
    Result<Dim> size = repeated(in.elementCount(), in.shapeStr() + " flattened");
    if (!size) return size.error();
    return OpCall::one(TensorType::of(call.dtype, {*size}));
  }
  if (!axis->isInt() || !in.hasRank()) return call.unknownOutput();
  std::optional<size_t> at = normalizeAxis(axis->asInt(), in.rank());
  if (!at) return call.error("axis " + axis->str() + " is out of range for " + in.shapeStr());
  Dims dims = *in.dims;
  Result<Dim> size = repeated(dims[*at], "axis " + std::to_string(*at) + " of " + in.shapeStr());
  if (!size) return size.error();
  dims[*at] = *size;
  return OpCall::one(TensorType::of(call.dtype, std::move(dims)));
}

namespace {

/// broadcast_to's rule; `keepWithMinusOne` reads a -1 target as "x's dim" (torch).
Outputs broadcastToShape(const OpCall& call, bool keepWithMinusOne) {
  const TensorType& in = call.tensors.front();
  const Value* shape = call.arg("shape");
  if (!shape || (!shape->isList() && !shape->isInt())) return call.unknownOutput();
  std::vector<Value> items = shape->isList() ? shape->items() : std::vector<Value>{*shape};
  Dims target;
  for (const Value& v : items) {
    if (!v.isInt()) target.push_back(Dim::unknown());
    else if (v.asInt() >= 0 || (keepWithMinusOne && v.asInt() == -1)) target.push_back(Dim::constant(v.asInt()));
    else return call.error("shape " + shape->str() + " has the negative dim " + v.str());
  }
  if (!in.hasRank()) {
    for (const Dim& d : target)
      if (d.constantValue() == -1) return call.unknownOutput();
    return OpCall::one(TensorType::of(call.dtype, std::move(target)));
  }
  const Dims& dims = *in.dims;
  std::string text = "cannot broadcast " + in.shapeStr() + " to " + shape->str();
  if (dims.size() > target.size()) return call.error(text + ": it has more dims than the target");
  size_t offset = target.size() - dims.size();
  for (size_t i = 0; i < target.size(); ++i) {
    Dim& wanted = target[i];
    if (wanted.constantValue() == -1) {
      if (i < offset) return call.error(text + ": -1 at dim " + std::to_string(i) + " stands for no dim of the input");
      wanted = dims[i - offset];
      continue;
    }
    if (i < offset) continue;
    const Dim& mine = dims[i - offset];
    if (mine.constantValue() == 1) continue;
    if (wanted.isUnknown()) { wanted = mine; continue; }
    if (!mayBeEqual(mine, wanted, call.log, "dim " + std::to_string(i) + " of " + call.entry.op))
      return call.error(text + ": dim " + std::to_string(i) + " is " + mine.str() + ", not 1 or " + wanted.str());
  }
  return OpCall::one(TensorType::of(call.dtype, std::move(target)));
}

}  // namespace

Outputs broadcastTo(const OpCall& call) { return broadcastToShape(call, /*keepWithMinusOne=*/false); }
Outputs expand(const OpCall& call) { return broadcastToShape(call, /*keepWithMinusOne=*/true); }

}  // namespace graphlint::ops
