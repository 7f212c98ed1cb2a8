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
using test::issuesOf;
using test::parsed;
using test::shape;

Outcome run(const std::string& className, std::vector<Value::Entry> entries, const std::vector<std::string>& input) {
  return test::runLayer(className, std::move(entries), input);
}

struct Case {
  std::vector<Value::Entry> config;
  std::vector<std::string> input;
  std::vector<std::string> output;
};

}  // namespace

TEST_CASE("category encoding follows Keras' output shape rules", "[shape][preprocessing]") {
  Value::Entry tokens = attr("num_tokens", Value::integer(10));
  Value::Entry oneHot = attr("output_mode", Value::string("one_hot"));
  Value::Entry count = attr("output_mode", Value::string("count"));
  Value::Entry binary = attr("output_mode", Value::string("binary"));
  Case c = GENERATE_COPY(values<Case>({
      // multi_hot (the default) and count encode each sample: the last dim becomes num_tokens.
      {{tokens}, {"batch", "3"}, {"batch", "10"}},
      {{tokens}, {"batch", "seq"}, {"batch", "10"}},
      {{tokens}, {"batch"}, {"10"}},
      {{tokens, count}, {"batch", "seq"}, {"batch", "10"}},
      {{tokens, binary}, {"batch", "4"}, {"batch", "10"}},
      // one_hot encodes each id: num_tokens is appended, unless a trailing 1 is replaced.
      {{tokens, oneHot}, {"batch"}, {"batch", "10"}},
      {{tokens, oneHot}, {"batch", "1"}, {"batch", "10"}},
      {{tokens, oneHot}, {"batch", "3"}, {"batch", "3", "10"}},
      {{tokens, oneHot}, {"batch", "seq"}, {"batch", "seq", "10"}},
      {{tokens, oneHot}, {"batch", "seq", "1"}, {"batch", "seq", "10"}},
      {{tokens, oneHot}, {"1"}, {"1", "10"}},
      // A scalar is one sample.
      {{tokens}, {}, {"10"}},
      {{tokens, oneHot}, {}, {"10"}},
  }));
  INFO("input " << formatShape(shape(c.input)));
  Outcome outcome = run("CategoryEncoding", c.config, c.input);
  checkShape(outcome, c.output);
  CHECK(outcome.params == Dim::constant(0));
}

TEST_CASE("category encoding outputs the compute dtype and checks its attributes", "[shape][preprocessing]") {
  Outcome ids = test::runLayer("CategoryEncoding", {attr("num_tokens", Value::integer(4))},
                               TensorType::of(DType::Int32, shape({"batch", "2"})));
  REQUIRE(ids.outputs);
  CHECK(ids.outputs->front().dtype == DType::Float32);
  Outcome unranked = test::runLayer("CategoryEncoding", {attr("num_tokens", Value::integer(4))}, TensorType::unknown());
  REQUIRE(unranked.outputs);
  CHECK_FALSE(unranked.outputs->front().hasRank());

  CHECK(issuesOf("CategoryEncoding", {attr("num_tokens", Value::integer(0))}) ==
        std::vector<std::string>{"CategoryEncoding attribute 'num_tokens' must be >= 1, got 0"});
  CHECK(issuesOf("CategoryEncoding", {}) ==
        std::vector<std::string>{
            "CategoryEncoding needs the attribute 'num_tokens' (number of categories: largest id + 1)"});
  CHECK(issuesOf("CategoryEncoding", {attr("num_tokens", Value::integer(3)), attr("output_mode", Value::string("int"))})
            .size() == 1);
  CHECK(issuesOf("CategoryEncoding", {attr("num_tokens", Value::integer(3)), attr("sparse", Value::boolean(true)),
                                      attr("output_mode", Value::string("count"))})
            .empty());
}

TEST_CASE("rescaling and masking keep the shape", "[shape][preprocessing]") {
  Outcome scaled = test::runLayer("Rescaling", {attr("scale", Value::number(1.0 / 255))},
                                  TensorType::of(DType::UInt8, shape({"batch", "h", "w", "3"})));
  checkShape(scaled, {"batch", "h", "w", "3"});
  CHECK(scaled.outputs->front().dtype == DType::Float32);
  CHECK(scaled.params == Dim::constant(0));
  checkShape(run("Rescaling", {attr("scale", ints({1, 2, 3})), attr("offset", Value::number(-1.0))}, {"8", "4", "3"}),
             {"8", "4", "3"});
  CHECK(issuesOf("Rescaling", {}) ==
        std::vector<std::string>{"Rescaling needs the attribute 'scale' (the scale (a number or a per-channel list))"});

  Outcome masked = run("Masking", {attr("mask_value", Value::number(-1.0))}, {"batch", "seq", "16"});
  checkShape(masked, {"batch", "seq", "16"});
  CHECK(masked.params == Dim::constant(0));
  checkShape(run("Masking", {}, {"batch", "seq", "16"}), {"batch", "seq", "16"});
  CHECK(issuesOf("Masking", {attr("mask", Value::number(0.0))}).size() == 1);
}

