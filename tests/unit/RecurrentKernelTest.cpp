// Recurrent and sequence kernels on cases TF.js cannot check: GRU reset_after=True, Keras'
// zero outputs of Bidirectional and zero_output_for_mask at masked steps, initial states,
// and the error paths. Expected numbers were computed by hand-written float64 loops of the
// Keras formulas (gate order i, f, c, o and z, r, h), printed to 7 significant digits.

#include "ExecutorTestUtil.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

HostTensor int32s(std::vector<int64_t> shape, std::vector<int32_t> values) {
  Result<HostTensor> t = HostTensor::fromValues<int32_t>(std::move(shape), values);
  if (!t) FAIL(t.error().message);
  return std::move(*t);
}

/// The small LSTM (1 feature or 2, 1 unit) several cases share.
HostTensor lstmRecurrent() { return floats({1, 4}, {0.2f, -0.1f, 0.4f, 0.3f}); }
HostTensor lstmBias() { return floats({4}, {0.1f, 1.0f, -0.1f, 0.05f}); }

/// A two-unit GRU with reset_after's (2, 6) bias, run on the sequence (1, -2).
std::vector<float> runSmallGru(const char* spec) {
  HostTensor kernel = floats({1, 6}, {0.5f, -0.3f, 0.2f, 0.1f, 0.4f, -0.6f});
  HostTensor recurrent = floats({2, 6}, {0.1f, 0.2f, -0.1f, 0.3f, 0.5f, -0.2f, -0.4f, 0.1f, 0.2f, 0.05f, -0.3f, 0.6f});
  HostTensor bias = floats({2, 6}, {0.1f, -0.1f, 0.2f, 0, 0.05f, -0.05f, 0.2f, 0.1f, -0.2f, 0.3f, -0.1f, 0.4f});
  return runSpecOutput(spec, {floats({1, 2, 1}, {1, -2})}, {{"gru", {kernel, recurrent, bias}}});
}

}  // namespace

TEST_CASE("GRU with reset_after applies the reset gate to the biased recurrent product", "[executor][recurrent]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 2, 1]}]
nodes:
  - {name: gru, layer: GRU, config: {units: 2, return_sequences: true, reset_after: true}, inputs: [x]}
outputs: [gru]
)";
  std::vector<float> y = runSmallGru(spec);
  // Step 1 by hand: z0 = sigmoid(0.6 + 0.2), r0 = sigmoid(-0.4 + 0.1 + 0.3)... h0 = (1 - z0) *
  // tanh(0.45 + r0 * -0.1) = 0.1164694. Reset-before with summed biases would give 0.104285.
  requireClose(y, {0.1164694f, -0.2234112f, -0.3648481f, 0.1588972f});
}

TEST_CASE("GRU with reset_after uses Keras 3's hard_sigmoid for Keras 3 files", "[executor][recurrent]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 2, 1]}]
nodes:
  - {name: gru, layer: GRU, config: {units: 2, return_sequences: true, recurrent_activation: hard_sigmoid}, inputs: [x]}
outputs: [gru]
)";
  std::vector<float> y = runSmallGru(spec);
  requireClose(y, {0.1382675f, -0.2198542f, -0.3201848f, 0.2091786f});
}

