// Keras activation functions. Formulas follow keras/src/activations (Keras 3) and tf.keras
// 2.x where they differ, each written for float32 with the numerically careful form the
// backends use (softplus via log1p, elu via expm1, softmax with the row maximum removed).

#include "executor/kernels/ActivationMath.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>


namespace graphlint {
namespace {

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }
float softplus(float x) { return std::max(x, 0.0f) + std::log1p(std::exp(-std::fabs(x))); }
float relu6(float x) { return std::min(std::max(x, 0.0f), 6.0f); }

/// Runs `f` over every value: one loop per activation with `f` inlined, so cheap functions
/// (relu, hard_sigmoid) vectorize and none costs an indirect call per element.
template <class F>
void each(float* data, int64_t count, F f) {
  for (int64_t i = 0; i < count; ++i) data[i] = f(data[i]);
}

/// The elementwise activations by name; false for a name that is not one.
bool applyElementwise(llvm::StringRef name, float* d, int64_t n) {
  if (name == "relu") each(d, n, [](float x) { return std::max(x, 0.0f); });
  else if (name == "relu6") each(d, n, relu6);
  else if (name == "leaky_relu") each(d, n, [](float x) { return x >= 0 ? x : 0.2f * x; });
  else if (name == "elu") each(d, n, [](float x) { return x > 0 ? x : std::expm1(x); });
  else if (name == "selu")
    each(d, n, [](float x) {
      const float alpha = 1.67326324f, scale = 1.05070098f;
      return scale * (x > 0 ? x : alpha * std::expm1(x));
    });
  else if (name == "celu") each(d, n, [](float x) { return std::max(x, 0.0f) + std::min(0.0f, std::expm1(x)); });
  else if (name == "softplus") each(d, n, softplus);
  else if (name == "softsign") each(d, n, [](float x) { return x / (1.0f + std::fabs(x)); });
  else if (name == "silu" || name == "swish") each(d, n, [](float x) { return x * sigmoid(x); });
  else if (name == "gelu") each(d, n, [](float x) { return 0.5f * x * (1.0f + std::erf(x / std::sqrt(2.0f))); });
  // TF.js: the tanh approximation, 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))).
  else if (name == "gelu_new")
    each(d, n, [](float x) { return 0.5f * x * (1.0f + std::tanh(0.7978845608f * (x + 0.044715f * x * x * x))); });
  else if (name == "sigmoid") each(d, n, sigmoid);
  else if (name == "tanh") each(d, n, [](float x) { return std::tanh(x); });
  else if (name == "exponential") each(d, n, [](float x) { return std::exp(x); });
  else if (name == "mish") each(d, n, [](float x) { return x * std::tanh(softplus(x)); });
  else if (name == "log_sigmoid") each(d, n, [](float x) { return -softplus(-x); });
  else if (name == "hard_tanh") each(d, n, [](float x) { return std::min(std::max(x, -1.0f), 1.0f); });
  else if (name == "hard_shrink") each(d, n, [](float x) { return std::fabs(x) > 0.5f ? x : 0.0f; });
  else if (name == "soft_shrink")
    each(d, n, [](float x) { return x > 0.5f ? x - 0.5f : x < -0.5f ? x + 0.5f : 0.0f; });
  else if (name == "tanh_shrink") each(d, n, [](float x) { return x - std::tanh(x); });
  else if (name == "sparse_plus") each(d, n, [](float x) { return x <= -1 ? 0.0f : x >= 1 ? x : (x + 1) * (x + 1) / 4; });
  else if (name == "sparse_sigmoid") each(d, n, [](float x) { return x <= -1 ? 0.0f : x >= 1 ? 1.0f : 0.5f * (x + 1); });
  else if (name == "squareplus") each(d, n, [](float x) { return 0.5f * (x + std::sqrt(x * x + 4.0f)); });
  else return false;
  return true;
}

void logSoftmaxRows(float* data, int64_t count, int64_t rowLength) {
  for (int64_t r = 0; r + rowLength <= count; r += rowLength) {
    float* row = data + r;
    float top = *std::max_element(row, row + rowLength);
    double sum = 0;
    for (int64_t i = 0; i < rowLength; ++i) sum += std::exp(row[i] - top);
    float logSum = static_cast<float>(std::log(sum));
    for (int64_t i = 0; i < rowLength; ++i) row[i] = row[i] - top - logSum;
  }
}

/// Euclidean projection of each row onto the probability simplex (Martins & Astudillo 2016).
void sparsemaxRows(float* data, int64_t count, int64_t rowLength) {
  std::vector<float> sorted(static_cast<size_t>(rowLength));
  for (int64_t r = 0; r + rowLength <= count; r += rowLength) {
    float* row = data + r;
    sorted.assign(row, row + rowLength);
    std::sort(sorted.begin(), sorted.end(), std::greater<float>());
    float cumulative = 0, tau = 0;
    for (int64_t k = 0; k < rowLength; ++k) {
      cumulative += sorted[k];
      if (1 + static_cast<float>(k + 1) * sorted[k] > cumulative) tau = (cumulative - 1) / static_cast<float>(k + 1);
    }
    for (int64_t i = 0; i < rowLength; ++i) row[i] = std::max(row[i] - tau, 0.0f);
  }
}

}  // namespace

void softmaxRows(float* data, int64_t count, int64_t rowLength) {
  if (rowLength <= 0) return;
  for (int64_t r = 0; r + rowLength <= count; r += rowLength) {
    float* row = data + r;
    float top = *std::max_element(row, row + rowLength);
    float sum = 0;
    for (int64_t i = 0; i < rowLength; ++i) sum += row[i] = std::exp(row[i] - top);
    for (int64_t i = 0; i < rowLength; ++i) row[i] /= sum;
  }
}

bool isElementwiseActivation(llvm::StringRef name) {
  return name != "softmax" && name != "log_softmax" && name != "sparsemax";
}

std::optional<Error> applyActivation(llvm::StringRef name, float* data, int64_t count, int64_t rowLength,
                                     int kerasMajor) {
  if (name == "linear" || name.empty()) return std::nullopt;
  if (name == "softmax") return softmaxRows(data, count, rowLength), std::nullopt;
  if (name == "log_softmax") return logSoftmaxRows(data, count, rowLength), std::nullopt;
  if (name == "sparsemax") return sparsemaxRows(data, count, rowLength), std::nullopt;
  if (name == "hard_sigmoid") {
    if (kerasMajor >= 3) each(data, count, [](float x) { return relu6(x + 3.0f) / 6.0f; });
    else each(data, count, [](float x) { return std::min(std::max(0.2f * x + 0.5f, 0.0f), 1.0f); });
    return std::nullopt;
  }
  if (name == "hard_silu" || name == "hard_swish") {
    each(data, count, [](float x) { return x * relu6(x + 3.0f) / 6.0f; });
    return std::nullopt;
  }
  if (applyElementwise(name, data, count)) return std::nullopt;
  if (name == "glu" || name == "threshold")
    return makeError("activation '" + name.str() + "' needs arguments or changes the shape; the executor runs it only as its own layer");
  return makeError("unknown activation '" + name.str() + "'");
}

std::optional<Error> applyActivation(const Value& activation, float* data, int64_t count, int64_t rowLength,
                                     int kerasMajor) {
  if (activation.isNull()) return std::nullopt;
  if (!activation.isString()) return makeError("activation " + activation.str() + " is not a name");
  return applyActivation(activation.asString(), data, count, rowLength, kerasMajor);
}

}  // namespace graphlint
