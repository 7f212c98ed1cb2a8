// Kernels of the sliding-window ops (src/executor/kernels/OpsConvolution.cpp) on small models
// with hand-computed outputs, one per spelling family: keras.ops.conv, tf.nn.conv2d with
// TF's "SAME" split, torch's channels-first grouped convolution, depthwise and transposed
// convolutions, and pooling with each spelling's padding semantics. Numbers were derived by
// hand (and checked against torch 1.13 where torch has the operation).

#include "ExecutorTestUtil.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

/// A model with one op node over inputs x and k (`kernelShape` empty: x only).
std::string windowSpec(const std::string& op, const std::string& args, const std::string& inputShape,
                       const std::string& kernelShape = "") {
  std::string inputs = "{name: x, shape: [" + inputShape + "]}";
  if (!kernelShape.empty()) inputs += ", {name: k, shape: [" + kernelShape + "]}";
  return "inputs: [" + inputs + "]\nnodes:\n  - {name: y, op: " + op + ", args: " + args + ", inputs: [x" +
         (kernelShape.empty() ? "" : ", k") + "]}\noutputs: [y]\n";
}

HostTensor runWindow(const std::string& spec, std::vector<HostTensor> inputs) {
  Result<RunResult> result = runSpec(spec, std::move(inputs));
  if (!result) FAIL("run failed: " << result.error().message);
  REQUIRE(result->outputs.size() == 1);
  return result->outputs[0];
}

std::vector<float> iota(int64_t count, float scale = 1.0f) {
  std::vector<float> values;
  for (int64_t i = 1; i <= count; ++i) values.push_back(static_cast<float>(i) * scale);
  return values;
}

}  // namespace

TEST_CASE("keras.ops.conv runs a channels-last kernel (kh, kw, in, out)", "[executor][ops]") {
  // out[0, 0] = x00.(1, -1) + x01.(2, 0) + x10.(0.5, 1) + x11.(-2, 1) = -1 + 6 + 11.5 - 8
  std::string spec = windowSpec("keras.ops.conv", "{}", "1, 3, 3, 2", "2, 2, 2, 1");
  HostTensor y = runWindow(spec, {floats({1, 3, 3, 2}, iota(18)), floats({2, 2, 2, 1}, {1, -1, 2, 0, 0.5f, 1, -2, 1})});
  CHECK(y.shape() == std::vector<int64_t>{1, 2, 2, 1});
  requireClose(valuesOf(y), {8.5f, 13.5f, 23.5f, 28.5f});
}

TEST_CASE("keras.ops.conv with channels_first moves the channels and back", "[executor][ops]") {
  // The same numbers as the channels-last case, with the input given (1, 2, 3, 3).
  std::vector<float> last = iota(18), first(18);
  for (int64_t p = 0; p < 9; ++p)
    for (int64_t c = 0; c < 2; ++c) first[c * 9 + p] = last[p * 2 + c];
  std::string spec = windowSpec("keras.ops.conv", "{data_format: channels_first}", "1, 2, 3, 3", "2, 2, 2, 1");
  HostTensor y = runWindow(spec, {floats({1, 2, 3, 3}, first), floats({2, 2, 2, 1}, {1, -1, 2, 0, 0.5f, 1, -2, 1})});
  CHECK(y.shape() == std::vector<int64_t>{1, 1, 2, 2});
  requireClose(valuesOf(y), {8.5f, 13.5f, 23.5f, 28.5f});
}

TEST_CASE("keras.ops.conv groups the channels when the kernel takes a divisor of them", "[executor][ops]") {
  // 4 channels, a kernel (1, 1, 2, 2): group 0 is channels 0-1 -> filter 0, group 1 channels 2-3
  // -> filter 1. Position 0: 1*1 + 2*2 = 5 and 3*10 + 4*20 = 110.
  std::string spec = windowSpec("keras.ops.conv", "{}", "1, 1, 2, 4", "1, 1, 2, 2");
  HostTensor y = runWindow(spec, {floats({1, 1, 2, 4}, iota(8)), floats({1, 1, 2, 2}, {1, 10, 2, 20})});
  CHECK(y.shape() == std::vector<int64_t>{1, 1, 2, 2});
  requireClose(valuesOf(y), {5, 110, 17, 230});
}

