#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "LayerTestUtil.h"

using namespace graphlint;

namespace {

using Outcome = test::LayerOutcome;
using test::attr;
using test::checkShape;
using test::errorOf;
using test::issuesOf;
using test::shape;

using Issues = std::vector<std::string>;

Outcome run(const std::string& className, std::vector<Value::Entry> entries, const std::vector<std::string>& input) {
  return test::runLayer(className, std::move(entries), input);
}

struct Case {
  std::string layer;
  std::vector<Value::Entry> config;
  std::vector<std::string> input;
};

}  // namespace

TEST_CASE("regularization layers keep the input's shape and have no weights", "[shape][regularization]") {
  Value::Entry rate = attr("rate", Value::number(0.25));
  Value::Entry first = attr("data_format", Value::string("channels_first"));
  Case c = GENERATE_COPY(values<Case>({
      {"SpatialDropout1D", {rate}, {"batch", "seq", "16"}},
      {"SpatialDropout1D", {rate, attr("seed", Value::integer(7))}, {"32", "100", "8"}},
      {"SpatialDropout2D", {rate}, {"batch", "h", "w", "c"}},
      {"SpatialDropout2D", {rate, first}, {"batch", "3", "28", "28"}},
      {"SpatialDropout3D", {rate}, {"batch", "d", "h", "w", "4"}},
      {"SpatialDropout3D", {rate, first}, {"batch", "4", "d", "h", "w"}},
      {"GaussianNoise", {attr("stddev", Value::number(0.1))}, {"batch", "seq", "64"}},
      {"GaussianNoise", {attr("stddev", Value::integer(1))}, {"batch", "10"}},
      {"GaussianDropout", {rate}, {"batch", "h", "w", "3"}},
      {"AlphaDropout", {rate}, {"batch", "128"}},
      {"AlphaDropout", {rate, attr("noise_shape", Value::list({Value::null(), Value::integer(1)}))},
       {"batch", "n"}},
      {"ActivityRegularization", {}, {"batch", "seq", "d"}},
      {"ActivityRegularization", {attr("l1", Value::number(0.01)), attr("l2", Value::integer(1))}, {"4", "5"}},
  }));
  INFO(c.layer << " on " << formatShape(shape(c.input)));
  Outcome outcome = run(c.layer, c.config, c.input);
  checkShape(outcome, c.input);
  CHECK(outcome.params == Dim::constant(0));
}

TEST_CASE("regularization layers compute in the layer's dtype", "[shape][regularization]") {
  auto [layer, config] = GENERATE(table<std::string, std::vector<Value::Entry>>({
      {"SpatialDropout1D", {attr("rate", Value::number(0.5))}},
      {"GaussianNoise", {attr("stddev", Value::number(0.5))}},
      {"GaussianDropout", {attr("rate", Value::number(0.5))}},
      {"AlphaDropout", {attr("rate", Value::number(0.5))}},
      {"ActivityRegularization", {}},
  }));
  INFO(layer);
  Outcome plain = test::runLayer(layer, config, TensorType::of(DType::Float64, shape({"batch", "seq", "8"})));
  REQUIRE(plain.outputs);
  CHECK(plain.outputs->front().dtype == DType::Float32);
  config.push_back(attr("dtype", Value::string("bfloat16")));
  Outcome half = run(layer, config, {"batch", "seq", "8"});
  REQUIRE(half.outputs);
  CHECK(half.outputs->front().dtype == DType::BFloat16);
}

TEST_CASE("spatial dropout needs the rank of its spatial layout", "[shape][regularization]") {
  Value::Entry rate = attr("rate", Value::number(0.2));
  CHECK(errorOf(run("SpatialDropout1D", {rate}, {"batch", "16"})) ==
        "SpatialDropout1D expects a 3-D input (batch, steps, channels), got the 2-D input (batch, 16)");
  CHECK(errorOf(run("SpatialDropout2D", {rate}, {"batch", "seq", "16"})) ==
        "SpatialDropout2D expects a 4-D input (batch, rows, cols, channels), got the 3-D input (batch, seq, 16)");
  CHECK(errorOf(run("SpatialDropout2D", {rate, attr("data_format", Value::string("channels_first"))},
                    {"batch", "3", "h", "w", "1"})) ==
        "SpatialDropout2D expects a 4-D input (batch, channels, rows, cols), got the 5-D input (batch, 3, h, w, 1)");
  CHECK(errorOf(run("SpatialDropout3D", {rate}, {"batch", "h", "w", "c"})) ==
        "SpatialDropout3D expects a 5-D input (batch, depth, rows, cols, channels), got the 4-D input "
        "(batch, h, w, c)");
  // Unknown rank: nothing to check.
  Outcome unknown = test::runLayer("SpatialDropout2D", {rate}, TensorType::unknown());
  REQUIRE(unknown.outputs);
  CHECK_FALSE(unknown.outputs->front().hasRank());
}

