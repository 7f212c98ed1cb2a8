// Shape families of the sliding-window ops: conv, depthwise_conv, conv_transpose and pool in
// keras.ops' and TensorFlow's conventions, and their torch (torch_conv, torch_conv_transpose,
// torch_pool) and jax.lax (lax_conv) spellings. The arguments are read by WindowArgs.h; the
// window arithmetic is the layers' (catalogue/ShapeRules.h).

#include "catalogue/ShapeRules.h"
#include "catalogue/WeightRules.h"
#include "catalogue/ops/OpFamilies.h"
#include "catalogue/ops/WindowArgs.h"

namespace graphlint::ops {
namespace {

/// One keras.ops.conv serves the conv1d to conv3d entries: messages name the keras function.
std::string whoOf(const OpCall& call, WindowOp op) {
  switch (op) {
    case WindowOp::Conv: return "conv";
    case WindowOp::DepthwiseConv: return "depthwise_conv";
    case WindowOp::ConvTranspose: return "conv_transpose";
    case WindowOp::Pool: return call.entry.op;
  }
  return call.entry.op;
}

std::string layoutOf(bool channelsFirst) {
  return channelsFirst ? "(batch, channels, spatial...)" : "(batch, spatial..., channels)";
}

/// The kernel's (or torch weight's) axes: where its spatial dims start, and which dims hold
/// the input and output channels.
struct KernelAxes {
  size_t firstSpatial, in, out;
};

KernelAxes kernelAxesOf(WindowConvention convention, WindowOp op, size_t rank) {
  if (convention == WindowConvention::Keras)  // (spatial..., in, out); transposed (spatial..., out, in)
    return op == WindowOp::ConvTranspose ? KernelAxes{0, rank - 1, rank - 2} : KernelAxes{0, rank - 2, rank - 1};
  // torch and lax: (out, in, spatial...); torch's transposed weight is (in, out, spatial...)
  return op == WindowOp::ConvTranspose ? KernelAxes{2, 0, 1} : KernelAxes{2, 1, 0};
}

/// Output length of spatial axis `i` of a convolution or pooling window (not transposed).
Result<Dim> forwardSize(const std::string& who, const WindowArgs& w, WindowKind kind, size_t spatial, size_t i,
                        const Dim& in, const Dim& windowSize) {
  Dim padded = in + Dim::constant(w.padBefore(i) + w.padAfter(i));
  std::optional<int64_t> size = windowSize.constantValue();
  if (!size) {  // a computed kernel of unknown size: only the arithmetic, nothing provable
    if (w.padding == PaddingMode::Same || w.padding == PaddingMode::Causal)
      return Dim::ceilDiv(in, Dim::constant(w.strides[i]));
    Dim one = Dim::constant(1);
    return Dim::floorDiv(padded - Dim::constant(w.dilation[i]) * (windowSize - one) - one,
                         Dim::constant(w.strides[i])) + one;
  }
  Window window{*size, w.strides[i], w.dilation[i]};
  if (w.ceilMode) {  // torch: the last window may hang over the end, but must start inside
    std::optional<int64_t> n = padded.constantValue();
    if (!n) return Dim::unknown();
    int64_t span = w.dilation[i] * (*size - 1) + 1;
    int64_t out = (*n - span + w.strides[i] - 1) / w.strides[i] + 1;
    if ((out - 1) * w.strides[i] >= *n - w.padAfter(i)) --out;
    if (out < 1)
      return makeError(who + ": output size is not positive: the window " + std::to_string(span) +
                       " is larger than the padded input " + std::to_string(*n));
    return Dim::constant(out);
  }
  return windowOutputSize(who + ":", kind, w.paddingName(), spatial, i, padded, window);
}

/// Output length of spatial axis `i` of a transposed convolution.
Result<Dim> transposedSize(const std::string& who, const WindowArgs& w, size_t spatial, size_t i, const Dim& in,
                           const Dim& windowSize) {
  std::optional<int64_t> size = windowSize.constantValue();
  if (!size) return Dim::unknown();
  Window window{*size, w.strides[i], w.dilation[i]};
  std::optional<int64_t> outputPadding;
  if (!w.outputPadding.empty()) outputPadding = w.outputPadding[i];
  if (w.convention != WindowConvention::Torch)
    return transposedWindowOutputSize(who + ":", w.paddingName(), spatial, i, in, window, outputPadding);
  // torch: (in - 1)*stride - 2*padding + dilation*(kernel - 1) + output_padding + 1
  int64_t span = w.dilation[i] * (*size - 1) + 1;
  Dim out = (in - Dim::constant(1)) * Dim::constant(w.strides[i]) +
            Dim::constant(span - w.padBefore(i) - w.padAfter(i) + outputPadding.value_or(0));
  if (isProvablyNonPositive(out))
    return makeError(who + ": output size is not positive: " + spatialAxisName(spatial, i) +
                     " = (in - 1)*stride - 2*padding + dilation*(kernel-1) + output_padding + 1 = (" + in.str() +
                     " - 1)*" + std::to_string(w.strides[i]) + " - " + std::to_string(w.padBefore(i) + w.padAfter(i)) +
                     " + " + std::to_string(span - 1) + " + " + std::to_string(outputPadding.value_or(0)) + " + 1 = " +
                     out.str());
  return out;
}

/// Checks the input's channels against the kernel's (torch and jax: times groups; keras.ops.conv
/// groups the channels when the kernel takes a divisor of them, as the Conv layers with groups
/// call it) and gives the output's channels.
Result<Dim> outputChannels(const OpCall& call, const std::string& who, WindowConvention convention, WindowOp op,
                           const WindowArgs& w, const Dim& channels, const KernelAxes& axes) {
  const TensorType& kernel = call.tensors[1];
  const Dims& k = *kernel.dims;
  std::string name = convention == WindowConvention::Keras ? "kernel" : "weight";
  const Dim& kernelIn = k[axes.in];
  Dim groups = Dim::constant(w.groups);
  Dim expected = convention != WindowConvention::Keras && op == WindowOp::Conv ? kernelIn * groups : kernelIn;
  std::optional<int64_t> c = channels.constantValue(), ki = kernelIn.constantValue();
  if (convention == WindowConvention::Keras && op == WindowOp::Conv && c && ki && *ki > 0 && *c % *ki == 0) {
    groups = Dim::constant(*c / *ki);
    expected = channels;
  }
  if (!mayBeEqual(channels, expected, call.log, "the input channels of " + call.entry.op + " and its " + name)) {
    std::string perGroup = expected.str() == kernelIn.str()
                               ? ""
                               : " (" + kernelIn.str() + " per group * groups " + std::to_string(w.groups) + ")";
    return makeError(who + ": the input " + call.tensors[0].shapeStr() + " has " + channels.str() +
                     " channels, but the " + name + " " + kernel.shapeStr() + " expects " + expected.str() + perGroup);
  }
  Dim out = k[axes.out];
  if (op == WindowOp::DepthwiseConv) out = kernelIn * k[k.size() - 1];
  if (op == WindowOp::ConvTranspose && convention == WindowConvention::Torch) {
    if (Dim::relation(Dim::mod(channels, groups), Dim::constant(0)) == DimRelation::Different)
      return makeError(who + ": the input " + call.tensors[0].shapeStr() + " has " + channels.str() +
                       " channels, which do not divide into " + groups.str() + " groups");
    out = out * groups;
  }
  if (op == WindowOp::Conv && Dim::relation(Dim::mod(out, groups), Dim::constant(0)) == DimRelation::Different)
    return makeError(who + ": the " + name + " " + kernel.shapeStr() + " has " + out.str() +
                     " output channels, which do not divide into " + groups.str() + " groups");
  return out;
}

/// TensorFlow's conv_transpose takes the output's shape instead of inferring it: a list of
/// ints gives it; the forward convolution of that shape must give the input's.
Result<std::optional<Dims>> tfOutputShape(const OpCall& call, const std::string& who, const WindowArgs& w,
                                          const SpatialDims& in, const Dims& kernelSpatial, size_t rank) {
  const Value* given = call.args.findDropped("output_shape");
  if (!given) return std::optional<Dims>();
  std::optional<std::vector<int64_t>> shape = intList(given);
  if (!shape) return std::optional<Dims>();
  if (shape->size() != rank)
    return makeError(who + ": output_shape " + given->str() + " must have " + std::to_string(rank) +
                     " entries, the rank of the input " + call.tensors[0].shapeStr());
  SpatialDims out = SpatialDims::split(constantDims(*shape), w.channelsFirst);
  for (size_t i = 0; i < rank - 2; ++i) {
    Result<Dim> back = forwardSize(who, w, WindowKind::Convolution, rank - 2, i, out.spatial[i], kernelSpatial[i]);
    if (!back) return back.error();
    if (Dim::relation(*back, in.spatial[i]) == DimRelation::Different)
      return makeError(who + ": output_shape " + given->str() + " does not fit the input " + call.tensors[0].shapeStr() +
                       ": its " + spatialAxisName(rank - 2, i) + " " + out.spatial[i].str() + " convolve back to " +
                       back->str() + ", not " + in.spatial[i].str());
  }
  return std::optional<Dims>(out.join());
}

Outputs windowOp(const OpCall& call, WindowConvention convention, WindowOp op) {
  std::string who = whoOf(call, op);
  Result<bool> channelsFirst = readChannelsFirst(who, call.args, convention);
  if (!channelsFirst) return channelsFirst.error();
  bool pooling = op == WindowOp::Pool;
  const TensorType& input = call.tensors[0];
  if (!input.hasRank() || (!pooling && !call.tensors[1].hasRank())) return call.unknownOutput();
  size_t rank = input.rank();
  if (rank < 3)
    return makeError(who + ": needs an input of rank 3 or more " + layoutOf(*channelsFirst) + ", got " +
                     input.shapeStr());
  size_t spatial = rank - 2;
  auto read = readWindowArgs(who, call.args, convention, op, spatial);
  if (!read) return read.error();
  if (!*read) return call.unknownOutput();
  const WindowArgs& w = **read;
  SpatialDims parts = SpatialDims::split(*input.dims, w.channelsFirst);

  Dims windowSizes;
  if (pooling) {
    windowSizes = constantDims(w.poolSize);
  } else {
    const TensorType& kernel = call.tensors[1];
    const Dims& k = *kernel.dims;
    std::string name = convention == WindowConvention::Keras ? "kernel" : "weight";
    if (kernel.rank() != rank)
      return makeError(who + ": the " + name + " " + kernel.shapeStr() + " must have the rank of the input " +
                       input.shapeStr() + " (" +
                       (convention == WindowConvention::Keras ? "spatial..., in_channels, out_channels"
                                                              : "out_channels, in_channels, spatial...") +
                       "), got " + std::to_string(kernel.rank()) + " != " + std::to_string(rank));
    KernelAxes axes = kernelAxesOf(convention, op, rank);
    windowSizes.assign(k.begin() + static_cast<std::ptrdiff_t>(axes.firstSpatial),
                       k.begin() + static_cast<std::ptrdiff_t>(axes.firstSpatial + spatial));
    Result<Dim> outChannels = outputChannels(call, who, convention, op, w, parts.channels, axes);
    if (!outChannels) return outChannels.error();
    if (op == WindowOp::ConvTranspose && convention == WindowConvention::Keras) {
      if (const Value* given = call.args.findDropped("output_shape"); given && !intList(given))
        return call.unknownOutput();  // a computed output_shape
      auto tfShape = tfOutputShape(call, who, w, parts, windowSizes, rank);
      if (!tfShape) return tfShape.error();
      if (*tfShape) {
        SpatialDims out = SpatialDims::split(**tfShape, w.channelsFirst);
        if (!mayBeEqual(out.channels, *outChannels, call.log, "the output channels of " + call.entry.op))
          return makeError(who + ": output_shape " + call.args.findDropped("output_shape")->str() + " has " +
                           out.channels.str() + " channels, but the kernel " + kernel.shapeStr() + " gives " +
                           outChannels->str());
        out.batch = parts.batch;
        return OpCall::one(TensorType::of(call.dtype, out.join()));
      }
    }
    parts.channels = *outChannels;
  }

  for (size_t i = 0; i < spatial; ++i) {
    Result<Dim> size = op == WindowOp::ConvTranspose
                           ? transposedSize(who, w, spatial, i, parts.spatial[i], windowSizes[i])
                           : forwardSize(who, w, pooling ? WindowKind::Pooling : WindowKind::Convolution, spatial, i,
                                         parts.spatial[i], windowSizes[i]);
    if (!size) return size.error();
    parts.spatial[i] = *size;
  }
  return OpCall::one(TensorType::of(call.dtype, parts.join()));
}

}  // namespace

Outputs conv(const OpCall& call) { return windowOp(call, WindowConvention::Keras, WindowOp::Conv); }
Outputs torchConv(const OpCall& call) { return windowOp(call, WindowConvention::Torch, WindowOp::Conv); }
Outputs laxConv(const OpCall& call) { return windowOp(call, WindowConvention::Lax, WindowOp::Conv); }
Outputs depthwiseConv(const OpCall& call) { return windowOp(call, WindowConvention::Keras, WindowOp::DepthwiseConv); }
Outputs convTranspose(const OpCall& call) { return windowOp(call, WindowConvention::Keras, WindowOp::ConvTranspose); }
Outputs torchConvTranspose(const OpCall& call) {
  return windowOp(call, WindowConvention::Torch, WindowOp::ConvTranspose);
}
Outputs pool(const OpCall& call) { return windowOp(call, WindowConvention::Keras, WindowOp::Pool); }
Outputs torchPool(const OpCall& call) { return windowOp(call, WindowConvention::Torch, WindowOp::Pool); }

}  // namespace graphlint::ops
