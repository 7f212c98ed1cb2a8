#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
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
using test::outputDims;
using test::parsed;
using test::shape;

Outcome run(const std::string& className, std::vector<Value::Entry> entries, const TensorType& input) {
  return test::runLayer(className, std::move(entries), input);
}

Outcome run(const std::string& className, std::vector<Value::Entry> entries, const std::vector<std::string>& input) {
  return test::runLayer(className, std::move(entries), input);
}

struct Case {
  std::string layer;
  std::vector<Value::Entry> config;
  std::vector<std::string> input;
  std::vector<std::string> output;
  std::string params;  // a dim expression
};

void checkCase(const Case& c) {
  INFO(c.layer << " on " << formatShape(shape(c.input)));
  Outcome outcome = run(c.layer, c.config, c.input);
  checkShape(outcome, c.output);
  INFO("params " << outcome.params.str());
  CHECK(outcome.params == parsed(c.params));
}

}  // namespace

TEST_CASE("every convolution class gives Keras' shapes and parameter counts", "[shape][conv]") {
  // Parameter counts are Keras' count_params() for the weights each layer's build() creates.
  Case c = GENERATE(values<Case>({
      {"Conv1D", {attr("filters", Value::integer(64)), attr("kernel_size", Value::integer(5))},
       {"batch", "100", "128"}, {"batch", "96", "64"}, "41024"},
      {"Conv2D", {attr("filters", Value::integer(32)), attr("kernel_size", Value::integer(3))},
       {"batch", "28", "28", "3"}, {"batch", "26", "26", "32"}, "896"},
      {"Conv3D", {attr("filters", Value::integer(8)), attr("kernel_size", Value::integer(3))},
       {"batch", "16", "32", "32", "3"}, {"batch", "14", "30", "30", "8"}, "656"},
      {"SeparableConv1D", {attr("filters", Value::integer(32)), attr("kernel_size", Value::integer(3))},
       {"batch", "50", "16"}, {"batch", "48", "32"}, "592"},
      {"SeparableConv2D", {attr("filters", Value::integer(64)), attr("kernel_size", Value::integer(3))},
       {"batch", "32", "32", "32"}, {"batch", "30", "30", "64"}, "2400"},
      {"DepthwiseConv1D", {attr("kernel_size", Value::integer(5))},
       {"batch", "50", "8"}, {"batch", "46", "8"}, "48"},
      {"DepthwiseConv2D", {attr("kernel_size", Value::integer(3))},
       {"batch", "32", "32", "32"}, {"batch", "30", "30", "32"}, "320"},
      {"Conv1DTranspose", {attr("filters", Value::integer(5)), attr("kernel_size", Value::integer(2)),
                           attr("strides", Value::integer(2))},
       {"2", "8", "4"}, {"2", "16", "5"}, "45"},
      {"Conv2DTranspose", {attr("filters", Value::integer(16)), attr("kernel_size", Value::integer(3))},
       {"batch", "8", "8", "32"}, {"batch", "10", "10", "16"}, "4624"},
      {"Conv3DTranspose", {attr("filters", Value::integer(4)), attr("kernel_size", Value::integer(2)),
                           attr("strides", Value::integer(2))},
       {"batch", "4", "8", "8", "16"}, {"batch", "8", "16", "16", "4"}, "516"},
  }));
  checkCase(c);
}

