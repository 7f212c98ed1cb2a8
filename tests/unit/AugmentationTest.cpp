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

struct Layer {
  std::string name;
  std::vector<Value::Entry> config;  // the required arguments
};

/// Every image augmentation layer Keras 3 exports that keeps its input's shape, with a minimal
/// valid config.
std::vector<Layer> shapeKeepingLayers() {
  Value::Entry factor = attr("factor", Value::number(0.2));
  return {
      {"RandomFlip", {}},
      {"RandomRotation", {factor}},
      {"RandomZoom", {attr("height_factor", Value::number(0.2))}},
      {"RandomTranslation", {attr("height_factor", Value::number(0.1)), attr("width_factor", Value::number(0.1))}},
      {"RandomShear", {}},
      {"RandomPerspective", {}},
      {"RandomElasticTransform", {}},
      {"RandomErasing", {}},
      {"MixUp", {}},
      {"CutMix", {}},
      {"RandAugment", {}},
      {"AugMix", {}},
      {"RandomContrast", {factor}},
      {"RandomBrightness", {factor}},
      {"RandomGrayscale", {}},
      {"RandomHue", {factor}},
      {"RandomSaturation", {factor}},
      {"RandomSharpness", {factor}},
      {"RandomColorDegeneration", {factor}},
      {"RandomColorJitter", {}},
      {"RandomPosterization", {attr("factor", Value::integer(4))}},
      {"RandomInvert", {}},
      {"RandomGaussianBlur", {}},
      {"Solarization", {}},
      {"AutoContrast", {}},
      {"Equalization", {}},
      {"ContrastLimitedAdaptiveHistogramEqualization", {}},
  };
}

std::vector<Value::Entry> with(std::vector<Value::Entry> config, Value::Entry more) {
  config.push_back(std::move(more));
  return config;
}

}  // namespace

TEST_CASE("augmentation layers keep the image's shape and have no weights", "[shape][augmentation]") {
  Value::Entry first = attr("data_format", Value::string("channels_first"));
  for (const Layer& layer : shapeKeepingLayers()) {
    INFO(layer.name);
    Outcome batch = run(layer.name, layer.config, {"batch", "h", "w", "3"});
    checkShape(batch, {"batch", "h", "w", "3"});
    CHECK(batch.params == Dim::constant(0));
    CHECK(batch.outputs->front().dtype == DType::Float32);
    checkShape(run(layer.name, layer.config, {"224", "224", "3"}), {"224", "224", "3"});
    checkShape(run(layer.name, with(layer.config, first), {"8", "3", "32", "32"}), {"8", "3", "32", "32"});
    Outcome unranked = test::runLayer(layer.name, layer.config, TensorType::unknown());
    REQUIRE(unranked.outputs);
    CHECK_FALSE(unranked.outputs->front().hasRank());
  }
}

TEST_CASE("augmentation layers need a 3-D image or a 4-D batch of images", "[shape][augmentation]") {
  Value::Entry first = attr("data_format", Value::string("channels_first"));
  for (const Layer& layer : shapeKeepingLayers()) {
    INFO(layer.name);
    CHECK(errorOf(run(layer.name, layer.config, {"batch", "64"})) ==
          layer.name +
              " expects a 3-D (height, width, channels) or 4-D (batch, height, width, channels) input, got "
              "the 2-D input (batch, 64)");
    CHECK(errorOf(run(layer.name, with(layer.config, first), {"batch", "3", "d", "h", "w"})) ==
          layer.name +
              " expects a 3-D (channels, height, width) or 4-D (batch, channels, height, width) input, got "
              "the 5-D input (batch, 3, d, h, w)");
  }
  CHECK(errorOf(run("RandomCrop", {attr("height", Value::integer(8)), attr("width", Value::integer(8))}, {"8", "8"})) ==
        "RandomCrop expects a 3-D (height, width, channels) or 4-D (batch, height, width, channels) input, got the 2-D "
        "input (8, 8)");
}

