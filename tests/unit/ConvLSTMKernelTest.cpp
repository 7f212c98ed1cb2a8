// ConvLSTM kernels on cases TF.js cannot check (it has only ConvLSTM2D): ConvLSTM1D and
// ConvLSTM3D, channels_first with an activation that normalizes along an axis, masks,
// initial states, Keras 2's ignored zero_output_for_mask, and the error paths. Expected
// numbers come from a hand-written float64 NumPy loop of Keras' ConvLSTMCell formulas (gate
// order i, f, c, o; recurrent convolution "same", stride 1), printed to 7 significant digits.

#include <algorithm>
#include <cmath>

#include "ExecutorTestUtil.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

/// Deterministic weights and inputs that are easy to rebuild outside C++: value i is
/// ((7 * i + offset) % 11 - 5) * scale, i.e. multiples of `scale` in [-5, 5] in a scrambled order.
HostTensor ramp(std::vector<int64_t> shape, float scale, int offset) {
  int64_t count = 1;
  for (int64_t d : shape) count *= d;
  std::vector<float> values(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) values[i] = static_cast<float>((i * 7 + offset) % 11 - 5) * scale;
  return floats(std::move(shape), values);
}

/// The one-filter ConvLSTM1D with a 3-tap window several cases share.
std::vector<HostTensor> oneFilter1D() {
  return {ramp({3, 2, 4}, 0.1f, 2), ramp({3, 1, 4}, 0.1f, 3), floats({4}, {0.1f, 1.0f, -0.1f, 0.05f})};
}

}  // namespace

TEST_CASE("ConvLSTM1D with two filters returns every step's output", "[executor][convlstm]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 3, 4, 2]}]
nodes:
  - {name: cell, layer: ConvLSTM1D, config: {filters: 2, kernel_size: 3, padding: same, return_sequences: true}, inputs: [x]}
outputs: [cell]
)";
  std::vector<float> y = runSpecOutput(spec, {ramp({1, 3, 4, 2}, 0.2f, 1)},
                                       {{"cell", {ramp({3, 2, 8}, 0.1f, 2), ramp({3, 2, 8}, 0.1f, 3),
                                                  ramp({8}, 0.1f, 4)}}});
  requireClose(y, {0.03599996f,  -0.1042444f,  0.1740483f,  -0.01742073f, -0.005814684f, 0.02940363f,
                   0.09996973f,  0.03409199f,  0.01968086f, -0.07025994f, 0.2030471f,   0.02070348f,
                   0.1581476f,   0.03406412f,  0.03953381f, 0.0269208f,   -0.01713259f,  0.005913545f,
                   0.197482f,    0.08698177f,  0.1897201f,  0.05909649f,  0.03114644f,   0.03743628f});
}

TEST_CASE("ConvLSTM1D with valid padding and strides runs the sequence backwards", "[executor][convlstm]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 3, 5, 2]}]
nodes:
  - {name: cell, layer: ConvLSTM1D, config: {filters: 1, kernel_size: 3, strides: 2, go_backwards: true}, inputs: [x]}
outputs: [cell]
)";
  // 5 positions, window 3, stride 2: 2 state positions. Forward would give (-0.0135009, -0.134003).
  std::vector<float> y = runSpecOutput(spec, {ramp({1, 3, 5, 2}, 0.2f, 4)}, {{"cell", oneFilter1D()}});
  requireClose(y, {0.01076104f, -0.1185865f});
}

TEST_CASE("ConvLSTM3D with same padding returns the last output and the states", "[executor][convlstm]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 2, 2, 3, 2, 1]}]
nodes:
  - {name: cell, layer: ConvLSTM3D, config: {filters: 1, kernel_size: 2, padding: same, return_state: true}, inputs: [x]}
outputs: [cell, "cell:1", "cell:2"]
)";
  std::vector<HostTensor> weights = {ramp({2, 2, 2, 1, 4}, 0.08f, 6), ramp({2, 2, 2, 1, 4}, 0.08f, 7),
                                     floats({4}, {0.1f, 1.0f, -0.1f, 0.05f})};
  Result<RunResult> result = runSpec(spec, {ramp({1, 2, 2, 3, 2, 1}, 0.25f, 5)}, {{"cell", weights}});
  REQUIRE(result);
  REQUIRE(result->outputs.size() == 3);
  std::vector<float> h = {-0.05342803f, -0.3117525f, -0.12041f,    -0.07636658f, -0.1669555f,  0.0443748f,
                          -0.056311f,   0.1151539f,  0.002903318f, -0.1061209f,  0.05045803f, -0.1230637f};
  requireClose(valuesOf(result->outputs[0]), h);
  requireClose(valuesOf(result->outputs[1]), h);
  requireClose(valuesOf(result->outputs[2]), {-0.1082597f, -0.6424516f, -0.1924645f, -0.1613362f, -0.2761717f,
                                              0.09444328f, -0.1403419f, 0.2211895f, 0.005733609f, -0.2201816f,
                                              0.08238954f, -0.2451738f});
}

