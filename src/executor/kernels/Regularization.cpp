// Kernels of Dropout, the spatial dropouts and the noise layers. At inference they are the
// identity. A call made with training=True keeps them active even in Keras' predict() (Monte
// Carlo dropout: `Dropout(0.5)(x, training=True)`), so such a call draws from the run's
// seed (ExecOptions::seed), one stream per node: Keras' distributions, not its random values.

#include <cmath>

#include "executor/Rng.h"
#include "executor/kernels/KernelUtil.h"

namespace graphlint {
namespace {

bool training(const KernelArgs& args) { return args.layer->callFlag("training"); }

Rng streamOf(const KernelArgs& args) { return Rng::forStream(args.options.seed, args.node.name + "/training"); }

/// The shape of a dropout mask: `noise_shape` with its nulls taken from the input, or the
/// input's shape.
Result<std::vector<int64_t>> noiseShape(const KernelArgs& args, const std::vector<int64_t>& input) {
  const Value& given = args.layer->attr("noise_shape");
  if (given.isNull()) return input;
  if (!given.isList() || given.items().size() != input.size())
    return makeError("noise_shape " + given.str() + " does not have one entry per axis of the input " +
                     formatShape(input));
  std::vector<int64_t> shape;
  for (size_t i = 0; i < input.size(); ++i) {
    const Value& d = given.items()[i];
    if (d.isNull()) {
      shape.push_back(input[i]);
    } else if (d.isInt() && (d.asInt() == input[i] || d.asInt() == 1)) {
      shape.push_back(d.asInt());
    } else {
      return makeError("noise_shape " + given.str() + " does not broadcast to the input " + formatShape(input) +
                       ": axis " + std::to_string(i) + " is " + d.str());
    }
  }
  return shape;
}

/// Spatial dropout drops whole feature maps: the mask is (batch, 1..., channels), or
/// (batch, channels, 1...) with channels_first.
std::vector<int64_t> featureMapShape(const KernelArgs& args, const std::vector<int64_t>& input) {
  const Value* format = args.layer->schema.findAttr("data_format") ? &args.layer->attr("data_format") : nullptr;
  bool channelsFirst = format && format->isString() && format->asString() == "channels_first";
  std::vector<int64_t> shape(input.size(), 1);
  shape[0] = input[0];
  size_t channels = channelsFirst ? 1 : input.size() - 1;
  shape[channels] = input[channels];
  return shape;
}

/// y = x * keep / (1 - rate), keep drawn with probability 1 - rate per element of `maskShape`
/// and broadcast over the input. A rate of 1 drops everything.
void dropout(KernelArgs& args, double rate, const std::vector<int64_t>& maskShape) {
  const std::vector<int64_t>& shape = args.inputs[0]->shape();
  Rng rng = streamOf(args);
  std::vector<float> scaleOf(static_cast<size_t>(productOf(maskShape, 0, maskShape.size())));
  float kept = rate < 1 ? static_cast<float>(1 / (1 - rate)) : 0.0f;
  for (float& s : scaleOf) s = rng.uniform() >= rate ? kept : 0.0f;
  const float* x = inputData(args, 0);
  float* y = outputData(args, 0);
  std::vector<int64_t> none(shape.size(), 0);
  forEachBroadcast(shape, broadcastStrides(maskShape, shape), none, [&](int64_t out, int64_t mask, int64_t) {
    y[out] = x[out] * scaleOf[static_cast<size_t>(mask)];
  });
}

std::optional<Error> dropoutLayer(KernelArgs& args) {
  if (auto e = requireFloat32(args)) return e;
  double rate = args.layer->floatAttr("rate");
  if (!training(args) || rate == 0) {
    copyInputToOutput(args);
    return std::nullopt;
  }
  Result<std::vector<int64_t>> mask = noiseShape(args, args.inputs[0]->shape());
  if (!mask) return mask.error();
  dropout(args, rate, *mask);
  return std::nullopt;
}

std::optional<Error> spatialDropout(KernelArgs& args) {
  if (auto e = requireFloat32(args)) return e;
  double rate = args.layer->floatAttr("rate");
  if (!training(args) || rate == 0) {
    copyInputToOutput(args);
    return std::nullopt;
  }
  if (args.inputs[0]->rank() < 3)
    return makeError("expected a (batch, positions..., channels) input, got " + args.inputs[0]->describe());
  dropout(args, rate, featureMapShape(args, args.inputs[0]->shape()));
  return std::nullopt;
}

/// GaussianNoise adds N(0, stddev); GaussianDropout multiplies by N(1, sqrt(rate / (1 - rate))).
std::optional<Error> gaussian(KernelArgs& args, bool multiplicative) {
  if (auto e = requireFloat32(args)) return e;
  double stddev = multiplicative ? 0 : args.layer->floatAttr("stddev");
  if (multiplicative) {
    double rate = args.layer->floatAttr("rate");
    stddev = rate < 1 ? std::sqrt(rate / (1 - rate)) : 0;
  }
  if (!training(args) || stddev == 0) {
    copyInputToOutput(args);
    return std::nullopt;
  }
  Rng rng = streamOf(args);
  const float* x = inputData(args, 0);
  float* y = outputData(args, 0);
  for (int64_t i = 0; i < args.outputs[0].elementCount(); ++i) {
    auto noise = static_cast<float>(stddev * rng.normal());
    y[i] = multiplicative ? x[i] * (1 + noise) : x[i] + noise;
  }
  return std::nullopt;
}

/// AlphaDropout (for SELU networks) sets dropped inputs to SELU's negative saturation and
/// rescales so that the mean and variance are kept: a * (x * keep + alpha' * (1 - keep)) + b.
std::optional<Error> alphaDropout(KernelArgs& args) {
  if (auto e = requireFloat32(args)) return e;
  double rate = args.layer->floatAttr("rate");
  if (!training(args) || rate == 0 || rate >= 1) {
    // Keras applies AlphaDropout only when 0 < rate < 1.
    copyInputToOutput(args);
    return std::nullopt;
  }
  Result<std::vector<int64_t>> maskShape = noiseShape(args, args.inputs[0]->shape());
  if (!maskShape) return maskShape.error();
  const double alpha = 1.6732632423543772848170429916717, scale = 1.0507009873554804934193349852946;
  const double saturation = -alpha * scale;
  auto a = static_cast<float>(1 / std::sqrt((1 - rate) * (1 + rate * saturation * saturation)));
  auto b = static_cast<float>(-a * saturation * rate);
  Rng rng = streamOf(args);
  std::vector<uint8_t> keep(static_cast<size_t>(productOf(*maskShape, 0, maskShape->size())));
  for (uint8_t& k : keep) k = rng.uniform() >= rate;
  const std::vector<int64_t>& shape = args.inputs[0]->shape();
  const float* x = inputData(args, 0);
  float* y = outputData(args, 0);
  std::vector<int64_t> none(shape.size(), 0);
  forEachBroadcast(shape, broadcastStrides(*maskShape, shape), none, [&](int64_t out, int64_t mask, int64_t) {
    float kept = keep[static_cast<size_t>(mask)] ? x[out] : static_cast<float>(saturation);
    y[out] = a * kept + b;
  });
  return std::nullopt;
}

std::optional<Error> identity(KernelArgs& args) {
  copyInputToOutput(args);
  return std::nullopt;
}

}  // namespace

void registerRegularizationKernels(KernelRegistry& registry) {
  auto add = [&](const char* name, KernelFn run) {
    KernelDef def{std::move(run), MaskRule::PassThrough, /*inPlace=*/true};
    def.followsTraining = true;
    registry.addLayer(name, std::move(def));
  };
  add("Dropout", dropoutLayer);
  for (const char* name : {"SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D"}) add(name, spatialDropout);
  add("GaussianNoise", [](KernelArgs& args) { return gaussian(args, /*multiplicative=*/false); });
  add("GaussianDropout", [](KernelArgs& args) { return gaussian(args, /*multiplicative=*/true); });
  add("AlphaDropout", alphaDropout);
  // Training adds its input's norms to the loss, and nothing to the output.
  add("ActivityRegularization", identity);
}

}  // namespace graphlint