TEST_CASE("resizing and center crop set height and width", "[shape][preprocessing]") {
  Value::Entry height = attr("height", Value::integer(224)), width = attr("width", Value::integer(160));
  Value::Entry first = attr("data_format", Value::string("channels_first"));
  for (const char* layer : {"Resizing", "CenterCrop"}) {
    INFO(layer);
    checkShape(run(layer, {height, width}, {"batch", "h", "w", "3"}), {"batch", "224", "160", "3"});
    checkShape(run(layer, {height, width}, {"8", "512", "512", "1"}), {"8", "224", "160", "1"});
    checkShape(run(layer, {height, width}, {"h", "w", "3"}), {"224", "160", "3"});
    checkShape(run(layer, {height, width, first}, {"batch", "3", "h", "w"}), {"batch", "3", "224", "160"});
    checkShape(run(layer, {height, width, first}, {"3", "h", "w"}), {"3", "224", "160"});
    // CenterCrop resizes an image smaller than the crop instead of failing.
    checkShape(run(layer, {height, width}, {"batch", "10", "10", "3"}), {"batch", "224", "160", "3"});
    CHECK(run(layer, {height, width}, {"batch", "h", "w", "3"}).params == Dim::constant(0));
  }
  Outcome half = run("Resizing", {height, width, attr("dtype", Value::string("float16"))}, {"batch", "h", "w", "3"});
  REQUIRE(half.outputs);
  CHECK(half.outputs->front().dtype == DType::Float16);
}

TEST_CASE("resizing needs an image input and one aspect-ratio mode", "[shape][preprocessing]") {
  Value::Entry height = attr("height", Value::integer(32)), width = attr("width", Value::integer(32));
  CHECK(errorOf(run("Resizing", {height, width}, {"batch", "h"})) ==
        "Resizing expects a 3-D (height, width, channels) or 4-D (batch, height, width, channels) input, got the "
        "2-D input (batch, h)");
  CHECK(errorOf(run("CenterCrop", {height, width, attr("data_format", Value::string("channels_first"))},
                    {"batch", "3", "d", "h", "w"})) ==
        "CenterCrop expects a 3-D (channels, height, width) or 4-D (batch, channels, height, width) input, got the "
        "5-D input (batch, 3, d, h, w)");
  CHECK(errorOf(run("Resizing", {height, width, attr("crop_to_aspect_ratio", Value::boolean(true)),
                                 attr("pad_to_aspect_ratio", Value::boolean(true))},
                    {"batch", "h", "w", "3"})) ==
        "Resizing takes only one of crop_to_aspect_ratio and pad_to_aspect_ratio, got both true");
  checkShape(run("Resizing", {height, width, attr("pad_to_aspect_ratio", Value::boolean(true))}, {"batch", "h", "w", "3"}),
             {"batch", "32", "32", "3"});
  Outcome unranked = test::runLayer("Resizing", {height, width}, TensorType::unknown());
  REQUIRE(unranked.outputs);
  CHECK_FALSE(unranked.outputs->front().hasRank());
}