TEST_CASE("augmentation layers compute in the dtype policy's dtype", "[shape][augmentation]") {
  Value::Entry half = attr("dtype", Value::string("float16"));
  for (const Layer& layer : shapeKeepingLayers()) {
    INFO(layer.name);
    Outcome outcome = test::runLayer(layer.name, with(layer.config, half),
                                     TensorType::of(DType::UInt8, shape({"batch", "h", "w", "3"})));
    REQUIRE(outcome.outputs);
    // RandomGrayscale and Equalization return their input's spec, dtype included.
    bool keepsInputDType = layer.name == "RandomGrayscale" || layer.name == "Equalization";
    CHECK(outcome.outputs->front().dtype == (keepsInputDType ? DType::UInt8 : DType::Float16));
  }
}

TEST_CASE("random crop outputs (height, width) in place of the spatial dims", "[shape][augmentation]") {
  Value::Entry height = attr("height", Value::integer(224)), width = attr("width", Value::integer(160));
  Value::Entry first = attr("data_format", Value::string("channels_first"));
  checkShape(run("RandomCrop", {height, width}, {"batch", "h", "w", "3"}), {"batch", "224", "160", "3"});
  checkShape(run("RandomCrop", {height, width}, {"256", "256", "3"}), {"224", "160", "3"});
  checkShape(run("RandomCrop", {height, width, first}, {"batch", "3", "h", "w"}), {"batch", "3", "224", "160"});
  checkShape(run("RandomCrop", {height, width, first}, {"3", "h", "w"}), {"3", "224", "160"});
  // Inference resizes an image smaller than the crop to it.
  checkShape(run("RandomCrop", {height, width}, {"batch", "100", "100", "1"}), {"batch", "224", "160", "1"});
  Outcome crop = test::runLayer("RandomCrop", {height, width, attr("dtype", Value::string("float16"))},
                                TensorType::of(DType::UInt8, shape({"batch", "h", "w", "3"})));
  REQUIRE(crop.outputs);
  CHECK(crop.outputs->front().dtype == DType::Float16);
  CHECK(crop.params == Dim::constant(0));
  CHECK(issuesOf("RandomCrop", {height}) == Issues{"RandomCrop needs the attribute 'width' (output width)"});
  CHECK(issuesOf("RandomCrop", {height, attr("width", Value::integer(0))}) ==
        Issues{"RandomCrop attribute 'width' must be >= 1, got 0"});
}

