// Kernel helpers.

#include "executor/kernels/KernelUtil.h"

#include <cstring>

namespace graphlint {

std::optional<Error> requireFloat32(const KernelArgs& args) {
  for (size_t i = 0; i < args.inputs.size(); ++i)
    if (args.inputs[i]->elementType() != ElementType::Float32)
      return makeError("input " + std::to_string(i) + " is " + args.inputs[i]->describe() +
                       "; this kernel computes in float32");
  for (size_t i = 0; i < args.outputs.size(); ++i)
    if (args.outputs[i].elementType() != ElementType::Float32)
      return makeError("output " + std::to_string(i) + " is " + args.outputs[i].describe() +
                       "; this kernel computes in float32");
  for (size_t i = 0; i < args.weights.size(); ++i)
    if (args.weights[i]->elementType() != ElementType::Float32)
      return makeError("weight " + std::to_string(i) + " is " + args.weights[i]->describe() +
                       "; this kernel computes in float32");
  return std::nullopt;
}

std::optional<Error> requireWeights(const KernelArgs& args, size_t count) {
  if (args.weights.size() == count) return std::nullopt;
  return makeError("expected " + std::to_string(count) + " weights, got " + std::to_string(args.weights.size()));
}

std::vector<int64_t> stridesOf(const std::vector<int64_t>& shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (size_t i = shape.size(); i-- > 1;) strides[i - 1] = strides[i] * shape[i];
  return strides;
}

int64_t productOf(const std::vector<int64_t>& shape, size_t begin, size_t end) {
  int64_t p = 1;
  for (size_t i = begin; i < end && i < shape.size(); ++i) p *= shape[i];
  return p;
}

std::vector<int64_t> broadcastStrides(const std::vector<int64_t>& operand, const std::vector<int64_t>& out) {
  std::vector<int64_t> strides(out.size(), 0);
  std::vector<int64_t> own = stridesOf(operand);
  size_t offset = out.size() - operand.size();
  for (size_t i = 0; i < operand.size(); ++i) strides[offset + i] = operand[i] == 1 ? 0 : own[i];
  return strides;
}

void transposeInto(const uint8_t* in, const std::vector<int64_t>& shape, const std::vector<size_t>& perm,
                   size_t elementSize, uint8_t* out) {
  size_t rank = shape.size();
  if (rank == 0) {  // a scalar
    std::memcpy(out, in, elementSize);
    return;
  }
  std::vector<int64_t> inStrides = stridesOf(shape);
  std::vector<int64_t> outShape(rank), strideOfOutAxis(rank);
  for (size_t i = 0; i < rank; ++i) {
    outShape[i] = shape[perm[i]];
    strideOfOutAxis[i] = inStrides[perm[i]];
  }
  int64_t total = productOf(shape, 0, rank);
  std::vector<int64_t> index(rank, 0);
  int64_t from = 0;
  for (int64_t o = 0; o < total; ++o) {
    std::memcpy(out + o * static_cast<int64_t>(elementSize), in + from * static_cast<int64_t>(elementSize), elementSize);
    for (size_t d = rank; d-- > 0;) {
      if (++index[d] < outShape[d]) {
        from += strideOfOutAxis[d];
        break;
      }
      from -= strideOfOutAxis[d] * (outShape[d] - 1);
      index[d] = 0;
    }
  }
}

void copyInputToOutput(KernelArgs& args) {
  if (sharesStorage(*args.inputs[0], args.outputs[0])) return;
  std::memcpy(args.outputs[0].bytes().data(), args.inputs[0]->bytes().data(),
              std::min(args.outputs[0].byteSize(), args.inputs[0]->byteSize()));
}

}  // namespace graphlint