TEST_CASE("ConvLSTM3D with valid padding and no bias returns the sequence", "[executor][convlstm]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 2, 2, 3, 2, 1]}]
nodes:
  - {name: cell, layer: ConvLSTM3D, config: {filters: 1, kernel_size: 2, use_bias: false, return_sequences: true}, inputs: [x]}
outputs: [cell]
)";
  std::vector<float> y = runSpecOutput(spec, {ramp({1, 2, 2, 3, 2, 1}, 0.25f, 5)},
                                       {{"cell", {ramp({2, 2, 2, 1, 4}, 0.08f, 6), ramp({2, 2, 2, 1, 4}, 0.08f, 7)}}});
  requireClose(y, {0.1477479f, -0.1969841f, -0.03623426f, -0.01052584f});
}

TEST_CASE("ConvLSTM channels_first applies softmax along the layout's last axis", "[executor][convlstm]") {
  // Keras applies the activation to (batch, filters, cols): softmax normalizes over the
  // columns. Over the filters it would give 0.1982376, 0.3731151, 0.5064423, ...
  const char* spec = R"(
inputs: [{name: x, shape: [1, 2, 2, 3]}]
nodes:
  - {name: cell, layer: ConvLSTM1D, config: {filters: 2, kernel_size: 2, padding: same, data_format: channels_first, activation: softmax, return_state: true}, inputs: [x]}
outputs: [cell, "cell:1", "cell:2"]
)";
  Result<RunResult> result = runSpec(spec, {ramp({1, 2, 2, 3}, 0.3f, 8)},
                                     {{"cell", {ramp({2, 2, 8}, 0.15f, 9), ramp({2, 2, 8}, 0.15f, 10), ramp({8}, 0.1f, 1)}}});
  REQUIRE(result);
  REQUIRE(result->outputs[0].shape() == std::vector<int64_t>{1, 2, 3});
  std::vector<float> h = {0.1142241f, 0.2427659f, 0.2805619f, 0.1505686f, 0.2599819f, 0.1182711f};
  requireClose(valuesOf(result->outputs[0]), h);
  requireClose(valuesOf(result->outputs[1]), h);
  requireClose(valuesOf(result->outputs[2]), {0.2199385f, 0.08754295f, 0.2045635f, 0.2364419f, 0.425509f, 0.1811604f});
}

TEST_CASE("ConvLSTM keeps the states of a masked step and repeats or zeroes its output", "[executor][convlstm]") {
  // Masking on a (batch, time, 1, channels) input masks whole steps: its (batch, time, 1) mask
  // tiles over the state as Keras' rnn() tiles it. Step 1 of sample 0 is all zeros.
  auto spec = [](bool zeroOutput) {
    return std::string(R"(
inputs: [{name: x, shape: [2, 3, 1, 2]}]
nodes:
  - {name: masked, layer: Masking, inputs: [x]}
  - {name: cell, layer: ConvLSTM1D, config: {filters: 1, kernel_size: 3, padding: same, return_sequences: true, return_state: true, zero_output_for_mask: )") +
           (zeroOutput ? "true" : "false") + R"(}, inputs: [masked]}
outputs: [cell, "cell:1", "cell:2"]
)";
  };
  HostTensor x = floats({2, 3, 1, 2}, {-0.9f, 1.2f, 0, 0, 0.9f, -0.3f, -1.5f, 0.6f, -0.6f, 1.5f, 0.3f, -0.9f});
  ExecOptions keras2;
  keras2.kerasMajor = 2;
  struct Run {
    bool zeroOutput;
    ExecOptions options;
    float atMaskedStep;
  };
  // Keras 2's ConvRNN never hands zero_output_for_mask to rnn(): it repeats the output anyway.
  for (const Run& run : {Run{false, ExecOptions{}, -0.251379f}, Run{true, ExecOptions{}, 0.0f},
                         Run{true, keras2, -0.251379f}}) {
    INFO("zero_output_for_mask " << run.zeroOutput << ", Keras " << run.options.kerasMajor);
    Result<RunResult> result = runSpec(spec(run.zeroOutput), {x}, {{"cell", oneFilter1D()}}, run.options);
    REQUIRE(result);
    requireClose(valuesOf(result->outputs[0]),
                 {-0.251379f, run.atMaskedStep, -0.0932568f, -0.1917749f, -0.3499855f, -0.1157318f});
    requireClose(valuesOf(result->outputs[1]), {-0.0932568f, -0.1157318f});
    requireClose(valuesOf(result->outputs[2]), {-0.2345749f, -0.2996496f});
  }
}

TEST_CASE("ConvLSTM2D starts from the initial states it is given", "[executor][convlstm]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 2, 2, 2, 1]}, {name: h, shape: [1, 2, 2, 1]}, {name: c, shape: [1, 2, 2, 1]}]
nodes:
  - {name: cell, layer: ConvLSTM2D, config: {filters: 1, kernel_size: 2, padding: same, return_state: true}, inputs: [x, h, c]}
outputs: [cell, "cell:2"]
)";
  Result<RunResult> result =
      runSpec(spec,
              {ramp({1, 2, 2, 2, 1}, 0.3f, 3), floats({1, 2, 2, 1}, {0.5f, -0.25f, 0.1f, 0.3f}),
               floats({1, 2, 2, 1}, {-0.4f, 0.2f, 0.6f, -0.1f})},
              {{"cell", {ramp({2, 2, 1, 4}, 0.2f, 5), ramp({2, 2, 1, 4}, 0.2f, 6), floats({4}, {0.1f, 1.0f, -0.1f, 0.05f})}}});
  REQUIRE(result);
  // From zero states: -0.08537263, 0.1321731, 0.0001682869, -0.009265354.
  requireClose(valuesOf(result->outputs[0]), {-0.1082098f, 0.192517f, 0.2553247f, -0.005810819f});
  requireClose(valuesOf(result->outputs[1]), {-0.4374378f, 0.4017506f, 0.3336371f, -0.01242898f});
}

