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
using test::shape;

using Issues = std::vector<std::string>;

Outcome run(const std::string& className, std::vector<Value::Entry> entries, const std::vector<std::string>& input) {
  return test::runLayer(className, std::move(entries), input);
}

struct Case {
  std::string layer;
  std::vector<Value::Entry> config;
  std::vector<std::string> input;
  std::vector<std::string> output;
};

void checkCase(const Case& c) {
  INFO(c.layer << " on " << formatShape(shape(c.input)));
  Outcome outcome = run(c.layer, c.config, c.input);
  checkShape(outcome, c.output);
  CHECK(outcome.params == Dim::constant(0));
}

Value pairs(std::vector<std::vector<int64_t>> values) {
  std::vector<Value> items;
  for (auto& pair : values) items.push_back(ints(pair));
  return Value::list(std::move(items));
}

const Value::Entry kChannelsFirst = attr("data_format", Value::string("channels_first"));

}  // namespace

TEST_CASE("ZeroPadding adds its padding to each spatial axis", "[shape][spatial]") {
  Case c = GENERATE(values<Case>({
      // Defaults: one on each side of every spatial axis.
      {"ZeroPadding1D", {}, {"batch", "seq", "c"}, {"batch", "seq + 2", "c"}},
      {"ZeroPadding2D", {}, {"batch", "h", "w", "c"}, {"batch", "h + 2", "w + 2", "c"}},
      {"ZeroPadding3D", {}, {"batch", "d", "h", "w", "c"}, {"batch", "d + 2", "h + 2", "w + 2", "c"}},
      // 1-D: [before, after].
      {"ZeroPadding1D", {attr("padding", ints({1, 3}))}, {"batch", "10", "4"}, {"batch", "14", "4"}},
      {"ZeroPadding1D", {attr("padding", Value::integer(2)), kChannelsFirst}, {"batch", "4", "seq"},
       {"batch", "4", "seq + 4"}},
      // 2-D: an integer, one per axis, or [before, after] per axis (mixed too).
      {"ZeroPadding2D", {attr("padding", Value::integer(2))}, {"batch", "28", "28", "3"}, {"batch", "32", "32", "3"}},
      {"ZeroPadding2D", {attr("padding", ints({1, 2}))}, {"batch", "h", "w", "3"}, {"batch", "h + 2", "w + 4", "3"}},
      {"ZeroPadding2D", {attr("padding", pairs({{1, 2}, {3, 4}}))}, {"batch", "h", "w", "3"},
       {"batch", "h + 3", "w + 7", "3"}},
      {"ZeroPadding2D", {attr("padding", Value::list({Value::integer(2), ints({0, 1})}))}, {"batch", "h", "w", "3"},
       {"batch", "h + 4", "w + 1", "3"}},
      {"ZeroPadding2D", {attr("padding", Value::integer(1)), kChannelsFirst}, {"batch", "3", "h", "w"},
       {"batch", "3", "h + 2", "w + 2"}},
      {"ZeroPadding2D", {attr("padding", Value::integer(0))}, {"batch", "h", "w", "3"}, {"batch", "h", "w", "3"}},
      {"ZeroPadding3D", {attr("padding", ints({1, 2, 3}))}, {"batch", "4", "8", "8", "1"},
       {"batch", "6", "12", "14", "1"}},
      {"ZeroPadding3D", {attr("padding", pairs({{0, 1}, {2, 0}, {1, 1}})), kChannelsFirst},
       {"batch", "c", "d", "h", "w"}, {"batch", "c", "d + 1", "h + 2", "w + 2"}},
      // Unknown dims stay unknown.
      {"ZeroPadding2D", {}, {"?", "?", "w", "?"}, {"?", "?", "w + 2", "?"}},
  }));
  checkCase(c);
}

