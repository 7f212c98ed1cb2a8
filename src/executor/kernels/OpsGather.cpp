// Kernels of the ops that pick elements by index tensors: take_along_axis (and torch.gather,
// its spelling without broadcasting) and tf.gather_nd. boolean_mask is registered only to say
// why it cannot run: its output's size depends on the mask's values, and the executor sizes
// every output from shape inference before any kernel runs.

#include <cstring>

#include "executor/kernels/OpUtil.h"

namespace graphlint {
namespace {

/// The entries of an integer index tensor as int64; fails for float and bool tensors.
Result<std::vector<int64_t>> indexValues(const HostTensor& indices, const std::string& op) {
  if (isFloatElement(indices.elementType()) || indices.elementType() == ElementType::Bool)
    return makeError(op + " needs integer indices, got " + indices.describe());
  Result<TypedInput> wide = TypedInput::of(indices, ElementType::Int64);
  if (!wide) return wide.error();
  return wide->data<int64_t>().vec();
}

/// take_along_axis(x, indices, axis): out[..., i, ...] = x[..., indices[..., i, ...], ...],
/// x and the indices broadcast on the other axes (Keras' TensorFlow backend broadcasts both
/// first); negative indices count from the end. torch.gather (`broadcasts` false) reads the
/// index's shape only, and refuses negative indices as torch does.
std::optional<Error> gatherAlongAxis(KernelArgs& args) {
  if (args.inputs.size() != 2) return makeError(args.op->op + " needs x and indices");
  bool torchGather = args.opArgs && args.opArgs->shape == "torch_gather";
  HostTensor x = *args.inputs[0];
  const HostTensor& indices = *args.inputs[1];
  HostTensor& out = args.outputs[0];
  Result<std::vector<int64_t>> ids = indexValues(indices, args.op->op);
  if (!ids) return ids.error();
  const Value* axisArg = opArg(args, "axis");
  size_t axis = 0;
  if (!axisArg || axisArg->isNull()) {
    if (auto e = x.reshape({x.elementCount()})) return e;
  } else {
    if (!axisArg->isInt()) return makeError(args.op->op + "'s axis " + axisArg->str() + " is not an integer");
    Result<size_t> at = resolveAxis(axisArg->asInt(), x.rank());
    if (!at) return at.error();
    axis = *at;
  }
  if (x.rank() != indices.rank() || out.rank() != x.rank())
    return makeError(args.op->op + " needs x " + x.describe() + " and indices " + indices.describe() + " of the same rank");
  if (out.elementType() != x.elementType())
    return makeError(args.op->op + " output " + out.describe() + " differs in element type from x " + x.describe());
  const std::vector<int64_t>& shape = out.shape();
  std::vector<int64_t> xStrides = stridesOf(x.shape());
  for (size_t d = 0; d < x.rank(); ++d) {
    bool fits = d == axis || x.shape()[d] == shape[d] || (!torchGather && x.shape()[d] == 1) ||
                (torchGather && shape[d] <= x.shape()[d]);
    if (!fits || (!torchGather && indices.shape()[d] != shape[d] && indices.shape()[d] != 1) ||
        (torchGather && indices.shape()[d] != shape[d]))
      return makeError(args.op->op + " of x " + x.describe() + " and indices " + indices.describe() +
                       " cannot give " + out.describe() + " (dim " + std::to_string(d) + ")");
    if (d == axis || (x.shape()[d] == 1 && shape[d] != 1)) xStrides[d] = 0;
  }
  int64_t size = x.shape()[axis];
  int64_t step = stridesOf(x.shape())[axis];
  size_t itemSize = elementByteSize(x.elementType());
  const uint8_t* src = x.bytes().data();
  uint8_t* o = out.bytes().data();
  std::optional<Error> error;
  forEachBroadcastN(shape, {xStrides, broadcastStrides(indices.shape(), shape)}, [&](int64_t i, const int64_t* at) {
    if (error) return;
    int64_t id = (*ids)[static_cast<size_t>(at[1])];
    int64_t resolved = id < 0 && !torchGather ? id + size : id;
    if (resolved < 0 || resolved >= size) {
      error = makeError("index " + std::to_string(id) + " is out of range for axis " + std::to_string(axis) + " of " +
                        x.describe() + " (valid: " + (torchGather ? "0" : std::to_string(-size)) + " to " +
                        std::to_string(size - 1) + ")");
      return;
    }
    std::memcpy(o + i * static_cast<int64_t>(itemSize), src + (at[0] + resolved * step) * static_cast<int64_t>(itemSize),
                itemSize);
  });
  return error;
}

/// gather_nd(params, indices, batch_dims): each index row (the indices' last axis, k long)
/// addresses params[batch..., i_0, ..., i_{k-1}], a block of the remaining axes. Indices out
/// of range, negative ones included, are an error, as TensorFlow's CPU kernel makes them.
std::optional<Error> gatherNd(KernelArgs& args) {
  if (args.inputs.size() != 2) return makeError("gather_nd needs params and indices");
  const HostTensor& params = *args.inputs[0];
  const HostTensor& indices = *args.inputs[1];
  HostTensor& out = args.outputs[0];
  Result<std::vector<int64_t>> ids = indexValues(indices, "gather_nd");
  if (!ids) return ids.error();
  int64_t batchDims = opIntArg(args, "batch_dims", 0);
  if (indices.rank() == 0 || batchDims < 0 || static_cast<size_t>(batchDims) >= indices.rank() ||
      static_cast<size_t>(batchDims) > params.rank())
    return makeError("gather_nd with batch_dims " + std::to_string(batchDims) + " cannot index " + params.describe() +
                     " with " + indices.describe());
  size_t batch = static_cast<size_t>(batchDims);
  int64_t depth = indices.shape().back();
  if (depth < 0 || static_cast<size_t>(depth) > params.rank() - batch)
    return makeError("gather_nd indices " + indices.describe() + " address more axes than " + params.describe() + " has");
  for (size_t d = 0; d < batch; ++d)
    if (params.shape()[d] != indices.shape()[d])
      return makeError("gather_nd params " + params.describe() + " and indices " + indices.describe() +
                       " differ in batch dim " + std::to_string(d));
  if (out.elementType() != params.elementType())
    return makeError("gather_nd output " + out.describe() + " differs in element type from " + params.describe());
  int64_t batches = productOf(params.shape(), 0, batch);
  int64_t perBatch = productOf(indices.shape(), batch, indices.rank() - 1);  // index rows per batch entry
  int64_t blockBytes = productOf(params.shape(), batch + static_cast<size_t>(depth), params.rank()) *
                       static_cast<int64_t>(elementByteSize(params.elementType()));
  int64_t batchBytes = productOf(params.shape(), batch, params.rank()) * static_cast<int64_t>(elementByteSize(params.elementType()));
  if (batches * perBatch * blockBytes != static_cast<int64_t>(out.byteSize()))
    return makeError("gather_nd of " + params.describe() + " by " + indices.describe() + " does not fill " + out.describe());
  std::vector<int64_t> strides = stridesOf(params.shape());
  int64_t itemSize = static_cast<int64_t>(elementByteSize(params.elementType()));
  const uint8_t* src = params.bytes().data();
  uint8_t* o = out.bytes().data();
  const int64_t* row = ids->data();
  for (int64_t b = 0; b < batches; ++b)
    for (int64_t r = 0; r < perBatch; ++r, row += depth) {
      int64_t offset = 0;
      for (int64_t j = 0; j < depth; ++j) {
        int64_t n = params.shape()[batch + static_cast<size_t>(j)];
        if (row[j] < 0 || row[j] >= n) {
          std::string index;
          for (int64_t k = 0; k < depth; ++k) index += (k ? ", " : "") + std::to_string(row[k]);
          return makeError("gather_nd index [" + index + "] is out of range for " + params.describe() + " (axis " +
                           std::to_string(batch + static_cast<size_t>(j)) + " has " + std::to_string(n) + " entries)");
        }
        offset += row[j] * strides[batch + static_cast<size_t>(j)] * itemSize;
      }
      std::memcpy(o, src + b * batchBytes + offset, static_cast<size_t>(blockBytes));
      o += blockBytes;
    }
  return std::nullopt;
}

}  // namespace

void registerOpGatherKernels(KernelRegistry& registry) {
  registry.addOp("take_along_axis", {gatherAlongAxis});
  registry.addOp("gather_nd", {gatherNd});
  KernelDef booleanMask;
  booleanMask.cannotRun =
      "boolean_mask's output has as many entries as the mask has True values, known only when it runs, and the "
      "executor sizes every output before running; keep the full tensor and zero the masked entries "
      "(keras.ops.where(mask, x, 0)) instead";
  registry.addOp("boolean_mask", booleanMask);
}

}  // namespace graphlint
