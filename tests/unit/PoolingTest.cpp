#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "LayerTestUtil.h"

using namespace graphlint;

namespace {

using test::attr;
using test::checkShape;
using test::errorOf;
using test::ints;
using test::issuesOf;
using test::outputDims;
using test::parsed;
using test::shape;

/// The outputs of a pooling layer, which has no weights.
Result<std::vector<TensorType>> run(const std::string& className, std::vector<Value::Entry> entries,
                                    const TensorType& input) {
  test::LayerOutcome outcome = test::runLayer(className, std::move(entries), input);
  CHECK(outcome.params == Dim::constant(0));
  return outcome.outputs;
}

Result<std::vector<TensorType>> run(const std::string& className, std::vector<Value::Entry> entries,
                                    const std::vector<std::string>& input) {
  return run(className, std::move(entries), TensorType::of(DType::Float32, shape(input)));
}

struct Case {
  std::string layer;
  std::vector<Value::Entry> config;
  std::vector<std::string> input;
  std::vector<std::string> output;
};

void checkCase(const Case& c) {
  INFO(c.layer << " on " << formatShape(shape(c.input)));
  checkShape(run(c.layer, c.config, c.input), c.output);
}

Value::Entry pool(int64_t size) { return attr("pool_size", Value::integer(size)); }
const Value::Entry kFirst = attr("data_format", Value::string("channels_first"));
const Value::Entry kKeep = attr("keepdims", Value::boolean(true));

}  // namespace

TEST_CASE("every pooling class gives Keras' concrete shapes", "[shape][pooling]") {
  Case c = GENERATE(values<Case>({
      {"MaxPooling1D", {}, {"batch", "5", "8"}, {"batch", "2", "8"}},
      {"MaxPooling2D", {}, {"batch", "26", "26", "32"}, {"batch", "13", "13", "32"}},
      // Keras' MaxPooling3D docstring: pool_size=3 on (30, 30, 30, 3).
      {"MaxPooling3D", {pool(3)}, {"batch", "30", "30", "30", "3"}, {"batch", "10", "10", "10", "3"}},
      {"AveragePooling1D", {pool(2), attr("strides", Value::integer(1))}, {"1", "5", "1"}, {"1", "4", "1"}},
      // Keras' AveragePooling2D docstring: (3, 4) with pool (2, 2), strides (2, 2).
      {"AveragePooling2D", {attr("pool_size", ints({2, 2})), attr("strides", ints({2, 2}))},
       {"1", "3", "4", "1"}, {"1", "1", "2", "1"}},
      {"AveragePooling3D", {pool(3)}, {"batch", "30", "30", "30", "3"}, {"batch", "10", "10", "10", "3"}},
      {"GlobalMaxPooling1D", {}, {"2", "3", "4"}, {"2", "4"}},
      {"GlobalMaxPooling2D", {}, {"2", "4", "5", "3"}, {"2", "3"}},
      {"GlobalMaxPooling3D", {}, {"2", "4", "5", "4", "3"}, {"2", "3"}},
      {"GlobalAveragePooling1D", {}, {"2", "3", "4"}, {"2", "4"}},
      {"GlobalAveragePooling2D", {}, {"2", "4", "5", "3"}, {"2", "3"}},
      {"GlobalAveragePooling3D", {}, {"2", "4", "5", "4", "3"}, {"2", "3"}},
  }));
  checkCase(c);
}