TEST_CASE("augmentation layers take Keras 3 get_config output", "[shape][augmentation]") {
  Value::Entry name = attr("name", Value::string("aug")), trainable = attr("trainable", Value::boolean(true));
  Value::Entry dtype = attr("dtype", Value::string("float32")),
               last = attr("data_format", Value::string("channels_last"));
  Value::Entry seed = attr("seed", Value::integer(1337)), bilinear = attr("interpolation", Value::string("bilinear"));
  Value::Entry reflect = attr("fill_mode", Value::string("reflect")), fill = attr("fill_value", Value::number(0.0));
  Value::Entry range = attr("value_range", ints({0, 255}));
  auto [layer, config] = GENERATE_COPY(table<std::string, std::vector<Value::Entry>>({
      {"RandomFlip", {attr("mode", Value::string("horizontal")), seed}},
      {"RandomRotation", {attr("factor", numbers({-0.1, 0.1})), reflect, fill, bilinear, seed}},
      {"RandomZoom",
       {attr("height_factor", numbers({-0.2, 0.3})), attr("width_factor", Value::null()), reflect, bilinear, seed,
        fill}},
      {"RandomTranslation",
       {attr("height_factor", Value::number(0.1)), attr("width_factor", numbers({-0.2, 0.2})), reflect, bilinear, seed,
        fill}},
      {"RandomShear",
       {attr("x_factor", numbers({0.0, 0.3})), attr("y_factor", Value::number(0.2)), bilinear, reflect, fill, seed}},
      {"RandomPerspective",
       {attr("factor", numbers({0.0, 1.0})), attr("scale", Value::number(0.5)), bilinear, fill, seed}},
      {"RandomElasticTransform",
       {attr("factor", numbers({0.0, 1.0})), attr("scale", numbers({0.0, 1.0})), bilinear,
        attr("fill_mode", Value::string("mirror")), fill, range, seed}},
      {"RandomCrop", {attr("height", Value::integer(32)), attr("width", Value::integer(32)), seed}},
      {"RandomErasing",
       {attr("factor", numbers({0.0, 1.0})), attr("scale", numbers({0.02, 0.33})), attr("fill_value", Value::null()),
        range, seed}},
      {"MixUp", {attr("alpha", Value::number(0.2)), seed}},
      {"CutMix", {attr("factor", numbers({0.0, 1.0})), seed}},
      {"RandAugment", {range, attr("num_ops", Value::integer(2)), attr("factor", numbers({0.0, 0.5})), bilinear, seed}},
      {"AugMix",
       {range, attr("num_chains", Value::integer(3)), attr("chain_depth", Value::integer(3)),
        attr("factor", numbers({0.0, 0.3})), attr("alpha", Value::number(1.0)), attr("all_ops", Value::boolean(true)),
        bilinear, seed}},
  }));
  INFO(layer);
  config.insert(config.begin(), {name, trainable, dtype, last});
  CHECK(issuesOf(layer, config).empty());
  CHECK(issuesOf(layer, with(config, attr("bounding_box_format", Value::string("xyxy")))).empty());
}

TEST_CASE("augmentation layers take Keras 2 configs that Keras 3 loads", "[shape][augmentation]") {
  // tf.keras 2.8 get_config output, as TF.js exports of image classifiers carry it.
  Value::Entry name = attr("name", Value::string("random_flip")), trainable = attr("trainable", Value::boolean(true));
  Value::Entry dtype = attr("dtype", Value::string("float32")), seed = attr("seed", Value::null());
  Value::Entry fill = attr("fill_mode", Value::string("reflect")), value = attr("fill_value", Value::number(0.0));
  Value::Entry bilinear = attr("interpolation", Value::string("bilinear"));
  auto [layer, config] = GENERATE_COPY(table<std::string, std::vector<Value::Entry>>({
      {"RandomFlip", {name, trainable, dtype, attr("mode", Value::string("horizontal")), seed}},
      {"RandomRotation", {name, trainable, dtype, attr("factor", Value::number(0.1)), fill, value, bilinear, seed}},
      {"RandomZoom",
       {name, trainable, dtype, attr("height_factor", Value::number(0.1)), attr("width_factor", Value::null()), fill,
        value, bilinear, seed}},
      {"RandomTranslation",
       {name, trainable, dtype, attr("height_factor", Value::number(0.1)), attr("width_factor", Value::number(0.1)),
        fill, value, bilinear, seed}},
      {"RandomContrast", {name, trainable, dtype, attr("factor", Value::number(0.2)), seed}},
      {"RandomBrightness",
       {name, trainable, dtype, attr("factor", Value::number(0.2)),
        attr("value_range", Value::list({Value::integer(0), Value::integer(255)})), seed}},
      {"RandomCrop",
       {name, trainable, dtype, attr("height", Value::integer(180)), attr("width", Value::integer(180)), seed}},
  }));
  INFO(layer);
  CHECK(issuesOf(layer, config).empty());
}

