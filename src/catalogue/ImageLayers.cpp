#include "catalogue/ImageLayers.h"

namespace graphlint {
namespace {

std::string interval(int64_t lo, int64_t hi, bool lowOpen = false) {
  return (lowOpen ? "(" : "[") + std::to_string(lo) + ", " + std::to_string(hi) + "]";
}

bool isNumberPair(const Value& v) {
  return v.isList() && v.items().size() == 2 && v.items()[0].isNumber() && v.items()[1].isNumber();
}

std::string valueRangeDomain(const Value& v) {
  return isNumberPair(v) ? "" : "must be a list of two numbers [low, high], got " + v.str();
}

}  // namespace

std::vector<AttrSpec> imageBaseAttrs() {
  return {
      oneOf("data_format", {"channels_last", "channels_first"}, Value::null(),
            "channels_last (height, width, channels) or channels_first; null is channels_last"),
      optional("bounding_box_format", AttrType::Any, Value::null(), "format of bounding boxes passed in a dict"),
  };
}

AttrDomain baseFactor(int64_t lo, int64_t hi, bool nullable) {
  return [=](const Value& v) -> std::string {
    if (v.isNull() && nullable) return "";
    if (v.isNumber())
      return v.asNumber() >= lo && v.asNumber() <= hi ? "" : "must be in " + interval(lo, hi) + ", got " + v.str();
    if (!isNumberPair(v)) return "must be a number or a list of two numbers, got " + v.str();
    if (v.items()[0].asNumber() <= hi && v.items()[1].asNumber() >= lo) return "";
    return "must be a range [lower, upper] with lower <= " + std::to_string(hi) +
           " and upper >= " + std::to_string(lo) + ", got " + v.str();
  };
}

AttrDomain eachInInterval(int64_t lo, int64_t hi, bool lowOpen, bool nullable) {
  return [=](const Value& v) -> std::string {
    if (v.isNull() && nullable) return "";
    auto inside = [&](const Value& n) {
      double d = n.asNumber();
      return (lowOpen ? d > lo : d >= lo) && d <= hi;
    };
    bool ok = v.isNumber() ? inside(v) : isNumberPair(v) && inside(v.items()[0]) && inside(v.items()[1]);
    return ok ? ""
              : "must be a number or a list of two numbers, each in " + interval(lo, hi, lowOpen) + ", got " + v.str();
  };
}

AttrSpec valueRangeAttr() {
  return optional("value_range", AttrType::Any, Value::list({Value::integer(0), Value::integer(255)}),
                  "the range [low, high] of the input's values")
      .within(valueRangeDomain);
}

AttrSpec unusedBaseFactorAttr() {
  return optional("factor", AttrType::Any, Value::null(), "a base-class argument the layer does not use")
      .within(baseFactor(-1, 1, /*nullable=*/true));
}

LayerSchema augmentationLayer(std::string className, std::string doc, std::vector<AttrSpec> attrs, ShapeRule shape) {
  LayerSchema s;
  s.className = std::move(className);
  s.family = "augmentation";
  s.doc = std::move(doc);
  s.attrs = std::move(attrs);
  for (AttrSpec& spec : imageBaseAttrs()) s.attrs.push_back(std::move(spec));
  s.shape = std::move(shape);
  return s;
}

std::optional<Error> checkImageRank(const LayerCall& call) {
  std::string what = isChannelsFirst(call)
                         ? "a 3-D (channels, height, width) or 4-D (batch, channels, height, width) input"
                         : "a 3-D (height, width, channels) or 4-D (batch, height, width, channels) input";
  return checkRank(call, 0, 3, 4, what);
}

size_t imageHeightAxis(const LayerCall& call) {
  size_t rank = call.inputs[0].rank();
  return isChannelsFirst(call) ? rank - 2 : rank - 3;
}

size_t imageChannelsAxis(const LayerCall& call) {
  size_t rank = call.inputs[0].rank();
  return isChannelsFirst(call) ? rank - 3 : rank - 1;
}

Result<std::vector<TensorType>> keepsImage(const LayerCall& call) {
  if (auto e = checkImageRank(call)) return *e;
  return single(TensorType{computeDType(call), call.inputs[0].dims});
}

Result<std::vector<TensorType>> resizedImage(const LayerCall& call) {
  if (auto e = checkImageRank(call)) return *e;
  const TensorType& in = call.inputs[0];
  DType dtype = computeDType(call);
  if (!in.hasRank()) return single(TensorType{dtype, std::nullopt});
  Dims dims = *in.dims;
  size_t heightAxis = imageHeightAxis(call);
  dims[heightAxis] = Dim::constant(call.intAttr("height"));
  dims[heightAxis + 1] = Dim::constant(call.intAttr("width"));
  return single(TensorType::of(dtype, std::move(dims)));
}

}  // namespace graphlint
