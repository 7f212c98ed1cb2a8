// Dropout, the noise layers and BatchNormalization called with training=True, which Keras
// honours even in predict() (Monte Carlo dropout). Random draws are checked by their
// distribution and their structure (which elements share a draw), not their values.

#include <cmath>

#include "ExecutorTestUtil.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

/// One `layer` with `config` on input x of `shape`, called with `call`.
std::string oneLayer(const std::string& layer, const std::string& config, const std::string& shape,
                     const std::string& call = "{training: true}") {
  return "inputs: [{name: x, shape: " + shape + "}]\nnodes:\n  - {name: y, layer: " + layer + ", config: " + config +
         ", call: " + call + "}\noutputs: [y]\n";
}

HostTensor ones(std::vector<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return floats(std::move(shape), std::vector<float>(static_cast<size_t>(n), 1.0f));
}

ExecOptions seeded(uint64_t seed) {
  ExecOptions options;
  options.seed = seed;
  return options;
}

}  // namespace

TEST_CASE("Dropout called with training=True drops at the rate and rescales the rest", "[executor][training]") {
  std::string spec = oneLayer("Dropout", "{rate: 0.25}", "[10, 1000]");
  std::vector<float> y = runSpecOutput(spec, {ones({10, 1000})}, {}, 0, seeded(1));
  size_t dropped = 0;
  for (float v : y) {
    REQUIRE((v == 0.0f || v == Approx(1 / 0.75f)));
    dropped += v == 0.0f;
  }
  // 10000 draws at p = 0.25: the count is within 5 standard deviations (43) of 2500.
  CHECK(dropped > 2500 - 220);
  CHECK(dropped < 2500 + 220);

  SECTION("the same seed draws the same mask, another seed another") {
    CHECK(runSpecOutput(spec, {ones({10, 1000})}, {}, 0, seeded(1)) == y);
    CHECK(runSpecOutput(spec, {ones({10, 1000})}, {}, 0, seeded(2)) != y);
  }
  SECTION("without training=True it is the identity") {
    std::vector<float> same = runSpecOutput(oneLayer("Dropout", "{rate: 0.25}", "[10, 1000]", "{training: false}"),
                                            {ones({10, 1000})}, {}, 0, seeded(1));
    CHECK(same == std::vector<float>(10000, 1.0f));
  }
}

TEST_CASE("Dropout's noise_shape shares one draw along its axes of size 1", "[executor][training]") {
  std::vector<float> y = runSpecOutput(oneLayer("Dropout", "{rate: 0.5, noise_shape: [null, 1]}", "[64, 16]"),
                                       {ones({64, 16})}, {}, 0, seeded(3));
  size_t droppedRows = 0;
  for (size_t row = 0; row < 64; ++row) {
    for (size_t col = 1; col < 16; ++col) REQUIRE(y[row * 16 + col] == y[row * 16]);
    droppedRows += y[row * 16] == 0.0f;
  }
  CHECK(droppedRows > 0);
  CHECK(droppedRows < 64);
}

TEST_CASE("SpatialDropout drops whole feature maps", "[executor][training]") {
  SECTION("channels_last: one draw per (batch, channel)") {
    std::vector<float> y = runSpecOutput(oneLayer("SpatialDropout1D", "{rate: 0.5}", "[4, 10, 8]"), {ones({4, 10, 8})},
                                         {}, 0, seeded(4));
    for (size_t b = 0; b < 4; ++b)
      for (size_t t = 1; t < 10; ++t)
        for (size_t c = 0; c < 8; ++c) REQUIRE(y[(b * 10 + t) * 8 + c] == y[b * 10 * 8 + c]);
  }
  SECTION("channels_first: one draw per (batch, channel)") {
    std::vector<float> y =
        runSpecOutput(oneLayer("SpatialDropout2D", "{rate: 0.5, data_format: channels_first}", "[2, 6, 3, 3]"),
                      {ones({2, 6, 3, 3})}, {}, 0, seeded(5));
    for (size_t map = 0; map < 12; ++map)
      for (size_t i = 1; i < 9; ++i) REQUIRE(y[map * 9 + i] == y[map * 9]);
  }
}

TEST_CASE("GaussianNoise and GaussianDropout draw their noise with training=True", "[executor][training]") {
  auto meanAndStd = [](const std::vector<float>& v) {
    double sum = 0, squares = 0;
    for (float x : v) sum += x;
    double mean = sum / static_cast<double>(v.size());
    for (float x : v) squares += (x - mean) * (x - mean);
    return std::pair{mean, std::sqrt(squares / static_cast<double>(v.size()))};
  };
  // 20000 draws: the sample mean is within 0.02 * stddev of the true one with overwhelming odds.
  auto [addMean, addStd] = meanAndStd(runSpecOutput(oneLayer("GaussianNoise", "{stddev: 0.5}", "[20, 1000]"),
                                                    {ones({20, 1000})}, {}, 0, seeded(6)));
  CHECK(addMean == Approx(1.0).margin(0.02));
  CHECK(addStd == Approx(0.5).margin(0.02));
  // GaussianDropout(rate 0.2): multiplies by N(1, sqrt(0.2 / 0.8)) = N(1, 0.5).
  auto [mulMean, mulStd] = meanAndStd(runSpecOutput(oneLayer("GaussianDropout", "{rate: 0.2}", "[20, 1000]"),
                                                    {ones({20, 1000})}, {}, 0, seeded(7)));
  CHECK(mulMean == Approx(1.0).margin(0.02));
  CHECK(mulStd == Approx(0.5).margin(0.02));
}