TEST_CASE("Cropping removes its cropping from each spatial axis", "[shape][spatial]") {
  Case c = GENERATE(values<Case>({
      // Defaults: (1, 1) for 1-D, nothing for 2-D, one on each side for 3-D.
      {"Cropping1D", {}, {"batch", "seq", "c"}, {"batch", "seq - 2", "c"}},
      {"Cropping2D", {}, {"batch", "h", "w", "c"}, {"batch", "h", "w", "c"}},
      {"Cropping3D", {}, {"batch", "d", "h", "w", "c"}, {"batch", "d - 2", "h - 2", "w - 2", "c"}},
      {"Cropping1D", {attr("cropping", ints({2, 5}))}, {"batch", "20", "4"}, {"batch", "13", "4"}},
      {"Cropping1D", {attr("cropping", Value::integer(3))}, {"batch", "seq", "4"}, {"batch", "seq - 6", "4"}},
      {"Cropping2D", {attr("cropping", pairs({{2, 2}, {4, 4}}))}, {"batch", "28", "28", "3"},
       {"batch", "24", "20", "3"}},
      {"Cropping2D", {attr("cropping", ints({1, 2}))}, {"batch", "h", "w", "3"}, {"batch", "h - 2", "w - 4", "3"}},
      {"Cropping2D", {attr("cropping", Value::integer(1)), kChannelsFirst}, {"batch", "3", "h", "w"},
       {"batch", "3", "h - 2", "w - 2"}},
      // Leaving one entry is fine: 3 + 4 from 8.
      {"Cropping2D", {attr("cropping", pairs({{3, 4}, {0, 0}}))}, {"batch", "8", "8", "1"}, {"batch", "1", "8", "1"}},
      {"Cropping3D", {attr("cropping", Value::list({Value::integer(0), ints({1, 0}), Value::integer(2)}))},
       {"batch", "d", "h", "w", "2"}, {"batch", "d", "h - 1", "w - 4", "2"}},
      {"Cropping3D", {kChannelsFirst}, {"batch", "2", "8", "8", "8"}, {"batch", "2", "6", "6", "6"}},
      // A symbol may be large: cropping it by 100 is not provably too much.
      {"Cropping2D", {attr("cropping", Value::integer(100))}, {"batch", "h", "w", "3"},
       {"batch", "h - 200", "w - 200", "3"}},
      {"Cropping1D", {}, {"batch", "?", "c"}, {"batch", "?", "c"}},
  }));
  checkCase(c);
}

TEST_CASE("cropping everything away is an error showing the sizes", "[shape][spatial]") {
  CHECK(errorOf(run("Cropping2D", {attr("cropping", Value::integer(5))}, {"batch", "8", "10", "3"})) ==
        "Cropping2D cannot crop 5 + 5 rows from 8 of the input (batch, 8, 10, 3)");
  CHECK(errorOf(run("Cropping2D", {attr("cropping", pairs({{1, 1}, {6, 4}}))}, {"batch", "h", "10", "3"})) ==
        "Cropping2D cannot crop 6 + 4 cols from 10 of the input (batch, h, 10, 3)");
  CHECK(errorOf(run("Cropping2D", {attr("cropping", ints({0, 2})), kChannelsFirst}, {"batch", "64", "h", "3"})) ==
        "Cropping2D cannot crop 2 + 2 cols from 3 of the input (batch, 64, h, 3)");
  CHECK(errorOf(run("Cropping1D", {attr("cropping", ints({2, 3}))}, {"batch", "5", "16"})) ==
        "Cropping1D cannot crop 2 + 3 steps from 5 of the input (batch, 5, 16)");
  CHECK(errorOf(run("Cropping3D", {}, {"batch", "2", "h", "w", "1"})) ==
        "Cropping3D cannot crop 1 + 1 depth from 2 of the input (batch, 2, h, w, 1)");
  // Symbolic: min(h, 4) is at most 4 for every h.
  CHECK(errorOf(run("Cropping2D", {attr("cropping", Value::integer(2))}, {"batch", "min(h, 4)", "w", "1"})) ==
        "Cropping2D cannot crop 2 + 2 rows from min(h, 4) of the input (batch, min(h, 4), w, 1)");
  // Cropping1D has no data_format: it always crops axis 1, even of a (batch, channels, steps) layout.
  CHECK(errorOf(run("Cropping1D", {}, {"batch", "2", "100"})) ==
        "Cropping1D cannot crop 1 + 1 steps from 2 of the input (batch, 2, 100)");
}