TEST_CASE("tf.nn.conv2d 'SAME' with stride 2 puts the odd padding cell at the end", "[executor][ops]") {
  // 4x4 input 1..16, 3x3 kernel of ones: windows rows/cols {0,1,2} and {2,3} (+1 padding after).
  // out[0, 0] = 1+2+3 + 5+6+7 + 9+10+11 = 54; out[0, 1] = 3+4 + 7+8 + 11+12 = 45.
  std::string spec = windowSpec("tf.nn.conv2d", "{strides: [1, 2, 2, 1], padding: SAME, data_format: NHWC}",
                                "1, 4, 4, 1", "3, 3, 1, 1");
  HostTensor y = runWindow(spec, {floats({1, 4, 4, 1}, iota(16)), floats({3, 3, 1, 1}, std::vector<float>(9, 1.0f))});
  CHECK(y.shape() == std::vector<int64_t>{1, 2, 2, 1});
  requireClose(valuesOf(y), {54, 45, 72, 54});
}

TEST_CASE("tf.nn.conv2d takes explicit (before, after) padding pairs", "[executor][ops]") {
  // One zero before the rows, none after; columns unpadded: a 1x1 kernel of 2 shifts the rows down.
  std::string spec = windowSpec("tf.nn.conv2d", "{strides: 1, padding: [[0, 0], [1, 0], [0, 0], [0, 0]]}",
                                "1, 2, 2, 1", "1, 1, 1, 1");
  HostTensor y = runWindow(spec, {floats({1, 2, 2, 1}, {1, 2, 3, 4}), floats({1, 1, 1, 1}, {2})});
  CHECK(y.shape() == std::vector<int64_t>{1, 3, 2, 1});
  requireClose(valuesOf(y), {0, 0, 2, 4, 6, 8});
}

TEST_CASE("torch conv2d runs NCHW data with an (out, in/groups, kh, kw) weight, groups and bias", "[executor][ops]") {
  // Group 0 takes channels 0-1 into output 0, group 1 channels 2-3 into output 1; padding 1,
  // stride 2, bias [0.5, -1]. out[0, 0, 0, 0] sees x[0, 0:2, 0, 0] = (0.1, 1.0) through the
  // taps (1, 1) of weight 0's [[1, 0], [0, 1]] and [[0, 1], [1, 0]]: 0.1*1 + 1.0*0 + 0.5 = 0.6.
  std::string spec = windowSpec("F.conv2d", "{stride: 2, padding: 1, groups: 2, bias: [0.5, -1.0]}", "1, 4, 3, 3",
                                "2, 2, 2, 2");
  HostTensor y = runWindow(spec, {floats({1, 4, 3, 3}, iota(36, 0.1f)),
                                  floats({2, 2, 2, 2}, {1, 0, 0, 1, 0, 1, 1, 0, -1, 2, 0, 1, 1, 1, -1, 0})});
  CHECK(y.shape() == std::vector<int64_t>{1, 2, 2, 2});
  requireClose(valuesOf(y), {0.6f, 1.9f, 2.5f, 5.1f, 0.9f, -1.8f, 9.0f, 7.2f});
}

TEST_CASE("torch conv1d pads the same number of cells on both sides", "[executor][ops]") {
  // x = [1, 2, 3], weight [1, 1, 1], padding 1: [0+1+2, 1+2+3, 2+3+0].
  std::string spec = windowSpec("F.conv1d", "{padding: 1}", "1, 1, 3", "1, 1, 3");
  HostTensor y = runWindow(spec, {floats({1, 1, 3}, {1, 2, 3}), floats({1, 1, 3}, {1, 1, 1})});
  requireClose(valuesOf(y), {3, 6, 5});
}

TEST_CASE("jax.lax.conv_general_dilated runs NCHW data with an OIHW kernel", "[executor][ops]") {
  // (low, high) = (0, 1) on both axes: the last row and column see one zero.
  std::string spec = windowSpec("jax.lax.conv_general_dilated", "{window_strides: [1, 1], padding: [[0, 1], [0, 1]]}",
                                "1, 1, 2, 2", "1, 1, 2, 2");
  HostTensor y = runWindow(spec, {floats({1, 1, 2, 2}, {1, 2, 3, 4}), floats({1, 1, 2, 2}, {1, 1, 1, 1})});
  requireClose(valuesOf(y), {10, 6, 7, 4});
}

