// The getitem family: x[slice_spec] with NumPy's basic indexing, which is what both TF's
// strided slice (tf.__operators__.getitem) and Keras 3's GetItem implement.

#include "catalogue/ops/OpFamilies.h"
#include "catalogue/ops/SliceSpec.h"

namespace graphlint::ops {
namespace {

/// len(range(size)[start:stop:step]), Python's slice.indices followed by the range length,
/// in Dim arithmetic so that a symbolic size gives a symbolic length. step != 0.
Dim sliceLength(const Dim& size, std::optional<int64_t> start, std::optional<int64_t> stop, int64_t step) {
  Dim zero = Dim::constant(0);
  // The bounds a slice is clamped to: [0, size] going forward, [-1, size - 1] going back.
  Dim lower = step > 0 ? zero : Dim::constant(-1);
  Dim upper = step > 0 ? size : size - Dim::constant(1);
  auto clamp = [&](std::optional<int64_t> bound, const Dim& none) {
    if (!bound) return none;
    if (*bound < 0) return Dim::max(Dim::constant(*bound) + size, lower);
    return Dim::min(Dim::constant(*bound), upper);
  };
  Dim from = clamp(start, step > 0 ? lower : upper);
  Dim to = clamp(stop, step > 0 ? upper : lower);
  Dim span = step > 0 ? to - from : from - to;
  int64_t stride = step > 0 ? step : -step;
  // ceil(span / stride) as a floor division, which prints more simply than cdiv.
  return Dim::max(zero, Dim::floorDiv(span + Dim::constant(stride - 1), Dim::constant(stride)));
}

/// Whether `index` provably picks no entry of an axis of `size` (valid: -size <= index < size).
bool outOfRange(int64_t index, const Dim& size) {
  Dim slack = index >= 0 ? size - Dim::constant(index + 1) : size + Dim::constant(index);
  return slack.isProvablyNegative();
}

}  // namespace

Outputs getItem(const OpCall& call) {
  const TensorType& in = call.tensors.front();
  const Value* spec = call.arg("slice_spec");
  std::optional<std::vector<IndexItem>> items = spec ? parseSliceSpec(*spec) : std::nullopt;
  if (!items) return call.unknownOutput();
  std::string subscript = "[" + subscriptText(*items) + "]";

  size_t ellipses = 0, consumed = 0;
  for (const IndexItem& item : *items) {
    if (item.kind == IndexItem::Kind::Ellipsis) ++ellipses;
    if (item.kind == IndexItem::Kind::Index || item.kind == IndexItem::Kind::Slice) ++consumed;
    if (item.kind == IndexItem::Kind::Slice && item.step == 0)
      return call.error("slice step cannot be zero in " + subscript);
  }
  if (ellipses > 1)
    return call.error("an index can only have a single ellipsis (...), got " + std::to_string(ellipses) + " in " + subscript);
  if (!in.hasRank()) return call.unknownOutput();
  if (consumed > in.rank())
    return call.error("too many indices: " + subscript + " indexes " + std::to_string(consumed) +
                      (consumed == 1 ? " axis" : " axes") + ", but " + in.shapeStr() + " has " + std::to_string(in.rank()));

  // Walk the items over the axes; the ellipsis (explicit, or implied at the end) covers the
  // axes the other items leave.
  const Dims& dims = *in.dims;
  Dims out;
  size_t axis = 0;
  auto fullSlices = [&](size_t count) {
    for (size_t i = 0; i < count; ++i) out.push_back(dims[axis++]);
  };
  for (const IndexItem& item : *items) {
    switch (item.kind) {
      case IndexItem::Kind::NewAxis:
        out.push_back(Dim::constant(1));
        break;
      case IndexItem::Kind::Ellipsis:
        fullSlices(in.rank() - consumed);
        break;
      case IndexItem::Kind::Index:
        if (outOfRange(item.index, dims[axis]))
          return call.error("index " + std::to_string(item.index) + " is out of range for axis " + std::to_string(axis) +
                            " of " + in.shapeStr() + ": its size is " + dims[axis].str() + ", so valid indices are " +
                            (-dims[axis]).str() + " to " + (dims[axis] - Dim::constant(1)).str() + " (in " + subscript + ")");
        ++axis;
        break;
      case IndexItem::Kind::Slice:
        out.push_back(sliceLength(dims[axis++], item.start, item.stop, item.step.value_or(1)));
        break;
    }
  }
  fullSlices(in.rank() - axis);
  return OpCall::one(TensorType::of(call.dtype, std::move(out)));
}

}  // namespace graphlint::ops