TEST_CASE("convolution shapes stay symbolic", "[shape][conv]") {
  Case c = GENERATE(values<Case>({
      {"Conv1D", {attr("filters", Value::integer(8)), attr("kernel_size", Value::integer(3)),
                  attr("strides", Value::integer(2))},
       {"batch", "seq", "4"}, {"batch", "(seq - 3)//2 + 1", "8"}, "104"},
      {"Conv2D", {attr("filters", Value::integer(32)), attr("kernel_size", Value::integer(3))},
       {"batch", "h", "w", "3"}, {"batch", "h - 2", "w - 2", "32"}, "896"},
      {"Conv3D", {attr("filters", Value::integer(2)), attr("kernel_size", ints({1, 3, 5})),
                  attr("padding", Value::string("same")), attr("strides", Value::integer(2))},
       {"batch", "d", "h", "w", "c"}, {"batch", "cdiv(d, 2)", "cdiv(h, 2)", "cdiv(w, 2)", "2"}, "30*c + 2"},
      {"SeparableConv1D", {attr("filters", Value::integer(32)), attr("kernel_size", Value::integer(3)),
                           attr("padding", Value::string("same"))},
       {"batch", "seq", "16"}, {"batch", "seq", "32"}, "592"},
      {"SeparableConv2D", {attr("filters", Value::integer(64)), attr("kernel_size", Value::integer(3)),
                           attr("depth_multiplier", Value::integer(2))},
       {"batch", "h", "w", "c"}, {"batch", "h - 2", "w - 2", "64"}, "18*c + 128*c + 64"},
      {"DepthwiseConv1D", {attr("kernel_size", Value::integer(5)), attr("depth_multiplier", Value::integer(3))},
       {"batch", "seq", "8"}, {"batch", "seq - 4", "24"}, "144"},
      {"DepthwiseConv2D", {attr("kernel_size", Value::integer(3)), attr("depth_multiplier", Value::integer(2))},
       {"batch", "h", "w", "c"}, {"batch", "h - 2", "w - 2", "2*c"}, "20*c"},
      {"Conv1DTranspose", {attr("filters", Value::integer(4)), attr("kernel_size", Value::integer(3)),
                           attr("strides", Value::integer(2))},
       {"batch", "seq", "8"}, {"batch", "2*seq + 1", "4"}, "100"},
      {"Conv2DTranspose", {attr("filters", Value::integer(16)), attr("kernel_size", Value::integer(3)),
                           attr("strides", Value::integer(2)), attr("padding", Value::string("same"))},
       {"batch", "h", "w", "32"}, {"batch", "2*h", "2*w", "16"}, "4624"},
      {"Conv3DTranspose", {attr("filters", Value::integer(1)), attr("kernel_size", Value::integer(3))},
       {"batch", "d", "h", "w", "2"}, {"batch", "d + 2", "h + 2", "w + 2", "1"}, "55"},
  }));
  checkCase(c);
}

TEST_CASE("channels_first keeps channels at axis 1", "[shape][conv]") {
  Value::Entry first = attr("data_format", Value::string("channels_first"));
  Case c = GENERATE_COPY(values<Case>({
      {"Conv1D", {attr("filters", Value::integer(8)), attr("kernel_size", Value::integer(3)), first},
       {"batch", "4", "seq"}, {"batch", "8", "seq - 2"}, "104"},
      {"Conv2D", {attr("filters", Value::integer(16)), attr("kernel_size", ints({3, 5})), first},
       {"batch", "3", "h", "w"}, {"batch", "16", "h - 2", "w - 4"}, "736"},
      {"Conv3D", {attr("filters", Value::integer(8)), attr("kernel_size", Value::integer(3)), first},
       {"batch", "3", "16", "32", "32"}, {"batch", "8", "14", "30", "30"}, "656"},
      {"SeparableConv1D", {attr("filters", Value::integer(32)), attr("kernel_size", Value::integer(3)), first},
       {"batch", "16", "50"}, {"batch", "32", "48"}, "592"},
      {"SeparableConv2D", {attr("filters", Value::integer(64)), attr("kernel_size", Value::integer(3)), first},
       {"batch", "32", "h", "w"}, {"batch", "64", "h - 2", "w - 2"}, "2400"},
      {"DepthwiseConv1D", {attr("kernel_size", Value::integer(5)), first},
       {"batch", "8", "seq"}, {"batch", "8", "seq - 4"}, "48"},
      {"DepthwiseConv2D", {attr("kernel_size", Value::integer(3)), attr("depth_multiplier", Value::integer(2)), first},
       {"batch", "32", "h", "w"}, {"batch", "64", "h - 2", "w - 2"}, "640"},
      {"Conv1DTranspose", {attr("filters", Value::integer(4)), attr("kernel_size", Value::integer(3)), first},
       {"batch", "8", "seq"}, {"batch", "4", "seq + 2", }, "100"},
      // Keras' conv_transpose_test: kernel (2, 3), strides (2, 1), channels_first.
      {"Conv2DTranspose", {attr("filters", Value::integer(6)), attr("kernel_size", ints({2, 3})),
                           attr("strides", ints({2, 1})), first},
       {"2", "4", "8", "8"}, {"2", "6", "16", "10"}, "150"},
      {"Conv3DTranspose", {attr("filters", Value::integer(1)), attr("kernel_size", Value::integer(3)), first},
       {"batch", "2", "d", "h", "w"}, {"batch", "1", "d + 2", "h + 2", "w + 2"}, "55"},
  }));
  checkCase(c);
}

