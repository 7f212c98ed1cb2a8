// Kernels of the activation layers: ReLU, LeakyReLU, ELU, PReLU, Softmax, ThresholdedReLU.

#include <algorithm>
#include <cmath>
#include <limits>

#include "catalogue/ShapeRules.h"
#include "executor/kernels/ActivationMath.h"
#include "executor/kernels/KernelUtil.h"

namespace graphlint {
namespace {

/// Keras' ReLU layer: x >= threshold ? x : negative_slope * (x - threshold), capped at max_value.
std::optional<Error> relu(KernelArgs& args) {
  if (auto e = requireFloat32(args)) return e;
  copyInputToOutput(args);
  const Value& maxValue = args.layer->attr("max_value");
  float slope = static_cast<float>(args.layer->floatAttr("negative_slope"));
  float threshold = static_cast<float>(args.layer->floatAttr("threshold"));
  bool capped = maxValue.isNumber();
  float cap = capped ? static_cast<float>(maxValue.asNumber()) : 0.0f;
  float* y = outputData(args, 0);
  int64_t n = args.outputs[0].elementCount();
  // Selects rather than branches, and the plain relu on its own, so the loops vectorize.
  if (slope == 0 && threshold == 0 && !capped) {
    for (int64_t i = 0; i < n; ++i) y[i] = std::max(y[i], 0.0f);
    return std::nullopt;
  }
  if (!capped) cap = std::numeric_limits<float>::infinity();
  for (int64_t i = 0; i < n; ++i) {
    float x = y[i];
    float below = slope * (x - threshold);
    y[i] = std::min(x >= threshold ? x : below, cap);
  }
  return std::nullopt;
}

std::optional<Error> leakyRelu(KernelArgs& args) {
  if (auto e = requireFloat32(args)) return e;
  copyInputToOutput(args);
  const Value& alpha = args.layer->attr("alpha");  // Keras 2's name wins when a file writes it
  float slope = static_cast<float>(alpha.isNumber() ? alpha.asNumber() : args.layer->floatAttr("negative_slope"));
  float* y = outputData(args, 0);
  for (int64_t i = 0, n = args.outputs[0].elementCount(); i < n; ++i) y[i] = y[i] >= 0 ? y[i] : slope * y[i];
  return std::nullopt;
}

std::optional<Error> elu(KernelArgs& args) {
  if (auto e = requireFloat32(args)) return e;
  copyInputToOutput(args);
  float alpha = static_cast<float>(args.layer->floatAttr("alpha"));
  float* y = outputData(args, 0);
  for (int64_t i = 0, n = args.outputs[0].elementCount(); i < n; ++i) y[i] = y[i] > 0 ? y[i] : alpha * std::expm1(y[i]);
  return std::nullopt;
}

std::optional<Error> thresholdedRelu(KernelArgs& args) {
  if (auto e = requireFloat32(args)) return e;
  copyInputToOutput(args);
  float theta = static_cast<float>(args.layer->floatAttr("theta"));
  float* y = outputData(args, 0);
  for (int64_t i = 0, n = args.outputs[0].elementCount(); i < n; ++i) y[i] = y[i] > theta ? y[i] : 0.0f;
  return std::nullopt;
}

/// x for x >= 0, alpha * x otherwise, alpha (the input shape without batch, 1 on shared axes)
/// broadcast over the input.
std::optional<Error> prelu(KernelArgs& args) {
  if (auto e = requireFloat32(args)) return e;
  if (auto e = requireWeights(args, 1)) return e;
  const HostTensor& x = *args.inputs[0];
  std::vector<int64_t> alphaStrides = broadcastStrides(args.weights[0]->shape(), x.shape());
  const float* in = inputData(args, 0);
  const float* alpha = weightData(args, 0);
  float* y = outputData(args, 0);
  forEachBroadcast(x.shape(), stridesOf(x.shape()), alphaStrides, [&](int64_t o, int64_t i, int64_t a) {
    float v = in[i];
    y[o] = v >= 0 ? v : alpha[a] * v;
  });
  return std::nullopt;
}

/// Softmax over one axis (or several, flattened together). An optional second input is a
/// mask whose zeros take (almost) no share: Keras 3 replaces the masked logits with -1e9
/// (a mask that is not bool keeps values > 0.5); Keras 2 adds (1 - mask) * -1e9 to them.
std::optional<Error> softmax(KernelArgs& args) {
  if (args.inputs[0]->elementType() != ElementType::Float32) return requireFloat32(args);
  const HostTensor& x = *args.inputs[0];
  std::vector<int64_t> shape = x.shape();
  Result<llvm::SmallVector<size_t, 4>> axes = resolveAxes(*args.layer, 0, args.layer->attr("axis"));
  if (!axes) return axes.error();
  // Move the normalized axes last: transpose to (other axes..., axes...) and back.
  std::vector<bool> isAxis(shape.size(), false);
  for (size_t a : *axes) isAxis[a] = true;
  std::vector<size_t> order;
  for (size_t d = 0; d < shape.size(); ++d)
    if (!isAxis[d]) order.push_back(d);
  for (size_t a : *axes) order.push_back(a);
  std::vector<int64_t> strides = stridesOf(shape);
  int64_t total = x.elementCount(), row = 1;
  for (size_t a : *axes) row *= shape[a];
  std::vector<int64_t> gather(static_cast<size_t>(total));
  {
    std::vector<int64_t> index(order.size(), 0);
    for (int64_t k = 0; k < total; ++k) {
      int64_t flat = 0;
      for (size_t j = 0; j < order.size(); ++j) flat += index[j] * strides[order[j]];
      gather[static_cast<size_t>(k)] = flat;
      for (size_t j = order.size(); j-- > 0;) {
        if (++index[j] < shape[order[j]]) break;
        index[j] = 0;
      }
    }
  }
  std::vector<float> values(static_cast<size_t>(total));
  const float* in = inputData(args, 0);
  for (int64_t k = 0; k < total; ++k) values[k] = in[gather[k]];
  if (args.inputs.size() > 1) {
    std::vector<float> mask = toFloats(*args.inputs[1]);
    std::vector<int64_t> maskStrides = broadcastStrides(args.inputs[1]->shape(), shape);
    bool replace = args.options.kerasMajor >= 3;
    bool boolMask = args.inputs[1]->elementType() == ElementType::Bool;
    std::vector<float> masked(static_cast<size_t>(total));
    std::vector<uint8_t> kept(static_cast<size_t>(total));
    forEachBroadcast(shape, strides, maskStrides, [&](int64_t o, int64_t, int64_t m) {
      kept[o] = boolMask ? mask[m] != 0 : mask[m] > 0.5f;
      masked[o] = (1.0f - mask[m]) * -1e9f;
    });
    for (int64_t k = 0; k < total; ++k) {
      int64_t at = gather[k];
      if (!replace) values[k] += masked[at];
      else if (!kept[at]) values[k] = -1e9f;
    }
  }
  softmaxRows(values.data(), total, row);
  float* y = outputData(args, 0);
  for (int64_t k = 0; k < total; ++k) y[gather[k]] = values[k];
  return std::nullopt;
}

}  // namespace

void registerActivationKernels(KernelRegistry& registry) {
  registry.addLayer("ReLU", {relu, MaskRule::PassThrough, true});
  registry.addLayer("LeakyReLU", {leakyRelu, MaskRule::PassThrough, true});
  registry.addLayer("ELU", {elu, MaskRule::PassThrough, true});
  registry.addLayer("ThresholdedReLU", {thresholdedRelu, MaskRule::PassThrough, true});
  registry.addLayer("PReLU", {prelu, MaskRule::PassThrough});
  registry.addLayer("Softmax", {softmax, MaskRule::PassThrough});
}

}  // namespace graphlint