TEST_CASE("image preprocessing schemas take Keras 3 configs and reject bad values", "[shape][preprocessing]") {
  // Resizing.get_config() from Keras 3.
  CHECK(issuesOf("Resizing", {attr("name", Value::string("resizing")), attr("trainable", Value::boolean(true)),
                              attr("height", Value::integer(224)), attr("width", Value::integer(224)),
                              attr("interpolation", Value::string("bilinear")),
                              attr("crop_to_aspect_ratio", Value::boolean(false)),
                              attr("pad_to_aspect_ratio", Value::boolean(false)),
                              attr("fill_mode", Value::string("constant")), attr("fill_value", Value::number(0.0)),
                              attr("antialias", Value::boolean(false)),
                              attr("data_format", Value::string("channels_last"))})
            .empty());
  CHECK(issuesOf("CenterCrop", {attr("height", Value::integer(8)), attr("width", Value::integer(8)),
                                attr("data_format", Value::null()), attr("bounding_box_format", Value::string("xyxy"))})
            .empty());
  CHECK(issuesOf("Resizing", {attr("height", Value::integer(0)), attr("width", Value::integer(8))}) ==
        std::vector<std::string>{"Resizing attribute 'height' must be >= 1, got 0"});
  CHECK(issuesOf("Resizing", {attr("height", Value::integer(8)), attr("width", Value::integer(8)),
                              attr("interpolation", Value::string("cubic"))})
            .size() == 1);
  CHECK(issuesOf("Resizing", {attr("height", Value::integer(8)), attr("width", Value::integer(8)),
                              attr("fill_mode", Value::string("reflect"))})
            .size() == 1);
  CHECK(issuesOf("CenterCrop", {attr("height", Value::integer(8))}).size() == 1);
}

TEST_CASE("normalization builds mean, variance and count unless they are given", "[shape][preprocessing]") {
  // build(): non-trainable mean and variance shaped like the kept dims, and a scalar count.
  auto [axis, input, params] = GENERATE(table<Value, std::vector<std::string>, std::string>({
      {Value::integer(-1), {"batch", "8"}, "17"},
      {Value::integer(-1), {"batch", "seq", "c"}, "2*c + 1"},
      {Value::null(), {"batch", "h", "w", "3"}, "3"},
      {ints({1, 3}), {"batch", "4", "w", "3"}, "25"},
      {ints({-1, 1}), {"batch", "h", "w", "3"}, "6*h + 1"},
  }));
  INFO("axis " << axis.str() << ", input " << formatShape(shape(input)));
  Outcome outcome = run("Normalization", {attr("axis", axis)}, input);
  checkShape(outcome, input);
  CHECK(outcome.params == parsed(params));
  CHECK(outcome.nonTrainableParams == parsed(params));
}

TEST_CASE("normalization with a given mean has no weights and must fit the input", "[shape][preprocessing]") {
  Value::Entry mean = attr("mean", Value::list({Value::number(0.5), Value::number(0.4), Value::number(0.3)}));
  Value::Entry variance = attr("variance", Value::list({Value::number(0.1), Value::number(0.2), Value::number(0.3)}));
  Outcome given = run("Normalization", {mean, variance}, {"batch", "h", "w", "3"});
  checkShape(given, {"batch", "h", "w", "3"});
  CHECK(given.params == Dim::constant(0));
  CHECK(given.nonTrainableParams == Dim::constant(0));
  checkShape(run("Normalization", {attr("mean", Value::number(0.5)), attr("variance", Value::number(2.0)),
                                   attr("invert", Value::boolean(true))},
                 {"batch", "8"}),
             {"batch", "8"});

  CHECK(errorOf(run("Normalization", {attr("mean", Value::number(0.5))}, {"batch", "8"})) ==
        "Normalization needs both mean and variance or neither, got mean 0.5 and variance None");
  CHECK(errorOf(run("Normalization", {mean, attr("variance", ints({1, 2}))}, {"batch", "3"})) ==
        "Normalization mean and variance must have the same shape, got (3,) and (2,)");
  CHECK(errorOf(run("Normalization", {mean, variance}, {"batch", "h", "w", "4"})) ==
        "Normalization mean of shape (3,) does not fit the input (batch, h, w, 4): dim 3 is 4, the mean has 3");
  Value square = Value::list({ints({1, 2}), ints({3, 4})});
  CHECK(errorOf(run("Normalization", {attr("mean", square), attr("variance", square)}, {"batch", "2", "2"})) ==
        "Normalization mean of shape (2, 2) has more dims than axis -1 keeps (1)");
  checkShape(run("Normalization", {attr("axis", ints({1, 2})), attr("mean", square), attr("variance", square)},
                 {"batch", "2", "2"}),
             {"batch", "2", "2"});
  CHECK(errorOf(run("Normalization", {attr("axis", Value::integer(2))}, {"batch", "8"})) ==
        "Normalization axis 2 is out of range for the 2-D input (batch, 8)");
  CHECK(issuesOf("Normalization", {attr("axis", Value::string("x"))}) ==
        std::vector<std::string>{
            "Normalization attribute 'axis' must be an integer, a list of integers or null, got \"x\""});
}
