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

TensorType t(const std::vector<std::string>& dims) { return TensorType::of(DType::Float32, shape(dims)); }

Outcome run(const std::string& className, std::vector<Value::Entry> entries, const std::vector<std::string>& input) {
  return test::runLayer(className, std::move(entries), input);
}

Outcome runOn(const std::string& className, std::vector<Value::Entry> entries, const std::vector<TensorType>& inputs,
              AssumptionLog* log = nullptr) {
  return test::runLayerOnInputs(className, std::move(entries), inputs, log);
}

/// Every output's dims, which must all have a rank.
void checkShapes(const Outcome& outcome, const std::vector<std::vector<std::string>>& expected) {
  if (!outcome.outputs) FAIL("shape rule failed: " << outcome.outputs.error().message);
  REQUIRE(outcome.outputs->size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const TensorType& out = (*outcome.outputs)[i];
    REQUIRE(out.hasRank());
    INFO("output " << i << ": got " << out.shapeStr() << ", expected " << formatShape(shape(expected[i])));
    CHECK(*out.dims == shape(expected[i]));
  }
}

Value::Entry filters(int64_t n) { return attr("filters", Value::integer(n)); }
Value::Entry kernel(int64_t n) { return attr("kernel_size", Value::integer(n)); }

struct Case {
  std::string layer;
  std::vector<Value::Entry> config;
  std::vector<std::string> input;
  std::vector<std::string> output;
  std::string params;  // a dim expression
};

}  // namespace

TEST_CASE("ConvLSTM layers give Keras' shapes and parameter counts", "[shape][convrnn]") {
  // Shapes from Keras' conv_lstm{1,2,3}d_test. Weights from ConvLSTMCell.build: kernel
  // (k..., in, 4*filters), recurrent_kernel (k..., filters, 4*filters), bias (4*filters,):
  // with filters 5 and 3 input channels, k*3*20 + k*5*20 + 20 for a window of k taps.
  Value::Entry same = attr("padding", Value::string("same"));
  Value::Entry sequences = attr("return_sequences", Value::boolean(true));
  Value::Entry first = attr("data_format", Value::string("channels_first"));
  Case c = GENERATE_COPY(values<Case>({
      {"ConvLSTM1D", {filters(5), kernel(3), same}, {"3", "2", "4", "3"}, {"3", "4", "5"}, "500"},
      {"ConvLSTM1D", {filters(5), kernel(3)}, {"3", "2", "8", "3"}, {"3", "6", "5"}, "500"},
      {"ConvLSTM1D", {filters(5), kernel(3), sequences}, {"3", "2", "8", "3"}, {"3", "2", "6", "5"}, "500"},
      {"ConvLSTM1D", {filters(5), kernel(3), first}, {"3", "2", "3", "8"}, {"3", "5", "6"}, "500"},
      {"ConvLSTM2D", {filters(5), kernel(3), same}, {"3", "2", "4", "4", "3"}, {"3", "4", "4", "5"}, "1460"},
      {"ConvLSTM2D", {filters(5), kernel(3)}, {"3", "2", "8", "8", "3"}, {"3", "6", "6", "5"}, "1460"},
      {"ConvLSTM2D", {filters(5), kernel(3), sequences}, {"3", "2", "8", "8", "3"}, {"3", "2", "6", "6", "5"}, "1460"},
      {"ConvLSTM2D", {filters(5), kernel(3), sequences, first}, {"3", "2", "3", "8", "8"}, {"3", "2", "5", "6", "6"},
       "1460"},
      // test_correctness: (2, 3, 4, 4, 5) with filters 2 gives (2, 2, 2, 2).
      {"ConvLSTM2D", {filters(2), kernel(3)}, {"2", "3", "4", "4", "5"}, {"2", "2", "2", "2"}, "512"},
      {"ConvLSTM3D", {filters(5), kernel(3), same}, {"3", "2", "4", "4", "4", "3"}, {"3", "4", "4", "4", "5"}, "4340"},
      {"ConvLSTM3D", {filters(5), kernel(3)}, {"3", "2", "8", "8", "8", "3"}, {"3", "6", "6", "6", "5"}, "4340"},
      {"ConvLSTM3D", {filters(5), kernel(3), sequences, first}, {"3", "2", "3", "8", "8", "8"},
       {"3", "2", "5", "6", "6", "6"}, "4340"},
  }));
  INFO(c.layer << " on " << formatShape(shape(c.input)));
  Outcome outcome = run(c.layer, c.config, c.input);
  checkShape(outcome, c.output);
  CHECK(outcome.params == parsed(c.params));
}

