// The executor's run loop and memory plan, on small models with hand-computed outputs.

#include "ExecutorTestUtil.h"

#include "executor/MemoryPlan.h"

using namespace graphlint;
using namespace graphlint::test;

TEST_CASE("memory plan frees a tensor after its last use and reuses its buffer", "[executor][plan]") {
  // a -> b -> c -> d, each 100 bytes: two buffers suffice.
  std::vector<PlanStep> steps = {{{}, {0}}, {{0}, {1}}, {{1}, {2}}, {{2}, {3}}};
  MemoryPlan plan = planMemory(steps, {100, 100, 100, 100}, {false, false, false, true});
  CHECK(plan.bufferBytes.size() == 2);
  CHECK(plan.arenaBytes() == 200);
  CHECK(plan.totalBytes == 400);
  CHECK(plan.peakLiveBytes == 200);
  CHECK(plan.releaseAfter[1] == std::vector<size_t>{0});
  CHECK(plan.releaseAfter[3] == std::vector<size_t>{2});  // not 3: the output is kept
}

TEST_CASE("memory plan writes an in-place step over its dying input", "[executor][plan]") {
  std::vector<PlanStep> steps = {{{}, {0}}, {{0}, {1}, true}, {{1}, {2}, true}};
  MemoryPlan plan = planMemory(steps, {64, 64, 64}, {false, false, true});
  CHECK(plan.bufferBytes.size() == 1);
  CHECK(plan.tensors[1].inPlace);
  CHECK(plan.tensors[2].inPlace);
  CHECK(plan.tensors[2].buffer == plan.tensors[0].buffer);
}

TEST_CASE("memory plan keeps an input alive when another step still reads it", "[executor][plan]") {
  // t0 feeds an in-place step and a later step: no in-place write over it.
  std::vector<PlanStep> steps = {{{}, {0}}, {{0}, {1}, true}, {{0, 1}, {2}}};
  MemoryPlan plan = planMemory(steps, {64, 64, 64}, {false, false, true});
  CHECK_FALSE(plan.tensors[1].inPlace);
  CHECK(plan.tensors[1].buffer != plan.tensors[0].buffer);
}

TEST_CASE("memory plan never writes over a model output", "[executor][plan]") {
  std::vector<PlanStep> steps = {{{}, {0}}, {{0}, {1}, true}};
  MemoryPlan plan = planMemory(steps, {64, 64}, {true, true});
  CHECK_FALSE(plan.tensors[1].inPlace);
  CHECK(plan.bufferBytes.size() == 2);
}

TEST_CASE("memory plan picks the smallest free buffer that fits", "[executor][plan]") {
  // 0 (1000) and 1 (10) die; 3 (8) should take 1's buffer, not 0's.
  std::vector<PlanStep> steps = {{{}, {0}}, {{}, {1}}, {{0, 1}, {2}}, {{2}, {3}}, {{2, 3}, {4}}};
  MemoryPlan plan = planMemory(steps, {1000, 10, 500, 8, 4}, {false, false, false, false, true});
  CHECK(plan.tensors[3].buffer == plan.tensors[1].buffer);
}

namespace {

const char* kDenseSpec = R"(
inputs: [{name: x, shape: [2, 3]}]
nodes:
  - {name: dense, layer: Dense, config: {units: 2, activation: relu}, inputs: [x]}
outputs: [dense]
)";

}  // namespace

TEST_CASE("Dense multiplies by the kernel, adds the bias and applies the activation", "[executor]") {
  HostTensor x = floats({2, 3}, {1, 2, 3, -1, -2, -3});
  HostTensor kernel = floats({3, 2}, {1, -1, 0, 1, 2, 0});
  HostTensor bias = floats({2}, {0.5f, 0});
  std::vector<float> y = runSpecOutput(kDenseSpec, {std::move(x)}, {{"dense", {kernel, bias}}});
  // Row 0: [1+0+6, -1+2+0] + bias = [7.5, 1]; row 1: [-7+0.5, -1] -> relu -> [0, 0].
  requireClose(y, {7.5f, 1, 0, 0});
}

TEST_CASE("a run with the wrong input shape names the input and both shapes", "[executor]") {
  HostTensor kernel = floats({3, 2}, {1, 1, 1, 1, 1, 1});
  HostTensor bias = floats({2}, {0, 0});
  Result<RunResult> result = runSpec(kDenseSpec, {floats({2, 4}, std::vector<float>(8, 1))}, {{"dense", {kernel, bias}}});
  REQUIRE_FALSE(result);
  CHECK_THAT(result.error().message, Catch::Contains("'x'") && Catch::Contains("(2, 4)") && Catch::Contains("(2, 3)"));
}

TEST_CASE("a kernel's missing weights are an error, not a crash", "[executor]") {
  Result<RunResult> result = runSpec(kDenseSpec, {floats({2, 3}, std::vector<float>(6, 1))});
  REQUIRE_FALSE(result);
  CHECK_THAT(result.error().message, Catch::Contains("dense") && Catch::Contains("expected 2 weights, got 0"));
}

TEST_CASE("hard_sigmoid follows the file's Keras version", "[executor][activation]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 3]}]
nodes:
  - {name: act, layer: Activation, config: {activation: hard_sigmoid}, inputs: [x]}
outputs: [act]
)";
  ExecOptions keras2;
  keras2.kerasMajor = 2;
  // Keras 2: clip(0.2x + 0.5, 0, 1); Keras 3: relu6(x + 3) / 6.
  requireClose(runSpecOutput(spec, {floats({1, 3}, {1, -2, 2.6f})}, {}, 0, keras2), {0.7f, 0.1f, 1.0f});
  requireClose(runSpecOutput(spec, {floats({1, 3}, {1, -2, 2.6f})}), {4.0f / 6, 1.0f / 6, 5.6f / 6});
}