TEST_CASE("augmentation layers reject arguments Keras 3 does not take", "[shape][augmentation]") {
  // Layers without a factor of their own reject one (their base class raises for it).
  CHECK(issuesOf("RandomFlip", {attr("factor", Value::number(0.5))}) == Issues{"RandomFlip has no attribute 'factor'"});
  CHECK(issuesOf("RandomZoom", {attr("height_factor", Value::number(0.2)), attr("factor", Value::number(0.2))}) ==
        Issues{"RandomZoom has no attribute 'factor'"});
  CHECK(issuesOf("RandomContrast", {attr("factor", Value::number(0.2)), attr("fill_mode", Value::string("reflect"))})
            .size() == 1);
  CHECK(issuesOf("RandomCrop", {attr("height", Value::integer(8)), attr("width", Value::integer(8)),
                                attr("interpolation", Value::string("bilinear"))})
            .size() == 1);
  CHECK(issuesOf("RandomFlip", {attr("mode", Value::string("horizontal")), attr("fill_value", Value::number(0.0))})
            .size() == 1);
  CHECK(issuesOf("RandomRotation", {attr("factor", Value::number(0.1)), attr("fill_vaule", Value::number(0.0))}) ==
        Issues{"RandomRotation has no attribute 'fill_vaule'; did you mean 'fill_value'?"});
  // Keras 2's RandomHeight and RandomWidth are gone from Keras 3.
  CHECK(LayerCatalogue::builtin().find("RandomHeight") == nullptr);
  CHECK(LayerCatalogue::builtin().find("RandomWidth") == nullptr);
  // The base class takes (and checks) a factor for layers that pass their keyword arguments on.
  for (const char* layer : {"MixUp", "RandomColorJitter", "Equalization"}) {
    INFO(layer);
    CHECK(issuesOf(layer, {attr("factor", Value::number(0.5))}).empty());
    CHECK(issuesOf(layer, {attr("factor", Value::number(2.0))}) ==
          Issues{std::string(layer) + " attribute 'factor' must be in [-1, 1], got 2.0"});
  }
}