TEST_CASE("UpSampling multiplies each spatial axis by its size", "[shape][spatial]") {
  Case c = GENERATE(values<Case>({
      {"UpSampling1D", {}, {"batch", "seq", "c"}, {"batch", "2*seq", "c"}},
      {"UpSampling1D", {attr("size", Value::integer(3))}, {"batch", "10", "4"}, {"batch", "30", "4"}},
      {"UpSampling2D", {}, {"batch", "h", "w", "c"}, {"batch", "2*h", "2*w", "c"}},
      {"UpSampling2D", {attr("size", ints({2, 3}))}, {"batch", "7", "7", "64"}, {"batch", "14", "21", "64"}},
      {"UpSampling2D", {attr("size", Value::integer(4)), kChannelsFirst}, {"batch", "3", "h", "w"},
       {"batch", "3", "4*h", "4*w"}},
      {"UpSampling2D", {attr("interpolation", Value::string("bilinear"))}, {"batch", "h - 2", "w", "c"},
       {"batch", "2*h - 4", "2*w", "c"}},
      {"UpSampling3D", {}, {"batch", "d", "h", "w", "c"}, {"batch", "2*d", "2*h", "2*w", "c"}},
      {"UpSampling3D", {attr("size", ints({1, 2, 3})), kChannelsFirst}, {"batch", "c", "4", "4", "4"},
       {"batch", "c", "4", "8", "12"}},
      {"UpSampling2D", {}, {"batch", "?", "w", "c"}, {"batch", "?", "2*w", "c"}},
  }));
  checkCase(c);
}

TEST_CASE("spatial layers compute in the layer's dtype", "[shape][spatial]") {
  std::string layer = GENERATE(as<std::string>{}, "ZeroPadding2D", "Cropping2D", "UpSampling2D");
  INFO(layer);
  Outcome plain = test::runLayer(layer, {}, TensorType::of(DType::UInt8, shape({"batch", "8", "8", "3"})));
  REQUIRE(plain.outputs);
  CHECK(plain.outputs->front().dtype == DType::Float32);
  Outcome half = run(layer, {attr("dtype", Value::string("float16"))}, {"batch", "8", "8", "3"});
  REQUIRE(half.outputs);
  CHECK(half.outputs->front().dtype == DType::Float16);
}

TEST_CASE("an input of unknown rank gives the layout's rank", "[shape][spatial]") {
  checkShape(test::runLayer("ZeroPadding2D", {}, TensorType::unknown()), {"?", "?", "?", "?"});
  checkShape(test::runLayer("Cropping3D", {kChannelsFirst}, TensorType::unknown()), {"?", "?", "?", "?", "?"});
  checkShape(test::runLayer("UpSampling1D", {}, TensorType::unknown()), {"?", "?", "?"});
}

TEST_CASE("spatial layers need the rank of their layout", "[shape][spatial]") {
  CHECK(errorOf(run("ZeroPadding2D", {}, {"batch", "h", "w"})) ==
        "ZeroPadding2D expects a 4-D input (batch, rows, cols, channels), got the 3-D input (batch, h, w)");
  CHECK(errorOf(run("ZeroPadding1D", {kChannelsFirst}, {"batch", "seq"})) ==
        "ZeroPadding1D expects a 3-D input (batch, channels, steps), got the 2-D input (batch, seq)");
  CHECK(errorOf(run("Cropping1D", {}, {"batch", "a", "b", "c"})) ==
        "Cropping1D expects a 3-D input (batch, steps, channels), got the 4-D input (batch, a, b, c)");
  CHECK(errorOf(run("Cropping3D", {kChannelsFirst}, {"batch", "c", "h", "w"})) ==
        "Cropping3D expects a 5-D input (batch, channels, depth, rows, cols), got the 4-D input (batch, c, h, w)");
  CHECK(errorOf(run("UpSampling3D", {}, {"batch", "h", "w", "c"})) ==
        "UpSampling3D expects a 5-D input (batch, depth, rows, cols, channels), got the 4-D input (batch, h, w, c)");
}

