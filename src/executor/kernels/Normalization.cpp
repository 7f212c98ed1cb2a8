// Kernels of the normalization layers at inference: BatchNormalization (moving statistics, or
// the batch's when called with training=True),
// LayerNormalization, GroupNormalization, UnitNormalization, RMSNormalization, and
// SpectralNormalization (the wrapped layer with its stored kernel).
//
// Statistics are accumulated in double and rounded once, so they are the exact float32 moments;
// the affine step follows Keras' order (inv = rsqrt(var + eps) * gamma, y = x * inv + (beta -
// mean * inv)) so that the float32 rounding matches Keras within an ulp or two.

#include <algorithm>
#include <cmath>

#include "catalogue/WeightRules.h"
#include "executor/kernels/AxisRows.h"
#include "executor/kernels/KernelUtil.h"

namespace graphlint {
namespace {

/// Mean and (biased) variance of `count` values, as float32 the way Keras' moments gives them.
struct Moments {
  float mean = 0, variance = 0;
};

/// Moments of the values at base + i * stride for i < count.
Moments momentsOf(const float* base, int64_t count, int64_t stride = 1) {
  if (count <= 0) return {};
  double sum = 0;
  for (int64_t i = 0; i < count; ++i) sum += base[i * stride];
  double mean = sum / static_cast<double>(count);
  double squares = 0;
  for (int64_t i = 0; i < count; ++i) {
    double d = base[i * stride] - mean;
    squares += d * d;
  }
  return {static_cast<float>(mean), static_cast<float>(squares / static_cast<double>(count))};
}

float rsqrt(float v) { return 1.0f / std::sqrt(v); }

/// The channel axis `axis` of a rank-`rank` input, or an error naming both.
Result<size_t> channelAxis(int64_t axis, size_t rank) {
  int64_t r = static_cast<int64_t>(rank);
  int64_t a = axis < 0 ? axis + r : axis;
  if (a < 0 || a >= r)
    return makeError("axis " + std::to_string(axis) + " is out of range for a rank-" + std::to_string(rank) + " input");
  return static_cast<size_t>(a);
}

/// Fails unless weight `index` has `count` elements (a channel vector of the channel axis).
std::optional<Error> requireLength(const KernelArgs& args, size_t index, int64_t count, llvm::StringRef what) {
  int64_t got = args.weights[index]->elementCount();
  if (got == count) return std::nullopt;
  return makeError(what.str() + " has " + std::to_string(got) + " elements, expected " + std::to_string(count) +
                   " (the size of the normalized axes)");
}

/// The batch's per-channel moments, which BatchNormalization uses when called with
/// training=True: over every axis but the channel axis. Keras 3 weights each position by the
/// input's mask (a mask over the leading axes) and divides by the weights' sum plus 1e-7;
/// Keras 2 ignores the mask here.
std::vector<Moments> batchMoments(const KernelArgs& args, size_t axis) {
  const std::vector<int64_t>& shape = args.inputs[0]->shape();
  int64_t channels = shape[axis];
  int64_t outer = productOf(shape, 0, axis), inner = productOf(shape, axis + 1, shape.size());
  const float* x = inputData(args, 0);
  MaskRef mask = args.options.kerasMajor >= 3 && !args.inputMasks.empty() ? args.inputMasks[0] : nullptr;
  llvm::ArrayRef<uint8_t> visible = mask ? mask->bytes() : llvm::ArrayRef<uint8_t>();
  // A mask over the leading axes covers blocks of `perMask` consecutive elements.
  int64_t perMask = mask && mask->elementCount() ? args.inputs[0]->elementCount() / mask->elementCount() : 1;
  std::vector<Moments> moments(static_cast<size_t>(channels));
  for (int64_t c = 0; c < channels; ++c) {
    auto each = [&](auto visit) {
      for (int64_t o = 0; o < outer; ++o)
        for (int64_t i = 0; i < inner; ++i) {
          int64_t at = (o * channels + c) * inner + i;
          visit(x[at], visible.empty() ? 1.0 : static_cast<double>(visible[static_cast<size_t>(at / perMask)] != 0));
        }
    };
    double sum = 0, weights = 0, squares = 0;
    each([&](float v, double w) {
      sum += w * v;
      weights += w;
    });
    double denominator = visible.empty() ? weights : weights + 1e-7;
    double mean = denominator > 0 ? sum / denominator : 0;
    each([&](float v, double w) { squares += w * (v - mean) * (v - mean); });
    moments[static_cast<size_t>(c)] = {static_cast<float>(mean),
                                       denominator > 0 ? static_cast<float>(squares / denominator) : 0.0f};
  }
  return moments;
}

std::optional<Error> batchNormalization(KernelArgs& args) {
  if (auto e = requireFloat32(args)) return e;
  const LayerCall& layer = *args.layer;
  bool scale = layer.boolAttr("scale"), center = layer.boolAttr("center");
  size_t statistics = layer.boolAttr("renorm") ? 5 : 2;
  size_t count = (scale ? 1 : 0) + (center ? 1 : 0) + statistics;
  if (auto e = requireWeights(args, count)) return e;
  const std::vector<int64_t>& shape = args.inputs[0]->shape();
  Result<size_t> axis = channelAxis(layer.intAttr("axis"), shape.size());
  if (!axis) return axis.error();
  int64_t channels = shape[*axis];
  for (size_t w = 0; w < count; ++w)
    if (auto e = requireLength(args, w, channels, "weight " + std::to_string(w))) return e;
  size_t next = 0;
  const float* gamma = scale ? weightData(args, next++) : nullptr;
  const float* beta = center ? weightData(args, next++) : nullptr;
  const float* movingMean = weightData(args, next++);
  const float* movingVariance = weightData(args, next++);
  float epsilon = static_cast<float>(layer.floatAttr("epsilon"));

  // Called with training=True, Keras normalizes by the batch's statistics, even in predict().
  std::vector<float> batchMean, batchVariance;
  if (layer.callFlag("training")) {
    if (layer.boolAttr("renorm"))
      return makeError("called with training=True and renorm, whose corrections graphlint does not compute");
    if (const Value* virtualBatch = layer.config.find("virtual_batch_size"); virtualBatch && !virtualBatch->isNull())
      return makeError("called with training=True and virtual_batch_size " + virtualBatch->str() +
                       ", whose ghost batches graphlint does not compute");
    for (const Moments& m : batchMoments(args, *axis)) {
      batchMean.push_back(m.mean);
      batchVariance.push_back(m.variance);
    }
    movingMean = batchMean.data();
    movingVariance = batchVariance.data();
  }

  // tf.nn.batch_normalization's order: inv = rsqrt(var + eps) * gamma, y = x * inv + (beta - mean * inv).
  std::vector<float> inv(static_cast<size_t>(channels)), shift(static_cast<size_t>(channels));
  for (int64_t c = 0; c < channels; ++c) {
    float i = rsqrt(movingVariance[c] + epsilon);
    if (gamma) i *= gamma[c];
    inv[c] = i;
    shift[c] = beta ? beta[c] - movingMean[c] * i : -movingMean[c] * i;
  }
  int64_t outer = productOf(shape, 0, *axis), inner = productOf(shape, *axis + 1, shape.size());
  const float* x = inputData(args, 0);
  float* y = outputData(args, 0);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t c = 0; c < channels; ++c) {
      int64_t base = (o * channels + c) * inner;
      for (int64_t i = 0; i < inner; ++i) y[base + i] = x[base + i] * inv[c] + shift[c];
    }
  return std::nullopt;
}

/// Runs `normalize(row, rowIndex)` over the rows of input 0 reduced over `axes`, in a scratch
/// buffer when the axes are not the trailing ones, and writes the result to output 0.
template <class Normalize>
void forEachRow(KernelArgs& args, const AxisRows& rows, Normalize normalize) {
  float* y = outputData(args, 0);
  std::vector<float> scratch;
  float* data = y;
  if (!rows.contiguous()) {
    scratch.resize(static_cast<size_t>(rows.rows() * rows.rowLength()));
    data = scratch.data();
  }
  rows.gather(inputData(args, 0), data);
  for (int64_t r = 0; r < rows.rows(); ++r) normalize(data + r * rows.rowLength());
  if (!rows.contiguous()) rows.scatter(data, y);
}

std::optional<Error> layerNormalization(KernelArgs& args) {
  if (auto e = requireFloat32(args)) return e;
  const LayerCall& layer = *args.layer;
  bool rms = layer.boolAttr("rms_scaling");
  bool scale = layer.boolAttr("scale") || rms, center = layer.boolAttr("center") && !rms;
  if (auto e = requireWeights(args, (scale ? 1 : 0) + (center ? 1 : 0))) return e;
  Result<std::vector<size_t>> axes = resolveKernelAxes(layer.attr("axis"), args.inputs[0]->rank());
  if (!axes) return axes.error();
  AxisRows rows(args.inputs[0]->shape(), *axes);
  int64_t n = rows.rowLength();
  for (size_t w = 0; w < args.weights.size(); ++w)
    if (auto e = requireLength(args, w, n, w == 0 && scale ? "gamma" : "beta")) return e;
  const float* gamma = scale ? weightData(args, 0) : nullptr;
  const float* beta = center ? weightData(args, scale ? 1 : 0) : nullptr;
  float epsilon = static_cast<float>(layer.floatAttr("epsilon"));
  forEachRow(args, rows, [&](float* row) {
    Moments m = momentsOf(row, n);
    float inv = rsqrt(m.variance + epsilon);
    if (rms) {
      // Keras' rms_scaling divides by the standard deviation (not the root mean square) and
      // does not subtract the mean: x * rsqrt(var + eps) * gamma.
      for (int64_t i = 0; i < n; ++i) row[i] = row[i] * inv * gamma[i];
      return;
    }
    for (int64_t i = 0; i < n; ++i) {
      float scaled = gamma ? inv * gamma[i] : inv;
      float shift = -m.mean * scaled;
      if (beta) shift += beta[i];
      row[i] = row[i] * scaled + shift;
    }
  });
  return std::nullopt;
}

std::optional<Error> groupNormalization(KernelArgs& args) {
  if (auto e = requireFloat32(args)) return e;
  const LayerCall& layer = *args.layer;
  bool scale = layer.boolAttr("scale"), center = layer.boolAttr("center");
  if (auto e = requireWeights(args, (scale ? 1 : 0) + (center ? 1 : 0))) return e;
  const std::vector<int64_t>& shape = args.inputs[0]->shape();
  if (shape.size() < 2) return makeError("GroupNormalization needs an input of rank >= 2, got " + args.inputs[0]->describe());
  Result<size_t> axis = channelAxis(layer.intAttr("axis"), shape.size());
  if (!axis) return axis.error();
  if (*axis == 0) return makeError("GroupNormalization axis cannot be the batch axis 0");
  int64_t channels = shape[*axis];
  int64_t groups = layer.intAttr("groups") == -1 ? channels : layer.intAttr("groups");
  if (groups <= 0 || channels % groups != 0)
    return makeError("GroupNormalization channels (" + std::to_string(channels) + ") must be divisible by groups (" +
                     std::to_string(groups) + ")");
  for (size_t w = 0; w < args.weights.size(); ++w)
    if (auto e = requireLength(args, w, channels, w == 0 && scale ? "gamma" : "beta")) return e;
  const float* gamma = scale ? weightData(args, 0) : nullptr;
  const float* beta = center ? weightData(args, scale ? 1 : 0) : nullptr;
  float epsilon = static_cast<float>(layer.floatAttr("epsilon"));

  // Per sample and group: the group's channels at every position of the other axes.
  int64_t batch = shape[0], perGroup = channels / groups;
  int64_t before = productOf(shape, 1, *axis), after = productOf(shape, *axis + 1, shape.size());
  int64_t sample = before * channels * after;
  const float* x = inputData(args, 0);
  float* y = outputData(args, 0);
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t g = 0; g < groups; ++g) {
      auto at = [&](int64_t p, int64_t c, int64_t q) { return b * sample + (p * channels + c) * after + q; };
      double sum = 0;
      int64_t n = before * perGroup * after;
      for (int64_t p = 0; p < before; ++p)
        for (int64_t c = g * perGroup; c < (g + 1) * perGroup; ++c)
          for (int64_t q = 0; q < after; ++q) sum += x[at(p, c, q)];
      double mean = n ? sum / static_cast<double>(n) : 0;
      double squares = 0;
      for (int64_t p = 0; p < before; ++p)
        for (int64_t c = g * perGroup; c < (g + 1) * perGroup; ++c)
          for (int64_t q = 0; q < after; ++q) {
            double d = x[at(p, c, q)] - mean;
            squares += d * d;
          }
      float m = static_cast<float>(mean);
      float inv = rsqrt(static_cast<float>(n ? squares / static_cast<double>(n) : 0) + epsilon);
      for (int64_t c = g * perGroup; c < (g + 1) * perGroup; ++c) {
        float scaled = gamma ? inv * gamma[c] : inv;
        float shift = -m * scaled;
        if (beta) shift += beta[c];
        for (int64_t p = 0; p < before; ++p)
          for (int64_t q = 0; q < after; ++q) y[at(p, c, q)] = x[at(p, c, q)] * scaled + shift;
      }
    }
  return std::nullopt;
}