TEST_CASE("geometric augmentation factors and modes are checked as Keras checks them", "[shape][augmentation]") {
  Value::Entry zoom = attr("height_factor", Value::number(0.2));
  Value::Entry shift = attr("height_factor", Value::number(0.1));
  auto [layer, config, expected] = GENERATE_COPY(table<std::string, std::vector<Value::Entry>, std::string>({
      {"RandomRotation",
       {attr("factor", Value::number(1.5))},
       "RandomRotation attribute 'factor' must be in [-1, 1], got 1.5"},
      {"RandomRotation",
       {attr("factor", numbers({0.1, 0.2, 0.3}))},
       "RandomRotation attribute 'factor' must be a number or a list of two numbers, got [0.1, 0.2, 0.3]"},
      {"RandomRotation",
       {attr("factor", Value::string("0.1"))},
       "RandomRotation attribute 'factor' must be a number or a list of two numbers, got \"0.1\""},
      // A pair is only rejected when it misses the bounds entirely, as Keras' _set_factor does.
      {"RandomRotation",
       {attr("factor", numbers({1.5, 2.0}))},
       "RandomRotation attribute 'factor' must be a range [lower, upper] with lower <= 1 and upper >= -1, got [1.5, "
       "2.0]"},
      {"RandomRotation",
       {attr("factor", Value::number(0.1)), attr("fill_mode", Value::string("mirror"))},
       "RandomRotation attribute 'fill_mode': 'mirror' is not one of reflect, wrap, constant, nearest"},
      {"RandomRotation",
       {attr("factor", Value::number(0.1)), attr("interpolation", Value::string("bicubic"))},
       "RandomRotation attribute 'interpolation': 'bicubic' is not one of nearest, bilinear"},
      {"RandomFlip",
       {attr("mode", Value::string("horizontal_and_vertcal"))},
       "RandomFlip attribute 'mode': 'horizontal_and_vertcal' is not one of horizontal, vertical, "
       "horizontal_and_vertical; did you mean 'horizontal_and_vertical'?"},
      // RandomZoom excludes -1 (nothing would be left of the image); RandomTranslation allows it.
      {"RandomZoom",
       {attr("height_factor", Value::number(-1.0))},
       "RandomZoom attribute 'height_factor' must be a number or a list of two numbers, each in (-1, 1], got -1.0"},
      {"RandomZoom",
       {zoom, attr("width_factor", numbers({-0.5, 1.5}))},
       "RandomZoom attribute 'width_factor' must be a number or a list of two numbers, each in (-1, 1], got "
       "[-0.5, 1.5]"},
      {"RandomTranslation",
       {shift, attr("width_factor", Value::number(-1.5))},
       "RandomTranslation attribute 'width_factor' must be a number or a list of two numbers, each in [-1, 1], got "
       "-1.5"},
      {"RandomTranslation",
       {shift},
       "RandomTranslation needs the attribute 'width_factor' (the horizontal shift range, as a fraction)"},
      {"RandomShear",
       {attr("x_factor", Value::number(-0.2))},
       "RandomShear attribute 'x_factor' must be a number or a list of two numbers, each in [0, 1], got -0.2"},
      {"RandomPerspective",
       {attr("scale", Value::number(1.5))},
       "RandomPerspective attribute 'scale' must be in [0, 1], got 1.5"},
      {"RandomElasticTransform",
       {attr("scale", numbers({2.0, 3.0}))},
       "RandomElasticTransform attribute 'scale' must be a range [lower, upper] with lower <= 1 and upper >= 0, got "
       "[2.0, 3.0]"},
      {"RandomErasing",
       {attr("fill_value", Value::string("noise"))},
       "RandomErasing attribute 'fill_value' must be a number or null, got \"noise\""},
      {"CutMix", {attr("factor", Value::number(-0.5))}, "CutMix attribute 'factor' must be in [0, 1], got -0.5"},
      // RandAugment and AugMix pass factor to RandomShear, which checks both numbers.
      {"RandAugment",
       {attr("factor", numbers({0.2, 1.5}))},
       "RandAugment attribute 'factor' must be a number or a list of two numbers, each in [0, 1], got [0.2, 1.5]"},
      {"RandAugment",
       {attr("value_range", Value::integer(255))},
       "RandAugment attribute 'value_range' must be a list of two numbers [low, high], got 255"},
      {"AugMix", {attr("num_chains", Value::integer(0))}, "AugMix attribute 'num_chains' must be >= 1, got 0"},
      {"RandomCrop",
       {attr("height", Value::integer(8)), attr("width", Value::integer(8)), attr("factor", numbers({2.0, 3.0}))},
       "RandomCrop attribute 'factor' must be a range [lower, upper] with lower <= 1 and upper >= -1, got [2.0, 3.0]"},
  }));
  INFO(layer);
  CHECK(issuesOf(layer, config) == Issues{expected});
}

TEST_CASE("geometric augmentation factors accept what Keras accepts", "[shape][augmentation]") {
  auto [layer, config] = GENERATE_COPY(table<std::string, std::vector<Value::Entry>>({
      // BaseImagePreprocessingLayer reads a null factor as 0 (RandomRotation passes it on).
      {"RandomRotation", {attr("factor", Value::null())}},
      {"RandomRotation", {attr("factor", Value::integer(1))}},
      {"RandomRotation", {attr("factor", numbers({-2.0, 0.5}))}},
      {"RandomZoom", {attr("height_factor", numbers({-0.5, 1.0})), attr("width_factor", Value::integer(1))}},
      {"RandomTranslation", {attr("height_factor", Value::integer(-1)), attr("width_factor", numbers({-1.0, 1.0}))}},
      {"RandomShear", {attr("x_factor", numbers({0.0, 1.0})), attr("y_factor", Value::integer(1))}},
      {"RandomElasticTransform",
       {attr("fill_mode", Value::string("mirror")), attr("interpolation", Value::string("nearest"))}},
      {"RandomErasing", {attr("fill_value", Value::integer(0))}},
      {"RandAugment", {attr("factor", Value::integer(1)), attr("num_ops", Value::integer(0))}},
      {"RandomCrop",
       {attr("height", Value::integer(8)), attr("width", Value::integer(8)), attr("factor", Value::null())}},
  }));
  INFO(layer);
  CHECK(issuesOf(layer, config).empty());
}
