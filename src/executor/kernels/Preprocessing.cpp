// Kernels of the preprocessing layers that can sit inside a model: Normalization (with adapted
// weights or a given mean and variance), Rescaling, CategoryEncoding and Discretization.
// Hashing and HashedCrossing are in Hashing.cpp.

#include <algorithm>
#include <cmath>

#include "executor/kernels/AxisRows.h"
#include "executor/kernels/KernelUtil.h"

namespace graphlint {
namespace {

/// A number or a nested list of numbers from a config, flattened, with its NumPy shape.
struct ConfigArray {
  std::vector<float> values;
  std::vector<int64_t> shape;
};

Result<ConfigArray> configArray(const Value& v, llvm::StringRef name) {
  ConfigArray array;
  if (v.isNumber()) {
    array.values.push_back(static_cast<float>(v.asNumber()));
    return array;
  }
  if (!v.isList()) return makeError(name.str() + " must be a number or a nested list of numbers, got " + v.str());
  array.shape.push_back(static_cast<int64_t>(v.items().size()));
  std::optional<std::vector<int64_t>> inner;
  for (const Value& item : v.items()) {
    Result<ConfigArray> sub = configArray(item, name);
    if (!sub) return sub.error();
    if (inner && *inner != sub->shape) return makeError(name.str() + " is a ragged list: " + v.str());
    inner = sub->shape;
    array.values.insert(array.values.end(), sub->values.begin(), sub->values.end());
  }
  if (inner) array.shape.insert(array.shape.end(), inner->begin(), inner->end());
  return array;
}

/// Strides that read `array` (aligned from the right to the `kept` axes of an input of `shape`,
/// as Normalization.build reshapes a given mean) for each input element; fails when a dim
/// neither matches nor is 1.
Result<std::vector<int64_t>> keptStrides(const std::vector<int64_t>& arrayShape, const std::vector<int64_t>& shape,
                                         const std::vector<size_t>& kept, llvm::StringRef name) {
  std::vector<int64_t> strides(shape.size(), 0);
  if (arrayShape.size() > kept.size())
    return makeError(name.str() + " has " + std::to_string(arrayShape.size()) + " dims, more than the " +
                     std::to_string(kept.size()) + " kept axes");
  std::vector<int64_t> own = stridesOf(arrayShape);
  for (size_t i = 1; i <= arrayShape.size(); ++i) {
    int64_t size = arrayShape[arrayShape.size() - i];
    size_t axis = kept[kept.size() - i];
    if (size != 1 && size != shape[axis])
      return makeError(name.str() + " of shape dim " + std::to_string(size) + " does not fit dim " +
                       std::to_string(axis) + " (" + std::to_string(shape[axis]) + ") of the input");
    strides[axis] = size == 1 ? 0 : own[arrayShape.size() - i];
  }
  return strides;
}

/// The axes Normalization keeps (its `axis`; null keeps none), sorted.
Result<std::vector<size_t>> normalizationKeptAxes(const Value& axis, size_t rank) {
  if (axis.isNull()) return std::vector<size_t>{};
  return resolveKernelAxes(axis, rank);
}

std::optional<Error> normalization(KernelArgs& args) {
  // Not requireFloat32: the adapted layer's `count` weight is an integer.
  if (args.inputs[0]->elementType() != ElementType::Float32 || args.outputs[0].elementType() != ElementType::Float32)
    return makeError("Normalization computes in float32, got the input " + args.inputs[0]->describe() +
                     " and the output " + args.outputs[0].describe());
  const LayerCall& layer = *args.layer;
  const std::vector<int64_t>& shape = args.inputs[0]->shape();
  Result<std::vector<size_t>> kept = normalizationKeptAxes(layer.attr("axis"), shape.size());
  if (!kept) return kept.error();
  ConfigArray mean, variance;
  if (layer.attr("mean").isNull()) {
    // Adapted: mean and variance weights shaped like the kept dims, then the count.
    if (auto e = requireWeights(args, 3)) return e;
    for (size_t w = 0; w < 2; ++w) {
      if (args.weights[w]->elementType() != ElementType::Float32)
        return makeError(std::string(w == 0 ? "mean" : "variance") + " is " + args.weights[w]->describe() +
                         "; this kernel computes in float32");
      ConfigArray& array = w == 0 ? mean : variance;
      array.shape = args.weights[w]->shape();
      llvm::ArrayRef<float> data = args.weights[w]->data<float>();
      array.values.assign(data.begin(), data.end());
    }
  } else {
    Result<ConfigArray> m = configArray(layer.attr("mean"), "mean");
    if (!m) return m.error();
    Result<ConfigArray> v = configArray(layer.attr("variance"), "variance");
    if (!v) return v.error();
    if (m->shape != v->shape)
      return makeError("Normalization mean and variance have different shapes: " + layer.attr("mean").str() +
                       " and " + layer.attr("variance").str());
    mean = std::move(*m);
    variance = std::move(*v);
  }
  Result<std::vector<int64_t>> strides = keptStrides(mean.shape, shape, *kept, "mean");
  if (!strides) return strides.error();
  // Keras divides by max(sqrt(variance), epsilon()) with epsilon() = 1e-7, per statistic.
  std::vector<float> deviation(variance.values.size());
  for (size_t i = 0; i < deviation.size(); ++i) deviation[i] = std::max(std::sqrt(variance.values[i]), 1e-7f);
  bool invert = layer.boolAttr("invert");
  const float* x = inputData(args, 0);
  float* y = outputData(args, 0);
  forEachBroadcast(shape, stridesOf(shape), *strides, [&](int64_t o, int64_t in, int64_t stat) {
    y[o] = invert ? mean.values[stat] + x[in] * deviation[stat] : (x[in] - mean.values[stat]) / deviation[stat];
  });
  return std::nullopt;
}

std::optional<Error> rescaling(KernelArgs& args) {
  if (auto e = requireFloat32(args)) return e;
  const std::vector<int64_t>& shape = args.inputs[0]->shape();
  Result<ConfigArray> scale = configArray(args.layer->attr("scale"), "scale");
  if (!scale) return scale.error();
  Result<ConfigArray> offset = configArray(args.layer->attr("offset"), "offset");
  if (!offset) return offset.error();
  // x * scale + offset with NumPy broadcasting (a per-channel list meets the last axis).
  for (const ConfigArray* array : {&*scale, &*offset}) {
    if (array->shape.size() > shape.size())
      return makeError("Rescaling scale or offset of rank " + std::to_string(array->shape.size()) +
                       " does not broadcast to the input " + args.inputs[0]->describe());
    for (size_t i = 1; i <= array->shape.size(); ++i) {
      int64_t a = array->shape[array->shape.size() - i], d = shape[shape.size() - i];
      if (a != 1 && a != d)
        return makeError("Rescaling scale or offset with " + std::to_string(a) + " entries does not broadcast to dim " +
                         std::to_string(shape.size() - i) + " (" + std::to_string(d) + ") of the input");
    }
  }
  std::vector<int64_t> scaleStrides = broadcastStrides(scale->shape, shape);
  std::vector<int64_t> offsetStrides = broadcastStrides(offset->shape, shape);
  const float* x = inputData(args, 0);
  float* y = outputData(args, 0);
  forEachBroadcast(shape, scaleStrides, offsetStrides, [&](int64_t o, int64_t s, int64_t b) {
    y[o] = x[o] * scale->values[s] + offset->values[b];
  });
  return std::nullopt;
}

/// Integer ids of an input of any integer or float type (floats truncate, as a cast does).
std::vector<int64_t> idsOf(const HostTensor& input) {
  Result<HostTensor> ids = HostTensor::zeros(ElementType::Int64, input.shape());
  if (!ids) return {};
  convertElements(input, *ids);
  llvm::ArrayRef<int64_t> data = ids->data<int64_t>();
  return {data.begin(), data.end()};
}

enum class Encoding { OneHot, MultiHot, Count };

std::optional<Encoding> encodingOf(llvm::StringRef mode) {
  // TF.js writes the modes in camelCase.
  if (mode == "one_hot" || mode == "oneHot") return Encoding::OneHot;
  if (mode == "multi_hot" || mode == "multiHot" || mode == "binary") return Encoding::MultiHot;
  if (mode == "count") return Encoding::Count;
  return std::nullopt;
}

/// Writes `ids` encoded over `depth` categories into output 0: one vector per id (one_hot), or
/// per group of ids (multi_hot, count; a group is what becomes one output row, the last axis
/// of the input). Fails on an id outside [0, depth), naming it.
std::optional<Error> encode(KernelArgs& args, const std::vector<int64_t>& ids, Encoding encoding, int64_t depth) {
  HostTensor& out = args.outputs[0];
  int64_t count = static_cast<int64_t>(ids.size());
  int64_t rows = depth > 0 ? out.elementCount() / depth : 0;
  if (encoding == Encoding::OneHot ? rows != count : (rows == 0 ? count != 0 : count % rows != 0))
    return makeError("cannot encode " + args.inputs[0]->describe() + " into the output " + out.describe() + " of " +
                     std::to_string(depth) + " categories");
  int64_t group = rows ? count / rows : 0;
  std::vector<float> encoded(static_cast<size_t>(out.elementCount()), 0.0f);
  for (int64_t i = 0; i < count; ++i) {
    int64_t id = ids[static_cast<size_t>(i)];
    if (id < 0 || id >= depth)
      return makeError("id " + std::to_string(id) + " at flat index " + std::to_string(i) + " is outside [0, " +
                       std::to_string(depth) + ")");
    float& cell = encoded[static_cast<size_t>((i / group) * depth + id)];
    cell = encoding == Encoding::Count ? cell + 1.0f : 1.0f;
  }
  Result<HostTensor> values = HostTensor::fromValues<float>(out.shape(), encoded);
  if (!values) return values.error();
  convertElements(*values, out);
  return std::nullopt;
}

std::optional<Error> categoryEncoding(KernelArgs& args) {
  std::string mode = args.layer->stringAttr("output_mode");
  std::optional<Encoding> encoding = encodingOf(mode);
  if (!encoding) return makeError("CategoryEncoding output_mode '" + mode + "' is not one_hot, multi_hot or count");
  if (args.layer->boolAttr("sparse")) return makeError("CategoryEncoding with sparse=True is not supported");
  return encode(args, idsOf(*args.inputs[0]), *encoding, args.layer->intAttr("num_tokens"));
}

std::optional<Error> discretization(KernelArgs& args) {
  const Value& given = args.layer->attr("bin_boundaries");
  if (!given.isList())
    return makeError("Discretization needs bin_boundaries in its config to run (an adapted layer writes them), got " +
                     given.str());
  std::vector<double> boundaries;
  for (const Value& b : given.items()) boundaries.push_back(b.asNumber());
  if (args.layer->boolAttr("sparse")) return makeError("Discretization with sparse=True is not supported");
  std::vector<float> x = toFloats(*args.inputs[0]);
  // The bin of x is the number of boundaries <= x (numpy.digitize, tf bucketize).
  std::vector<int64_t> bins(x.size());
  for (size_t i = 0; i < x.size(); ++i)
    bins[i] = std::upper_bound(boundaries.begin(), boundaries.end(), static_cast<double>(x[i])) - boundaries.begin();
  std::string mode = args.layer->stringAttr("output_mode");
  if (mode == "int") {
    Result<HostTensor> values = HostTensor::fromValues<int64_t>(args.outputs[0].shape(), bins);
    if (!values) return values.error();
    convertElements(*values, args.outputs[0]);
    return std::nullopt;
  }
  std::optional<Encoding> encoding = encodingOf(mode);
  if (!encoding) return makeError("Discretization output_mode '" + mode + "' is not int, one_hot, multi_hot or count");
  return encode(args, bins, *encoding, static_cast<int64_t>(boundaries.size()) + 1);
}

}  // namespace

void registerPreprocessingKernels(KernelRegistry& registry) {
  registry.addLayer("Normalization", {normalization, MaskRule::PassThrough});
  registry.addLayer("Rescaling", {rescaling, MaskRule::PassThrough});
  registry.addLayer("CategoryEncoding", {categoryEncoding, MaskRule::Drop});
  registry.addLayer("Discretization", {discretization, MaskRule::Drop});
}

}  // namespace graphlint