TEST_CASE("AlphaDropout sets dropped inputs to a fixed value and rescales kept ones", "[executor][training]") {
  // rate 0.1: alpha' = -1.7580993, a = ((0.9)(1 + 0.1 alpha'^2))^-0.5 = 0.9212845,
  // b = -a alpha' rate = 0.1619710; kept x -> a x + b, dropped -> a alpha' + b = -1.4577387.
  std::vector<float> y =
      runSpecOutput(oneLayer("AlphaDropout", "{rate: 0.1}", "[10, 100]"), {ones({10, 100})}, {}, 0, seeded(8));
  size_t dropped = 0;
  for (float v : y) {
    bool kept = v == Approx(1.0832555f).margin(1e-5);
    bool gone = v == Approx(-1.4577387f).margin(1e-5);
    REQUIRE((kept || gone));
    dropped += gone;
  }
  CHECK(dropped > 40);
  CHECK(dropped < 160);
}

TEST_CASE("BatchNormalization called with training=True normalizes by the batch's statistics",
          "[executor][training]") {
  // Channel 0: 1, 2, 3, 6 (mean 3, variance 3.5); channel 1: 2, 2, 2, 2 (mean 2, variance 0).
  HostTensor x = floats({4, 2}, {1, 2, 2, 2, 3, 2, 6, 2});
  std::vector<HostTensor> weights = {floats({2}, {2, 1}), floats({2}, {0.5f, -1}), floats({2}, {100, 100}),
                                     floats({2}, {9, 9})};
  std::vector<float> y = runSpecOutput(oneLayer("BatchNormalization", "{epsilon: 0.5}", "[4, 2]"), {std::move(x)},
                                       {{"y", weights}});
  // gamma * (x - mean) / sqrt(var + 0.5) + beta: channel 0 divides by 2, channel 1 by sqrt(0.5).
  requireClose(y, {-1.5f, -1, -0.5f, -1, 0.5f, -1, 3.5f, -1});

  SECTION("Keras 3 leaves masked steps out of the statistics") {
    std::string spec = R"(
inputs: [{name: x, shape: [1, 4, 1]}]
nodes:
  - {name: masked, layer: Masking, config: {mask_value: 0.0}, inputs: [x]}
  - {name: y, layer: BatchNormalization, config: {epsilon: 0.0, center: false, scale: false}, call: {training: true}}
outputs: [y]
)";
    // Steps 1, 3, (0 masked), 5: mean 3, variance 8/3, each divided by 3 + 1e-7.
    std::vector<float> masked = runSpecOutput(spec, {floats({1, 4, 1}, {1, 3, 0, 5})},
                                              {{"y", {floats({1}, {0}), floats({1}, {1})}}});
    double mean = 9 / (3 + 1e-7), variance = (4 + 0 + 4) / (3 + 1e-7);
    requireClose(masked, {static_cast<float>((1 - mean) / std::sqrt(variance)),
                          static_cast<float>((3 - mean) / std::sqrt(variance)),
                          static_cast<float>((0 - mean) / std::sqrt(variance)),
                          static_cast<float>((5 - mean) / std::sqrt(variance))});
  }
}

TEST_CASE("a layer whose dropout training=True would make random is refused, not run wrong",
          "[executor][training]") {
  SECTION("an LSTM with dropout") {
    Result<RunResult> run = runSpec(oneLayer("LSTM", "{units: 2, dropout: 0.2}", "[1, 3, 2]"), {ones({1, 3, 2})});
    REQUIRE_FALSE(run);
    CHECK_THAT(run.error().message, Catch::Contains("training=True") && Catch::Contains("dropout 0.2"));
  }
  SECTION("a random augmentation") {
    Result<RunResult> run =
        runSpec(oneLayer("RandomFlip", "{mode: horizontal}", "[1, 4, 4, 3]"), {ones({1, 4, 4, 3})});
    REQUIRE_FALSE(run);
    CHECK_THAT(run.error().message, Catch::Contains("transform its input at random"));
  }
  SECTION("an LSTM without dropout runs as at inference") {
    Result<RunResult> run = runSpec(oneLayer("LSTM", "{units: 2}", "[1, 3, 2]"), {ones({1, 3, 2})},
                                    {{"y", {ones({2, 8}), ones({2, 8}), ones({8})}}});
    CHECK(run);
  }
}
