// Kernels of the reshaping layers: Reshape, Flatten, Permute, RepeatVector.

#include <cstring>

#include "catalogue/ShapeRules.h"
#include "executor/kernels/KernelUtil.h"

namespace graphlint {
namespace {

/// Reshape keeps the bytes; only the shape (already the output's) changes.
std::optional<Error> reshape(KernelArgs& args) {
  copyInputToOutput(args);
  return std::nullopt;
}

/// Flatten keeps C order, except that channels_first inputs are first moved to channels
/// last, so a model's Dense weights fit whichever data format it ran in.
std::optional<Error> flatten(KernelArgs& args) {
  const HostTensor& x = *args.inputs[0];
  if (!isChannelsFirst(*args.layer) || x.rank() <= 2) {
    copyInputToOutput(args);
    return std::nullopt;
  }
  std::vector<size_t> perm = {0};
  for (size_t d = 2; d < x.rank(); ++d) perm.push_back(d);
  perm.push_back(1);
  std::vector<uint8_t> moved(x.byteSize());
  transposeInto(x.bytes().data(), x.shape(), perm, elementByteSize(x.elementType()), moved.data());
  std::memcpy(args.outputs[0].bytes().data(), moved.data(), moved.size());
  return std::nullopt;
}

/// Permute's `dims` are 1-based axes of the input without its batch axis.
std::optional<Error> permute(KernelArgs& args) {
  const HostTensor& x = *args.inputs[0];
  std::vector<size_t> perm = {0};
  for (const Value& d : args.layer->attr("dims").items()) perm.push_back(static_cast<size_t>(d.asInt()));
  if (perm.size() != x.rank()) return makeError("dims " + args.layer->attr("dims").str() + " do not fit " + x.describe());
  transposeInto(x.bytes().data(), x.shape(), perm, elementByteSize(x.elementType()), args.outputs[0].bytes().data());
  return std::nullopt;
}

/// (batch, features) -> (batch, n, features).
std::optional<Error> repeatVector(KernelArgs& args) {
  const HostTensor& x = *args.inputs[0];
  int64_t batch = x.shape()[0], row = static_cast<int64_t>(x.byteSize()) / std::max<int64_t>(batch, 1);
  int64_t n = args.layer->intAttr("n");
  uint8_t* out = args.outputs[0].bytes().data();
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t r = 0; r < n; ++r) std::memcpy(out + (b * n + r) * row, x.bytes().data() + b * row, static_cast<size_t>(row));
  return std::nullopt;
}

}  // namespace

void registerReshapeKernels(KernelRegistry& registry) {
  registry.addLayer("Reshape", {reshape, MaskRule::Drop, /*inPlace=*/true});
  registry.addLayer("Flatten", {flatten, MaskRule::Drop, /*inPlace=*/true});  // reads all before writing
  registry.addLayer("Permute", {permute, MaskRule::Drop});
  registry.addLayer("RepeatVector", {repeatVector, MaskRule::Drop});
}

}  // namespace graphlint