TEST_CASE("depthwise_conv gives in*multiplier channels, each from its own input channel", "[executor][ops]") {
  // Output channel c*2 + m convolves input channel c with kernel[:, :, c, m].
  std::string spec = windowSpec("keras.ops.depthwise_conv", "{}", "1, 3, 3, 2", "2, 2, 2, 2");
  HostTensor y = runWindow(spec, {floats({1, 3, 3, 2}, iota(18)),
                                  floats({2, 2, 2, 2}, {1, 2, 0, 1, -1, 0, 1, 1, 2, 0, 0, -1, 1, 0, 0, 1})});
  CHECK(y.shape() == std::vector<int64_t>{1, 2, 2, 4});
  // out[0, 0, 0, 0] = x[.., 0] at (0,0) (0,1) (1,0) (1,1) = 1, 3, 7, 9 times taps 1, -1, 2, 1 = 21.
  requireClose(valuesOf(y), {21, 2, 4, 8, 27, 6, 6, 12, 39, 14, 10, 20, 45, 18, 12, 24});
}

TEST_CASE("conv_transpose 'same' scatters each input cell's window, cropping the end", "[executor][ops]") {
  // x = [[1, 2], [3, 4]], 3x3 kernel 1..9, stride 2: the full 5x5 scatter without its last row
  // and column (TF's split of 'same' puts the odd cell at the end).
  std::string spec = windowSpec("keras.ops.conv_transpose", "{strides: 2, padding: same}", "1, 2, 2, 1", "3, 3, 1, 1");
  HostTensor y = runWindow(spec, {floats({1, 2, 2, 1}, {1, 2, 3, 4}), floats({3, 3, 1, 1}, iota(9))});
  CHECK(y.shape() == std::vector<int64_t>{1, 4, 4, 1});
  requireClose(valuesOf(y), {1, 2, 5, 4, 4, 5, 14, 10, 10, 14, 36, 24, 12, 15, 34, 20});
}

TEST_CASE("tf.nn.conv2d_transpose gives the output_shape asked for, padding it as TF's 'SAME' does", "[executor][ops]") {
  // Output 3x3 from 2x2 at stride 2: the forward padding is 2, one before, so the full 5x5
  // scatter (as in the 'same' case above) loses its first and last row and column.
  std::string spec = windowSpec("tf.nn.conv2d_transpose", "{output_shape: [1, 3, 3, 1], strides: 2}", "1, 2, 2, 1",
                                "3, 3, 1, 1");
  HostTensor y = runWindow(spec, {floats({1, 2, 2, 1}, {1, 2, 3, 4}), floats({3, 3, 1, 1}, iota(9))});
  CHECK(y.shape() == std::vector<int64_t>{1, 3, 3, 1});
  requireClose(valuesOf(y), {5, 14, 10, 14, 36, 24, 15, 34, 20});
}

TEST_CASE("torch conv_transpose2d crops `padding` cells from both sides and adds output_padding", "[executor][ops]") {
  std::string spec = windowSpec("F.conv_transpose2d", "{stride: 2, padding: 1, output_padding: 1}", "1, 1, 2, 2",
                                "1, 1, 3, 3");
  HostTensor y = runWindow(spec, {floats({1, 1, 2, 2}, {1, 2, 3, 4}), floats({1, 1, 3, 3}, iota(9))});
  CHECK(y.shape() == std::vector<int64_t>{1, 1, 4, 4});
  requireClose(valuesOf(y), {5, 14, 10, 12, 14, 36, 24, 30, 15, 34, 20, 24, 24, 55, 32, 36});
}

