// Preprocessing layers that can sit inside a model: CategoryEncoding, Rescaling, Resizing,
// CenterCrop, Normalization, and Masking (keras/src/layers/preprocessing/, core/masking.py).

#include "catalogue/ImageLayers.h"

namespace graphlint {
namespace {

/// Layers whose output has the input's shape, in the compute dtype (Keras' static spec for a
/// layer with its own compute_output_shape).
Result<std::vector<TensorType>> sameShape(const LayerCall& call) {
  return single(TensorType{computeDType(call), call.inputs[0].dims});
}

LayerSchema categoryEncoding() {
  LayerSchema s;
  s.className = "CategoryEncoding";
  s.family = "preprocessing";
  s.doc = "encodes integer category ids in [0, num_tokens) as one-hot, multi-hot or count vectors";
  s.attrs = {
      required("num_tokens", AttrType::Int, "number of categories: largest id + 1").within(atLeast(1)),
      oneOf("output_mode", {"multi_hot", "one_hot", "count", "binary"}, Value::string("multi_hot"),
            "one_hot: one vector per id; multi_hot (binary): one per sample; count: counts per sample"),
      optional("sparse", AttrType::Bool, Value::boolean(false), "whether the output is a sparse tensor"),
  };
  // compute_output_shape: a scalar gives (num_tokens,); one_hot appends num_tokens unless the
  // last dim is 1 on an input of rank >= 2, which it replaces (as multi_hot and count always do).
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    const TensorType& in = call.inputs[0];
    DType dtype = computeDType(call);
    if (!in.hasRank()) return single(TensorType{dtype, std::nullopt});
    Dim tokens = Dim::constant(call.intAttr("num_tokens"));
    Dims dims = *in.dims;
    if (dims.empty()) return single(TensorType::of(dtype, {tokens}));
    bool oneHot = call.stringAttr("output_mode") == "one_hot";
    // Keras decides on the static shape, where a symbolic dim is None, so only a literal 1 counts.
    bool lastIsOne = dims.back().constantValue() == 1;
    if (oneHot && (!lastIsOne || dims.size() == 1))
      dims.push_back(tokens);
    else
      dims.back() = tokens;
    return single(TensorType::of(dtype, std::move(dims)));
  };
  return s;
}

LayerSchema rescaling() {
  LayerSchema s;
  s.className = "Rescaling";
  s.family = "preprocessing";
  s.doc = "computes inputs * scale + offset";
  s.attrs = {
      required("scale", AttrType::Any, "the scale (a number or a per-channel list)"),
      optional("offset", AttrType::Any, Value::number(0.0), "the offset (a number or a per-channel list)"),
  };
  s.shape = sameShape;
  return s;
}

/// height and width, and the base image layer's data_format and bounding_box_format.
std::vector<AttrSpec> imageSizeAttrs() {
  std::vector<AttrSpec> attrs = {
      required("height", AttrType::Int, "output height").within(atLeast(1)),
      required("width", AttrType::Int, "output width").within(atLeast(1)),
  };
  for (AttrSpec& spec : imageBaseAttrs()) attrs.push_back(std::move(spec));
  return attrs;
}

LayerSchema resizing() {
  LayerSchema s;
  s.className = "Resizing";
  s.family = "preprocessing";
  s.doc = "resizes images to (height, width)";
  s.attrs = imageSizeAttrs();
  std::vector<AttrSpec> more = {
      oneOf("interpolation", {"bilinear", "nearest", "bicubic", "lanczos3", "lanczos5", "area"},
            Value::string("bilinear"), "interpolation method ('area' is TensorFlow only)"),
      optional("crop_to_aspect_ratio", AttrType::Bool, Value::boolean(false),
               "crop to the target aspect ratio before resizing"),
      optional("pad_to_aspect_ratio", AttrType::Bool, Value::boolean(false),
               "pad to the target aspect ratio before resizing"),
      oneOf("fill_mode", {"constant"}, Value::string("constant"), "how pad_to_aspect_ratio fills the padding"),
      optional("fill_value", AttrType::Float, Value::number(0.0), "value of the padding"),
      optional("antialias", AttrType::Bool, Value::boolean(false), "antialias when downsampling"),
  };
  s.attrs.insert(s.attrs.end(), more.begin(), more.end());
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    if (call.boolAttr("crop_to_aspect_ratio") && call.boolAttr("pad_to_aspect_ratio"))
      return makeError("Resizing takes only one of crop_to_aspect_ratio and pad_to_aspect_ratio, got both true");
    return resizedImage(call);
  };
  return s;
}

LayerSchema centerCrop() {
  LayerSchema s;
  s.className = "CenterCrop";
  s.family = "preprocessing";
  s.doc = "crops the center (height, width) of images; a smaller image is resized to it instead";
  s.attrs = imageSizeAttrs();
  s.shape = resizedImage;
  return s;
}

/// Normalization's `axis`: an integer, a list of integers, or null (normalize every dim).
std::string normalizationAxisDomain(const Value& v) {
  bool ok = v.isNull() || v.isInt() ||
            (v.isList() && llvm::all_of(v.items(), [](const Value& item) { return item.isInt(); }));
  return ok ? "" : "must be an integer, a list of integers or null, got " + v.str();
}

/// np.shape of a number or a nested list of numbers; nullopt for anything else (a serialized
/// tensor) or a ragged list.
std::optional<std::vector<int64_t>> arrayShape(const Value& v) {
  if (v.isNumber()) return std::vector<int64_t>{};
  if (!v.isList()) return std::nullopt;
  std::vector<int64_t> shape = {static_cast<int64_t>(v.items().size())};
  if (v.items().empty()) return shape;
  std::optional<std::vector<int64_t>> inner = arrayShape(v.items().front());
  if (!inner) return std::nullopt;
  for (const Value& item : v.items())
    if (arrayShape(item) != inner) return std::nullopt;
  shape.insert(shape.end(), inner->begin(), inner->end());
  return shape;
}

