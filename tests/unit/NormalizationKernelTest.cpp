// Kernels of the normalization layers, on small inputs with outputs computed by hand (NumPy,
// float64, from Keras' formulas): the cases TF.js cannot give goldens for (channels-first
// BatchNormalization, LayerNormalization over a middle axis and rms_scaling, Group, Unit, RMS
// and Spectral normalization) and the kernels' error paths.

#include "ExecutorTestUtil.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

std::string oneLayer(const std::string& layer, const std::string& config, const std::string& shape) {
  return "inputs: [{name: x, shape: " + shape + "}]\nnodes:\n  - {name: n, layer: " + layer + ", config: " + config +
         ", inputs: [x]}\noutputs: [n]\n";
}

}  // namespace

TEST_CASE("BatchNormalization normalizes a channels-first axis with the moving statistics",
          "[executor][normalization]") {
  HostTensor x = floats({2, 2, 3}, {1, 2, 3, 4, 5, 6, -1, 0, 1, 2, 2, 2});
  HostTensor gamma = floats({2}, {1.5f, 0.5f}), beta = floats({2}, {0.1f, -0.2f});
  HostTensor mean = floats({2}, {2, 1}), variance = floats({2}, {4, 0.25f});
  std::vector<float> y = runSpecOutput(oneLayer("BatchNormalization", "{axis: 1}", "[2, 2, 3]"), {x},
                                       {{"n", {gamma, beta, mean, variance}}});
  requireClose(y, {-0.6499063f, 0.1f, 0.8499063f, 2.794018f, 3.792024f, 4.79003f, -2.149719f, -1.399813f, -0.6499063f,
                   0.7980061f, 0.7980061f, 0.7980061f});
}

TEST_CASE("BatchNormalization without center and scale uses only the moving statistics", "[executor][normalization]") {
  HostTensor x = floats({2, 2, 3}, {1, 2, 3, 4, 5, 6, -1, 0, 1, 2, 2, 2});
  std::vector<float> y = runSpecOutput(oneLayer("BatchNormalization", "{axis: 1, center: false, scale: false}", "[2, 2, 3]"),
                                       {x}, {{"n", {floats({2}, {2, 1}), floats({2}, {4, 0.25f})}}});
  requireClose(y, {-0.4999375f, 0, 0.4999375f, 5.988036f, 7.984048f, 9.980061f, -1.499813f, -0.9998751f, -0.4999375f,
                   1.996012f, 1.996012f, 1.996012f});
}

TEST_CASE("LayerNormalization normalizes over a middle axis", "[executor][normalization]") {
  HostTensor x = floats({1, 3, 2}, {1, 4, 2, -2, 6, 0});
  std::vector<float> y = runSpecOutput(oneLayer("LayerNormalization", "{axis: 1}", "[1, 3, 2]"), {x},
                                       {{"n", {floats({3}, {1, 2, 0.5f}), floats({3}, {0, 1, -1})}}});
  requireClose(y, {-0.9257209f, 1.336199f, 0.07427907f, -1.137918f, -0.3057093f, -1.13362f});
}

TEST_CASE("LayerNormalization rms_scaling divides by the standard deviation and keeps the mean",
          "[executor][normalization]") {
  HostTensor x = floats({2, 3}, {1, 2, 4, -1, 0, 3});
  std::vector<float> y = runSpecOutput(oneLayer("LayerNormalization", "{rms_scaling: true}", "[2, 3]"), {x},
                                       {{"n", {floats({3}, {1, 2, 0.5f})}}});
  requireClose(y, {0.8015261f, 3.206105f, 1.603052f, -0.5882466f, 0, 0.8823699f});
}

TEST_CASE("GroupNormalization normalizes each group of channels per sample", "[executor][normalization]") {
  HostTensor x = floats({1, 2, 4}, {1, 2, 3, 4, 5, 6, 7, 9});
  HostTensor gamma = floats({4}, {1, 2, 1, 0.5f}), beta = floats({4}, {0, 0, 1, 1});
  SECTION("channels last") {
    std::vector<float> y =
        runSpecOutput(oneLayer("GroupNormalization", "{groups: 2}", "[1, 2, 4]"), {x}, {{"n", {gamma, beta}}});
    requireClose(y, {-1.212536f, -1.455043f, -0.1530119f, 0.6331326f, 0.7275213f, 2.425071f, 1.524096f, 1.681325f});
  }
  SECTION("channels first") {
    HostTensor xf = floats({1, 4, 2}, {1, 2, 3, 4, 5, 6, 7, 9});
    std::vector<float> y =
        runSpecOutput(oneLayer("GroupNormalization", "{groups: 2, axis: 1}", "[1, 4, 2]"), {xf}, {{"n", {gamma, beta}}});
    requireClose(y, {-1.341104f, -0.4470348f, 0.8940696f, 2.682209f, -0.1829456f, 0.4930233f, 1.084496f, 1.760465f});
  }
}

TEST_CASE("UnitNormalization scales rows to unit length and leaves zero rows at zero", "[executor][normalization]") {
  std::vector<float> y = runSpecOutput(oneLayer("UnitNormalization", "{}", "[3, 2]"), {floats({3, 2}, {3, 4, 0, 0, 0, 0})});
  requireClose(y, {0.6f, 0.8f, 0, 0, 0, 0});
}

TEST_CASE("RMSNormalization divides by the root mean square and multiplies by scale", "[executor][normalization]") {
  HostTensor x = floats({2, 3}, {1, 2, 4, -1, 0, 3});
  std::vector<float> y =
      runSpecOutput(oneLayer("RMSNormalization", "{}", "[2, 3]"), {x}, {{"n", {floats({3}, {1, 2, 0.5f})}}});
  requireClose(y, {0.3779644f, 1.511858f, 0.7559289f, -0.5477225f, 0, 0.8215837f});
}

TEST_CASE("RMSNormalization over a leading axis is refused, not misread", "[executor][normalization]") {
  Result<RunResult> result = runSpec(oneLayer("RMSNormalization", "{axis: 1}", "[1, 3, 2]"),
                                     {floats({1, 3, 2}, {1, 2, 3, 4, 5, 6})}, {{"n", {floats({3}, {1, 1, 1})}}});
  REQUIRE_FALSE(result);
  CHECK_THAT(result.error().message, Catch::Contains("trailing"));
}

TEST_CASE("SpectralNormalization runs the wrapped layer with its stored kernel at inference",
          "[executor][normalization]") {
  // Keras normalizes the kernel during training and stores it; vector_u is unused at inference.
  std::string spec = oneLayer("SpectralNormalization", "{layer: {layer: Dense, config: {units: 2}}}", "[1, 3]");
  HostTensor kernel = floats({3, 2}, {1, -1, 0, 1, 2, 0});
  HostTensor bias = floats({2}, {0.5f, 0});
  HostTensor vectorU = floats({1, 2}, {100, 100});
  std::vector<float> y = runSpecOutput(spec, {floats({1, 3}, {1, 2, 3})}, {{"n", {kernel, bias, vectorU}}});
  requireClose(y, {7.5f, 1});
}
