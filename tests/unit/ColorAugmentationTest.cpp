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
using test::ints;
using test::numbers;
using test::issuesOf;
using test::shape;

using Issues = std::vector<std::string>;

Outcome run(const std::string& className, std::vector<Value::Entry> entries, const std::vector<std::string>& input) {
  return test::runLayer(className, std::move(entries), input);
}

}  // namespace

TEST_CASE("layers that convert RGB need 3 channels", "[shape][augmentation]") {
  Value::Entry factor = attr("factor", Value::number(0.2));
  Value::Entry first = attr("data_format", Value::string("channels_first"));
  auto [layer, config] = GENERATE_COPY(table<std::string, std::vector<Value::Entry>>({
      {"RandomHue", {factor}},
      {"RandomSaturation", {factor}},
      {"RandomColorDegeneration", {factor}},
      {"RandomColorJitter", {attr("hue_factor", Value::number(0.2))}},
      {"RandomColorJitter", {attr("saturation_factor", Value::number(0.5))}},
  }));
  INFO(layer);
  CHECK(errorOf(run(layer, config, {"batch", "h", "w", "4"})) ==
        layer + " expects RGB images (3 channels), got 4 channels in the input (batch, h, w, 4)");
  CHECK(errorOf(run(layer, config, {"h", "w", "1"})) ==
        layer + " expects RGB images (3 channels), got 1 channels in the input (h, w, 1)");
  config.push_back(first);
  CHECK(errorOf(run(layer, config, {"batch", "1", "h", "w"})) ==
        layer + " expects RGB images (3 channels), got 1 channels in the input (batch, 1, h, w)");
  checkShape(run(layer, config, {"batch", "3", "h", "w"}), {"batch", "3", "h", "w"});

  // A symbolic channel count is assumed to be 3, and the assumption is recorded.
  AssumptionLog log;
  config.pop_back();
  Outcome symbolic =
      test::runLayerOnInputs(layer, config, {TensorType::of(DType::Float32, shape({"batch", "h", "w", "c"}))}, &log);
  checkShape(symbolic, {"batch", "h", "w", "c"});
  REQUIRE(log.items().size() == 1);
  CHECK(log.items()[0].reason == "channels of the input of " + layer + " (RGB)");
}

TEST_CASE("colour layers that do not convert RGB take any channel count", "[shape][augmentation]") {
  Value::Entry factor = attr("factor", Value::number(0.2));
  auto [layer, config] = GENERATE_COPY(table<std::string, std::vector<Value::Entry>>({
      {"RandomContrast", {factor}},
      {"RandomBrightness", {factor}},
      {"RandomSharpness", {factor}},
      {"RandomColorJitter", {attr("brightness_factor", Value::number(0.2)), attr("contrast_factor", factor.value)}},
      {"RandomInvert", {}},
      {"Equalization", {}},
      {"AutoContrast", {}},
  }));
  INFO(layer);
  checkShape(run(layer, config, {"batch", "h", "w", "1"}), {"batch", "h", "w", "1"});
  checkShape(run(layer, config, {"batch", "h", "w", "4"}), {"batch", "h", "w", "4"});
  AssumptionLog log;
  checkShape(
      test::runLayerOnInputs(layer, config, {TensorType::of(DType::Float32, shape({"batch", "h", "w", "c"}))}, &log),
      {"batch", "h", "w", "c"});
  CHECK(log.empty());
}

