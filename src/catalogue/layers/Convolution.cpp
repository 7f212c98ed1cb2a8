// Convolution layers: Conv1D/2D/3D, SeparableConv1D/2D, DepthwiseConv1D/2D and
// Conv1D/2D/3DTranspose (keras/src/layers/convolutional/).

#include "catalogue/ShapeRules.h"
#include "catalogue/WeightRules.h"

#include "llvm/ADT/STLExtras.h"

namespace graphlint {
namespace {

enum class Kind { Conv, Separable, Depthwise, Transpose };

std::string className(Kind kind, size_t rank) {
  std::string r = std::to_string(rank) + "D";
  switch (kind) {
    case Kind::Conv: return "Conv" + r;
    case Kind::Separable: return "SeparableConv" + r;
    case Kind::Depthwise: return "DepthwiseConv" + r;
    case Kind::Transpose: return "Conv" + r + "Transpose";
  }
  return "";
}

/// Keras writes these defaults as `1` for 1-D layers and `(1, 1)` for 2-D ones.
Value perAxisDefault(size_t rank, int64_t value) {
  if (rank == 1) return Value::integer(value);
  return Value::list(std::vector<Value>(rank, Value::integer(value)));
}

std::vector<AttrSpec> weightAttrs(llvm::StringRef weight) {
  std::string w = weight.str();
  return {
      optional(w + "_initializer", AttrType::Any, Value::string(w == "bias" ? "zeros" : "glorot_uniform"),
               "initializer of the " + w),
      optional(w + "_regularizer", AttrType::Any, Value::null(), "regularizer of the " + w),
      optional(w + "_constraint", AttrType::Any, Value::null(), "constraint on the " + w),
  };
}

std::vector<AttrSpec> schemaAttrs(Kind kind, size_t rank) {
  std::vector<AttrSpec> attrs;
  if (kind != Kind::Depthwise)
    attrs.push_back(required("filters", AttrType::Int, "number of output channels"));
  attrs.push_back(required("kernel_size", AttrType::IntOrList,
                           "window size: an integer for every axis or one per spatial axis"));
  attrs.push_back(optional("strides", AttrType::IntOrList, perAxisDefault(rank, 1), "step of the window"));
  std::vector<std::string> paddings = {"valid", "same"};
  if (kind == Kind::Conv && rank == 1) paddings.push_back("causal");
  attrs.push_back(oneOf("padding", paddings, Value::string("valid"),
                        "valid: no padding; same: output size cdiv(in, stride)" +
                            std::string(paddings.size() == 3 ? "; causal: left padding only" : "")));
  if (kind == Kind::Transpose)
    attrs.push_back(optional("output_padding", AttrType::Any, Value::null(),
                             "extra size on one side of each output axis (an integer, a list, or null)"));
  attrs.push_back(oneOf("data_format", {"channels_last", "channels_first"}, Value::null(),
                        "where the channel axis is; null means channels_last"));
  attrs.push_back(optional("dilation_rate", AttrType::IntOrList, perAxisDefault(rank, 1),
                           "spacing of the kernel taps"));
  if (kind == Kind::Conv)
    attrs.push_back(optional("groups", AttrType::Int, Value::integer(1),
                             "number of channel groups convolved separately"));
  if (kind == Kind::Depthwise || kind == Kind::Separable)
    attrs.push_back(optional("depth_multiplier", AttrType::Int, Value::integer(1),
                             "output channels per input channel of the depthwise step"));
  attrs.push_back(optional("activation", AttrType::Activation, Value::null(), "activation applied to the output"));
  attrs.push_back(optional("use_bias", AttrType::Bool, Value::boolean(true), "whether to add a bias vector"));
  std::vector<std::string> weights;
  if (kind == Kind::Conv || kind == Kind::Transpose) weights = {"kernel"};
  if (kind == Kind::Depthwise) weights = {"depthwise"};
  if (kind == Kind::Separable) weights = {"depthwise", "pointwise"};
  weights.push_back("bias");
  for (const std::string& w : weights)
    for (AttrSpec& spec : weightAttrs(w)) attrs.push_back(std::move(spec));
  attrs.push_back(optional("activity_regularizer", AttrType::Any, Value::null(), "regularizer of the output"));
  if (kind == Kind::Conv) {
    attrs.push_back(optional("lora_rank", AttrType::OptionalInt, Value::null(), "rank of a LoRA adapter"));
    attrs.push_back(optional("lora_alpha", AttrType::Any, Value::null(), "LoRA scaling factor"));
  }
  return attrs;
}

/// The validated window attributes of a call.
struct ConvAttrs : ConvWindow {
  /// Transposed convolutions only; empty when null (Keras then infers it).
  llvm::SmallVector<int64_t, 3> outputPadding;
};

std::string tupleStr(llvm::ArrayRef<int64_t> values) {
  std::string out = "(";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + std::to_string(values[i]);
  return out + (values.size() == 1 ? ",)" : ")");
}

Result<ConvAttrs> readConvAttrs(const LayerCall& call, Kind kind, size_t rank) {
  Result<ConvWindow> window = convWindow(call, rank);
  if (!window) return window.error();
  ConvAttrs a;
  static_cast<ConvWindow&>(a) = *window;
  const std::string& name = call.schema.className;
  auto above1 = [](int64_t v) { return v > 1; };
  // Keras' BaseConv and BaseConvTranspose refuse this combination when constructed.
  if ((kind == Kind::Conv || kind == Kind::Transpose) && llvm::any_of(a.strides, above1) &&
      llvm::any_of(a.dilation, above1))
    return makeError(name + " does not support strides > 1 together with dilation_rate > 1: strides " +
                     tupleStr(a.strides) + ", dilation_rate " + tupleStr(a.dilation));
  if (kind == Kind::Transpose && !call.attr("output_padding").isNull()) {
    auto padding = spatialInts(call, call.attr("output_padding"), "output_padding", rank, 0);
    if (!padding) return padding.error();
    a.outputPadding = *padding;
    for (size_t i = 0; i < rank; ++i)
      if (a.outputPadding[i] >= a.strides[i])
        return makeError(name + " output_padding must be less than strides on every axis, got output_padding " +
                         tupleStr(a.outputPadding) + " with strides " + tupleStr(a.strides));
  }
  for (llvm::StringRef count : {"filters", "groups", "depth_multiplier"})
    if (call.schema.findAttr(count) && call.intAttr(count) < 1)
      return makeError(name + " '" + count.str() + "' must be >= 1, got " + std::to_string(call.intAttr(count)));
  if (kind == Kind::Conv && call.intAttr("filters") % call.intAttr("groups") != 0)
    return makeError(name + " filters (" + std::to_string(call.intAttr("filters")) +
                     ") must be divisible by groups (" + std::to_string(call.intAttr("groups")) + ")");
  return a;
}

/// Keras' compute_conv_transpose_output_shape for one axis.
Result<Dim> transposeOutputSize(const LayerCall& call, llvm::StringRef padding, size_t rank, size_t axis,
                                const Dim& in, const ConvAttrs& a) {
  std::optional<int64_t> outputPadding;
  if (!a.outputPadding.empty()) outputPadding = a.outputPadding[axis];
  return transposedWindowOutputSize(call.schema.className, padding, rank, axis, in,
                                    Window{a.kernel[axis], a.strides[axis], a.dilation[axis]}, outputPadding);
}

/// The input's channel dim, or unknown when the input's rank is not the layer's.
Dim inputChannels(const LayerCall& call, size_t rank) {
  const TensorType& in = call.inputs[0];
  if (!in.hasRank() || in.rank() != rank + 2) return Dim::unknown();
  return SpatialDims::split(*in.dims, isChannelsFirst(call)).channels;
}

Result<std::vector<TensorType>> convShape(const LayerCall& call, Kind kind, size_t rank) {
  bool channelsFirst = isChannelsFirst(call);
  if (auto e = checkRank(call, 0, rank + 2, rank + 2, spatialInputDescription(rank, channelsFirst))) return *e;
  Result<ConvAttrs> attrs = readConvAttrs(call, kind, rank);
  if (!attrs) return attrs.error();
  const TensorType& in = call.inputs[0];
  SpatialDims parts = in.hasRank() ? SpatialDims::split(*in.dims, channelsFirst)
                                   : SpatialDims::unknown(rank, channelsFirst);

  if (kind == Kind::Conv) {
    Dim groups = Dim::constant(call.intAttr("groups"));
    if (Dim::relation(Dim::mod(parts.channels, groups), Dim::constant(0)) == DimRelation::Different)
      return makeError(call.schema.className + " input channels (" + parts.channels.str() +
                       ") must be divisible by groups (" + groups.str() + "), got the input " + in.shapeStr());
  }

  std::string padding = call.stringAttr("padding");
  for (size_t i = 0; i < rank; ++i) {
    Result<Dim> size = kind == Kind::Transpose
                           ? transposeOutputSize(call, padding, rank, i, parts.spatial[i], *attrs)
                           : windowOutputSize(call, WindowKind::Convolution, padding, rank, i, parts.spatial[i],
                                              Window{attrs->kernel[i], attrs->strides[i], attrs->dilation[i]});
    if (!size) return size.error();
    parts.spatial[i] = *size;
  }
  parts.channels = kind == Kind::Depthwise ? parts.channels * Dim::constant(call.intAttr("depth_multiplier"))
                                           : Dim::constant(call.intAttr("filters"));
  return single(TensorType::of(computeDType(call), parts.join()));
}

/// The weights Keras builds (BaseConv, BaseDepthwiseConv, BaseSeparableConv and
/// BaseConvTranspose `build`), named as Keras 2 names them: Keras 3 calls the depthwise kernel
/// of DepthwiseConv `kernel`.
std::vector<WeightSpec> convWeights(const LayerCall& call, Kind kind, size_t rank) {
  Result<ConvAttrs> attrs = readConvAttrs(call, kind, rank);
  // With a bad window (the shape rule reports it) the kernel's spatial dims are unknown.
  Dims window = attrs ? constantDims(attrs->kernel) : Dims(rank, Dim::unknown());
  Dim channels = inputChannels(call, rank);
  auto kernel = [&](std::string name, Dims trailing, llvm::StringRef initializer) {
    Dims shape = window;
    shape.append(trailing.begin(), trailing.end());
    return WeightSpec{std::move(name), std::move(shape), true, call.attr(initializer)};
  };
  std::vector<WeightSpec> weights;
  Dim biasSize;
  switch (kind) {
    case Kind::Conv: {
      Dim filters = Dim::constant(call.intAttr("filters"));
      int64_t groups = call.intAttr("groups");
      Dim perGroup = groups == 1 ? channels : Dim::floorDiv(channels, Dim::constant(groups));
      weights.push_back(kernel("kernel", {perGroup, filters}, "kernel_initializer"));
      biasSize = filters;
      break;
    }
    case Kind::Depthwise: {
      Dim multiplier = Dim::constant(call.intAttr("depth_multiplier"));
      weights.push_back(kernel("depthwise_kernel", {channels, multiplier}, "depthwise_initializer"));
      biasSize = channels * multiplier;
      break;
    }
    case Kind::Separable: {
      Dim multiplier = Dim::constant(call.intAttr("depth_multiplier"));
      Dim filters = Dim::constant(call.intAttr("filters"));
      weights.push_back(kernel("depthwise_kernel", {channels, multiplier}, "depthwise_initializer"));
      // The pointwise step is a 1x1 convolution from in*multiplier channels to filters.
      Dims pointwise(rank, Dim::constant(1));
      pointwise.push_back(channels * multiplier);
      pointwise.push_back(filters);
      weights.push_back({"pointwise_kernel", std::move(pointwise), true, call.attr("pointwise_initializer")});
      biasSize = filters;
      break;
    }
    case Kind::Transpose: {
      Dim filters = Dim::constant(call.intAttr("filters"));
      weights.push_back(kernel("kernel", {filters, channels}, "kernel_initializer"));
      biasSize = filters;
      break;
    }
  }
  if (call.boolAttr("use_bias")) weights.push_back({"bias", {biasSize}, true, call.attr("bias_initializer")});
  if (kind == Kind::Conv) addLoraWeights(weights, "kernel", "lora_kernel", call.attr("lora_rank"));
  return weights;
}

/// Multiply-adds count 2: each output element of a convolution sums window * in/groups
/// products; a transposed convolution scatters window * filters products per input element.
Dim convFlops(const LayerCall& call, llvm::ArrayRef<TensorType> outputs, Kind kind, size_t rank) {
  Result<ConvAttrs> attrs = readConvAttrs(call, kind, rank);
  if (!attrs) return Dim::unknown();
  Dim window = Dim::constant(1);
  for (int64_t k : attrs->kernel) window = window * Dim::constant(k);
  Dim channels = inputChannels(call, rank);
  Dim out = totalElements(outputs);
  Dim two = Dim::constant(2);
  Dim bias = call.boolAttr("use_bias") ? out : Dim::constant(0);
  switch (kind) {
    case Kind::Conv: {
      int64_t groups = call.intAttr("groups");
      Dim perGroup = groups == 1 ? channels : Dim::floorDiv(channels, Dim::constant(groups));
      return two * window * perGroup * out + bias;
    }
    case Kind::Depthwise: return two * window * out + bias;
    case Kind::Separable: {
      // The depthwise stage produces in*multiplier channels at each output position.
      Dim filters = Dim::constant(call.intAttr("filters"));
      Dim positions = Dim::floorDiv(out, filters);
      Dim depthwiseOut = positions * channels * Dim::constant(call.intAttr("depth_multiplier"));
      return two * window * depthwiseOut + two * depthwiseOut * filters + bias;
    }
    case Kind::Transpose:
      return two * window * Dim::constant(call.intAttr("filters")) * call.inputs[0].elementCount() + bias;
  }
  return Dim::unknown();
}

std::string convDoc(Kind kind, size_t rank) {
  std::string r = std::to_string(rank) + "-D";
  switch (kind) {
    case Kind::Conv: return r + " convolution: `filters` kernels slid over the spatial axes";
    case Kind::Separable:
      return r + " separable convolution: a depthwise convolution, then a 1x1 convolution to `filters`";
    case Kind::Depthwise:
      return r + " depthwise convolution: each input channel convolved on its own, `depth_multiplier` times";
    case Kind::Transpose:
      return r + " transposed convolution (deconvolution): upsamples the spatial axes by `strides`";
  }
  return "";
}

LayerSchema convolution(Kind kind, size_t rank) {
  LayerSchema s;
  s.className = className(kind, rank);
  s.family = "conv";
  s.doc = convDoc(kind, rank);
  s.attrs = schemaAttrs(kind, rank);
  s.shape = [kind, rank](const LayerCall& call) { return convShape(call, kind, rank); };
  s.weights = [kind, rank](const LayerCall& call) { return convWeights(call, kind, rank); };
  s.flops = [kind, rank](const LayerCall& call, llvm::ArrayRef<TensorType> outputs) {
    return convFlops(call, outputs, kind, rank);
  };
  return s;
}

}  // namespace

void registerConvolutionLayers(LayerCatalogue& catalogue) {
  for (size_t rank : {1, 2, 3}) catalogue.add(convolution(Kind::Conv, rank));
  for (size_t rank : {1, 2}) catalogue.add(convolution(Kind::Separable, rank));
  for (size_t rank : {1, 2}) catalogue.add(convolution(Kind::Depthwise, rank));
  for (size_t rank : {1, 2, 3}) catalogue.add(convolution(Kind::Transpose, rank));
  // The long names keras.layers also exports.
  for (std::string rank : {"1D", "2D", "3D"}) {
    catalogue.addAlias("Convolution" + rank, "Conv" + rank);
    catalogue.addAlias("Convolution" + rank + "Transpose", "Conv" + rank + "Transpose");
  }
  for (std::string rank : {"1D", "2D"}) catalogue.addAlias("SeparableConvolution" + rank, "SeparableConv" + rank);
}

}  // namespace graphlint