TEST_CASE("padding, cropping and size take Keras' forms only", "[shape][spatial]") {
  CHECK(issuesOf("ZeroPadding2D", {attr("padding", Value::integer(-1))}) ==
        Issues{"ZeroPadding2D attribute 'padding' must be >= 0, got -1"});
  CHECK(issuesOf("ZeroPadding2D", {attr("padding", pairs({{1, 1}, {0, -2}}))}) ==
        Issues{"ZeroPadding2D attribute 'padding' must be >= 0, got [[1, 1], [0, -2]]"});
  CHECK(issuesOf("ZeroPadding2D", {attr("padding", ints({1, 2, 3}))}) ==
        Issues{"ZeroPadding2D attribute 'padding' must be an integer or a list of 2 entries, each an integer or a "
               "list [before, after], got [1, 2, 3]"});
  CHECK(issuesOf("ZeroPadding3D", {attr("padding", pairs({{1, 1}, {1, 1, 1}, {1, 1}}))}) ==
        Issues{"ZeroPadding3D attribute 'padding' must be an integer or a list of 3 entries, each an integer or a "
               "list [before, after], got [[1, 1], [1, 1, 1], [1, 1]]"});
  CHECK(issuesOf("ZeroPadding1D", {attr("padding", pairs({{1, 2}}))}) ==
        Issues{"ZeroPadding1D attribute 'padding' must be an integer or a list of 2 integers [before, after], got "
               "[[1, 2]]"});
  CHECK(issuesOf("Cropping1D", {attr("cropping", Value::string("2"))}) ==
        Issues{"Cropping1D attribute 'cropping' must be an integer or a list of 2 integers [before, after], got "
               "\"2\""});
  CHECK(issuesOf("Cropping2D", {attr("cropping", Value::integer(-3))}) ==
        Issues{"Cropping2D attribute 'cropping' must be >= 0, got -3"});
  CHECK(issuesOf("UpSampling2D", {attr("size", ints({2, 0}))}) ==
        Issues{"UpSampling2D attribute 'size' must be >= 1, got 0"});
  CHECK(issuesOf("UpSampling1D", {attr("size", ints({2}))}).size() == 1);
  CHECK(issuesOf("UpSampling2D", {attr("interpolation", Value::string("cubic"))}).size() == 1);
  CHECK(issuesOf("UpSampling2D", {attr("interpolation", Value::string("lanczos3"))}).empty());
  // Only Keras' own arguments: Cropping1D has no data_format, only UpSampling2D interpolates.
  CHECK(issuesOf("Cropping1D", {kChannelsFirst}) == Issues{"Cropping1D has no attribute 'data_format'"});
  CHECK(issuesOf("UpSampling3D", {attr("interpolation", Value::string("nearest"))}).size() == 1);
  CHECK(issuesOf("UpSampling1D", {kChannelsFirst}).size() == 1);
  // A list of the wrong length passes the schema but not the shape rule.
  CHECK(errorOf(run("UpSampling2D", {attr("size", ints({2, 2, 2}))}, {"batch", "h", "w", "c"})) ==
        "UpSampling2D 'size' must be an integer or a list of 2 integers, got [2, 2, 2]");
}

TEST_CASE("spatial schemas accept Keras 3 configs", "[shape][spatial]") {
  auto keras = [](std::string name, std::vector<Value::Entry> own) {
    std::vector<Value::Entry> config = {attr("name", Value::string(std::move(name))),
                                        attr("trainable", Value::boolean(true)),
                                        attr("dtype", Value::string("float32"))};
    config.insert(config.end(), own.begin(), own.end());
    return config;
  };
  Value::Entry last = attr("data_format", Value::string("channels_last"));
  CHECK(issuesOf("ZeroPadding1D", keras("zero_padding1d", {attr("padding", ints({1, 1})), last})).empty());
  CHECK(issuesOf("ZeroPadding2D", keras("zero_padding2d", {attr("padding", pairs({{1, 1}, {1, 1}})), last})).empty());
  CHECK(issuesOf("ZeroPadding3D", keras("zero_padding3d", {attr("padding", pairs({{1, 1}, {1, 1}, {1, 1}})), last}))
            .empty());
  CHECK(issuesOf("Cropping1D", keras("cropping1d", {attr("cropping", ints({1, 1}))})).empty());
  CHECK(issuesOf("Cropping2D", keras("cropping2d", {attr("cropping", pairs({{0, 0}, {0, 0}})), last})).empty());
  CHECK(issuesOf("Cropping3D", keras("cropping3d", {attr("cropping", pairs({{1, 1}, {1, 1}, {1, 1}})), last}))
            .empty());
  CHECK(issuesOf("UpSampling1D", keras("up_sampling1d", {attr("size", Value::integer(2))})).empty());
  CHECK(issuesOf("UpSampling2D", keras("up_sampling2d", {attr("size", ints({2, 2})), last,
                                                         attr("interpolation", Value::string("nearest"))}))
            .empty());
  CHECK(issuesOf("UpSampling3D", keras("up_sampling3d", {attr("size", ints({2, 2, 2})), last})).empty());
}