TEST_CASE("a masked step keeps the LSTM state and repeats the output, or zeroes it", "[executor][recurrent]") {
  auto spec = [](bool zeroOutput) {
    return std::string(R"(
inputs: [{name: x, shape: [1, 3, 2]}]
nodes:
  - {name: masked, layer: Masking, inputs: [x]}
  - {name: lstm, layer: LSTM, config: {units: 1, return_sequences: true, return_state: true, zero_output_for_mask: )") +
           (zeroOutput ? "true" : "false") + R"(}, inputs: [masked]}
outputs: [lstm, "lstm:1", "lstm:2"]
)";
  };
  HostTensor kernel = floats({2, 4}, {0.3f, -0.2f, 0.5f, 0.4f, 0.1f, 0.6f, -0.3f, 0.2f});
  HostTensor x = floats({1, 3, 2}, {1, 2, 0, 0, -1, 0.5f});
  for (bool zeroOutput : {false, true}) {
    Result<RunResult> result = runSpec(spec(zeroOutput), {x}, {{"lstm", {kernel, lstmRecurrent(), lstmBias()}}});
    REQUIRE(result);
    INFO("zero_output_for_mask " << zeroOutput);
    float masked = zeroOutput ? 0.0f : -0.08879773f;
    requireClose(valuesOf(result->outputs[0]), {-0.08879773f, masked, -0.1656487f});
    // The states are the same either way: step 3 started from step 1's h and c.
    requireClose(valuesOf(result->outputs[1]), {-0.1656487f});
    requireClose(valuesOf(result->outputs[2]), {-0.4048463f});
  }
}

TEST_CASE("Bidirectional returning sequences outputs zeros at masked steps in both halves", "[executor][recurrent]") {
  // Keras' Bidirectional sets zero_output_for_mask = return_sequences on both copies (TF.js
  // repeats the previous output instead); a plain SimpleRNN repeats it.
  const char* spec = R"(
inputs: [{name: x, shape: [1, 3, 1]}]
nodes:
  - {name: masked, layer: Masking, inputs: [x]}
  - {name: bi, layer: Bidirectional, config: {layer: {layer: SimpleRNN, config: {units: 1, return_sequences: true}}}, inputs: [masked]}
  - {name: plain, layer: SimpleRNN, config: {units: 1, return_sequences: true}, inputs: [masked]}
outputs: [bi, plain]
)";
  std::vector<HostTensor> forward = {floats({1, 1}, {0.8f}), floats({1, 1}, {0.5f}), floats({1}, {0.1f})};
  std::vector<HostTensor> both = forward;
  for (HostTensor& w : std::vector<HostTensor>{floats({1, 1}, {-0.6f}), floats({1, 1}, {0.3f}), floats({1}, {0.2f})})
    both.push_back(std::move(w));
  Result<RunResult> result = runSpec(spec, {floats({1, 3, 1}, {1, 0, 0.5f})}, {{"bi", both}, {"plain", forward}});
  REQUIRE(result);
  // (forward, backward) per step, the backward half back in input order.
  requireClose(valuesOf(result->outputs[0]), {0.7162979f, -0.4052381f, 0, 0, 0.6953027f, -0.09966799f});
  requireClose(valuesOf(result->outputs[1]), {0.7162979f, 0.7162979f, 0.6953027f});
}

TEST_CASE("Bidirectional merges by sum and returns both halves' states", "[executor][recurrent]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 3, 1]}]
nodes:
  - {name: bi, layer: Bidirectional, config: {merge_mode: sum, layer: {layer: SimpleRNN, config: {units: 1, return_state: true}}}, inputs: [x]}
outputs: [bi, "bi:1", "bi:2"]
)";
  std::vector<HostTensor> weights = {floats({1, 1}, {0.8f}),  floats({1, 1}, {0.5f}), floats({1}, {0.1f}),
                                     floats({1, 1}, {-0.6f}), floats({1, 1}, {0.3f}), floats({1}, {0.2f})};
  Result<RunResult> result = runSpec(spec, {floats({1, 3, 1}, {1, -0.5f, 0.5f})}, {{"bi", weights}});
  REQUIRE(result);
  REQUIRE(result->outputs.size() == 3);
  requireClose(valuesOf(result->outputs[0]), {0.2224048f});
  requireClose(valuesOf(result->outputs[1]), {0.4846483f});
  requireClose(valuesOf(result->outputs[2]), {-0.2622435f});
}

