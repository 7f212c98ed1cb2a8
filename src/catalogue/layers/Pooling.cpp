// Pooling layers: MaxPooling1D/2D/3D, AveragePooling1D/2D/3D, their global and adaptive forms
// (keras/src/layers/pooling/), and the short aliases (MaxPool2D, ...). None has weights.

#include "catalogue/ShapeRules.h"

namespace graphlint {
namespace {

enum class Mode { Max, Average };

std::string modeName(Mode mode) { return mode == Mode::Max ? "Max" : "Average"; }

AttrSpec dataFormatAttr() {
  return oneOf("data_format", {"channels_last", "channels_first"}, Value::null(),
               "where the channel axis is; null means channels_last");
}

Result<std::vector<TensorType>> poolingShape(const LayerCall& call, size_t rank) {
  bool channelsFirst = isChannelsFirst(call);
  if (auto e = checkRank(call, 0, rank + 2, rank + 2, spatialInputDescription(rank, channelsFirst))) return *e;
  auto poolSize = spatialInts(call, call.attr("pool_size"), "pool_size", rank, 1);
  if (!poolSize) return poolSize.error();
  // Keras: strides=None means strides=pool_size.
  const Value& stridesValue = call.attr("strides");
  auto strides = stridesValue.isNull() ? poolSize : spatialInts(call, stridesValue, "strides", rank, 1);
  if (!strides) return strides.error();

  const TensorType& in = call.inputs[0];
  SpatialDims parts = in.hasRank() ? SpatialDims::split(*in.dims, channelsFirst)
                                   : SpatialDims::unknown(rank, channelsFirst);
  std::string padding = call.stringAttr("padding");
  for (size_t i = 0; i < rank; ++i) {
    Result<Dim> size = windowOutputSize(call, WindowKind::Pooling, padding, rank, i, parts.spatial[i],
                                        Window{(*poolSize)[i], (*strides)[i], 1});
    if (!size) return size.error();
    parts.spatial[i] = *size;
  }
  return single(TensorType::of(in.dtype, parts.join()));
}

LayerSchema pooling(Mode mode, size_t rank) {
  LayerSchema s;
  s.className = modeName(mode) + "Pooling" + std::to_string(rank) + "D";
  s.family = "pooling";
  s.doc = "takes the " + std::string(mode == Mode::Max ? "maximum" : "average") +
          " over a sliding window of each channel's " + std::to_string(rank) + "-D spatial axes";
  // MaxPooling defaults to a window of 2 on every axis; AveragePooling has no default.
  Value defaultSize = rank == 1 ? Value::integer(2) : Value::list(std::vector<Value>(rank, Value::integer(2)));
  std::string sizeDoc = "window size: an integer for every axis or one per spatial axis";
  s.attrs = {
      mode == Mode::Max ? optional("pool_size", AttrType::IntOrList, defaultSize, sizeDoc)
                        : required("pool_size", AttrType::IntOrList, sizeDoc),
      // Any, not IntOrList: null (the default) is allowed too.
      optional("strides", AttrType::Any, Value::null(),
               "step of the window: an integer, one per spatial axis, or null for pool_size"),
      oneOf("padding", {"valid", "same"}, Value::string("valid"),
            "valid: no padding; same: output size cdiv(in, stride)"),
      dataFormatAttr(),
  };
  s.shape = [rank](const LayerCall& call) { return poolingShape(call, rank); };
  return s;
}

Result<std::vector<TensorType>> globalPoolingShape(const LayerCall& call, size_t rank) {
  bool channelsFirst = isChannelsFirst(call);
  if (auto e = checkRank(call, 0, rank + 2, rank + 2, spatialInputDescription(rank, channelsFirst))) return *e;
  const TensorType& in = call.inputs[0];
  SpatialDims parts = in.hasRank() ? SpatialDims::split(*in.dims, channelsFirst)
                                   : SpatialDims::unknown(rank, channelsFirst);
  if (!call.boolAttr("keepdims")) return single(TensorType::of(in.dtype, Dims{parts.batch, parts.channels}));
  parts.spatial.assign(rank, Dim::constant(1));
  return single(TensorType::of(in.dtype, parts.join()));
}

LayerSchema globalPooling(Mode mode, size_t rank) {
  LayerSchema s;
  s.className = "Global" + modeName(mode) + "Pooling" + std::to_string(rank) + "D";
  s.family = "pooling";
  s.doc = "takes the " + std::string(mode == Mode::Max ? "maximum" : "average") + " of each channel over all " +
          std::to_string(rank) + " spatial axes";
  s.attrs = {
      dataFormatAttr(),
      optional("keepdims", AttrType::Bool, Value::boolean(false), "keep the spatial axes with size 1"),
  };
  s.shape = [rank](const LayerCall& call) { return globalPoolingShape(call, rank); };
  return s;
}

/// Adaptive pooling: windows chosen so that the spatial axes come out as `output_size`.
Result<std::vector<TensorType>> adaptivePoolingShape(const LayerCall& call, size_t rank) {
  bool channelsFirst = isChannelsFirst(call);
  if (auto e = checkRank(call, 0, rank + 2, rank + 2, spatialInputDescription(rank, channelsFirst))) return *e;
  auto outputSize = spatialInts(call, call.attr("output_size"), "output_size", rank, 1);
  if (!outputSize) return outputSize.error();
  const TensorType& in = call.inputs[0];
  SpatialDims parts = in.hasRank() ? SpatialDims::split(*in.dims, channelsFirst)
                                   : SpatialDims::unknown(rank, channelsFirst);
  for (size_t i = 0; i < rank; ++i) parts.spatial[i] = Dim::constant((*outputSize)[i]);
  // compute_output_shape without compute_output_spec: the compute dtype.
  return single(TensorType::of(computeDType(call), parts.join()));
}

LayerSchema adaptivePooling(Mode mode, size_t rank) {
  LayerSchema s;
  s.className = "Adaptive" + modeName(mode) + "Pooling" + std::to_string(rank) + "D";
  s.family = "pooling";
  s.doc = "takes the " + std::string(mode == Mode::Max ? "maximum" : "average") +
          " over windows that divide the spatial axes into output_size bins";
  s.attrs = {
      required("output_size", AttrType::IntOrList, "the spatial output size: one integer or one per spatial axis"),
      dataFormatAttr(),
  };
  s.shape = [rank](const LayerCall& call) { return adaptivePoolingShape(call, rank); };
  return s;
}

}  // namespace

void registerPoolingLayers(LayerCatalogue& catalogue) {
  for (Mode mode : {Mode::Max, Mode::Average})
    for (size_t rank : {1, 2, 3}) {
      catalogue.add(pooling(mode, rank));
      catalogue.add(globalPooling(mode, rank));
      catalogue.add(adaptivePooling(mode, rank));
    }
  // The short names keras.layers also exports.
  for (std::string rank : {"1D", "2D", "3D"}) {
    catalogue.addAlias("MaxPool" + rank, "MaxPooling" + rank);
    catalogue.addAlias("AvgPool" + rank, "AveragePooling" + rank);
    catalogue.addAlias("GlobalMaxPool" + rank, "GlobalMaxPooling" + rank);
    catalogue.addAlias("GlobalAvgPool" + rank, "GlobalAveragePooling" + rank);
  }
}

}  // namespace graphlint