TEST_CASE("ConvLSTM refuses a mask over positions and a lone initial state", "[executor][convlstm]") {
  SECTION("a Masking layer's mask over (batch, time, cols) cannot tile onto the state") {
    const char* spec = R"(
inputs: [{name: x, shape: [1, 3, 2, 2]}]
nodes:
  - {name: masked, layer: Masking, inputs: [x]}
  - {name: cell, layer: ConvLSTM1D, config: {filters: 1, kernel_size: 3, padding: same}, inputs: [masked]}
outputs: [cell]
)";
    Result<RunResult> result = runSpec(spec, {ramp({1, 3, 2, 2}, 0.2f, 1)}, {{"cell", oneFilter1D()}});
    REQUIRE_FALSE(result);
    CHECK_THAT(result.error().message, Catch::Contains("bool (1, 3, 2)") && Catch::Contains("expected") &&
                                           Catch::Contains("(1, 3) (batch, time)"));
  }
  SECTION("h without c") {
    const char* spec = R"(
inputs: [{name: x, shape: [1, 3, 4, 2]}, {name: h, shape: [1, 4, 1]}]
nodes:
  - {name: cell, layer: ConvLSTM1D, config: {filters: 1, kernel_size: 3, padding: same}, inputs: [x, h]}
outputs: [cell]
)";
    Result<RunResult> result =
        runSpec(spec, {ramp({1, 3, 4, 2}, 0.2f, 1), ramp({1, 4, 1}, 0.1f, 0)}, {{"cell", oneFilter1D()}});
    REQUIRE_FALSE(result);
    CHECK_THAT(result.error().message, Catch::Contains("got 1 initial states, expected none or 2 (h, c)"));
  }
}

TEST_CASE("ConvLSTM gives the same numbers when its input convolution runs in chunks of steps", "[executor][convlstm]") {
  // 4096 positions * 4 gates * 32 filters fill the kernel's 4 MB budget with 2 steps, so 3 steps
  // run as two products (steps 0-1 and 2, or backwards 2-1 and 0). A 1-wide window over an
  // input equal at every position must give every position the 1-position layer's numbers.
  auto spec = [](int64_t positions, bool backwards) {
    return "inputs: [{name: x, shape: [1, 3, " + std::to_string(positions) + R"(, 2]}]
nodes:
  - {name: cell, layer: ConvLSTM1D, config: {filters: 32, kernel_size: 1, return_sequences: true, go_backwards: )" +
           (backwards ? "true" : "false") + R"(}, inputs: [x]}
outputs: [cell]
)";
  };
  auto weights = [] {
    return std::vector<std::pair<std::string, std::vector<HostTensor>>>{
        {"cell", {ramp({1, 2, 128}, 0.05f, 1), ramp({1, 32, 128}, 0.02f, 2), ramp({128}, 0.1f, 3)}}};
  };
  const std::vector<float> steps = {0.5f, -1.0f, 0.25f, 0.75f, -0.5f, 1.0f};  // (time, channels)
  const int64_t positions = 4096;
  std::vector<float> wide;
  for (int64_t t = 0; t < 3; ++t)
    for (int64_t p = 0; p < positions; ++p) wide.insert(wide.end(), {steps[2 * t], steps[2 * t + 1]});
  for (bool backwards : {false, true}) {
    INFO("go_backwards " << backwards);
    std::vector<float> one = runSpecOutput(spec(1, backwards), {floats({1, 3, 1, 2}, steps)}, weights());
    std::vector<float> all = runSpecOutput(spec(positions, backwards), {floats({1, 3, positions, 2}, wide)}, weights());
    REQUIRE(one.size() == 3 * 32);
    REQUIRE(all.size() == static_cast<size_t>(3 * positions * 32));
    std::vector<float> expected;
    for (int64_t t = 0; t < 3; ++t)
      for (int64_t p = 0; p < positions; ++p) expected.insert(expected.end(), one.begin() + t * 32, one.begin() + (t + 1) * 32);
    // Not bit-equal: sgemm may order a product's sums differently for other row counts.
    float worst = 0;
    for (size_t i = 0; i < all.size(); ++i) worst = std::max(worst, std::abs(all[i] - expected[i]));
    CHECK(worst < 1e-6f);
  }
}