std::optional<Error> unitNormalization(KernelArgs& args) {
  if (auto e = requireFloat32(args)) return e;
  Result<std::vector<size_t>> axes = resolveKernelAxes(args.layer->attr("axis"), args.inputs[0]->rank());
  if (!axes) return axes.error();
  AxisRows rows(args.inputs[0]->shape(), *axes);
  // Keras 3 clamps the squared norm at epsilon**2 = 1e-24; tf.keras' tf.math.l2_normalize at 1e-12.
  double floor = args.options.kerasMajor >= 3 ? 1e-24 : 1e-12;
  int64_t n = rows.rowLength();
  forEachRow(args, rows, [&](float* row) {
    double squares = 0;
    for (int64_t i = 0; i < n; ++i) squares += static_cast<double>(row[i]) * row[i];
    float inv = rsqrt(static_cast<float>(std::max(squares, floor)));
    for (int64_t i = 0; i < n; ++i) row[i] *= inv;
  });
  return std::nullopt;
}

std::optional<Error> rmsNormalization(KernelArgs& args) {
  if (auto e = requireFloat32(args)) return e;
  if (auto e = requireWeights(args, 1)) return e;
  const std::vector<int64_t>& shape = args.inputs[0]->shape();
  Result<std::vector<size_t>> axes = resolveKernelAxes(args.layer->attr("axis"), shape.size());
  if (!axes) return axes.error();
  // Keras multiplies by `scale` with NumPy broadcasting, which aligns it with the trailing dims:
  // only axes that are the trailing ones line up with the dims they were built from.
  for (size_t i = 0; i < axes->size(); ++i)
    if ((*axes)[i] != shape.size() - axes->size() + i)
      return makeError("RMSNormalization over axes that are not the trailing ones of a rank-" +
                       std::to_string(shape.size()) + " input is not supported: Keras broadcasts its scale "
                       "against the trailing dims");
  AxisRows rows(shape, *axes);
  int64_t n = rows.rowLength();
  if (auto e = requireLength(args, 0, n, "scale")) return e;
  const float* scale = weightData(args, 0);
  float epsilon = static_cast<float>(args.layer->floatAttr("epsilon"));
  forEachRow(args, rows, [&](float* row) {
    double squares = 0;
    for (int64_t i = 0; i < n; ++i) squares += static_cast<double>(row[i]) * row[i];
    float inv = rsqrt(static_cast<float>(n ? squares / static_cast<double>(n) : 0) + epsilon);
    for (int64_t i = 0; i < n; ++i) row[i] = row[i] * inv * scale[i];
  });
  return std::nullopt;
}

