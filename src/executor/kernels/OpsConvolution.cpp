// Kernels of the sliding-window ops: conv (conv1d/2d/3d, convolution), depthwise_conv2d,
// conv2d_transpose, max_pool and avg_pool, in each spelling's conventions (keras.ops and
// tf.nn, torch.nn.functional, jax.lax; catalogue/ops/WindowArgs.h reads their arguments).
//
// They run the layers' machinery: each call's tensors are brought to the layout the
// convolution layers take (channels-last data, a (taps..., in, out) kernel: torch's and jax's
// (out, in, k...) weights are transposed once) and its padding becomes each axis' padBefore;
// the output's size is shape inference's. Pooling works on channels-first data where it lies.

#include "catalogue/ops/WindowArgs.h"
#include "executor/kernels/Convolution.h"
#include "executor/kernels/OpUtil.h"
#include "executor/kernels/Pooling.h"

namespace graphlint {
namespace {

using ops::PaddingMode;
using ops::WindowArgs;
using ops::WindowConvention;
using ops::WindowOp;

/// The call's window arguments and conventions, checked against its tensors' ranks.
Result<WindowArgs> readArgs(const KernelArgs& args, WindowOp op) {
  llvm::StringRef family = args.opArgs->shape.empty() ? llvm::StringRef(args.op->shape) : llvm::StringRef(args.opArgs->shape);
  std::optional<WindowConvention> convention = ops::windowConventionOf(family);
  if (!convention) return makeError("no window conventions for the shape family '" + family.str() + "'");
  size_t tensors = op == WindowOp::Pool ? 1 : 2;
  if (args.inputs.size() != tensors || args.outputs.size() != 1)
    return makeError("expected " + std::to_string(tensors) + " tensor input(s) and one output, got " +
                     std::to_string(args.inputs.size()) + " and " + std::to_string(args.outputs.size()));
  const HostTensor& x = *args.inputs[0];
  const HostTensor& y = args.outputs[0];
  if (x.rank() < 3 || x.rank() > 5 || y.rank() != x.rank())
    return makeError("expected an input with 1 to 3 spatial axes and an output of its rank, got " + x.describe() +
                     " -> " + y.describe());
  if (op != WindowOp::Pool && args.inputs[1]->rank() != x.rank())
    return makeError("the kernel " + args.inputs[1]->describe() + " does not have the rank of the input " + x.describe());
  auto read = ops::readWindowArgs(args.op->op, *args.opArgs, *convention, op, x.rank() - 2);
  if (!read) return read.error();
  if (!*read) return makeError("arguments this kernel does not model (a tensor argument, dimension_numbers, dilated pooling)");
  return **read;
}

/// The window over three axes (leading unused ones of size 1): spatial axis i of the call is
/// axis i + 3 - spatialRank. `sizes` are the kernel's or pool's; for a transposed convolution
/// the window slides over the output, so `in` and `out` swap in the padding arithmetic.
Window3 windowOf(const WindowArgs& w, const SpatialShape& in, const SpatialShape& out,
                 const std::vector<int64_t>& sizes, bool transposed) {
  Window3 window;
  size_t spatial = sizes.size(), offset = 3 - spatial;
  for (size_t a = 0; a < 3; ++a) {
    WindowAxis& axis = window[a];
    axis.in = in.size[a];
    axis.out = out.size[a];
    if (a < offset) continue;
    size_t i = a - offset;
    axis.kernel = sizes[i];
    axis.stride = w.strides[i];
    axis.dilation = w.dilation[i];
    switch (w.padding) {
      case PaddingMode::Valid: break;
      case PaddingMode::Same:
        axis.padBefore = transposed ? samePadBefore(axis.out, axis.in, axis.span(), axis.stride)
                                    : samePadBefore(axis.in, axis.out, axis.span(), axis.stride);
        break;
      case PaddingMode::Causal: axis.padBefore = axis.span() - 1; break;
      case PaddingMode::Explicit: axis.padBefore = w.padBefore(i); break;
    }
  }
  return window;
}

/// The kernel in the layers' layout: keras.ops' and TF's as it is, torch's and jax's
/// (out, in, k...) (torch transposed: (in, out, k...)) moved to (k..., in, out) ((k..., out, in)).
class LayerLayoutKernel {
 public:
  LayerLayoutKernel(const HostTensor& kernel, WindowConvention convention) {
    data_ = kernel.data<float>().data();
    if (convention == WindowConvention::Keras) {
      shape_ = kernel.shape();
      return;
    }
    std::vector<size_t> perm;
    for (size_t d = 2; d < kernel.rank(); ++d) perm.push_back(d);
    perm.push_back(1);
    perm.push_back(0);
    for (size_t d : perm) shape_.push_back(kernel.shape()[d]);
    moved_.resize(static_cast<size_t>(kernel.elementCount()));
    transposeInto(kernel.bytes().data(), kernel.shape(), perm, sizeof(float), reinterpret_cast<uint8_t*>(moved_.data()));
    data_ = moved_.data();
  }
  const float* data() const { return data_; }
  /// (k..., a, b) in the layers' layout.
  const std::vector<int64_t>& shape() const { return shape_; }
  std::vector<int64_t> spatialSizes() const { return {shape_.begin(), shape_.end() - 2}; }
  int64_t dim(size_t fromEnd) const { return shape_[shape_.size() - 1 - fromEnd]; }