TEST_CASE("pooling shapes stay symbolic", "[shape][pooling]") {
  Case c = GENERATE(values<Case>({
      {"MaxPooling1D", {pool(3), attr("strides", Value::integer(2))}, {"batch", "seq", "c"},
       {"batch", "(seq - 3)//2 + 1", "c"}},
      {"MaxPooling2D", {pool(2)}, {"batch", "h - 2", "w - 2", "32"}, {"batch", "(h - 2)//2", "(w - 2)//2", "32"}},
      {"MaxPooling3D", {}, {"batch", "d", "h", "w", "c"}, {"batch", "d//2", "h//2", "w//2", "c"}},
      {"AveragePooling1D", {pool(4)}, {"batch", "seq", "8"}, {"batch", "seq//4", "8"}},
      {"AveragePooling2D", {pool(2), attr("padding", Value::string("same"))}, {"batch", "h", "w", "3"},
       {"batch", "cdiv(h, 2)", "cdiv(w, 2)", "3"}},
      {"AveragePooling3D", {attr("pool_size", ints({1, 2, 3}))}, {"batch", "d", "h", "w", "3"},
       {"batch", "d", "h//2", "w//3", "3"}},
      {"GlobalMaxPooling1D", {}, {"batch", "seq", "c"}, {"batch", "c"}},
      {"GlobalMaxPooling2D", {kKeep}, {"batch", "h", "w", "c"}, {"batch", "1", "1", "c"}},
      {"GlobalMaxPooling3D", {}, {"batch", "d", "h", "w", "c"}, {"batch", "c"}},
      {"GlobalAveragePooling1D", {kKeep}, {"batch", "seq", "c"}, {"batch", "1", "c"}},
      {"GlobalAveragePooling2D", {}, {"batch", "h//2 - 1", "w//2 - 1", "64"}, {"batch", "64"}},
      {"GlobalAveragePooling3D", {kKeep}, {"batch", "d", "h", "w", "c"}, {"batch", "1", "1", "1", "c"}},
  }));
  checkCase(c);
}

TEST_CASE("pooling with channels_first keeps channels at axis 1", "[shape][pooling]") {
  Case c = GENERATE(values<Case>({
      {"MaxPooling1D", {kFirst}, {"batch", "c", "seq"}, {"batch", "c", "seq//2"}},
      {"MaxPooling2D", {pool(2), kFirst}, {"batch", "32", "h", "w"}, {"batch", "32", "h//2", "w//2"}},
      {"MaxPooling3D", {kFirst}, {"batch", "3", "8", "8", "8"}, {"batch", "3", "4", "4", "4"}},
      {"AveragePooling1D", {pool(2), kFirst}, {"batch", "8", "seq"}, {"batch", "8", "seq//2"}},
      {"AveragePooling2D", {attr("pool_size", ints({2, 3})), kFirst}, {"batch", "3", "h", "w"},
       {"batch", "3", "h//2", "w//3"}},
      {"AveragePooling3D", {attr("pool_size", ints({2, 2, 1})), kFirst}, {"batch", "3", "d", "h", "w"},
       {"batch", "3", "d//2", "h//2", "w"}},
      {"GlobalMaxPooling1D", {kFirst}, {"batch", "c", "seq"}, {"batch", "c"}},
      {"GlobalMaxPooling2D", {kFirst, kKeep}, {"batch", "c", "h", "w"}, {"batch", "c", "1", "1"}},
      {"GlobalMaxPooling3D", {kFirst}, {"batch", "c", "d", "h", "w"}, {"batch", "c"}},
      {"GlobalAveragePooling1D", {kFirst, kKeep}, {"batch", "c", "seq"}, {"batch", "c", "1"}},
      {"GlobalAveragePooling2D", {kFirst}, {"batch", "c", "h", "w"}, {"batch", "c"}},
      {"GlobalAveragePooling3D", {kFirst, kKeep}, {"batch", "c", "d", "h", "w"}, {"batch", "c", "1", "1", "1"}},
  }));
  checkCase(c);
}

TEST_CASE("pooling output sizes follow Keras' compute_pooling_output_shape", "[shape][pooling]") {
  auto [size, strides, padding, in, out] = GENERATE(table<int64_t, int64_t, std::string, std::string, std::string>({
      // floor((in - pool_size) / strides) + 1
      {2, 2, "valid", "seq", "seq//2"},
      {2, 1, "valid", "seq", "seq - 1"},
      {3, 2, "valid", "7", "3"},
      {3, 2, "valid", "seq", "(seq - 3)//2 + 1"},
      {2, 3, "valid", "10", "3"},
      // floor((in - 1) / strides) + 1
      {2, 2, "same", "seq", "cdiv(seq, 2)"},
      {2, 2, "same", "5", "3"},
      {3, 1, "same", "seq", "seq"},
      {2, 2, "valid", "?", "?"},
  }));
  INFO("pool_size " << size << ", strides " << strides << ", padding " << padding << ", in " << in);
  checkShape(run("MaxPooling1D",
                 {pool(size), attr("strides", Value::integer(strides)), attr("padding", Value::string(padding))},
                 {"batch", in, "4"}),
             {"batch", out, "4"});
}