TEST_CASE("convolution output sizes follow Keras' formulas", "[shape][conv]") {
  // Conv1D, one spatial axis: (batch, in, 1) -> (batch, out, 1).
  auto [kernel, strides, dilation, padding, in, out] =
      GENERATE(table<int64_t, int64_t, int64_t, std::string, std::string, std::string>({
          {3, 1, 1, "valid", "seq", "seq - 2"},
          {3, 2, 1, "valid", "seq", "(seq - 3)//2 + 1"},
          {3, 1, 2, "valid", "seq", "seq - 4"},
          {3, 1, 3, "valid", "32", "26"},
          {5, 3, 1, "valid", "28", "8"},
          {4, 4, 1, "valid", "seq", "seq//4"},
          {3, 1, 1, "same", "seq", "seq"},
          {3, 2, 1, "same", "seq", "cdiv(seq, 2)"},
          {3, 2, 1, "same", "27", "14"},
          {3, 2, 1, "same", "28", "14"},
          {7, 1, 4, "same", "seq", "seq"},
          {3, 1, 2, "causal", "seq", "seq"},
          {3, 2, 1, "causal", "seq", "cdiv(seq, 2)"},
          {3, 1, 1, "valid", "?", "?"},
      }));
  INFO("kernel " << kernel << ", strides " << strides << ", dilation " << dilation << ", padding " << padding
                 << ", in " << in);
  Outcome outcome = run("Conv1D",
                        {attr("filters", Value::integer(1)), attr("kernel_size", Value::integer(kernel)),
                         attr("strides", Value::integer(strides)), attr("dilation_rate", Value::integer(dilation)),
                         attr("padding", Value::string(padding))},
                        {"batch", in, "1"});
  checkShape(outcome, {"batch", out, "1"});
}

TEST_CASE("transposed convolution sizes follow Keras' deconv_output_length", "[shape][conv]") {
  // Conv1DTranspose, one spatial axis; output_padding -1 stands for null.
  auto [kernel, strides, dilation, padding, outputPadding, in, out] =
      GENERATE(table<int64_t, int64_t, int64_t, std::string, int64_t, std::string, std::string>({
          // From Keras' conv_transpose_test.
          {2, 2, 1, "valid", -1, "8", "16"},
          {2, 3, 1, "same", 2, "8", "23"},
          {7, 16, 1, "valid", -1, "14", "224"},
          // (in - 1)*stride + max(dilation*(kernel-1) + 1, stride)
          {3, 1, 1, "valid", -1, "seq", "seq + 2"},
          {3, 2, 1, "valid", -1, "seq", "2*seq + 1"},
          {3, 1, 2, "valid", -1, "seq", "seq + 4"},
          {2, 4, 1, "valid", -1, "seq", "4*seq"},
          // (in - 1)*stride + dilation*(kernel-1) + 1 + output_padding
          {3, 2, 1, "valid", 1, "seq", "2*seq + 2"},
          // in*stride
          {3, 2, 1, "same", -1, "seq", "2*seq"},
          {5, 1, 1, "same", -1, "seq", "seq"},
          // (in - 1)*stride + (dilation*(kernel-1) + 1) % 2 + output_padding
          {3, 2, 1, "same", 1, "seq", "2*seq"},
          {4, 2, 1, "same", 0, "seq", "2*seq - 2"},
          {3, 2, 1, "same", 0, "?", "?"},
      }));
  INFO("kernel " << kernel << ", strides " << strides << ", dilation " << dilation << ", padding " << padding
                 << ", output_padding " << outputPadding << ", in " << in);
  std::vector<Value::Entry> config = {
      attr("filters", Value::integer(1)), attr("kernel_size", Value::integer(kernel)),
      attr("strides", Value::integer(strides)), attr("dilation_rate", Value::integer(dilation)),
      attr("padding", Value::string(padding))};
  if (outputPadding >= 0) config.push_back(attr("output_padding", Value::integer(outputPadding)));
  checkShape(run("Conv1DTranspose", config, {"batch", in, "1"}), {"batch", out, "1"});
}

