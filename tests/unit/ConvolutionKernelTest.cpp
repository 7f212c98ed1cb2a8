// Convolution kernels on hand-computed cases TF.js cannot give: causal Conv1D, channels_first,
// grouped convolution, Conv1DTranspose with output_padding, and the error paths.

#include "ExecutorTestUtil.h"

using namespace graphlint;
using namespace graphlint::test;

TEST_CASE("causal Conv1D pads dilation*(kernel-1) steps on the left only", "[executor][conv]") {
  auto spec = [](int dilation) {
    return R"(
inputs: [{name: x, shape: [1, 4, 1]}]
nodes:
  - {name: conv, layer: Conv1D, config: {filters: 1, kernel_size: 2, padding: causal, dilation_rate: )" +
           std::to_string(dilation) + R"(}, inputs: [x]}
outputs: [conv]
)";
  };
  // Tap 0 (weight 1) reads step t - dilation, tap 1 (weight 10) reads step t.
  std::vector<std::pair<std::string, std::vector<HostTensor>>> weights = {
      {"conv", {floats({2, 1, 1}, {1, 10}), floats({1}, {0.5f})}}};
  requireClose(runSpecOutput(spec(1), {floats({1, 4, 1}, {1, 2, 3, 4})}, weights), {10.5f, 21.5f, 32.5f, 43.5f});
  requireClose(runSpecOutput(spec(2), {floats({1, 4, 1}, {1, 2, 3, 4})}, weights), {10.5f, 20.5f, 31.5f, 42.5f});
}

TEST_CASE("channels_first Conv2D reads and writes channels before the spatial axes", "[executor][conv]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 2, 1, 3]}]
nodes:
  - {name: conv, layer: Conv2D, config: {filters: 2, kernel_size: [1, 2], padding: same, data_format: channels_first}, inputs: [x]}
outputs: [conv]
)";
  // Kernel (1, 2, in, filters): filter 0 sums channel 0 over both taps, filter 1 is twice
  // channel 1 at tap 0. "same" with kernel 2 pads one column at the end.
  HostTensor kernel = floats({1, 2, 2, 2}, {1, 0, 0, 2, 1, 0, 0, 0});
  HostTensor bias = floats({2}, {0, 0.5f});
  Result<RunResult> result = runSpec(spec, {floats({1, 2, 1, 3}, {1, 2, 3, 4, 5, 6})}, {{"conv", {kernel, bias}}});
  REQUIRE(result);
  CHECK(result->outputs[0].shape() == std::vector<int64_t>{1, 2, 1, 3});
  requireClose(valuesOf(result->outputs[0]), {3, 5, 3, 8.5f, 10.5f, 12.5f});
}

TEST_CASE("grouped Conv1D convolves each channel group with its own filters", "[executor][conv]") {
  SECTION("1x1, straight on the input") {
    const char* spec = R"(
inputs: [{name: x, shape: [1, 2, 4]}]
nodes:
  - {name: conv, layer: Conv1D, config: {filters: 2, kernel_size: 1, groups: 2, use_bias: false}, inputs: [x]}
outputs: [conv]
)";
    // Kernel (1, in/groups = 2, filters = 2): filter 0 sees channels 0-1, filter 1 channels 2-3.
    HostTensor kernel = floats({1, 2, 2}, {1, 10, 2, 20});
    requireClose(runSpecOutput(spec, {floats({1, 2, 4}, {1, 2, 3, 4, 5, 6, 7, 8})}, {{"conv", {kernel}}}),
                 {1 + 4, 30 + 80, 5 + 12, 70 + 160});
  }
  SECTION("kernel 2, through im2col") {
    const char* spec = R"(
inputs: [{name: x, shape: [1, 3, 2]}]
nodes:
  - {name: conv, layer: Conv1D, config: {filters: 2, kernel_size: 2, groups: 2, use_bias: false}, inputs: [x]}
outputs: [conv]
)";
    HostTensor kernel = floats({2, 1, 2}, {1, 2, 3, 4});
    // f0[t] = x0[t]*1 + x0[t+1]*3, f1[t] = x1[t]*2 + x1[t+1]*4.
    requireClose(runSpecOutput(spec, {floats({1, 3, 2}, {1, 10, 2, 20, 3, 30})}, {{"conv", {kernel}}}),
                 {7, 100, 11, 160});
  }
}

TEST_CASE("Conv1DTranspose scatters each step's window, with Keras' padding rules", "[executor][conv]") {
  auto spec = [](const std::string& extra) {
    return R"(
inputs: [{name: x, shape: [1, 2, 1]}]
nodes:
  - {name: up, layer: Conv1DTranspose, config: {filters: 1, kernel_size: 3, strides: 2, )" +
           extra + R"(}, inputs: [x]}
outputs: [up]
)";
  };
  std::vector<std::pair<std::string, std::vector<HostTensor>>> weights = {
      {"up", {floats({3, 1, 1}, {1, 10, 100}), floats({1}, {0})}}};
  HostTensor x = floats({1, 2, 1}, {1, 2});
  // Step i adds x[i] * kernel at 2i: [1, 10, 100] + [0, 0, 2, 20, 200].
  requireClose(runSpecOutput(spec("padding: valid"), {x}, weights), {1, 10, 102, 20, 200});
  // "same": length 4; the forward convolution's padding (1 in total) goes at the end.
  requireClose(runSpecOutput(spec("padding: same"), {x}, weights), {1, 10, 102, 20});
  requireClose(runSpecOutput(spec("padding: same, output_padding: 1"), {x}, weights), {1, 10, 102, 20});
  requireClose(runSpecOutput(spec("padding: valid, output_padding: 1"), {x}, weights), {1, 10, 102, 20, 200, 0});
}

TEST_CASE("SeparableConv1D is a depthwise step then a pointwise product", "[executor][conv]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 3, 2]}]
nodes:
  - {name: sep, layer: SeparableConv1D, config: {filters: 1, kernel_size: 2, depth_multiplier: 1, activation: relu}, inputs: [x]}
outputs: [sep]
)";
  // Depthwise (2, 2, 1): channel 0 taps [1, 1], channel 1 taps [1, -1]; pointwise (1, 2, 1): [1, 10].
  HostTensor depthwise = floats({2, 2, 1}, {1, 1, 1, -1});
  HostTensor pointwise = floats({1, 2, 1}, {1, 10});
  HostTensor bias = floats({1}, {0});
  // t=0: c0 1+2=3, c1 5-1... x = [[1, 5], [2, 1], [3, 4]]: c1 = 5-1 = 4 -> 3 + 40 = 43;
  // t=1: c0 5, c1 1-4 = -3 -> 5 - 30 = -25 -> relu 0.
  requireClose(runSpecOutput(spec, {floats({1, 3, 2}, {1, 5, 2, 1, 3, 4})}, {{"sep", {depthwise, pointwise, bias}}}),
               {43, 0});
}

TEST_CASE("a convolution with a wrongly sized kernel fails, naming both sizes", "[executor][conv]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 4, 2]}]
nodes:
  - {name: conv, layer: Conv1D, config: {filters: 3, kernel_size: 2}, inputs: [x]}
outputs: [conv]
)";
  Result<RunResult> result = runSpec(spec, {floats({1, 4, 2}, std::vector<float>(8, 1))},
                                     {{"conv", {floats({2, 2, 2}, std::vector<float>(8, 1)), floats({3}, {0, 0, 0})}}});
  REQUIRE_FALSE(result);
  CHECK_THAT(result.error().message, Catch::Contains("conv") && Catch::Contains("12"));
}