TEST_CASE("Bidirectional without a merge mode returns both sequences in input order", "[executor][recurrent]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 3, 1]}]
nodes:
  - {name: bi, layer: Bidirectional, config: {merge_mode: null, layer: {layer: SimpleRNN, config: {units: 1, return_sequences: true}}}, inputs: [x]}
outputs: [bi, "bi:1"]
)";
  std::vector<HostTensor> weights = {floats({1, 1}, {0.8f}),  floats({1, 1}, {0.5f}), floats({1}, {0.1f}),
                                     floats({1, 1}, {-0.6f}), floats({1, 1}, {0.3f}), floats({1}, {0.2f})};
  Result<RunResult> result = runSpec(spec, {floats({1, 3, 1}, {1, -0.5f, 0.5f})}, {{"bi", weights}});
  REQUIRE(result);
  REQUIRE(result->outputs.size() == 2);
  requireClose(valuesOf(result->outputs[0]), {0.7162979f, 0.05808348f, 0.4846483f});
  requireClose(valuesOf(result->outputs[1]), {-0.2622435f, 0.4382798f, -0.09966799f});
}

TEST_CASE("initial states come from the extra inputs", "[executor][recurrent]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 2, 1]}, {name: h0, shape: [1, 2]}]
nodes:
  - {name: masked, layer: Masking, inputs: [x]}
  - {name: rnn, layer: SimpleRNN, config: {units: 2, return_sequences: true, return_state: true}, inputs: [masked, h0]}
outputs: [rnn, "rnn:1"]
)";
  std::vector<HostTensor> weights = {floats({1, 2}, {0.5f, -0.4f}), floats({2, 2}, {0.3f, 0.2f, -0.1f, 0.6f}),
                                     floats({2}, {0.05f, -0.05f})};
  HostTensor h0 = floats({1, 2}, {0.5f, -1});
  SECTION("from the first step") {
    requireClose(runSpecOutput(spec, {floats({1, 2, 1}, {1, 2}), h0}, {{"rnn", weights}}),
                 {0.6640368f, -0.7397831f, 0.8675749f, -0.8213858f});
  }
  SECTION("a masked first step outputs zeros, not the initial state, and keeps it") {
    Result<RunResult> result = runSpec(spec, {floats({1, 2, 1}, {0, 2}), h0}, {{"rnn", weights}});
    REQUIRE(result);
    requireClose(valuesOf(result->outputs[0]), {0, 0, 0.8617232f, -0.8740533f});
    requireClose(valuesOf(result->outputs[1]), {0.8617232f, -0.8740533f});
  }
}

TEST_CASE("LSTM starts from given h and c and returns the final ones", "[executor][recurrent]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 2, 1]}, {name: h0, shape: [1, 1]}, {name: c0, shape: [1, 1]}]
nodes:
  - {name: lstm, layer: LSTM, config: {units: 1, return_state: true}, inputs: [x, h0, c0]}
outputs: [lstm, "lstm:1", "lstm:2"]
)";
  Result<RunResult> result =
      runSpec(spec, {floats({1, 2, 1}, {1, -1}), floats({1, 1}, {0.5f}), floats({1, 1}, {-0.3f})},
              {{"lstm", {floats({1, 4}, {0.3f, -0.2f, 0.5f, 0.4f}), lstmRecurrent(), lstmBias()}}});
  REQUIRE(result);
  requireClose(valuesOf(result->outputs[0]), {-0.05539696f});
  requireClose(valuesOf(result->outputs[1]), {-0.05539696f});
  requireClose(valuesOf(result->outputs[2]), {-0.1328329f});
}