TEST_CASE("pooling strides default to the pool size", "[shape][pooling]") {
  std::vector<std::string> input = {"batch", "h", "w", "3"};
  checkShape(run("MaxPooling2D", {}, input), {"batch", "h//2", "w//2", "3"});
  checkShape(run("MaxPooling2D", {attr("pool_size", ints({3, 2})), attr("strides", Value::null())}, input),
             {"batch", "h//3", "w//2", "3"});
  checkShape(run("AveragePooling2D", {pool(3), attr("strides", ints({1, 2}))}, input),
             {"batch", "h - 2", "(w - 3)//2 + 1", "3"});
}

TEST_CASE("symbolic pooling output prints canonically", "[shape][pooling]") {
  // The example model's pool1: MaxPooling2D(2) after Conv2D(32, 3) on (batch, h, w, 3).
  Dims pooled = outputDims(run("MaxPooling2D", {pool(2)}, {"batch", "h - 2", "w - 2", "32"}));
  CHECK(pooled[1] == parsed("(h - 2)//2"));
  CHECK(formatShape(pooled) == "(batch, h//2 - 1, w//2 - 1, 32)");
  Dims same = outputDims(run("MaxPooling2D", {pool(2), attr("padding", Value::string("same"))}, {"batch", "h", "w", "3"}));
  CHECK(formatShape(same) == "(batch, cdiv(h, 2), cdiv(w, 2), 3)");
}

TEST_CASE("pooling keeps the input's dtype", "[shape][pooling]") {
  for (const char* layer : {"MaxPooling2D", "GlobalAveragePooling2D"}) {
    auto outputs = run(layer, {}, TensorType::of(DType::Float16, shape({"batch", "h", "w", "3"})));
    REQUIRE(outputs);
    CHECK(outputs->front().dtype == DType::Float16);
    auto integers = run(layer, {}, TensorType::of(DType::Int32, shape({"batch", "h", "w", "3"})));
    REQUIRE(integers);
    CHECK(integers->front().dtype == DType::Int32);
  }
}

TEST_CASE("pooling an input of unknown rank gives the layer's rank", "[shape][pooling]") {
  checkShape(run("MaxPooling2D", {}, TensorType::unknown()), {"?", "?", "?", "?"});
  checkShape(run("GlobalAveragePooling2D", {}, TensorType::unknown()), {"?", "?"});
  checkShape(run("GlobalAveragePooling2D", {kKeep}, TensorType::unknown()), {"?", "1", "1", "?"});
}

TEST_CASE("a pooling input of the wrong rank is an error naming the layout", "[shape][pooling]") {
  CHECK(errorOf(run("MaxPooling2D", {}, {"batch", "28", "28"})) ==
        "MaxPooling2D expects a 4-D input (batch, rows, cols, channels), got the 3-D input (batch, 28, 28)");
  CHECK(errorOf(run("AveragePooling1D", {pool(2), kFirst}, {"batch", "c", "h", "w"})) ==
        "AveragePooling1D expects a 3-D input (batch, channels, steps), got the 4-D input (batch, c, h, w)");
  CHECK(errorOf(run("GlobalAveragePooling2D", {}, {"batch", "seq", "64"})) ==
        "GlobalAveragePooling2D expects a 4-D input (batch, rows, cols, channels), got the 3-D input "
        "(batch, seq, 64)");
  CHECK(errorOf(run("GlobalMaxPooling3D", {}, {"batch", "h", "w", "c"})) ==
        "GlobalMaxPooling3D expects a 5-D input (batch, depth, rows, cols, channels), got the 4-D input "
        "(batch, h, w, c)");
}