std::string tupleText(const std::vector<int64_t>& shape) {
  Dims dims;
  for (int64_t d : shape) dims.push_back(Dim::constant(d));
  return formatShape(dims);
}

/// The kept axes, sorted as build() sorts them; the rank must be known.
Result<llvm::SmallVector<size_t, 4>> keptAxes(const LayerCall& call) {
  Result<llvm::SmallVector<size_t, 4>> axes = resolveAxes(call, 0, call.attr("axis"));
  if (axes) llvm::sort(*axes);
  return axes;
}

/// Normalization's checks of mean and variance (__init__), and of mean against the kept dims
/// of the input (build broadcasts mean, reshaped onto the last kept axes, to those dims).
std::optional<Error> checkMeanAndVariance(const LayerCall& call) {
  const Value& mean = call.attr("mean");
  const Value& variance = call.attr("variance");
  if (mean.isNull() != variance.isNull())
    return makeError("Normalization needs both mean and variance or neither, got mean " + mean.str() +
                     " and variance " + variance.str());
  if (mean.isNull()) return std::nullopt;
  std::optional<std::vector<int64_t>> meanShape = arrayShape(mean), varianceShape = arrayShape(variance);
  if (!meanShape || !varianceShape) return std::nullopt;
  if (*meanShape != *varianceShape)
    return makeError("Normalization mean and variance must have the same shape, got " + tupleText(*meanShape) +
                     " and " + tupleText(*varianceShape));
  const Value& axis = call.attr("axis");
  size_t axisCount = axis.isList() ? axis.items().size() : axis.isInt() ? 1 : 0;
  if (meanShape->size() > axisCount)
    return makeError("Normalization mean of shape " + tupleText(*meanShape) + " has more dims than axis " +
                     axis.str() + " keeps (" + std::to_string(axisCount) + ")");
  const TensorType& in = call.inputs[0];
  if (!in.hasRank()) return std::nullopt;
  Result<llvm::SmallVector<size_t, 4>> kept = keptAxes(call);
  if (!kept) return kept.error();
  for (size_t i = 1; i <= meanShape->size() && i <= kept->size(); ++i) {
    int64_t size = (*meanShape)[meanShape->size() - i];
    size_t axisIndex = (*kept)[kept->size() - i];
    const Dim& dim = (*in.dims)[axisIndex];
    if (size == 1) continue;
    if (!mayBeEqual(Dim::constant(size), dim, call.assumptions,
                    "dim " + std::to_string(axisIndex) + " of the input of Normalization and its mean"))
      return makeError("Normalization mean of shape " + tupleText(*meanShape) + " does not fit the input " +
                       in.shapeStr() + ": dim " + std::to_string(axisIndex) + " is " + dim.str() + ", the mean has " +
                       std::to_string(size));
  }
  return std::nullopt;
}

LayerSchema normalization() {
  LayerSchema s;
  s.className = "Normalization";
  s.family = "preprocessing";
  s.doc = "computes (inputs - mean) / sqrt(variance) per index of the kept axes; invert undoes it";
  s.attrs = {
      optional("axis", AttrType::Any, Value::integer(-1),
               "the axis or axes with separate statistics; null: one mean and variance for all")
          .within(normalizationAxisDomain),
      optional("mean", AttrType::Any, Value::null(), "the mean; null: a weight set by adapt()"),
      optional("variance", AttrType::Any, Value::null(), "the variance; null: a weight set by adapt()"),
      optional("invert", AttrType::Bool, Value::boolean(false), "undo the normalization instead"),
  };
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    if (call.inputs[0].hasRank())
      if (Result<llvm::SmallVector<size_t, 4>> kept = keptAxes(call); !kept) return kept.error();
    if (auto e = checkMeanAndVariance(call)) return *e;
    return sameShape(call);
  };
  // build() without a given mean: non-trainable mean (zeros) and variance (ones) shaped like
  // the kept dims, and a scalar count (an integer, zeros). With a given mean: no weights.
  s.weights = [](const LayerCall& call) {
    if (!call.attr("mean").isNull()) return std::vector<WeightSpec>{};
    const TensorType& in = call.inputs[0];
    const Value& axis = call.attr("axis");
    Dims kept(axis.isList() ? axis.items().size() : axis.isInt() ? 1 : 0, Dim::unknown());
    if (in.hasRank())
      if (Result<llvm::SmallVector<size_t, 4>> axes = keptAxes(call)) {
        kept.clear();
        for (size_t a : *axes) kept.push_back((*in.dims)[a]);
      }
    return std::vector<WeightSpec>{{"mean", kept, false, Value::string("zeros")},
                                   {"variance", kept, false, Value::string("ones")},
                                   {"count", {}, false, Value::string("zeros")}};
  };
  return s;
}

LayerSchema masking() {
  LayerSchema s;
  s.className = "Masking";
  s.family = "core";
  s.doc = "masks timesteps whose features all equal mask_value, and zeroes them";
  s.attrs = {optional("mask_value", AttrType::Any, Value::number(0.0), "the value that marks a masked step")};
  s.shape = sameShape;
  return s;
}

}  // namespace

void registerPreprocessingLayers(LayerCatalogue& catalogue) {
  catalogue.add(categoryEncoding());
  catalogue.add(rescaling());
  catalogue.add(resizing());
  catalogue.add(centerCrop());
  catalogue.add(normalization());
  catalogue.add(masking());
}

}  // namespace graphlint