TEST_CASE("random grayscale keeps the channels and the input's dtype", "[shape][augmentation]") {
  Outcome rgb = test::runLayer("RandomGrayscale", {}, TensorType::of(DType::UInt8, shape({"batch", "h", "w", "3"})));
  checkShape(rgb, {"batch", "h", "w", "3"});
  CHECK(rgb.outputs->front().dtype == DType::UInt8);
  checkShape(run("RandomGrayscale", {attr("factor", Value::number(1.0))}, {"batch", "h", "w", "1"}),
             {"batch", "h", "w", "1"});
  checkShape(run("RandomGrayscale", {attr("data_format", Value::string("channels_first"))}, {"batch", "3", "h", "w"}),
             {"batch", "3", "h", "w"});
  checkShape(run("RandomGrayscale", {}, {"batch", "h", "w", "c"}), {"batch", "h", "w", "c"});
  CHECK(errorOf(run("RandomGrayscale", {}, {"batch", "h", "w", "4"})) ==
        "RandomGrayscale expects RGB (3 channels) or grayscale (1 channel) images, got 4 channels in the input "
        "(batch, h, w, 4)");
  CHECK(errorOf(run("RandomGrayscale", {attr("data_format", Value::string("channels_first"))}, {"2", "h", "w"})) ==
        "RandomGrayscale expects RGB (3 channels) or grayscale (1 channel) images, got 2 channels in the input "
        "(2, h, w)");
  // factor is a probability: one number, no range.
  CHECK(issuesOf("RandomGrayscale", {attr("factor", Value::number(1.5))}) ==
        Issues{"RandomGrayscale attribute 'factor' must be in [0, 1], got 1.5"});
  CHECK(issuesOf("RandomGrayscale", {attr("factor", numbers({0.1, 0.2}))}) ==
        Issues{"RandomGrayscale attribute 'factor' must be a number, got a list"});
}

TEST_CASE("colour augmentation layers take Keras 3 get_config output", "[shape][augmentation]") {
  Value::Entry name = attr("name", Value::string("aug")), trainable = attr("trainable", Value::boolean(true));
  Value::Entry dtype = attr("dtype", Value::string("float32")),
               last = attr("data_format", Value::string("channels_last"));
  Value::Entry seed = attr("seed", Value::integer(7)), range = attr("value_range", numbers({0.0, 1.0}));
  auto [layer, config] = GENERATE_COPY(table<std::string, std::vector<Value::Entry>>({
      {"RandomContrast", {attr("factor", numbers({0.2, 0.2})), range, seed}},
      {"RandomBrightness", {attr("factor", numbers({-0.2, 0.2})), range, seed}},
      {"RandomGrayscale", {attr("factor", Value::number(0.5)), seed}},
      {"RandomHue", {attr("factor", numbers({0.0, 0.5})), range, seed}},
      {"RandomSaturation", {attr("factor", numbers({0.0, 0.5})), range, seed}},
      {"RandomSharpness", {attr("factor", numbers({0.0, 0.5})), range, seed}},
      {"RandomColorDegeneration", {attr("factor", numbers({0.0, 0.5})), range, seed}},
      {"RandomColorJitter",
       {range, attr("brightness_factor", Value::number(0.2)), attr("contrast_factor", Value::null()),
        attr("saturation_factor", numbers({0.4, 0.6})), attr("hue_factor", Value::number(0.1)), seed}},
      {"RandomPosterization", {attr("factor", ints({1, 8})), range, seed}},
      {"RandomInvert", {attr("factor", numbers({0.0, 0.5})), range, seed}},
      {"RandomGaussianBlur",
       {attr("factor", numbers({0.0, 1.0})), attr("kernel_size", ints({3, 3})), attr("sigma", numbers({0.0, 1.0})),
        range, seed}},
      {"Solarization",
       {attr("addition_factor", numbers({0.0, 0.2})), attr("threshold_factor", numbers({0.0, 0.5})), range, seed}},
      {"AutoContrast", {range}},
      {"Equalization", {range, attr("bins", Value::integer(256))}},
      {"ContrastLimitedAdaptiveHistogramEqualization",
       {range, attr("clip_limit", Value::number(4.0)), attr("tile_grid_size", ints({8, 8}))}},
  }));
  INFO(layer);
  config.insert(config.begin(), {name, trainable, dtype, last});
  CHECK(issuesOf(layer, config).empty());
}