TEST_CASE("a non-positive pooling output size is an error showing the formula", "[shape][pooling]") {
  CHECK(errorOf(run("MaxPooling2D", {}, {"batch", "1", "1", "3"})) ==
        "MaxPooling2D output size is not positive: with padding 'valid', rows = (in - pool_size)//stride + 1 = "
        "(1 - 2)//2 + 1 = 0");
  CHECK(errorOf(run("AveragePooling1D", {pool(5), attr("strides", Value::integer(1))}, {"batch", "3", "8"})) ==
        "AveragePooling1D output size is not positive: with padding 'valid', steps = (in - pool_size)//stride + 1 = "
        "(3 - 5)//1 + 1 = -1");
  // Symbolic: min(w, 3) is at most 3 for every w, so a window of 4 never fits.
  CHECK(errorOf(run("MaxPooling2D", {pool(4)}, {"batch", "h", "min(w, 3)", "3"})) ==
        "MaxPooling2D output size is not positive: with padding 'valid', cols = (in - pool_size)//stride + 1 = "
        "(min(w, 3) - 4)//4 + 1 = " + parsed("(min(w, 3) - 4)//4 + 1").str());
  // With 'same' padding the window always fits.
  checkShape(run("MaxPooling2D", {pool(4), attr("padding", Value::string("same"))}, {"batch", "1", "1", "3"}),
             {"batch", "1", "1", "3"});
}

TEST_CASE("pool_size and strides need one value or one per spatial axis", "[shape][pooling]") {
  std::vector<std::string> input = {"batch", "h", "w", "3"};
  CHECK(errorOf(run("MaxPooling2D", {attr("pool_size", ints({2, 2, 2}))}, input)) ==
        "MaxPooling2D 'pool_size' must be an integer or a list of 2 integers, got [2, 2, 2]");
  CHECK(errorOf(run("MaxPooling2D", {pool(0)}, input)) == "MaxPooling2D 'pool_size' values must be >= 1, got 0");
  CHECK(errorOf(run("AveragePooling2D", {pool(2), attr("strides", ints({2, 0}))}, input)) ==
        "AveragePooling2D 'strides' values must be >= 1, got [2, 0]");
  CHECK(errorOf(run("AveragePooling2D", {pool(2), attr("strides", Value::string("2"))}, input)) ==
        "AveragePooling2D 'strides' must be an integer or a list of 2 integers, got \"2\"");
}

TEST_CASE("pooling schemas match Keras' constructor arguments", "[shape][pooling]") {
  // AveragePooling has no default pool_size; MaxPooling defaults to 2.
  CHECK(issuesOf("MaxPooling2D", {}).empty());
  CHECK(issuesOf("AveragePooling2D", {}).size() == 1);
  CHECK(issuesOf("AveragePooling1D", {}).size() == 1);
  // MaxPooling2D.get_config() from Keras 3.
  CHECK(issuesOf("MaxPooling2D", {attr("name", Value::string("max_pooling2d")),
                                  attr("trainable", Value::boolean(true)), attr("dtype", Value::string("float32")),
                                  attr("pool_size", ints({2, 2})), attr("padding", Value::string("valid")),
                                  attr("strides", ints({2, 2})), attr("data_format", Value::string("channels_last"))})
            .empty());
  CHECK(issuesOf("GlobalAveragePooling2D", {attr("data_format", Value::null()), kKeep}).empty());
  CHECK(issuesOf("MaxPooling1D", {attr("padding", Value::string("causal"))}).size() == 1);
  CHECK(issuesOf("GlobalMaxPooling1D", {pool(2)}).size() == 1);
  CHECK(issuesOf("MaxPooling2D", {attr("data_format", Value::string("NHWC"))}).size() == 1);
}