 private:
  std::vector<float> moved_;
  std::vector<int64_t> shape_;
  const float* data_;
};

/// torch's bias argument given as a list of numbers (a tensor bias would be a third input,
/// which the catalogue's signature does not take); empty when absent.
Result<std::vector<float>> torchBias(const KernelArgs& args, int64_t filters) {
  const Value* bias = args.opArgs->findDropped("bias");
  if (!bias || bias->isNull()) return std::vector<float>{};
  std::vector<float> values;
  for (const Value& item : bias->isList() ? bias->items() : std::vector<Value>{})
    if (item.isNumber()) values.push_back(static_cast<float>(item.asNumber()));
  if (!bias->isList() || static_cast<int64_t>(values.size()) != filters ||
      values.size() != bias->items().size())
    return makeError("bias " + bias->str() + " must be a list of " + std::to_string(filters) +
                     " numbers, one per output channel");
  return values;
}

std::optional<Error> runConvolution(KernelArgs& args, WindowOp op) {
  if (auto e = requireFloat32(args)) return e;
  Result<WindowArgs> read = readArgs(args, op);
  if (!read) return read.error();
  const WindowArgs& w = *read;
  const HostTensor& x = *args.inputs[0];
  HostTensor& y = args.outputs[0];
  LayerLayoutKernel kernel(*args.inputs[1], w.convention);
  ConvGeometry g;
  g.in = spatialShapeOf(x.shape(), w.channelsFirst);
  g.out = spatialShapeOf(y.shape(), w.channelsFirst);
  g.window = windowOf(w, g.in, g.out, kernel.spatialSizes(), op == WindowOp::ConvTranspose);
  int64_t in = g.in.channels, filters = g.out.channels;
  if (g.in.batch != g.out.batch)
    return makeError("input batch " + std::to_string(g.in.batch) + " differs from output batch " +
                     std::to_string(g.out.batch));
  auto expectKernel = [&](int64_t a, int64_t b) -> std::optional<Error> {
    if (kernel.dim(1) == a && kernel.dim(0) == b) return std::nullopt;
    return makeError("the kernel " + args.inputs[1]->describe() + " does not fit the input " + x.describe() +
                     " and output " + y.describe() + ": expected " + std::to_string(a) + " by " + std::to_string(b) +
                     " channels, got " + std::to_string(kernel.dim(1)) + " by " + std::to_string(kernel.dim(0)));
  };

  ChannelsLastInput xs(x, w.channelsFirst);
  ChannelsLastOutput ys(y, w.channelsFirst);
  switch (op) {
    case WindowOp::Conv: {
      // keras.ops.conv groups by the kernel's in-channels; torch and jax say the count.
      int64_t groups = w.convention == WindowConvention::Keras && kernel.dim(1) > 0 ? in / kernel.dim(1) : w.groups;
      if (groups < 1 || in % groups != 0 || filters % groups != 0)
        return makeError("input channels " + std::to_string(in) + " and filters " + std::to_string(filters) +
                         " must both be divisible by groups " + std::to_string(groups));
      if (auto e = expectKernel(in / groups, filters)) return e;
      convolve(g, groups, xs.data(), kernel.data(), ys.data());
      break;
    }
    case WindowOp::DepthwiseConv: {
      int64_t multiplier = kernel.dim(0);
      if (auto e = expectKernel(in, multiplier)) return e;
      if (filters != in * multiplier)
        return makeError("output channels " + std::to_string(filters) + " are not input channels " + std::to_string(in) +
                         " * the kernel's multiplier " + std::to_string(multiplier));
      convolveDepthwise(g, multiplier, xs.data(), kernel.data(), ys.data());
      break;
    }
    case WindowOp::ConvTranspose:
      if (w.groups != 1)
        return makeError("groups " + std::to_string(w.groups) + " is not supported for transposed convolutions");
      if (auto e = expectKernel(filters, in)) return e;
      convolveTransposed(g, xs.data(), kernel.data(), ys.data());
      break;
    case WindowOp::Pool: return makeError("a pooling op has no kernel");
  }
  if (w.convention == WindowConvention::Torch) {
    Result<std::vector<float>> bias = torchBias(args, filters);
    if (!bias) return bias.error();
    if (!bias->empty()) addBias(ys.data(), g.out.batch * g.out.positions(), filters, bias->data());
  }
  ys.finish();
  return std::nullopt;
}

std::optional<Error> runPool(KernelArgs& args, PoolMode mode) {
  if (auto e = requireFloat32(args)) return e;
  Result<WindowArgs> read = readArgs(args, WindowOp::Pool);
  if (!read) return read.error();
  const WindowArgs& w = *read;
  SpatialShape in = perChannelShapeOf(args.inputs[0]->shape(), w.channelsFirst);
  SpatialShape out = perChannelShapeOf(args.outputs[0].shape(), w.channelsFirst);
  if (in.batch != out.batch || in.channels != out.channels)
    return makeError("the output " + args.outputs[0].describe() + " does not pool the input " +
                     args.inputs[0]->describe());
  Window3 window = windowOf(w, in, out, w.poolSize, /*transposed=*/false);
  size_t offset = 3 - w.poolSize.size();
  std::array<AxisBins, 3> bins;
  for (size_t a = 0; a < 3; ++a) {
    const WindowAxis& axis = window[a];
    // torch's count_include_pad divides by the window's cells inside the padded input.
    int64_t padAfter = a < offset ? 0 : w.padAfter(a - offset);
    for (int64_t o = 0; o < axis.out; ++o) {
      int64_t begin = o * axis.stride - axis.padBefore;
      bins[a].begin.push_back(std::clamp<int64_t>(begin, 0, axis.in));
      bins[a].end.push_back(std::clamp<int64_t>(begin + axis.kernel, 0, axis.in));
      if (w.countIncludePad) bins[a].divisor.push_back(std::min(begin + axis.kernel, axis.in + padAfter) - begin);
    }
  }
  poolBoxes(in, out, bins, mode, inputData(args, 0), outputData(args, 0));
  return std::nullopt;
}

}  // namespace

void registerOpConvolutionKernels(KernelRegistry& registry) {
  // keras.ops' convolutions and pools take no mask (they are not layers).
  for (auto [name, op] : {std::pair{"conv1d", WindowOp::Conv}, std::pair{"conv2d", WindowOp::Conv},
                          std::pair{"conv3d", WindowOp::Conv}, std::pair{"convolution", WindowOp::Conv},
                          std::pair{"depthwise_conv2d", WindowOp::DepthwiseConv},
                          std::pair{"conv2d_transpose", WindowOp::ConvTranspose}})
    registry.addOp(name, {[op = op](KernelArgs& args) { return runConvolution(args, op); }, MaskRule::Drop});
  registry.addOp("max_pool", {[](KernelArgs& args) { return runPool(args, PoolMode::Max); }, MaskRule::Drop});
  registry.addOp("avg_pool", {[](KernelArgs& args) { return runPool(args, PoolMode::Average); }, MaskRule::Drop});
}

}  // namespace graphlint
