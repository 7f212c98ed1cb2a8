// Pooling kernels on hand-computed cases TF.js cannot give: channels_first, 3-D global
// pooling, GlobalAveragePooling1D under a mask, and adaptive pooling's bins.

#include "ExecutorTestUtil.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

/// Runs layer `className` with `config` on x carrying `mask`, straight through its kernel.
std::vector<float> runMasked(const std::string& className, Value config, const HostTensor& x, const HostTensor& mask) {
  const LayerSchema* schema = LayerCatalogue::builtin().find(className);
  REQUIRE(schema);
  Node node;
  node.name = "pool";
  ExecOptions options;
  std::vector<std::optional<HostTensor>> outputMasks;
  KernelArgs outer{node, nullptr, nullptr, nullptr, {}, {}, {}, {}, outputMasks, options, KernelRegistry::builtin()};
  std::vector<const HostTensor*> inputs = {&x};
  std::vector<MaskRef> masks = {&mask};
  Result<std::vector<HostTensor>> outputs = runInnerLayer(outer, *schema, config, inputs, masks, {}, outputMasks);
  if (!outputs) FAIL(outputs.error().message);
  REQUIRE(outputMasks.size() == 1);
  CHECK_FALSE(outputMasks[0].has_value());  // Keras' compute_mask gives None
  return valuesOf((*outputs)[0]);
}

}  // namespace

TEST_CASE("GlobalAveragePooling1D averages only the unmasked steps", "[executor][pooling]") {
  // Two samples, three steps, two features; sample 0 masks its last step, sample 1 its first.
  HostTensor x = floats({2, 3, 2}, {1, 10, 2, 20, 100, 1000, 100, 1000, 3, 30, 5, 50});
  Result<HostTensor> mask = HostTensor::zeros(ElementType::Bool, {2, 3});
  REQUIRE(mask);
  const uint8_t kept[] = {1, 1, 0, 0, 1, 1};
  std::copy(std::begin(kept), std::end(kept), mask->bytes().begin());
  requireClose(runMasked("GlobalAveragePooling1D", Value::map({}), x, *mask), {1.5f, 15, 4, 40});
  // channels_first: (batch, features, steps); the mask still covers (batch, steps).
  HostTensor first = floats({2, 2, 3}, {1, 2, 100, 10, 20, 1000, 100, 3, 5, 1000, 30, 50});
  Value config = Value::map({Value::Entry{"data_format", Value::string("channels_first"), {}}});
  requireClose(runMasked("GlobalAveragePooling1D", config, first, *mask), {1.5f, 15, 4, 40});
}

TEST_CASE("global pooling over three spatial axes, in both data formats", "[executor][pooling]") {
  auto spec = [](const std::string& layer, const std::string& config) {
    return R"(
inputs: [{name: x, shape: [1, 2, 1, 2, 2]}]
nodes:
  - {name: pool, layer: )" +
           layer + ", config: {" + config + R"(}, inputs: [x]}
outputs: [pool]
)";
  };
  // Channels last: cells [1, 10], [2, 20], [3, 30], [4, 40].
  HostTensor last = floats({1, 2, 1, 2, 2}, {1, 10, 2, 20, 3, 30, 4, 40});
  requireClose(runSpecOutput(spec("GlobalAveragePooling3D", ""), {last}), {2.5f, 25});
  requireClose(runSpecOutput(spec("GlobalMaxPooling3D", ""), {last}), {4, 40});
  Result<RunResult> kept = runSpec(spec("GlobalMaxPooling3D", "keepdims: true"), {last});
  REQUIRE(kept);
  CHECK(kept->outputs[0].shape() == std::vector<int64_t>{1, 1, 1, 1, 2});
  // Channels first: (1, C=2, 1, 2, 2): channel 0 is [1, 2, 3, 4], channel 1 [-1, -2, -3, -4].
  HostTensor first = floats({1, 2, 1, 2, 2}, {1, 2, 3, 4, -1, -2, -3, -4});
  requireClose(runSpecOutput(spec("GlobalAveragePooling3D", "data_format: channels_first"), {first}), {2.5f, -2.5f});
  requireClose(runSpecOutput(spec("GlobalMaxPooling3D", "data_format: channels_first"), {first}), {4, -1});
}

TEST_CASE("channels_first pooling pools each channel's own plane", "[executor][pooling]") {
  const char* maxSpec = R"(
inputs: [{name: x, shape: [1, 2, 2, 2]}]
nodes:
  - {name: pool, layer: MaxPooling2D, config: {pool_size: 2, data_format: channels_first}, inputs: [x]}
outputs: [pool]
)";
  requireClose(runSpecOutput(maxSpec, {floats({1, 2, 2, 2}, {1, 2, 3, 4, -1, -2, -3, -4})}), {4, -1});
  // "same" with stride 1 pads one row and column at the end; the average counts real cells.
  const char* averageSpec = R"(
inputs: [{name: x, shape: [1, 1, 2, 2]}]
nodes:
  - {name: pool, layer: AveragePooling2D, config: {pool_size: 2, strides: 1, padding: same, data_format: channels_first}, inputs: [x]}
outputs: [pool]
)";
  requireClose(runSpecOutput(averageSpec, {floats({1, 1, 2, 2}, {1, 2, 3, 4})}), {2.5f, 3, 3.5f, 4});
}

TEST_CASE("adaptive pooling bins an axis of L into n windows [floor(iL/n), ceil((i+1)L/n))", "[executor][pooling]") {
  auto spec = [](const std::string& layer) {
    return R"(
inputs: [{name: x, shape: [1, 5, 1]}]
nodes:
  - {name: pool, layer: )" +
           layer + R"(, config: {output_size: 2}, inputs: [x]}
outputs: [pool]
)";
  };
  // Bins [0, 3) and [2, 5): they overlap at step 2.
  HostTensor x = floats({1, 5, 1}, {1, 2, 3, 4, 5});
  requireClose(runSpecOutput(spec("AdaptiveAveragePooling1D"), {x}), {2, 4});
  requireClose(runSpecOutput(spec("AdaptiveMaxPooling1D"), {x}), {3, 5});
}