TEST_CASE("ConvLSTM shapes stay symbolic", "[shape][convrnn]") {
  Case c = GENERATE(values<Case>({
      {"ConvLSTM2D", {filters(8), kernel(3), attr("strides", Value::integer(2))},
       {"batch", "t", "h", "w", "c"}, {"batch", "(h - 3)//2 + 1", "(w - 3)//2 + 1", "8"}, "288*c + 2336"},
      {"ConvLSTM2D", {filters(8), attr("kernel_size", ints({3, 5})), attr("padding", Value::string("same")),
                      attr("strides", ints({1, 2})), attr("return_sequences", Value::boolean(true))},
       {"batch", "t", "h", "w", "4"}, {"batch", "t", "h", "cdiv(w, 2)", "8"}, "15*4*32 + 15*8*32 + 32"},
      {"ConvLSTM1D", {filters(4), kernel(3), attr("dilation_rate", Value::integer(2)),
                      attr("use_bias", Value::boolean(false))},
       {"batch", "t", "seq", "c"}, {"batch", "seq - 4", "4"}, "48*c + 192"},
      {"ConvLSTM3D", {filters(2), attr("kernel_size", ints({1, 2, 3}))},
       {"batch", "t", "d", "h", "w", "1"}, {"batch", "d", "h - 1", "w - 2", "2"}, "6*8 + 6*2*8 + 8"},
      {"ConvLSTM2D", {filters(8), kernel(3)}, {"batch", "t", "h", "w", "?"}, {"batch", "h - 2", "w - 2", "8"}, "?"},
  }));
  INFO(c.layer << " on " << formatShape(shape(c.input)));
  Outcome outcome = run(c.layer, c.config, c.input);
  checkShape(outcome, c.output);
  INFO("params " << outcome.params.str());
  CHECK(outcome.params == parsed(c.params));
}

TEST_CASE("ConvLSTM return_state adds the states h and c", "[shape][convrnn]") {
  Value::Entry state = attr("return_state", Value::boolean(true));
  checkShapes(run("ConvLSTM2D", {filters(5), kernel(3), state}, {"batch", "t", "h", "w", "3"}),
              {{"batch", "h - 2", "w - 2", "5"}, {"batch", "h - 2", "w - 2", "5"}, {"batch", "h - 2", "w - 2", "5"}});
  checkShapes(run("ConvLSTM1D", {filters(5), kernel(3), state, attr("return_sequences", Value::boolean(true)),
                                 attr("data_format", Value::string("channels_first"))},
                  {"batch", "t", "3", "seq"}),
              {{"batch", "t", "5", "seq - 2"}, {"batch", "5", "seq - 2"}, {"batch", "5", "seq - 2"}});
  Outcome unranked = test::runLayer("ConvLSTM2D", {filters(5), kernel(3), state}, TensorType::unknown());
  checkShapes(unranked, {{"?", "?", "?", "5"}, {"?", "?", "?", "5"}, {"?", "?", "?", "5"}});
  CHECK(unranked.params.isUnknown());
}

TEST_CASE("ConvLSTM initial states must have the state's shape", "[shape][convrnn]") {
  std::vector<Value::Entry> config = {filters(5), kernel(3)};
  TensorType sequence = t({"batch", "t", "8", "8", "3"});
  checkShapes(runOn("ConvLSTM2D", config, {sequence, t({"batch", "6", "6", "5"}), t({"batch", "6", "6", "5"})}),
              {{"batch", "6", "6", "5"}});
  CHECK(errorOf(runOn("ConvLSTM2D", config, {sequence, t({"batch", "8", "8", "5"})}).outputs) ==
        "ConvLSTM2D initial state 0 (batch, 8, 8, 5) does not have the state's shape (batch, 6, 6, 5): dim 1 differs "
        "(8 vs 6)");
  CHECK(errorOf(runOn("ConvLSTM2D", config, {sequence, t({"batch", "6", "6", "5"}), t({"batch", "6", "5"})}).outputs) ==
        "ConvLSTM2D initial state 1 (batch, 6, 5) does not have the state's shape (batch, 6, 6, 5): ranks differ "
        "(3 vs 4)");
  AssumptionLog log;
  checkShapes(runOn("ConvLSTM2D", config, {t({"batch", "t", "h", "w", "3"}), t({"b2", "h - 2", "w - 2", "5"})}, &log),
              {{"batch", "h - 2", "w - 2", "5"}});
  REQUIRE(log.items().size() == 1);
  CHECK(log.items()[0].reason == "dim 0 of the initial states of ConvLSTM2D");
  const LayerSchema* schema = LayerCatalogue::builtin().find("ConvLSTM3D");
  REQUIRE(schema);
  CHECK(schema->minInputs == 1);
  CHECK(schema->maxInputs == 3);
}