TEST_CASE("symbolic conv output prints canonically", "[shape][conv]") {
  Outcome conv = run("Conv2D", {attr("filters", Value::integer(32)), attr("kernel_size", Value::integer(3))},
                     {"batch", "h", "w", "3"});
  CHECK(formatShape(outputDims(conv)) == "(batch, h - 2, w - 2, 32)");
  Outcome strided = run("Conv2D",
                        {attr("filters", Value::integer(8)), attr("kernel_size", Value::integer(3)),
                         attr("strides", Value::integer(2))},
                        {"batch", "h", "w", "3"});
  CHECK(formatShape(outputDims(strided)) == "(batch, (h - 3)//2 + 1, (w - 3)//2 + 1, 8)");
  Outcome same = run("Conv2D",
                     {attr("filters", Value::integer(8)), attr("kernel_size", Value::integer(3)),
                      attr("strides", Value::integer(2)), attr("padding", Value::string("same"))},
                     {"batch", "h", "w", "3"});
  CHECK(formatShape(outputDims(same)) == "(batch, cdiv(h, 2), cdiv(w, 2), 8)");
}

TEST_CASE("groups split the kernel's input channels", "[shape][conv]") {
  Outcome grouped = run("Conv2D",
                        {attr("filters", Value::integer(64)), attr("kernel_size", Value::integer(3)),
                         attr("groups", Value::integer(4))},
                        {"batch", "h", "w", "32"});
  checkShape(grouped, {"batch", "h - 2", "w - 2", "64"});
  CHECK(grouped.params == Dim::constant(9 * 8 * 64 + 64));
}

TEST_CASE("use_bias and lora_rank change the parameter count", "[shape][conv]") {
  std::vector<std::string> input = {"batch", "h", "w", "3"};
  Value::Entry filters = attr("filters", Value::integer(32)), kernel = attr("kernel_size", Value::integer(3));
  CHECK(run("Conv2D", {filters, kernel, attr("use_bias", Value::boolean(false))}, input).params == Dim::constant(864));
  // LoRA adds lora_kernel_a (3, 3, 3, 4) and lora_kernel_b (4, 32); the frozen kernel still counts.
  CHECK(run("Conv2D", {filters, kernel, attr("lora_rank", Value::integer(4))}, input).params ==
        Dim::constant(896 + 108 + 128));
  CHECK(run("Conv2D", {filters, kernel, attr("lora_rank", Value::null())}, input).params == Dim::constant(896));
  CHECK(run("DepthwiseConv2D", {kernel, attr("use_bias", Value::boolean(false))}, {"batch", "h", "w", "32"}).params ==
        Dim::constant(288));
  CHECK(run("SeparableConv2D", {attr("filters", Value::integer(64)), kernel, attr("use_bias", Value::boolean(false))},
            {"batch", "h", "w", "32"})
            .params == Dim::constant(2336));
  CHECK(run("Conv2DTranspose", {attr("filters", Value::integer(16)), kernel, attr("use_bias", Value::boolean(false))},
            {"batch", "h", "w", "32"})
            .params == Dim::constant(4608));
}

TEST_CASE("unknown channels leave the params unknown but not the shape", "[shape][conv]") {
  Outcome outcome = run("Conv2D", {attr("filters", Value::integer(32)), attr("kernel_size", Value::integer(3))},
                        {"batch", "h", "w", "?"});
  checkShape(outcome, {"batch", "h - 2", "w - 2", "32"});
  CHECK(outcome.params.isUnknown());

  Outcome depthwise = run("DepthwiseConv2D", {attr("kernel_size", Value::integer(3))}, {"batch", "h", "w", "?"});
  checkShape(depthwise, {"batch", "h - 2", "w - 2", "?"});
  CHECK(depthwise.params.isUnknown());
}