TEST_CASE("an initial state of the wrong shape is an error naming both shapes", "[executor][recurrent]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 2, 1]}, {name: h0, shape: [1, 3]}]
nodes:
  - {name: rnn, layer: SimpleRNN, config: {units: 2}, inputs: [x, h0]}
outputs: [rnn]
)";
  std::vector<HostTensor> weights = {floats({1, 2}, {0.5f, -0.4f}), floats({2, 2}, {0.3f, 0.2f, -0.1f, 0.6f}),
                                     floats({2}, {0.05f, -0.05f})};
  Result<RunResult> result = runSpec(spec, {floats({1, 2, 1}, {1, 2}), floats({1, 3}, {0, 0, 0})}, {{"rnn", weights}});
  REQUIRE_FALSE(result);
  CHECK_THAT(result.error().message, Catch::Contains("initial state 0") && Catch::Contains("(1, 3)") &&
                                         Catch::Contains("(1, 2)"));
}

TEST_CASE("Embedding gathers rows and masks id 0 with mask_zero", "[executor][sequence]") {
  const char* spec = R"(
inputs: [{name: ids, shape: [1, 3], dtype: int32}]
nodes:
  - {name: embed, layer: Embedding, config: {input_dim: 3, output_dim: 2, mask_zero: true}, inputs: [ids]}
  - {name: rnn, layer: SimpleRNN, config: {units: 1, return_sequences: true, activation: linear}, inputs: [embed]}
outputs: [embed, rnn]
)";
  HostTensor table = floats({3, 2}, {0, 0, 1, 2, -1, 0.5f});
  std::vector<HostTensor> rnn = {floats({2, 1}, {1, 1}), floats({1, 1}, {0.5f}), floats({1}, {0})};
  Result<RunResult> result = runSpec(spec, {int32s({1, 3}, {2, 0, 1})}, {{"embed", {table}}, {"rnn", rnn}});
  REQUIRE(result);
  requireClose(valuesOf(result->outputs[0]), {-1, 0.5f, 0, 0, 1, 2});
  // Linear cell h = x0 + x1 + 0.5 h: -0.5; masked, repeated; 3 + 0.5 * -0.5 = 2.75.
  requireClose(valuesOf(result->outputs[1]), {-0.5f, -0.5f, 2.75f});
}

TEST_CASE("Embedding casts float ids and refuses an id beyond input_dim", "[executor][sequence]") {
  const char* spec = R"(
inputs: [{name: ids, shape: [1, 2]}]
nodes:
  - {name: embed, layer: Embedding, config: {input_dim: 3, output_dim: 1}, inputs: [ids]}
outputs: [embed]
)";
  HostTensor table = floats({3, 1}, {10, 20, 30});
  requireClose(runSpecOutput(spec, {floats({1, 2}, {2.0f, 1.7f})}, {{"embed", {table}}}), {30, 20});
  Result<RunResult> result = runSpec(spec, {floats({1, 2}, {1, 3})}, {{"embed", {table}}});
  REQUIRE_FALSE(result);
  CHECK_THAT(result.error().message, Catch::Contains("id 3") && Catch::Contains("input_dim 3"));
}

TEST_CASE("Masking zeroes the steps equal to mask_value", "[executor][sequence]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 3, 2]}]
nodes:
  - {name: masked, layer: Masking, config: {mask_value: -1.0}, inputs: [x]}
outputs: [masked]
)";
  requireClose(runSpecOutput(spec, {floats({1, 3, 2}, {-1, -1, -1, 2, 0, 0})}), {0, 0, -1, 2, 0, 0});
}

TEST_CASE("TimeDistributed applies its Dense to every timestep", "[executor][recurrent]") {
  const char* spec = R"(
inputs: [{name: x, shape: [2, 2, 2]}]
nodes:
  - {name: td, layer: TimeDistributed, config: {layer: {layer: Dense, config: {units: 1, activation: relu}}}, inputs: [x]}
outputs: [td]
)";
  std::vector<float> y = runSpecOutput(spec, {floats({2, 2, 2}, {1, 2, 3, 4, -1, 1, 0.5f, 0})},
                                       {{"td", {floats({2, 1}, {1, -0.5f}), floats({1}, {0.25f})}}});
  requireClose(y, {0.25f, 1.25f, 0, 0.75f});
}