TEST_CASE("the short pooling names Keras 3 also exports are the same layers", "[shape][pooling]") {
  // keras.layers.MaxPool2D is keras.layers.MaxPooling2D, and so on; Keras 3 loads either name.
  checkShape(run("MaxPool2D", {}, {"batch", "h", "w", "3"}), {"batch", "h//2", "w//2", "3"});
  checkShape(run("AvgPool1D", {pool(2)}, {"batch", "seq", "8"}), {"batch", "seq//2", "8"});
  checkShape(run("GlobalAvgPool2D", {}, {"batch", "h", "w", "3"}), {"batch", "3"});
  checkShape(run("GlobalMaxPool3D", {kKeep}, {"batch", "d", "h", "w", "3"}), {"batch", "1", "1", "1", "3"});
  CHECK(issuesOf("AvgPool2D", {}) ==
        std::vector<std::string>{"AvgPool2D needs the attribute 'pool_size' (window size: an integer for every axis or "
                                 "one per spatial axis)"});
  CHECK(errorOf(run("MaxPool3D", {}, {"batch", "h", "w", "3"})) ==
        "MaxPool3D expects a 5-D input (batch, depth, rows, cols, channels), got the 4-D input (batch, h, w, 3)");
}

TEST_CASE("adaptive pooling outputs output_size on the spatial axes", "[shape][pooling]") {
  Value::Entry four = attr("output_size", Value::integer(4));
  Case c = GENERATE_COPY(values<Case>({
      {"AdaptiveAveragePooling1D", {four}, {"batch", "seq", "8"}, {"batch", "4", "8"}},
      {"AdaptiveMaxPooling1D", {attr("output_size", ints({7}))}, {"2", "100", "c"}, {"2", "7", "c"}},
      {"AdaptiveAveragePooling2D", {four}, {"batch", "h", "w", "3"}, {"batch", "4", "4", "3"}},
      {"AdaptiveMaxPooling2D", {attr("output_size", ints({2, 3}))}, {"batch", "13", "17", "64"},
       {"batch", "2", "3", "64"}},
      {"AdaptiveMaxPooling2D", {four, kFirst}, {"batch", "64", "h", "w"}, {"batch", "64", "4", "4"}},
      {"AdaptiveAveragePooling3D", {attr("output_size", ints({1, 2, 3}))}, {"batch", "d", "h", "w", "c"},
       {"batch", "1", "2", "3", "c"}},
      {"AdaptiveMaxPooling3D", {four, kFirst}, {"1", "3", "8", "8", "8"}, {"1", "3", "4", "4", "4"}},
  }));
  checkCase(c);
}

TEST_CASE("adaptive pooling checks output_size and the input's rank", "[shape][pooling]") {
  CHECK(errorOf(run("AdaptiveAveragePooling2D", {attr("output_size", ints({4}))}, {"batch", "h", "w", "3"})) ==
        "AdaptiveAveragePooling2D 'output_size' must be an integer or a list of 2 integers, got [4]");
  CHECK(errorOf(run("AdaptiveMaxPooling1D", {attr("output_size", Value::integer(0))}, {"batch", "seq", "3"})) ==
        "AdaptiveMaxPooling1D 'output_size' values must be >= 1, got 0");
  CHECK(errorOf(run("AdaptiveMaxPooling2D", {attr("output_size", Value::integer(2))}, {"batch", "seq", "3"})) ==
        "AdaptiveMaxPooling2D expects a 4-D input (batch, rows, cols, channels), got the 3-D input (batch, seq, 3)");
  CHECK(issuesOf("AdaptiveAveragePooling3D", {}) ==
        std::vector<std::string>{"AdaptiveAveragePooling3D needs the attribute 'output_size' (the spatial output size: "
                                 "one integer or one per spatial axis)"});
  // Adaptive pooling has compute_output_shape only, so its output is in the compute dtype.
  Result<std::vector<TensorType>> half = run("AdaptiveAveragePooling1D", {attr("output_size", Value::integer(2))},
                                             TensorType::of(DType::Float16, shape({"batch", "seq", "8"})));
  REQUIRE(half);
  CHECK(half->front().dtype == DType::Float32);
  Result<std::vector<TensorType>> unranked =
      run("AdaptiveMaxPooling2D", {attr("output_size", Value::integer(2))}, TensorType::unknown());
  checkShape(unranked, {"?", "2", "2", "?"});
}
