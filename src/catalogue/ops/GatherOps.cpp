// Shape families that pick elements by index tensors or masks: take_along_axis (and
// torch.gather), gather_nd, boolean_mask (and torch.masked_select, np.extract). A mask's
// result has as many entries as the mask has True values, which no shape can say: that dim
// is unknown.

#include <algorithm>

#include "catalogue/ShapeRules.h"
#include "catalogue/ops/OpFamilies.h"

namespace graphlint::ops {

Outputs takeAlongAxis(const OpCall& call) {
  const TensorType& x = call.tensors[0];
  const TensorType& indices = call.tensors[1];
  const Value* axis = call.arg("axis");
  if (!axis || axis->isNull()) {  // x flattened, 1-D indices
    if (indices.hasRank() && indices.rank() != 1)
      return call.error("without an axis, x is flattened and the indices " + indices.shapeStr() + " must be 1-D");
    return OpCall::one(TensorType{call.dtype, indices.dims});
  }
  if (!axis->isInt() || !x.hasRank() || !indices.hasRank()) return call.unknownOutput();
  if (x.rank() != indices.rank())
    return call.error("x " + x.shapeStr() + " and the indices " + indices.shapeStr() + " must have the same rank");
  std::optional<size_t> at = normalizeAxis(axis->asInt(), x.rank());
  if (!at) return call.error("axis " + axis->str() + " is out of range for " + x.shapeStr());
  // Every axis but `axis` broadcasts; along it, the result has one entry per index.
  Dims xDims = *x.dims, indexDims = *indices.dims;
  xDims[*at] = indexDims[*at];
  Result<Dims> out = broadcastShapes(xDims, indexDims, "broadcast", call.log);
  if (!out)
    return call.error("x " + x.shapeStr() + " and the indices " + indices.shapeStr() + " must broadcast on every axis but " +
                      std::to_string(*at) + ": " + out.error().message);
  return OpCall::one(TensorType::of(call.dtype, std::move(*out)));
}

Outputs torchGather(const OpCall& call) {
  const TensorType& x = call.tensors[0];
  const TensorType& index = call.tensors[1];
  const Value* axis = call.arg("axis");
  if (!axis || !axis->isInt() || !x.hasRank() || !index.hasRank()) return OpCall::one(TensorType{call.dtype, index.dims});
  if (x.rank() != index.rank())
    return call.error("the input " + x.shapeStr() + " and the index " + index.shapeStr() + " must have the same rank");
  std::optional<size_t> at = normalizeAxis(axis->asInt(), x.rank());
  if (!at) return call.error("dim " + axis->str() + " is out of range for " + x.shapeStr());
  for (size_t d = 0; d < x.rank(); ++d) {
    if (d == *at) continue;
    const Dim& mine = (*index.dims)[d];
    const Dim& theirs = (*x.dims)[d];
    if ((theirs - mine).isProvablyNegative())
      return call.error("the index " + index.shapeStr() + " is larger than the input " + x.shapeStr() + " at dim " +
                        std::to_string(d) + " (" + mine.str() + " > " + theirs.str() + ")");
  }
  return OpCall::one(TensorType{call.dtype, index.dims});
}

Outputs gatherNd(const OpCall& call) {
  const TensorType& params = call.tensors[0];
  const TensorType& indices = call.tensors[1];
  int64_t batchDims = call.intArg("batch_dims", 0);
  if (batchDims < 0) return call.error("batch_dims must not be negative, got " + std::to_string(batchDims));
  size_t batch = static_cast<size_t>(batchDims);
  if (!params.hasRank() || !indices.hasRank()) return call.unknownOutput();
  if (indices.rank() == 0) return call.error("the indices must have rank 1 or more, got a scalar");
  if (batch >= indices.rank() || batch > params.rank())
    return call.error("batch_dims = " + std::to_string(batch) + " must be less than the rank of the indices " +
                      indices.shapeStr() + " and at most that of the params " + params.shapeStr());
  for (size_t d = 0; d < batch; ++d) {
    const Dim& a = (*params.dims)[d];
    const Dim& b = (*indices.dims)[d];
    if (!mayBeEqual(a, b, call.log, "batch dim " + std::to_string(d) + " of " + call.entry.op))
      return call.error("the params " + params.shapeStr() + " and the indices " + indices.shapeStr() +
                        " differ in batch dim " + std::to_string(d) + " (" + a.str() + " vs " + b.str() + ")");
  }
  // The indices' last dim is how many params axes (after the batch ones) an index addresses.
  std::optional<int64_t> depth = indices.dims->back().constantValue();
  if (!depth) return call.unknownOutput();
  if (static_cast<size_t>(*depth) > params.rank() - batch)
    return call.error("indices " + indices.shapeStr() + " address " + std::to_string(*depth) + " axes, but the params " +
                      params.shapeStr() + " have " + std::to_string(params.rank() - batch) + " after " +
                      std::to_string(batch) + " batch dims");
  Dims out(indices.dims->begin(), indices.dims->end() - 1);
  out.append(params.dims->begin() + static_cast<std::ptrdiff_t>(batch + static_cast<size_t>(*depth)), params.dims->end());
  return OpCall::one(TensorType::of(call.dtype, std::move(out)));
}

Outputs booleanMask(const OpCall& call) {
  const TensorType& tensor = call.tensors[0];
  const TensorType& mask = call.tensors[1];
  if (!tensor.hasRank() || !mask.hasRank()) return call.unknownOutput();
  if (mask.rank() == 0) return call.error("the mask cannot be a scalar");
  int64_t axis = call.intArg("axis", 0);
  std::optional<size_t> at = normalizeAxis(axis, tensor.rank());
  if (!at || *at + mask.rank() > tensor.rank())
    return call.error("the mask " + mask.shapeStr() + " at axis " + std::to_string(axis) + " does not fit in " +
                      tensor.shapeStr());
  for (size_t i = 0; i < mask.rank(); ++i) {
    const Dim& a = (*tensor.dims)[*at + i];
    const Dim& b = (*mask.dims)[i];
    if (!mayBeEqual(a, b, call.log, "the masked dims of " + call.entry.op))
      return call.error("the mask " + mask.shapeStr() + " does not match " + tensor.shapeStr() + " from axis " +
                        std::to_string(*at) + ": " + b.str() + " vs " + a.str());
  }
  Dims out(tensor.dims->begin(), tensor.dims->begin() + static_cast<std::ptrdiff_t>(*at));
  out.push_back(Dim::unknown());  // how many entries are True
  out.append(tensor.dims->begin() + static_cast<std::ptrdiff_t>(*at + mask.rank()), tensor.dims->end());
  return OpCall::one(TensorType::of(call.dtype, std::move(out)));
}

Outputs maskedSelect(const OpCall& call) {
  const TensorType& tensor = call.tensors[0];
  const TensorType& mask = call.tensors[1];
  if (tensor.hasRank() && mask.hasRank()) {
    Result<Dims> both = broadcastShapes(*tensor.dims, *mask.dims, "broadcast the input and the mask of", call.log);
    if (!both) return call.error(both.error().message);
  }
  return OpCall::one(TensorType::of(call.dtype, {Dim::unknown()}));
}

Outputs extract(const OpCall& call) { return OpCall::one(TensorType::of(call.dtype, {Dim::unknown()})); }

}  // namespace graphlint::ops