TEST_CASE("tf's 'SAME' pooling leaves the padding out of max and average", "[executor][ops]") {
  // 3x3 input 1..9, 2x2 windows at stride 2: boxes {0,1} and {2} per axis.
  std::vector<float> x = iota(9);
  HostTensor avg = runWindow(windowSpec("tf.nn.avg_pool2d", "{ksize: 2, strides: 2, padding: SAME}", "1, 3, 3, 1"),
                             {floats({1, 3, 3, 1}, x)});
  requireClose(valuesOf(avg), {3, 4.5f, 7.5f, 9});
  HostTensor max = runWindow(windowSpec("keras.ops.max_pool", "{pool_size: 2, padding: same}", "1, 3, 3, 1"),
                             {floats({1, 3, 3, 1}, x)});
  requireClose(valuesOf(max), {5, 6, 8, 9});
}

TEST_CASE("torch avg_pool2d counts the padding by default, and not with count_include_pad=False", "[executor][ops]") {
  // Padding 1 on the 3x3 input 1..9: the first window holds x[0, 0] = 1 and three zeros.
  std::vector<float> x = iota(9);
  HostTensor counted = runWindow(windowSpec("F.avg_pool2d", "{kernel_size: 2, stride: 2, padding: 1}", "1, 1, 3, 3"),
                                 {floats({1, 1, 3, 3}, x)});
  requireClose(valuesOf(counted), {0.25f, 1.25f, 2.75f, 7});
  HostTensor real = runWindow(
      windowSpec("F.avg_pool2d", "{kernel_size: 2, stride: 2, padding: 1, count_include_pad: false}", "1, 1, 3, 3"),
      {floats({1, 1, 3, 3}, x)});
  requireClose(valuesOf(real), {1, 2.5f, 5.5f, 7});
}

TEST_CASE("torch pooling with ceil_mode keeps the window that hangs over the end", "[executor][ops]") {
  std::vector<float> x = iota(9);
  HostTensor max = runWindow(windowSpec("F.max_pool2d", "{kernel_size: 2, stride: 2, ceil_mode: true}", "1, 1, 3, 3"),
                             {floats({1, 1, 3, 3}, x)});
  requireClose(valuesOf(max), {5, 6, 8, 9});
  // Without padding, the overhanging window divides by its real cells, as in torch.
  HostTensor avg = runWindow(windowSpec("F.avg_pool2d", "{kernel_size: 2, stride: 2, ceil_mode: true}", "1, 1, 3, 3"),
                             {floats({1, 1, 3, 3}, x)});
  requireClose(valuesOf(avg), {3, 4.5f, 7.5f, 9});
}

TEST_CASE("window op kernels refuse what they do not compute, with the reason", "[executor][ops]") {
  SECTION("a torch bias of the wrong length") {
    Result<RunResult> result = runSpec(windowSpec("F.conv1d", "{bias: [1.0, 2.0]}", "1, 1, 3", "1, 1, 3"),
                                       {floats({1, 1, 3}, {1, 2, 3}), floats({1, 1, 3}, {1, 1, 1})});
    REQUIRE_FALSE(result);
    CHECK_THAT(result.error().message, Catch::Contains("bias [1.0, 2.0] must be a list of 1 numbers"));
  }
  SECTION("grouped transposed convolutions") {
    Result<RunResult> result = runSpec(windowSpec("F.conv_transpose2d", "{groups: 2}", "1, 2, 2, 2", "2, 1, 1, 1"),
                                       {floats({1, 2, 2, 2}, iota(8)), floats({2, 1, 1, 1}, {1, 1})});
    REQUIRE_FALSE(result);
    CHECK_THAT(result.error().message, Catch::Contains("groups 2 is not supported for transposed convolutions"));
  }
  SECTION("float64 data") {
    std::string spec =
        "inputs: [{name: x, shape: [1, 3, 1], dtype: float64}, {name: k, shape: [1, 1, 1], dtype: float64}]\n"
        "nodes:\n  - {name: y, op: keras.ops.conv, args: {}, inputs: [x, k]}\noutputs: [y]\n";
    Result<HostTensor> x = HostTensor::fromValues<double>({1, 3, 1}, std::vector<double>{1, 2, 3});
    Result<HostTensor> k = HostTensor::fromValues<double>({1, 1, 1}, std::vector<double>{1});
    REQUIRE(x);
    REQUIRE(k);
    Result<RunResult> result = runSpec(spec, {std::move(*x), std::move(*k)});
    REQUIRE_FALSE(result);
    CHECK_THAT(result.error().message, Catch::Contains("float32"));
  }
}