TEST_CASE("colour augmentation factors and ranges are checked as Keras checks them", "[shape][augmentation]") {
  auto [layer, config, expected] = GENERATE(table<std::string, std::vector<Value::Entry>, std::string>({
      {"RandomContrast",
       {attr("factor", Value::number(1.5))},
       "RandomContrast attribute 'factor' must be in [0, 1], got 1.5"},
      // Only RandomRotation and RandomBrightness hand factor to the base class, which reads null as 0.
      {"RandomContrast",
       {attr("factor", Value::null())},
       "RandomContrast attribute 'factor' must be a number or a list of two numbers, got None"},
      {"RandomContrast",
       {attr("factor", Value::number(0.2)), attr("value_range", ints({0, 128, 255}))},
       "RandomContrast attribute 'value_range' must be a list of two numbers [low, high], got [0, 128, 255]"},
      {"RandomBrightness",
       {attr("factor", Value::number(-1.5))},
       "RandomBrightness attribute 'factor' must be in [-1, 1], got -1.5"},
      {"RandomBrightness",
       {},
       "RandomBrightness needs the attribute 'factor' (the offset range, as a fraction of value_range)"},
      {"RandomHue",
       {attr("factor", numbers({-0.5, -0.1}))},
       "RandomHue attribute 'factor' must be a range [lower, upper] with lower <= 1 and upper >= 0, got [-0.5, -0.1]"},
      {"RandomPosterization",
       {attr("factor", Value::integer(0))},
       "RandomPosterization attribute 'factor' must be in [1, 8], got 0"},
      {"RandomPosterization",
       {attr("factor", Value::integer(9))},
       "RandomPosterization attribute 'factor' must be in [1, 8], got 9"},
      {"RandomGaussianBlur",
       {attr("kernel_size", Value::integer(4))},
       "RandomGaussianBlur attribute 'kernel_size' must be an odd integer or a list of two odd integers, got 4"},
      {"RandomGaussianBlur",
       {attr("kernel_size", ints({3, 5, 7}))},
       "RandomGaussianBlur attribute 'kernel_size' must be an odd integer or a list of two odd integers, got [3, 5, "
       "7]"},
      {"RandomGaussianBlur",
       {attr("sigma", Value::number(2.0))},
       "RandomGaussianBlur attribute 'sigma' must be in [0, 1], got 2.0"},
      {"Solarization",
       {attr("threshold_factor", numbers({0.5, 1.5}))},
       "Solarization attribute 'threshold_factor' must be a number or a list of two numbers, each in [0, 1], got [0.5, "
       "1.5]"},
      {"RandomColorJitter",
       {attr("contrast_factor", Value::number(-0.5))},
       "RandomColorJitter attribute 'contrast_factor' must be in [0, 1], got -0.5"},
      {"RandomColorJitter",
       {attr("hue_factor", Value::string("0.1"))},
       "RandomColorJitter attribute 'hue_factor' must be a number or a list of two numbers, got \"0.1\""},
      {"Equalization", {attr("bins", Value::integer(0))}, "Equalization attribute 'bins' must be >= 1, got 0"},
      {"ContrastLimitedAdaptiveHistogramEqualization",
       {attr("tile_grid_size", ints({8}))},
       "ContrastLimitedAdaptiveHistogramEqualization attribute 'tile_grid_size' must be a list of two integers (rows, "
       "cols), each >= 1, got [8]"},
      {"AutoContrast", {attr("factor", Value::number(0.5))}, "AutoContrast has no attribute 'factor'"},
  }));
  INFO(layer);
  CHECK(issuesOf(layer, config) == Issues{expected});
}

TEST_CASE("colour augmentation factors accept what Keras accepts", "[shape][augmentation]") {
  auto [layer, config] = GENERATE(table<std::string, std::vector<Value::Entry>>({
      {"RandomBrightness", {attr("factor", Value::null())}},
      {"RandomSaturation", {attr("factor", Value::number(-1.0))}},
      {"RandomContrast", {attr("factor", numbers({0.5, 3.0}))}},
      {"RandomPosterization", {attr("factor", Value::number(8.0))}},
      {"RandomGaussianBlur", {attr("kernel_size", Value::number(5.0)), attr("sigma", numbers({0.1, 2.0}))}},
      {"ContrastLimitedAdaptiveHistogramEqualization", {attr("clip_limit", Value::integer(0))}},
      {"RandomColorJitter", {attr("brightness_factor", Value::null()), attr("hue_factor", Value::null())}},
  }));
  INFO(layer);
  CHECK(issuesOf(layer, config).empty());
}