TEST_CASE("an input of unknown rank still gives the output's rank and filters", "[shape][conv]") {
  Outcome outcome = run("Conv2D", {attr("filters", Value::integer(32)), attr("kernel_size", Value::integer(3))},
                        TensorType::unknown());
  checkShape(outcome, {"?", "?", "?", "32"});
  CHECK(outcome.params.isUnknown());
}

TEST_CASE("convolutions compute in the layer's dtype", "[shape][conv]") {
  Outcome plain = run("Conv2D", {attr("filters", Value::integer(4)), attr("kernel_size", Value::integer(1))},
                      TensorType::of(DType::UInt8, shape({"batch", "h", "w", "3"})));
  REQUIRE(plain.outputs);
  CHECK(plain.outputs->front().dtype == DType::Float32);
  Outcome half = run("Conv2D",
                     {attr("filters", Value::integer(4)), attr("kernel_size", Value::integer(1)),
                      attr("dtype", Value::string("float16"))},
                     {"batch", "h", "w", "3"});
  REQUIRE(half.outputs);
  CHECK(half.outputs->front().dtype == DType::Float16);
}

TEST_CASE("a conv input of the wrong rank is an error naming the layout", "[shape][conv]") {
  Value::Entry filters = attr("filters", Value::integer(8)), kernel = attr("kernel_size", Value::integer(3));
  CHECK(errorOf(run("Conv2D", {filters, kernel}, {"batch", "28", "28"})) ==
        "Conv2D expects a 4-D input (batch, rows, cols, channels), got the 3-D input (batch, 28, 28)");
  CHECK(errorOf(run("Conv2D", {filters, kernel, attr("data_format", Value::string("channels_first"))},
                    {"batch", "3", "h", "w", "1"})) ==
        "Conv2D expects a 4-D input (batch, channels, rows, cols), got the 5-D input (batch, 3, h, w, 1)");
  CHECK(errorOf(run("Conv1D", {filters, kernel}, {"batch", "seq"})) ==
        "Conv1D expects a 3-D input (batch, steps, channels), got the 2-D input (batch, seq)");
  CHECK(errorOf(run("Conv3DTranspose", {filters, kernel}, {"batch", "h", "w", "3"})) ==
        "Conv3DTranspose expects a 5-D input (batch, depth, rows, cols, channels), got the 4-D input "
        "(batch, h, w, 3)");
}

TEST_CASE("a non-positive conv output size is an error showing the formula", "[shape][conv]") {
  Value::Entry filters = attr("filters", Value::integer(8)), kernel = attr("kernel_size", Value::integer(3));
  CHECK(errorOf(run("Conv2D", {filters, kernel}, {"batch", "2", "w", "1"})) ==
        "Conv2D output size is not positive: with padding 'valid', rows = (in - dilation*(kernel-1) - 1)//stride + 1 "
        "= (2 - 1*(3-1) - 1)//1 + 1 = 0");
  CHECK(errorOf(run("Conv1D", {filters, kernel, attr("dilation_rate", Value::integer(4))}, {"batch", "8", "1"})) ==
        "Conv1D output size is not positive: with padding 'valid', steps = (in - dilation*(kernel-1) - 1)//stride + 1 "
        "= (8 - 4*(3-1) - 1)//1 + 1 = 0");
  // Symbolic: min(h, 2) is at most 2 for every h, so the output is at most 0.
  CHECK(errorOf(run("DepthwiseConv2D", {kernel}, {"batch", "w", "min(h, 2)", "1"})) ==
        "DepthwiseConv2D output size is not positive: with padding 'valid', cols = "
        "(in - dilation*(kernel-1) - 1)//stride + 1 = (min(h, 2) - 1*(3-1) - 1)//1 + 1 = min(h, 2) - 2");
  // Not provable: h may be large.
  checkShape(run("Conv2D", {filters, attr("kernel_size", Value::integer(100))}, {"batch", "h", "w", "1"}),
             {"batch", "h - 99", "w - 99", "8"});
  CHECK(errorOf(run("Conv2DTranspose",
                    {filters, attr("kernel_size", Value::integer(2)), attr("strides", Value::integer(2)),
                     attr("padding", Value::string("same")), attr("output_padding", Value::integer(0))},
                    {"batch", "1", "w", "1"})) ==
        "Conv2DTranspose output size is not positive: with padding 'same', rows = "
        "(in - 1)*stride + (dilation*(kernel-1) + 1) % 2 + output_padding = (1 - 1)*2 + (1*(2-1) + 1) % 2 + 0 = 0");
}