TEST_CASE("ConvLSTM errors name the layout and the formula", "[shape][convrnn]") {
  CHECK(errorOf(run("ConvLSTM2D", {filters(5), kernel(3)}, {"batch", "h", "w", "3"})) ==
        "ConvLSTM2D expects a 5-D input (batch, time, rows, cols, channels), got the 4-D input (batch, h, w, 3)");
  CHECK(errorOf(run("ConvLSTM1D", {filters(5), kernel(3), attr("data_format", Value::string("channels_first"))},
                    {"batch", "t", "3", "8", "8"})) ==
        "ConvLSTM1D expects a 4-D input (batch, time, channels, rows), got the 5-D input (batch, t, 3, 8, 8)");
  CHECK(errorOf(run("ConvLSTM3D", {filters(5), kernel(3)}, {"batch", "t", "8", "8", "3"})) ==
        "ConvLSTM3D expects a 6-D input (batch, time, depth, rows, cols, channels), got the 5-D input "
        "(batch, t, 8, 8, 3)");
  CHECK(errorOf(run("ConvLSTM1D", {filters(5), kernel(5)}, {"batch", "t", "3", "2"})) ==
        "ConvLSTM1D output size is not positive: with padding 'valid', rows = "
        "(in - dilation*(kernel-1) - 1)//stride + 1 = (3 - 1*(5-1) - 1)//1 + 1 = -1");
  CHECK(errorOf(run("ConvLSTM2D", {filters(5), kernel(3)}, {"batch", "t", "8", "2", "3"})) ==
        "ConvLSTM2D output size is not positive: with padding 'valid', cols = "
        "(in - dilation*(kernel-1) - 1)//stride + 1 = (2 - 1*(3-1) - 1)//1 + 1 = 0");
  // Keras' test_symbolic_invalid_strides_dilation_rate.
  CHECK(errorOf(run("ConvLSTM2D", {filters(1), kernel(1), attr("strides", Value::integer(2)),
                                   attr("padding", Value::string("same")), attr("dilation_rate", Value::integer(3))},
                    {"batch", "t", "h", "w", "1"})) ==
        "ConvLSTM2D does not support strides > 1 together with dilation_rate > 1: strides (2, 2), "
        "dilation_rate (3, 3)");
  CHECK(errorOf(run("ConvLSTM2D", {filters(1), attr("kernel_size", ints({3, 3, 3}))}, {"batch", "t", "h", "w", "1"})) ==
        "ConvLSTM2D 'kernel_size' must be an integer or a list of 2 integers, got [3, 3, 3]");
  CHECK(errorOf(run("ConvLSTM1D", {filters(1), kernel(3), attr("strides", Value::integer(0))},
                    {"batch", "t", "s", "1"})) ==
        "ConvLSTM1D 'strides' values must be >= 1, got 0");
}

TEST_CASE("ConvLSTM schemas accept Keras 3 configs", "[shape][convrnn]") {
  // ConvLSTM2D.get_config() from Keras 3: the RNN base adds unroll and zero_output_for_mask.
  std::vector<Value::Entry> keras = {
      attr("name", Value::string("conv_lstm2d")), attr("trainable", Value::boolean(true)),
      attr("dtype", Value::string("float32")), attr("return_sequences", Value::boolean(false)),
      attr("return_state", Value::boolean(false)), attr("go_backwards", Value::boolean(false)),
      attr("stateful", Value::boolean(false)), attr("unroll", Value::boolean(false)),
      attr("zero_output_for_mask", Value::boolean(false)), filters(16), attr("kernel_size", ints({3, 3})),
      attr("strides", ints({1, 1})), attr("padding", Value::string("same")),
      attr("data_format", Value::string("channels_last")), attr("dilation_rate", ints({1, 1})),
      attr("activation", Value::string("tanh")), attr("recurrent_activation", Value::string("sigmoid")),
      attr("use_bias", Value::boolean(true)), attr("kernel_initializer", Value::string("glorot_uniform")),
      attr("recurrent_initializer", Value::string("orthogonal")), attr("bias_initializer", Value::string("zeros")),
      attr("unit_forget_bias", Value::boolean(true)), attr("kernel_regularizer", Value::null()),
      attr("recurrent_regularizer", Value::null()), attr("bias_regularizer", Value::null()),
      attr("activity_regularizer", Value::null()), attr("kernel_constraint", Value::null()),
      attr("recurrent_constraint", Value::null()), attr("bias_constraint", Value::null()),
      attr("dropout", Value::number(0.0)), attr("recurrent_dropout", Value::number(0.0)), attr("seed", Value::null())};
  CHECK(issuesOf("ConvLSTM2D", keras).empty());
  checkShape(run("ConvLSTM2D", keras, {"batch", "t", "h", "w", "3"}), {"batch", "h", "w", "16"});

  CHECK(issuesOf("ConvLSTM1D", {filters(4), kernel(3), attr("padding", Value::string("causal"))}) ==
        std::vector<std::string>{"ConvLSTM1D attribute 'padding': 'causal' is not one of valid, same"});
  CHECK(issuesOf("ConvLSTM2D", {filters(0), kernel(3)}) ==
        std::vector<std::string>{"ConvLSTM2D attribute 'filters' must be >= 1, got 0"});
  CHECK(issuesOf("ConvLSTM3D", {filters(4)}).size() == 1);
  // Conv-only and LSTM-only arguments are not ConvLSTM's.
  CHECK(issuesOf("ConvLSTM2D", {filters(4), kernel(3), attr("groups", Value::integer(1))}).size() == 1);
  CHECK(issuesOf("ConvLSTM2D", {filters(4), kernel(3), attr("units", Value::integer(1))}).size() == 1);
}