/// At inference Keras (2 and 3) calls the wrapped layer with its kernel as stored: training
/// is what divides the kernel by its spectral norm and writes it back. vector_u is unused.
std::optional<Error> spectralNormalization(KernelArgs& args) {
  const LayerCall& layer = *args.layer;
  const Value& wrapped = layer.attr("layer");
  const Value* className = wrapped.find("layer");
  const Value* config = wrapped.find("config");
  const LayerSchema* schema =
      className && className->isString() ? layer.catalogue.find(className->asString()) : nullptr;
  if (!schema) return makeError("SpectralNormalization wraps a layer class graphlint does not know: " + wrapped.str());
  std::vector<WeightSpec> inner = nestedLayerWeights(wrapped, layer.inputs, layer);
  size_t trainable = 0;
  for (const WeightSpec& w : inner) trainable += w.trainable ? 1 : 0;
  if (auto e = requireWeights(args, inner.size() + 1)) return e;
  std::vector<const HostTensor*> weights;
  for (size_t i = 0; i < args.weights.size(); ++i)
    if (i != trainable) weights.push_back(args.weights[i]);  // vector_u sits after the trainable ones
  static const Value kEmpty = Value::map({});
  std::vector<std::optional<HostTensor>> masks;
  Result<std::vector<HostTensor>> outputs =
      runInnerLayer(args, *schema, config ? *config : kEmpty, args.inputs, args.inputMasks, weights, masks);
  if (!outputs) return outputs.error();
  if (outputs->size() != args.outputs.size())
    return makeError("the wrapped " + schema->className + " gave " + std::to_string(outputs->size()) +
                     " outputs, expected " + std::to_string(args.outputs.size()));
  for (size_t i = 0; i < outputs->size(); ++i) {
    if ((*outputs)[i].byteSize() != args.outputs[i].byteSize())
      return makeError("the wrapped " + schema->className + "'s output " + (*outputs)[i].describe() +
                       " does not fit the expected " + args.outputs[i].describe());
    std::copy((*outputs)[i].bytes().begin(), (*outputs)[i].bytes().end(), args.outputs[i].bytes().begin());
  }
  return std::nullopt;
}

}  // namespace

void registerNormalizationKernels(KernelRegistry& registry) {
  KernelDef batchNorm{batchNormalization, MaskRule::PassThrough};
  batchNorm.followsTraining = true;
  registry.addLayer("BatchNormalization", std::move(batchNorm));
  registry.addLayer("LayerNormalization", {layerNormalization, MaskRule::PassThrough});
  registry.addLayer("GroupNormalization", {groupNormalization, MaskRule::PassThrough});
  registry.addLayer("UnitNormalization", {unitNormalization, MaskRule::PassThrough});
  // RMSNormalization does not support masking: Keras drops the mask there.
  registry.addLayer("RMSNormalization", {rmsNormalization, MaskRule::Drop});
  registry.addLayer("SpectralNormalization", {spectralNormalization, MaskRule::Drop});
}

}  // namespace graphlint