TEST_CASE("groups must divide the filters and the input channels", "[shape][conv]") {
  Value::Entry kernel = attr("kernel_size", Value::integer(3));
  CHECK(errorOf(run("Conv2D", {attr("filters", Value::integer(64)), kernel, attr("groups", Value::integer(4))},
                    {"batch", "h", "w", "30"})) ==
        "Conv2D input channels (30) must be divisible by groups (4), got the input (batch, h, w, 30)");
  CHECK(errorOf(run("Conv2D", {attr("filters", Value::integer(10)), kernel, attr("groups", Value::integer(4))},
                    {"batch", "h", "w", "32"})) == "Conv2D filters (10) must be divisible by groups (4)");
  CHECK(errorOf(run("Conv1D", {attr("filters", Value::integer(8)), kernel, attr("groups", Value::integer(0))},
                    {"batch", "seq", "4"})) == "Conv1D 'groups' must be >= 1, got 0");
  // A symbolic channel count is not provably indivisible.
  checkShape(run("Conv1D", {attr("filters", Value::integer(8)), kernel, attr("groups", Value::integer(2))},
                 {"batch", "seq", "c"}),
             {"batch", "seq - 2", "8"});
}

TEST_CASE("per-axis attributes need one value or one per spatial axis", "[shape][conv]") {
  Value::Entry filters = attr("filters", Value::integer(8));
  std::vector<std::string> input = {"batch", "h", "w", "3"};
  CHECK(errorOf(run("Conv2D", {filters, attr("kernel_size", ints({3, 3, 3}))}, input)) ==
        "Conv2D 'kernel_size' must be an integer or a list of 2 integers, got [3, 3, 3]");
  CHECK(errorOf(run("Conv2D", {filters, attr("kernel_size", ints({3, 0}))}, input)) ==
        "Conv2D 'kernel_size' values must be >= 1, got [3, 0]");
  CHECK(errorOf(run("Conv2D", {filters, attr("kernel_size", Value::integer(3)), attr("strides", ints({1}))}, input)) ==
        "Conv2D 'strides' must be an integer or a list of 2 integers, got [1]");
  CHECK(errorOf(run("Conv2D", {filters, attr("kernel_size", Value::integer(3)), attr("strides", Value::integer(2)),
                               attr("dilation_rate", ints({1, 2}))},
                    input)) ==
        "Conv2D does not support strides > 1 together with dilation_rate > 1: strides (2, 2), dilation_rate (1, 2)");
  CHECK(errorOf(run("Conv2DTranspose",
                    {filters, attr("kernel_size", Value::integer(3)), attr("strides", Value::integer(2)),
                     attr("output_padding", ints({1, 2}))},
                    input)) ==
        "Conv2DTranspose output_padding must be less than strides on every axis, got output_padding (1, 2) with "
        "strides (2, 2)");
  CHECK(errorOf(run("Conv2DTranspose",
                    {filters, attr("kernel_size", Value::integer(3)), attr("output_padding", Value::string("1"))},
                    input)) == "Conv2DTranspose 'output_padding' must be an integer or a list of 2 integers, got \"1\"");
  CHECK(errorOf(run("SeparableConv2D", {attr("filters", Value::integer(0)), attr("kernel_size", Value::integer(3))},
                    input)) == "SeparableConv2D 'filters' must be >= 1, got 0");
}

