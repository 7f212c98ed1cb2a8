// Kernels of the preprocessing layers (Normalization, Rescaling, CategoryEncoding,
// Discretization) on small inputs with hand-computed outputs, and their error paths.

#include "ExecutorTestUtil.h"
#include "KernelTestUtil.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

std::string oneLayer(const std::string& layer, const std::string& config, const std::string& input) {
  return "inputs: [" + input + "]\nnodes:\n  - {name: n, layer: " + layer + ", config: " + config +
         ", inputs: [x]}\noutputs: [n]\n";
}

HostTensor ints(std::vector<int64_t> shape, std::vector<int32_t> values) {
  Result<HostTensor> t = HostTensor::fromValues<int32_t>(std::move(shape), values);
  REQUIRE(t);
  return std::move(*t);
}

}  // namespace

TEST_CASE("Normalization divides by max(sqrt(variance), 1e-7) of the adapted weights", "[executor][preprocessing]") {
  HostTensor x = floats({2, 3}, {1, 2, 3, 4, 5, 6});
  HostTensor mean = floats({3}, {1, 2, 3}), variance = floats({3}, {4, 0, 0.25f}), count = floats({}, {10});
  SECTION("forward") {
    std::vector<float> y = runSpecOutput(oneLayer("Normalization", "{}", "{name: x, shape: [2, 3]}"), {x},
                                         {{"n", {mean, variance, count}}});
    std::vector<float> expected = {0, 0, 0, 1.5f, 3e7f, 6};  // a zero variance divides by 1e-7
    REQUIRE(y.size() == expected.size());
    for (size_t i = 0; i < y.size(); ++i) CHECK(y[i] == Approx(expected[i]).epsilon(1e-6));
  }
  SECTION("invert") {
    std::vector<float> y = runSpecOutput(oneLayer("Normalization", "{invert: true}", "{name: x, shape: [2, 3]}"), {x},
                                         {{"n", {mean, variance, count}}});
    requireClose(y, {3, 2, 4.5f, 9, 2, 6});
  }
}

TEST_CASE("Normalization with a scalar mean and variance in the config and axis null", "[executor][preprocessing]") {
  std::vector<float> y =
      runSpecOutput(oneLayer("Normalization", "{axis: null, mean: 2, variance: 4}", "{name: x, shape: [2, 3]}"),
                    {floats({2, 3}, {1, 2, 3, 4, 5, 6})});
  requireClose(y, {-0.5f, 0, 0.5f, 1, 1.5f, 2});
}

TEST_CASE("Normalization with a per-feature mean list in the config", "[executor][preprocessing]") {
  std::vector<float> y = runSpecOutput(
      oneLayer("Normalization", "{mean: [1, 2, 3], variance: [1, 4, 16]}", "{name: x, shape: [1, 3]}"),
      {floats({1, 3}, {3, 4, 5})});
  requireClose(y, {2, 1, 0.5f});
}

TEST_CASE("Rescaling multiplies by scale and adds offset, per channel when given lists", "[executor][preprocessing]") {
  SECTION("numbers") {
    std::vector<float> y = runSpecOutput(oneLayer("Rescaling", "{scale: 0.5, offset: -1}", "{name: x, shape: [1, 3]}"),
                                         {floats({1, 3}, {0, 2, 4})});
    requireClose(y, {-1, 0, 1});
  }
  SECTION("per-channel lists") {
    std::vector<float> y = runSpecOutput(
        oneLayer("Rescaling", "{scale: [1, 2], offset: [0, 10]}", "{name: x, shape: [2, 2]}"), {floats({2, 2}, {1, 1, 3, 3})});
    requireClose(y, {1, 12, 3, 16});
  }
}

TEST_CASE("CategoryEncoding encodes ids one-hot, multi-hot and as counts", "[executor][preprocessing]") {
  HostTensor ids = ints({2, 3}, {0, 2, 2, 3, 1, 1});
  std::string input = "{name: x, shape: [2, 3], dtype: int32}";
  SECTION("multi_hot") {
    std::vector<float> y = runSpecOutput(oneLayer("CategoryEncoding", "{num_tokens: 4}", input), {ids});
    requireClose(y, {1, 0, 1, 0, 0, 1, 0, 1});
  }
  SECTION("count") {
    std::vector<float> y =
        runSpecOutput(oneLayer("CategoryEncoding", "{num_tokens: 4, output_mode: count}", input), {ids});
    requireClose(y, {1, 0, 2, 0, 0, 2, 0, 1});
  }
  SECTION("one_hot") {
    std::vector<float> y =
        runSpecOutput(oneLayer("CategoryEncoding", "{num_tokens: 4, output_mode: one_hot}", input), {ids});
    requireClose(y, {1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0});
  }
}

TEST_CASE("CategoryEncoding accepts TF.js's camelCase output modes", "[executor][preprocessing]") {
  Value config = Value::map({{"num_tokens", Value::integer(3), {}}, {"output_mode", Value::string("multiHot"), {}}});
  KernelRun run = runKernel("CategoryEncoding", config, {ints({2, 2}, {0, 2, 1, 1})}, {}, {}, {{2, 3}});
  REQUIRE_FALSE(run.error);
  requireClose(valuesOf(run.outputs[0]), {1, 0, 1, 0, 1, 0});
}

TEST_CASE("CategoryEncoding names an id outside [0, num_tokens)", "[executor][preprocessing]") {
  Result<RunResult> result = runSpec(oneLayer("CategoryEncoding", "{num_tokens: 3}", "{name: x, shape: [1, 2], dtype: int32}"),
                                     {ints({1, 2}, {1, 5})});
  REQUIRE_FALSE(result);
  CHECK_THAT(result.error().message, Catch::Contains("id 5") && Catch::Contains("[0, 3)"));
}

TEST_CASE("Discretization buckets values by bin_boundaries", "[executor][preprocessing]") {
  HostTensor x = floats({1, 4}, {-1, 0, 0.5f, 2});
  SECTION("int") {
    Result<RunResult> result =
        runSpec(oneLayer("Discretization", "{bin_boundaries: [0, 1]}", "{name: x, shape: [1, 4]}"), {x});
    REQUIRE(result);
    llvm::ArrayRef<int32_t> bins = result->outputs[0].data<int32_t>();
    CHECK(std::vector<int32_t>(bins.begin(), bins.end()) == std::vector<int32_t>{0, 1, 1, 2});
  }
  SECTION("count") {
    std::vector<float> y = runSpecOutput(
        oneLayer("Discretization", "{bin_boundaries: [0, 1], output_mode: count}", "{name: x, shape: [1, 4]}"), {x});
    requireClose(y, {1, 2, 1});
  }
}