TEST_CASE("chained in-place layers give the same numbers as copies", "[executor][plan]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 4]}]
nodes:
  - {name: a, layer: Activation, config: {activation: relu}, inputs: [x]}
  - {name: drop, layer: Dropout, config: {rate: 0.5}, inputs: [a]}
  - {name: r, layer: Reshape, config: {target_shape: [2, 2]}, inputs: [drop]}
  - {name: b, layer: Activation, config: {activation: tanh}, inputs: [r]}
outputs: [b]
)";
  Result<RunResult> result = runSpec(spec, {floats({1, 4}, {-1, 0.5f, 2, -3})});
  REQUIRE(result);
  CHECK(result->stats.inPlaceSteps == 4);
  requireClose(valuesOf(result->outputs[0]), {0, std::tanh(0.5f), std::tanh(2.0f), 0});
  CHECK(result->outputs[0].shape() == std::vector<int64_t>{1, 2, 2});
}

TEST_CASE("merge layers broadcast and Concatenate joins along its axis", "[executor][merge]") {
  const char* spec = R"(
inputs: [{name: a, shape: [2, 2]}, {name: b, shape: [1, 2]}]
nodes:
  - {name: sum, layer: Add, inputs: [a, b]}
  - {name: joined, layer: Concatenate, config: {axis: 1}, inputs: [sum, a]}
outputs: [joined]
)";
  std::vector<float> y = runSpecOutput(spec, {floats({2, 2}, {1, 2, 3, 4}), floats({1, 2}, {10, 20})});
  requireClose(y, {11, 22, 1, 2, 13, 24, 3, 4});
}

TEST_CASE("random image augmentations are the identity at inference", "[executor]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 2, 2, 1]}]
nodes:
  - {name: flip, layer: RandomFlip, inputs: [x]}
  - {name: turn, layer: RandomRotation, config: {factor: 0.2}, inputs: [flip]}
outputs: [turn]
)";
  requireClose(runSpecOutput(spec, {floats({1, 2, 2, 1}, {1, 2, 3, 4})}), {1, 2, 3, 4});
}

TEST_CASE("float16 layers compute in float32 and round their outputs to float16", "[executor][float16]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 3], dtype: float16}]
nodes:
  - {name: dense, layer: Dense, config: {units: 2, dtype: float16}, inputs: [x]}
  - {name: act, layer: Activation, config: {activation: sigmoid, dtype: float16}}
outputs: [dense, act]
)";
  // x = (1, 2, 3) is exact in float16; x @ kernel + bias = (1.0001, 0.1) in float32.
  Result<HostTensor> x = HostTensor::fromValues<Half>({1, 3}, {floatToHalf(1), floatToHalf(2), floatToHalf(3)});
  REQUIRE(x);
  HostTensor kernel = floats({3, 2}, {0.0001f, 0.1f, 0, 0, 1.0f / 3, 0});
  HostTensor bias = floats({2}, {0, 0});
  Result<RunResult> result = runSpec(spec, {std::move(*x)}, {{"dense", {kernel, bias}}});
  REQUIRE(result);
  const HostTensor& dense = result->outputs[0];
  REQUIRE(dense.elementType() == ElementType::Float16);
  // 1.0001 rounds to 1 (float16 steps by 2^-10 near 1); 0.1 to 0.0999755859375.
  CHECK(halfToFloat(dense.data<Half>()[0].bits) == 1.0f);
  CHECK(halfToFloat(dense.data<Half>()[1].bits) == 0.0999755859375f);
  // The activation reads the rounded values: sigmoid(1) = 0.731059 -> 0.73095703125.
  const HostTensor& act = result->outputs[1];
  REQUIRE(act.elementType() == ElementType::Float16);
  CHECK(halfToFloat(act.data<Half>()[0].bits) == 0.73095703125f);
}

TEST_CASE("a mixed_float16 layer rounds its float32 inputs and weights to float16 first", "[executor][float16]") {
  const char* spec = R"(
inputs: [{name: x, shape: [1, 3]}]
nodes:
  - {name: dense, layer: Dense, config: {units: 1, dtype: mixed_float16}, inputs: [x]}
outputs: [dense]
)";
  // Keras casts x to float16: 1.0004 -> 1, so the sum is 3. Summed in float32 first, 3.0012
  // would round to 3.001953125.
  Result<RunResult> result = runSpec(spec, {floats({1, 3}, {1.0004f, 1.0004f, 1.0004f})},
                                     {{"dense", {floats({3, 1}, {1, 1, 1}), floats({1}, {0})}}});
  REQUIRE(result);
  REQUIRE(result->outputs[0].elementType() == ElementType::Float16);
  CHECK(halfToFloat(result->outputs[0].data<Half>()[0].bits) == 3.0f);

  SECTION("and its weights") {
    Result<RunResult> weighted = runSpec(spec, {floats({1, 3}, {1, 1, 1})},
                                         {{"dense", {floats({3, 1}, {1.0004f, 1.0004f, 1.0004f}), floats({1}, {0})}}});
    REQUIRE(weighted);
    CHECK(halfToFloat(weighted->outputs[0].data<Half>()[0].bits) == 3.0f);
  }
}