TEST_CASE("conv schemas accept Keras 3 configs and only their own paddings", "[shape][conv]") {
  // Conv2D.get_config() from Keras 3, as a .keras file stores it.
  Value glorot = Value::map({attr("module", Value::string("keras.initializers")),
                             attr("class_name", Value::string("GlorotUniform")),
                             attr("config", Value::map({attr("seed", Value::null())})),
                             attr("registered_name", Value::null())});
  std::vector<Value::Entry> keras = {
      attr("name", Value::string("conv2d")), attr("trainable", Value::boolean(true)),
      attr("dtype", Value::map({attr("module", Value::string("keras")),
                                attr("class_name", Value::string("DTypePolicy")),
                                attr("config", Value::map({attr("name", Value::string("float32"))})),
                                attr("registered_name", Value::null())})),
      attr("filters", Value::integer(32)), attr("kernel_size", ints({3, 3})), attr("strides", ints({1, 1})),
      attr("padding", Value::string("valid")), attr("data_format", Value::string("channels_last")),
      attr("dilation_rate", ints({1, 1})), attr("groups", Value::integer(1)),
      attr("activation", Value::string("relu")), attr("use_bias", Value::boolean(true)),
      attr("kernel_initializer", glorot), attr("bias_initializer", Value::string("zeros")),
      attr("kernel_regularizer", Value::null()), attr("bias_regularizer", Value::null()),
      attr("activity_regularizer", Value::null()), attr("kernel_constraint", Value::null()),
      attr("bias_constraint", Value::null())};
  CHECK(issuesOf("Conv2D", keras).empty());
  checkShape(run("Conv2D", keras, {"batch", "h", "w", "3"}), {"batch", "h - 2", "w - 2", "32"});

  CHECK(issuesOf("SeparableConv2D", {attr("filters", Value::integer(8)), attr("kernel_size", Value::integer(3)),
                                     attr("pointwise_initializer", Value::string("he_normal")),
                                     attr("depthwise_constraint", Value::null())})
            .empty());
  CHECK(issuesOf("DepthwiseConv2D", {attr("kernel_size", Value::integer(3)),
                                     attr("depthwise_regularizer", Value::null())})
            .empty());

  Value::Entry causal = attr("padding", Value::string("causal"));
  Value::Entry filters = attr("filters", Value::integer(8)), kernel = attr("kernel_size", Value::integer(3));
  CHECK(issuesOf("Conv1D", {filters, kernel, causal}).empty());
  CHECK(issuesOf("Conv2D", {filters, kernel, causal}).size() == 1);
  CHECK(issuesOf("SeparableConv1D", {filters, kernel, causal}).size() == 1);
  CHECK(issuesOf("Conv1DTranspose", {filters, kernel, causal}).size() == 1);
  // Only BaseConv layers take groups and LoRA; only transposed ones take output_padding.
  CHECK(issuesOf("Conv2DTranspose", {filters, kernel, attr("groups", Value::integer(1))}).size() == 1);
  CHECK(issuesOf("DepthwiseConv2D", {kernel, attr("lora_rank", Value::integer(2))}).size() == 1);
  CHECK(issuesOf("Conv2D", {filters, kernel, attr("output_padding", Value::integer(1))}).size() == 1);
  // Keras 2-only names are for the import step, not the catalogue; Convolution2D is also a
  // Keras 3 name (keras.layers.Convolution2D is Conv2D).
  CHECK(LayerCatalogue::builtin().find("Deconvolution2D") == nullptr);
}

TEST_CASE("the long convolution names Keras 3 also exports are the same layers", "[shape][conv]") {
  Value::Entry filters = attr("filters", Value::integer(8)), kernel = attr("kernel_size", Value::integer(3));
  Outcome conv = test::runLayer("Convolution2D", {filters, kernel}, {"batch", "32", "32", "3"});
  checkShape(conv.outputs, {"batch", "30", "30", "8"});
  CHECK(conv.params == Dim::constant(3 * 3 * 3 * 8 + 8));
  checkShape(test::runLayer("Convolution1DTranspose", {filters, kernel}, {"batch", "10", "4"}).outputs,
             {"batch", "12", "8"});
  checkShape(test::runLayer("SeparableConvolution1D", {filters, kernel}, {"batch", "10", "4"}).outputs,
             {"batch", "8", "8"});
  CHECK(issuesOf("Convolution3D", {kernel}) ==
        std::vector<std::string>{"Convolution3D needs the attribute 'filters' (number of output channels)"});
}
