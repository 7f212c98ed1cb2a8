// Spatial resizing layers: ZeroPadding1D/2D/3D, Cropping1D/2D/3D, UpSampling1D/2D/3D
// (keras/src/layers/reshaping/). None has weights; each computes in the layer's dtype and
// changes only the spatial axes of a (batch, spatial..., channels) input.

#include "catalogue/ShapeRules.h"

#include "llvm/ADT/STLExtras.h"

namespace graphlint {
namespace {

AttrSpec dataFormatAttr() {
  return oneOf("data_format", {"channels_last", "channels_first"}, Value::null(),
               "where the channel axis is; null means channels_last");
}

bool hasChannelsFirst(const LayerCall& call) {
  return call.schema.findAttr("data_format") && isChannelsFirst(call);
}

/// The layer's input split by data format; all unknown when the input's rank is unknown.
SpatialDims splitInput(const LayerCall& call, size_t spatialRank) {
  const TensorType& in = call.inputs[0];
  bool channelsFirst = hasChannelsFirst(call);
  return in.hasRank() ? SpatialDims::split(*in.dims, channelsFirst) : SpatialDims::unknown(spatialRank, channelsFirst);
}

std::optional<Error> checkSpatialRank(const LayerCall& call, size_t spatialRank) {
  return checkRank(call, 0, spatialRank + 2, spatialRank + 2,
                   spatialInputDescription(spatialRank, hasChannelsFirst(call)));
}

// ZeroPadding and Cropping: an amount before and after each spatial axis.

using Amounts = llvm::SmallVector<std::pair<int64_t, int64_t>, 3>;

/// `(before, after)` from an integer (both) or a list of two integers.
std::optional<std::pair<int64_t, int64_t>> readPair(const Value& v) {
  if (v.isInt()) return std::make_pair(v.asInt(), v.asInt());
  if (v.isList() && v.items().size() == 2 && v.items()[0].isInt() && v.items()[1].isInt())
    return std::make_pair(v.items()[0].asInt(), v.items()[1].asInt());
  return std::nullopt;
}

/// `padding` or `cropping` as Keras reads it: one integer for every side of every axis;
/// for 1-D layers a list [before, after]; for 2-D and 3-D layers a list with one entry per
/// spatial axis, each an integer (both sides) or a list [before, after]. Keras rejects
/// negative amounts. Returns what is wrong, or an empty string.
std::string readAmounts(const Value& v, size_t spatialRank, Amounts& out) {
  out.clear();
  if (v.isInt()) {
    out.assign(spatialRank, {v.asInt(), v.asInt()});
  } else if (spatialRank == 1) {
    std::optional<std::pair<int64_t, int64_t>> pair = v.isList() ? readPair(v) : std::nullopt;
    if (!pair) return "must be an integer or a list of 2 integers [before, after], got " + v.str();
    out.push_back(*pair);
  } else {
    std::string form = "must be an integer or a list of " + std::to_string(spatialRank) +
                       " entries, each an integer or a list [before, after], got " + v.str();
    if (!v.isList() || v.items().size() != spatialRank) return form;
    for (const Value& item : v.items()) {
      std::optional<std::pair<int64_t, int64_t>> pair = readPair(item);
      if (!pair) return form;
      out.push_back(*pair);
    }
  }
  if (llvm::any_of(out, [](const auto& p) { return p.first < 0 || p.second < 0; }))
    return "must be >= 0, got " + v.str();
  return "";
}

std::function<std::string(const Value&)> amountsDomain(size_t spatialRank) {
  return [spatialRank](const Value& v) {
    Amounts amounts;
    return readAmounts(v, spatialRank, amounts);
  };
}

enum class Edit { Pad, Crop };

Result<std::vector<TensorType>> padOrCropShape(const LayerCall& call, Edit edit, size_t spatialRank) {
  if (auto e = checkSpatialRank(call, spatialRank)) return *e;
  llvm::StringRef name = edit == Edit::Pad ? "padding" : "cropping";
  Amounts amounts;
  if (std::string problem = readAmounts(call.attr(name), spatialRank, amounts); !problem.empty())
    return makeError(call.schema.className + " '" + name.str() + "' " + problem);
  SpatialDims parts = splitInput(call, spatialRank);
  for (size_t i = 0; i < spatialRank; ++i) {
    Dim before = Dim::constant(amounts[i].first), after = Dim::constant(amounts[i].second);
    Dim& size = parts.spatial[i];
    if (edit == Edit::Pad) {
      size = size + before + after;
      continue;
    }
    Dim cropped = size - before - after;
    // Keras: "Values in `cropping` argument should be smaller than the corresponding
    // spatial dimension of the input".
    if (isProvablyNonPositive(cropped))
      return makeError(call.schema.className + " cannot crop " + before.str() + " + " + after.str() + " " +
                       spatialAxisName(spatialRank, i) + " from " + size.str() + " of the input " +
                       call.inputs[0].shapeStr());
    size = cropped;
  }
  return single(TensorType::of(computeDType(call), parts.join()));
}

Value pairs(size_t spatialRank, int64_t amount) {
  return Value::list(std::vector<Value>(
      spatialRank, Value::list({Value::integer(amount), Value::integer(amount)})));
}

LayerSchema zeroPadding(size_t spatialRank) {
  LayerSchema s;
  s.className = "ZeroPadding" + std::to_string(spatialRank) + "D";
  s.family = "spatial";
  s.doc = "adds rows of zeros before and after each spatial axis";
  // Keras' defaults: 1, (1, 1) and ((1, 1), (1, 1), (1, 1)), one on each side either way.
  Value byDefault = spatialRank == 1   ? Value::integer(1)
                    : spatialRank == 2 ? Value::list({Value::integer(1), Value::integer(1)})
                                       : pairs(spatialRank, 1);
  s.attrs = {
      optional("padding", AttrType::Any, byDefault,
               "zeros per side: an integer, or per axis an integer or [before, after]")
          .within(amountsDomain(spatialRank)),
      dataFormatAttr(),
  };
  s.shape = [spatialRank](const LayerCall& call) { return padOrCropShape(call, Edit::Pad, spatialRank); };
  return s;
}

LayerSchema cropping(size_t spatialRank) {
  LayerSchema s;
  s.className = "Cropping" + std::to_string(spatialRank) + "D";
  s.family = "spatial";
  s.doc = "removes entries before and after each spatial axis";
  // Keras' defaults: (1, 1), ((0, 0), (0, 0)) and ((1, 1), (1, 1), (1, 1)).
  Value byDefault = spatialRank == 1   ? Value::list({Value::integer(1), Value::integer(1)})
                    : spatialRank == 2 ? pairs(spatialRank, 0)
                                       : pairs(spatialRank, 1);
  s.attrs = {optional("cropping", AttrType::Any, byDefault,
                      "entries to remove per side: an integer, or per axis an integer or [before, after]")
                 .within(amountsDomain(spatialRank))};
  // Keras' Cropping1D has no data_format: its axis 1 is always the one cropped.
  if (spatialRank > 1) s.attrs.push_back(dataFormatAttr());
  s.shape = [spatialRank](const LayerCall& call) { return padOrCropShape(call, Edit::Crop, spatialRank); };
  return s;
}

Result<std::vector<TensorType>> upSamplingShape(const LayerCall& call, size_t spatialRank) {
  if (auto e = checkSpatialRank(call, spatialRank)) return *e;
  auto size = spatialInts(call, call.attr("size"), "size", spatialRank, 1);
  if (!size) return size.error();
  SpatialDims parts = splitInput(call, spatialRank);
  for (size_t i = 0; i < spatialRank; ++i) parts.spatial[i] = Dim::constant((*size)[i]) * parts.spatial[i];
  return single(TensorType::of(computeDType(call), parts.join()));
}

LayerSchema upSampling(size_t spatialRank) {
  LayerSchema s;
  s.className = "UpSampling" + std::to_string(spatialRank) + "D";
  s.family = "spatial";
  s.doc = "repeats each entry of the spatial axes `size` times";
  Value byDefault = spatialRank == 1 ? Value::integer(2)
                                     : Value::list(std::vector<Value>(spatialRank, Value::integer(2)));
  // UpSampling1D takes one integer; the others an integer or one per spatial axis.
  s.attrs = {optional("size", spatialRank == 1 ? AttrType::Int : AttrType::IntOrList, byDefault,
                      "upsampling factor of each spatial axis")
                 .within(atLeast(1))};
  if (spatialRank > 1) s.attrs.push_back(dataFormatAttr());
  if (spatialRank == 2)
    s.attrs.push_back(oneOf("interpolation", {"area", "bicubic", "bilinear", "lanczos3", "lanczos5", "nearest"},
                            Value::string("nearest"), "how new entries are computed; nearest repeats them"));
  s.shape = [spatialRank](const LayerCall& call) { return upSamplingShape(call, spatialRank); };
  return s;
}

}  // namespace

void registerSpatialLayers(LayerCatalogue& catalogue) {
  for (size_t rank : {1, 2, 3}) {
    catalogue.add(zeroPadding(rank));
    catalogue.add(cropping(rank));
    catalogue.add(upSampling(rank));
  }
}

}  // namespace graphlint