TEST_CASE("regularization attributes outside Keras' domains are attribute issues", "[shape][regularization]") {
  CHECK(issuesOf("SpatialDropout2D", {attr("rate", Value::number(1.5))}) ==
        Issues{"SpatialDropout2D attribute 'rate' must be in [0, 1], got 1.5"});
  CHECK(issuesOf("GaussianNoise", {attr("stddev", Value::number(2.5))}) ==
        Issues{"GaussianNoise attribute 'stddev' must be in [0, 1], got 2.5"});
  CHECK(issuesOf("GaussianDropout", {attr("rate", Value::number(-0.1))}) ==
        Issues{"GaussianDropout attribute 'rate' must be in [0, 1], got -0.1"});
  CHECK(issuesOf("AlphaDropout", {attr("rate", Value::number(1.01))}) ==
        Issues{"AlphaDropout attribute 'rate' must be in [0, 1], got 1.01"});
  CHECK(issuesOf("ActivityRegularization", {attr("l1", Value::number(-0.01))}) ==
        Issues{"ActivityRegularization attribute 'l1' must be >= 0, got -0.01"});
  CHECK(issuesOf("ActivityRegularization", {attr("l2", Value::string("0.1"))}) ==
        Issues{"ActivityRegularization attribute 'l2' must be a number or null, got \"0.1\""});
  // Rate 1 and stddev 0 are allowed, as in Keras.
  CHECK(issuesOf("GaussianDropout", {attr("rate", Value::integer(1))}).empty());
  CHECK(issuesOf("GaussianNoise", {attr("stddev", Value::integer(0))}).empty());
  // Keras' L1L2 reads null as 0.
  CHECK(issuesOf("ActivityRegularization", {attr("l1", Value::null()), attr("l2", Value::null())}).empty());

  CHECK(issuesOf("SpatialDropout1D", {}).size() == 1);
  CHECK(issuesOf("GaussianNoise", {}).size() == 1);
  // Spatial dropout's noise shape is fixed; only 2-D and 3-D have a data format.
  CHECK(issuesOf("SpatialDropout2D", {attr("rate", Value::number(0.5)), attr("noise_shape", Value::null())}) ==
        Issues{"SpatialDropout2D has no attribute 'noise_shape'"});
  CHECK(issuesOf("SpatialDropout1D",
                 {attr("rate", Value::number(0.5)), attr("data_format", Value::string("channels_last"))})
            .size() == 1);
  CHECK(issuesOf("SpatialDropout3D",
                 {attr("rate", Value::number(0.5)), attr("data_format", Value::string("channels_middle"))})
            .size() == 1);
  CHECK(issuesOf("GaussianDropout", {attr("rate", Value::number(0.5)), attr("noise_shape", Value::null())}).size() ==
        1);
}

TEST_CASE("regularization schemas accept Keras 3 configs", "[shape][regularization]") {
  std::vector<Value::Entry> spatial = {attr("rate", Value::number(0.1)), attr("seed", Value::null()),
                                       attr("name", Value::string("spatial_dropout2d")),
                                       attr("dtype", Value::string("float32")),
                                       attr("data_format", Value::string("channels_last"))};
  CHECK(issuesOf("SpatialDropout2D", spatial).empty());
  std::vector<Value::Entry> alpha = {attr("name", Value::string("alpha_dropout")),
                                     attr("trainable", Value::boolean(true)), attr("rate", Value::number(0.1)),
                                     attr("seed", Value::integer(3)), attr("noise_shape", Value::null())};
  CHECK(issuesOf("AlphaDropout", alpha).empty());
  CHECK(issuesOf("ActivityRegularization", {attr("l1", Value::number(0.0)), attr("l2", Value::number(0.01))})
            .empty());
  CHECK(issuesOf("GaussianNoise", {attr("stddev", Value::number(0.1)), attr("seed", Value::null())}).empty());
  CHECK(issuesOf("GaussianDropout", {attr("rate", Value::number(0.1)), attr("seed", Value::null())}).empty());
  // ActivityRegularization's get_config drops the base activity_regularizer: l1 and l2 stand for it.
  CHECK(issuesOf("ActivityRegularization", {attr("activity_regularizer", Value::null())}).size() == 1);
}
