// Keras activation functions. Formulas follow keras/src/activations (Keras 3) and tf.keras
// 2.x where they differ, each written for float32 with the numerically careful form the
// backends use (softplus via log1p, elu via expm1, softmax with the row maximum removed).

#include "executor/kernels/ActivationMath.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "llvm/ADT/StringMap.h"

namespace graphlint {
namespace {

using Scalar = float (*)(float);

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }
float softplus(float x) { return std::max(x, 0.0f) + std::log1p(std::exp(-std::fabs(x))); }
float elu(float x) { return x > 0 ? x : std::expm1(x); }
float relu6(float x) { return std::min(std::max(x, 0.0f), 6.0f); }

const llvm::StringMap<Scalar>& scalarFunctions() {
  static const llvm::StringMap<Scalar> functions = {
      {"linear", [](float x) { return x; }},
      {"relu", [](float x) { return std::max(x, 0.0f); }},
      {"relu6", relu6},
      {"leaky_relu", [](float x) { return x >= 0 ? x : 0.2f * x; }},
      {"elu", elu},
      {"selu",
       [](float x) {
         const float alpha = 1.67326324f, scale = 1.05070098f;
         return scale * (x > 0 ? x : alpha * std::expm1(x));
       }},
      {"celu", [](float x) { return std::max(x, 0.0f) + std::min(0.0f, std::expm1(x)); }},
      {"softplus", softplus},
      {"softsign", [](float x) { return x / (1.0f + std::fabs(x)); }},
      {"silu", [](float x) { return x * sigmoid(x); }},
      {"swish", [](float x) { return x * sigmoid(x); }},
      {"gelu", [](float x) { return 0.5f * x * (1.0f + std::erf(x / std::sqrt(2.0f))); }},
      // TF.js: the tanh approximation, 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))).
      {"gelu_new",
       [](float x) { return 0.5f * x * (1.0f + std::tanh(0.7978845608f * (x + 0.044715f * x * x * x))); }},
      {"sigmoid", sigmoid},
      {"tanh", [](float x) { return std::tanh(x); }},
      {"exponential", [](float x) { return std::exp(x); }},
      {"mish", [](float x) { return x * std::tanh(softplus(x)); }},
      {"log_sigmoid", [](float x) { return -softplus(-x); }},
      {"hard_tanh", [](float x) { return std::min(std::max(x, -1.0f), 1.0f); }},
      {"hard_shrink", [](float x) { return std::fabs(x) > 0.5f ? x : 0.0f; }},
      {"soft_shrink", [](float x) { return x > 0.5f ? x - 0.5f : x < -0.5f ? x + 0.5f : 0.0f; }},
      {"tanh_shrink", [](float x) { return x - std::tanh(x); }},
      {"sparse_plus", [](float x) { return x <= -1 ? 0.0f : x >= 1 ? x : (x + 1) * (x + 1) / 4; }},
      {"sparse_sigmoid", [](float x) { return x <= -1 ? 0.0f : x >= 1 ? 1.0f : 0.5f * (x + 1); }},
      {"squareplus", [](float x) { return 0.5f * (x + std::sqrt(x * x + 4.0f)); }},
  };
  return functions;
}

/// Keras 3: relu6(x + 3) / 6. Keras 2 (and TF.js): clip(0.2 x + 0.5, 0, 1).
float hardSigmoid(float x, int kerasMajor) {
  if (kerasMajor >= 3) return relu6(x + 3.0f) / 6.0f;
  return std::min(std::max(0.2f * x + 0.5f, 0.0f), 1.0f);
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
    for (int64_t i = 0; i < count; ++i) data[i] = hardSigmoid(data[i], kerasMajor);
    return std::nullopt;
  }
  if (name == "hard_silu" || name == "hard_swish") {
    for (int64_t i = 0; i < count; ++i) data[i] = data[i] * relu6(data[i] + 3.0f) / 6.0f;
    return std::nullopt;
  }
  auto it = scalarFunctions().find(name);
  if (it == scalarFunctions().end()) {
    if (name == "glu" || name == "threshold")
      return makeError("activation '" + name.str() + "' needs arguments or changes the shape; the executor runs it only as its own layer");
    return makeError("unknown activation '" + name.str() + "'");
  }
  Scalar f = it->second;
  for (int64_t i = 0; i < count; ++i) data[i] = f(data[i]);
  return std::nullopt;
}

std::optional<Error> applyActivation(const Value& activation, float* data, int64_t count, int64_t rowLength,
                                     int kerasMajor) {
  if (activation.isNull()) return std::nullopt;
  if (!activation.isString()) return makeError("activation " + activation.str() + " is not a name");
  return applyActivation(activation.asString(), data, count, rowLength, kerasMajor);
}

}  // namespace graphlint
