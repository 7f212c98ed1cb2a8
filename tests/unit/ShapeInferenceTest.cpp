// Symbolic shape inference over whole specs: output shapes, dtypes, output counts and
// parameter counts of layers, custom layers and function-style ops.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "RuleTestUtil.h"
#include "passes/Cost.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

Dim dim(const std::string& text) {
  Result<Dim> parsed = parseDim(text);
  INFO("parsing '" << text << "'");
  REQUIRE(parsed.ok());
  return *parsed;
}

/// All output shapes of a node, `(a, b) | (c,)`.
std::string allShapes(const AnalyzedSpec& spec, llvm::StringRef node) {
  std::string out;
  for (const TensorType& t : spec.shapes(node).outputs) out += (out.empty() ? "" : " | ") + t.shapeStr();
  return out;
}

/// One recurrent-style layer `layer` applied to a (batch, t, 64) input.
std::string layerOnSequence(const std::string& layer, const std::string& config) {
  return "model: m\n"
         "inputs:\n"
         "  - {name: x, shape: [batch, t, 64]}\n"
         "nodes:\n"
         "  - {name: rnn, layer: " + layer + ", config: " + config + "}\n";
}

/// One op node `call` with the inputs tok (batch, seq) int32, x (batch, t, 16), w (batch, 16, 8),
/// y (batch, t, 4), m (16, 8), a (batch, 3, 16) and b (batch, 4, 8).
std::string opOnInputs(const std::string& op, const std::string& args, const std::string& inputs) {
  return "model: m\n"
         "inputs:\n"
         "  - {name: tok, shape: [batch, seq], dtype: int32}\n"
         "  - {name: x, shape: [batch, t, 16]}\n"
         "  - {name: w, shape: [batch, 16, 8]}\n"
         "  - {name: y, shape: [batch, t, 4]}\n"
         "  - {name: m, shape: [16, 8]}\n"
         "  - {name: a, shape: [batch, 3, 16]}\n"
         "  - {name: b, shape: [batch, 4, 8]}\n"
         "nodes:\n"
         "  - {name: call, op: " + op + ", args: " + args + ", inputs: " + inputs + "}\n"
         "outputs: [call]\n";
}

}  // namespace

TEST_CASE("the headline model's shapes, dtypes and parameters", "[shape]") {
  AnalyzedSpec spec = analyzeSpec(kTfOneHotModel);
  CHECK(spec.shape("inputs") == "(batch, seq)");
  CHECK(spec.dtype("inputs") == "int64");
  CHECK(spec.shape("embedded") == "(batch, seq, 10000)");
  CHECK(spec.dtype("embedded") == "float32");
  CHECK(spec.shape("bilstm") == "(batch, 64)");
  CHECK(spec.dtype("bilstm") == "float32");
  CHECK(spec.shape("dropout") == "(batch, 64)");
  CHECK(spec.shape("outputs") == "(batch, 1)");
  CHECK(spec.dtype("outputs") == "float32");

  for (const char* node : {"inputs", "embedded", "bilstm", "dropout", "outputs"}) {
    INFO(node);
    CHECK(spec.shapes(node).outputs.size() == 1);
    CHECK(spec.shapes(node).outputCountKnown);
    CHECK(!spec.shapes(node).error);
    // Everything is computed from the model input.
    CHECK(spec.shapes(node).symbolic);
  }
  // 2 * (4 * 32 * (10000 + 32) + 4 * 32) and 64 + 1.
  CHECK(spec.shapes("bilstm").params == Dim::constant(2568448));
  CHECK(spec.shapes("outputs").params == Dim::constant(65));
  CHECK(spec.shapes("embedded").params == Dim::constant(0));
  CHECK(spec.shapes("dropout").params == Dim::constant(0));
}

TEST_CASE("Bidirectional merges the two directions by merge_mode", "[shape]") {
  auto [mode, sequences, expected] = GENERATE(table<std::string, bool, std::string>({
      {"concat", false, "(batch, 64)"},
      {"sum", false, "(batch, 32)"},
      {"mul", false, "(batch, 32)"},
      {"ave", false, "(batch, 32)"},
      {"null", false, "(batch, 32) | (batch, 32)"},
      {"concat", true, "(batch, t, 64)"},
      {"ave", true, "(batch, t, 32)"},
      {"null", true, "(batch, t, 32) | (batch, t, 32)"},
  }));
  std::string config = "{layer: {layer: LSTM, config: {units: 32, return_sequences: " +
                       std::string(sequences ? "true" : "false") + "}}, merge_mode: " + mode + "}";
  AnalyzedSpec spec = analyzeSpec(layerOnSequence("Bidirectional", config));
  INFO("merge_mode " << mode << (sequences ? " with return_sequences" : ""));
  CHECK(!spec.shapes("rnn").error);
  CHECK(allShapes(spec, "rnn") == expected);
  // Merging does not change the weights: two LSTM(32) on 64 features.
  CHECK(spec.shapes("rnn").params == Dim::constant(24832));
}

TEST_CASE("recurrent layers return their states with return_state", "[shape]") {
  auto [layer, config, expected] = GENERATE(table<std::string, std::string, std::string>({
      {"LSTM", "{units: 32}", "(batch, 32)"},
      {"LSTM", "{units: 32, return_sequences: true}", "(batch, t, 32)"},
      {"LSTM", "{units: 32, return_state: true}", "(batch, 32) | (batch, 32) | (batch, 32)"},
      {"LSTM", "{units: 32, return_state: true, return_sequences: true}",
       "(batch, t, 32) | (batch, 32) | (batch, 32)"},
      {"GRU", "{units: 16, return_state: true}", "(batch, 16) | (batch, 16)"},
      {"SimpleRNN", "{units: 8, return_state: true}", "(batch, 8) | (batch, 8)"},
      {"Bidirectional", "{layer: {layer: LSTM, config: {units: 32, return_state: true}}}",
       "(batch, 64) | (batch, 32) | (batch, 32) | (batch, 32) | (batch, 32)"},
      {"Bidirectional", "{layer: {layer: GRU, config: {units: 16, return_state: true}}, merge_mode: sum}",
       "(batch, 16) | (batch, 16) | (batch, 16)"},
  }));
  AnalyzedSpec spec = analyzeSpec(layerOnSequence(layer, config));
  INFO(layer << " " << config);
  CHECK(spec.shapes("rnn").outputCountKnown);
  CHECK(allShapes(spec, "rnn") == expected);
}

TEST_CASE("weight counts of Dense, Embedding and the recurrent layers", "[shape]") {
  auto [layer, config, params] = GENERATE(table<std::string, std::string, int64_t>({
      // 4 gates * 32 * (64 + 32) + 4 * 32 biases.
      {"LSTM", "{units: 32}", 12416},
      // reset_after (the default) keeps an input and a recurrent bias: 3*64*(64+64) + 2*3*64.
      {"GRU", "{units: 64}", 24960},
      {"GRU", "{units: 64, reset_after: false}", 24768},
      {"SimpleRNN", "{units: 16}", 16 * (64 + 16) + 16},
      {"LSTM", "{units: 32, use_bias: false}", 12288},
      {"Bidirectional", "{layer: {layer: LSTM, config: {units: 32}}}", 2 * 12416},
      {"Bidirectional", "{layer: {layer: GRU, config: {units: 64}}}", 2 * 24960},
      {"Dense", "{units: 1}", 65},
      {"Dense", "{units: 1, use_bias: false}", 64},
      {"Embedding", "{input_dim: 10000, output_dim: 64}", 640000},
      {"TimeDistributed", "{layer: {layer: Dense, config: {units: 8}}}", 64 * 8 + 8},
      {"Dropout", "{rate: 0.5}", 0},
  }));
  AnalyzedSpec spec = analyzeSpec(layerOnSequence(layer, config));
  INFO(layer << " " << config << " on (batch, t, 64)");
  CHECK(!spec.shapes("rnn").error);
  CHECK(spec.shapes("rnn").params == Dim::constant(params));
}

TEST_CASE("a symbolic input size gives a symbolic weight count", "[shape]") {
  AnalyzedSpec spec = analyzeSpec(R"(model: m
inputs:
  - {name: x, shape: [batch, n]}
nodes:
  - {name: d, layer: Dense, config: {units: 32}}
  - {name: lstm, layer: LSTM, config: {units: 4}, inputs: [s]}
  - {name: s, op: keras.ops.expand_dims, args: {axis: 1}, inputs: [x]}
outputs: [d, lstm]
)");
  CHECK(spec.shape("d") == "(batch, 32)");
  CHECK(spec.shapes("d").params == dim("32*n + 32"));
  CHECK(spec.shapes("d").params == dim("(n + 1) * 32"));
  CHECK(spec.shapes("d").params != dim("32*n"));
  // LSTM(4) on (batch, 1, n): 4*4*(n + 4) + 4*4.
  CHECK(spec.shape("lstm") == "(batch, 4)");
  CHECK(spec.shapes("lstm").params == dim("16*n + 80"));
}

TEST_CASE("TimeDistributed applies its layer to every timestep", "[shape]") {
  AnalyzedSpec spec = analyzeSpec(R"(model: m
inputs:
  - {name: x, shape: [batch, t, 16]}
nodes:
  - {name: td, layer: TimeDistributed, config: {layer: {layer: Dense, config: {units: 8}}}}
)");
  CHECK(spec.shape("td") == "(batch, t, 8)");
  CHECK(spec.shapes("td").params == Dim::constant(16 * 8 + 8));
}

TEST_CASE("Flatten and Reshape keep the element count", "[shape]") {
  AnalyzedSpec spec = analyzeSpec(R"(model: m
inputs:
  - {name: f, shape: [batch, 4, 5]}
  - {name: r, shape: [batch, "2*seq", 2]}
  - {name: s, shape: [batch, h, w, 3]}
nodes:
  - {name: flat, layer: Flatten, inputs: [f]}
  - {name: reshaped, layer: Reshape, config: {target_shape: [-1, 4]}, inputs: [r]}
  - {name: pixels, layer: Flatten, inputs: [s]}
  - {name: fixed, layer: Reshape, config: {target_shape: [2, 10]}, inputs: [f]}
outputs: [flat, reshaped, pixels, fixed]
)");
  CHECK(spec.shape("flat") == "(batch, 20)");
  CHECK(spec.shape("fixed") == "(batch, 2, 10)");

  const TensorType& reshaped = spec.shapes("reshaped").outputs.at(0);
  REQUIRE(reshaped.rank() == 3);
  CHECK((*reshaped.dims)[0] == dim("batch"));
  CHECK((*reshaped.dims)[1] == dim("seq"));
  CHECK((*reshaped.dims)[2] == Dim::constant(4));

  const TensorType& pixels = spec.shapes("pixels").outputs.at(0);
  REQUIRE(pixels.rank() == 2);
  CHECK((*pixels.dims)[1] == dim("3*w*h"));
}

TEST_CASE("Concatenate adds the joined dims", "[shape]") {
  AnalyzedSpec spec = analyzeSpec(R"(model: m
inputs:
  - {name: q, shape: [batch, seq]}
  - {name: p, shape: [batch, seq, 8]}
  - {name: u, shape: [batch, seq, 3]}
nodes:
  - {name: pair, layer: Concatenate, config: {axis: 1}, inputs: [q, q]}
  - {name: features, layer: Concatenate, inputs: [p, u, p]}
outputs: [pair, features]
)");
  const TensorType& pair = spec.shapes("pair").outputs.at(0);
  REQUIRE(pair.rank() == 2);
  CHECK((*pair.dims)[0] == dim("batch"));
  CHECK((*pair.dims)[1] == dim("2*seq"));
  CHECK((*pair.dims)[1] == dim("seq + seq"));
  CHECK(spec.shape("pair") == "(batch, 2*seq)");
  CHECK(spec.shape("features") == "(batch, seq, 19)");
}

TEST_CASE("a custom layer's shape_rule binds its symbols to the input dims", "[shape]") {
  AnalyzedSpec spec = analyzeSpec(R"(model: m
inputs:
  - {name: tokens, shape: [batch, seq], dtype: int64}
  - {name: x, shape: [batch, 10]}
nodes:
  - name: onehot
    custom: OneHot
    wraps: tf.one_hot
    defines: [call, compute_output_shape, get_config]
    shape_rule: {inputs: [[b, s]], outputs: [[b, s, 10000]]}
    dtype: float32
    params: 0
    inputs: [tokens]
  - name: doubled
    custom: Doubled
    shape_rule: {inputs: [[b, s]], outputs: [[b, "2*s"], [s]]}
    inputs: [tokens]
  - name: plain
    custom: Plain
    inputs: [x]
outputs: [onehot, doubled, plain]
)");
  CHECK(spec.shape("onehot") == "(batch, seq, 10000)");
  CHECK(spec.dtype("onehot") == "float32");
  CHECK(spec.shapes("onehot").params == Dim::constant(0));

  REQUIRE(spec.shapes("doubled").outputs.size() == 2);
  CHECK((*spec.shapes("doubled").outputs[0].dims)[1] == dim("2*seq"));
  CHECK(spec.shape("doubled", 1) == "(seq,)");
  // Without a declared dtype the output keeps the input's.
  CHECK(spec.dtype("doubled") == "int64");
  CHECK(spec.shapes("doubled").params.isUnknown());

  // Without a shape_rule nothing is known, which is not an error.
  CHECK(!spec.shapes("plain").outputs.at(0).hasRank());
  CHECK(!spec.shapes("plain").error);
}

TEST_CASE("a custom layer's shape_rule rejects inputs it cannot match", "[shape]") {
  auto [rule, inputs, message] = GENERATE(table<std::string, std::string, std::string>({
      {"{inputs: [[b, 10]], outputs: [[b, 3]]}", "[x]",
       "the shape_rule of Custom expects input 0 to be (b, 10), got (batch, 16): dim 1 is 16, not 10"},
      {"{inputs: [[b, s], [b, s]], outputs: [[b, s]]}", "[x, y]",
       "the shape_rule of Custom binds 's' to both 16 and 4"},
      {"{inputs: [[b, s, c]], outputs: [[b, s]]}", "[x]",
       "the shape_rule of Custom expects input 0 to be (b, s, c), got (batch, 16): ranks differ"},
      {"{inputs: [[b, s]], outputs: [[b, s]]}", "[x, y]",
       "the shape_rule of Custom describes 1 input(s), but the layer is called on 2"},
  }));
  AnalyzedSpec spec = analyzeSpec(R"(model: m
inputs:
  - {name: x, shape: [batch, 16]}
  - {name: y, shape: [batch, 4]}
nodes:
  - {name: c, custom: Custom, shape_rule: )" + rule + ", inputs: " + inputs + R"(}
)");
  const NodeShapes& shapes = spec.shapes("c");
  REQUIRE(shapes.error);
  CHECK(shapes.error->message == message);
}

TEST_CASE("a shape_rule symbol that matches no input dim does not leak into the model",
          "[shape]") {
  // `s` is local to the rule; [b, "2*s"] does not bind it, so the output's `s` is not a model
  // symbol: it should be solved (10 = 2*s gives 5) or unknown, not printed as a new symbol.
  AnalyzedSpec spec = analyzeSpec(R"(model: m
inputs:
  - {name: x, shape: [batch, 10]}
nodes:
  - {name: half, custom: Half, shape_rule: {inputs: [[b, "2*s"]], outputs: [[b, s]]}}
)");
  const TensorType& out = spec.shapes("half").outputs.at(0);
  REQUIRE(out.rank() == 2);
  const Dim& d = (*out.dims)[1];
  INFO("dim 1 is " << d.str());
  CHECK((d == Dim::constant(5) || d.isUnknown()));
}

TEST_CASE("function-style ops infer their output shapes", "[shape]") {
  auto [op, args, inputs, expected, dtype] =
      GENERATE(table<std::string, std::string, std::string, std::string, std::string>({
          {"keras.ops.one_hot", "{num_classes: 7}", "[tok]", "(batch, seq, 7)", "float32"},
          {"keras.ops.one_hot", "{num_classes: 7, axis: 0}", "[tok]", "(7, batch, seq)", "float32"},
          {"tf.one_hot", "{depth: 7}", "[tok]", "(batch, seq, 7)", "float32"},
          {"tf.one_hot", "{depth: 7, dtype: int64}", "[tok]", "(batch, seq, 7)", "int64"},
          {"keras.ops.sum", "{axis: 1}", "[x]", "(batch, 16)", "float32"},
          {"keras.ops.sum", "{axis: 1, keepdims: true}", "[x]", "(batch, 1, 16)", "float32"},
          {"tf.reduce_sum", "{axis: -1, keepdims: true}", "[x]", "(batch, t, 1)", "float32"},
          {"tf.math.reduce_sum", "{axis: [0, 2]}", "[x]", "(t,)", "float32"},
          {"keras.ops.sum", "{}", "[x]", "()", "float32"},
          {"keras.ops.mean", "{axis: -1}", "[x]", "(batch, t)", "float32"},
          {"keras.ops.matmul", "{}", "[x, w]", "(batch, t, 8)", "float32"},
          {"tf.matmul", "{}", "[x, w]", "(batch, t, 8)", "float32"},
          {"keras.ops.matmul", "{}", "[x, m]", "(batch, t, 8)", "float32"},
          {"keras.ops.concatenate", "{axis: -1}", "[x, y]", "(batch, t, 20)", "float32"},
          {"tf.concat", "{axis: 1}", "[x, x]", "(batch, 2*t, 16)", "float32"},
          {"keras.ops.stack", "{axis: 1}", "[x, x, x]", "(batch, 3, t, 16)", "float32"},
          {"keras.ops.expand_dims", "{axis: 1}", "[x]", "(batch, 1, t, 16)", "float32"},
          {"tf.expand_dims", "{axis: -1}", "[x]", "(batch, t, 16, 1)", "float32"},
          {"keras.ops.transpose", "{axes: [0, 2, 1]}", "[x]", "(batch, 16, t)", "float32"},
          {"tf.transpose", "{perm: [2, 0, 1]}", "[x]", "(16, batch, t)", "float32"},
          {"keras.ops.transpose", "{}", "[x]", "(16, t, batch)", "float32"},
          {"keras.ops.argmax", "{axis: -1}", "[x]", "(batch, t)", "int32"},
          {"keras.ops.cast", "{dtype: float16}", "[tok]", "(batch, seq)", "float16"},
          {"keras.ops.add", "{}", "[x, x]", "(batch, t, 16)", "float32"},
          {"keras.ops.reshape", "{newshape: [-1, 16]}", "[a]", "(3*batch, 16)", "float32"},
      }));
  std::string text = opOnInputs(op, args, inputs);
  INFO(text);
  AnalyzedSpec spec = analyzeSpec(text);
  const NodeShapes& shapes = spec.shapes("call");
  if (shapes.error) FAIL("shape error: " << shapes.error->message);
  CHECK(spec.shape("call") == expected);
  CHECK(spec.dtype("call") == dtype);
}

TEST_CASE("an argument keras.ops does not model leaves the op's shape unknown", "[shape]") {
  // x is (batch, t, 16): x @ x^T is (batch, t, t), which keras.ops.matmul(x, x) cannot compute;
  // graphlint must neither report "cannot multiply" nor invent a shape.
  AnalyzedSpec spec = analyzeSpec(opOnInputs("tf.matmul", "{transpose_b: true}", "[x, x]"));
  const NodeShapes& shapes = spec.shapes("call");
  CHECK_FALSE(shapes.error);
  CHECK(spec.shape("call") == "(unknown rank)");
}

TEST_CASE("function-style ops report provable contradictions", "[shape]") {
  auto [op, args, inputs, message] = GENERATE(table<std::string, std::string, std::string, std::string>({
      {"keras.ops.matmul", "{}", "[a, b]",
       "cannot multiply (batch, 3, 16) by (batch, 4, 8): inner dims differ (16 vs 4)"},
      {"tf.concat", "{axis: -1}", "[a, b]",
       "cannot concat (batch, 3, 16) and (batch, 4, 8): dim 1 differs (3 vs 4)"},
      {"keras.ops.add", "{}", "[x, y]",
       "add: cannot broadcast (batch, t, 16) and (batch, t, 4): dim 2 differs (16 vs 4)"},
      {"keras.ops.sum", "{axis: 3}", "[x]", "reduce_sum: axis 3 is out of range for rank 3"},
      {"keras.ops.transpose", "{axes: [0, 0, 1]}", "[x]",
       "transpose axes [0, 0, 1] are not a permutation of the axes of (batch, t, 16)"},
      {"keras.ops.expand_dims", "{axis: 5}", "[x]", "expand_dims axis 5 is out of range for (batch, t, 16)"},
      {"keras.ops.one_hot", "{num_classes: 0}", "[tok]", "one_hot needs num_classes >= 1, got 0"},
      {"keras.ops.reshape", "{newshape: [-1, 5]}", "[m]",
       "cannot reshape (16, 8) to [-1, 5]: 128 elements are not divisible by 5"},
  }));
  std::string text = opOnInputs(op, args, inputs);
  INFO(text);
  AnalyzedSpec spec = analyzeSpec(text);
  const NodeShapes& shapes = spec.shapes("call");
  REQUIRE(shapes.error);
  CHECK(shapes.error->message == message);
}

TEST_CASE("tf.range of an integer is a 1-D int32 tensor", "[shape]") {
  // tf.range(10) and keras.ops.arange(10) are int32 of shape (10,); the catalogue comment on
  // `range` says so too.
  AnalyzedSpec spec = analyzeSpec(R"(model: m
inputs:
  - {name: x, shape: [batch, 16]}
nodes:
  - {name: r, op: tf.range, args: {start: 10}, inputs: []}
outputs: [r, x]
)");
  CHECK(spec.dtype("r") == "int32");
  CHECK(spec.shape("r") == "(10,)");
}

TEST_CASE("the mean of an integer tensor is float32", "[shape]") {
  // keras.ops.mean (keras/src/ops/numpy.py, Mean) computes integer and bool inputs in
  // float32: the catalogue's dtype rule for reduce_mean is `float`.
  AnalyzedSpec spec = analyzeSpec(opOnInputs("keras.ops.mean", "{axis: -1}", "[tok]"));
  CHECK(spec.shape("call") == "(batch,)");
  CHECK(spec.dtype("call") == "float32");
}

TEST_CASE("only values computed from a model input are symbolic", "[shape]") {
  AnalyzedSpec spec = analyzeSpec(R"(model: m
inputs:
  - {name: tokens, shape: [batch, seq], dtype: int64}
nodes:
  - {name: r, op: tf.range, args: {start: 10}, inputs: []}
  - {name: c, op: tf.one_hot, args: {depth: 10}, inputs: [r]}
  - {name: e, layer: Embedding, config: {input_dim: 10, output_dim: 4}, inputs: [tokens]}
  - {name: mixed, op: keras.ops.add, inputs: [c, e]}
outputs: [mixed]
)");
  CHECK(spec.shapes("tokens").symbolic);
  CHECK(!spec.shapes("r").symbolic);
  CHECK(!spec.shapes("c").symbolic);
  CHECK(spec.shapes("e").symbolic);
  CHECK(spec.shapes("mixed").symbolic);
}

TEST_CASE("nodes on or after a cycle have no inferred outputs", "[shape]") {
  AnalyzedSpec spec = analyzeSpec(R"(model: m
inputs:
  - {name: x, shape: [batch, 16]}
nodes:
  - {name: a, layer: Add, inputs: [x, b]}
  - {name: b, layer: Dense, config: {units: 16}, inputs: [a]}
  - {name: after, layer: Dense, config: {units: 2}, inputs: [b]}
  - {name: ok, layer: Dense, config: {units: 2}, inputs: [x]}
outputs: [after, ok]
)");
  CHECK(spec.shapes("a").outputs.empty());
  CHECK(spec.shapes("b").outputs.empty());
  CHECK(spec.shapes("after").outputs.empty());
  CHECK(!spec.shapes("a").error);
  CHECK(spec.shape("ok") == "(batch, 2)");
}

TEST_CASE("a layer with trainable: false counts its weights as non-trainable", "[shape][params]") {
  AnalyzedSpec spec = analyzeSpec(R"(model: frozen
inputs:
  - {name: x, shape: [batch, 16]}
nodes:
  - {name: frozen, layer: Dense, config: {units: 8, trainable: false}}
  - {name: head, layer: Dense, config: {units: 1}}
)");
  CHECK(spec.shapes("frozen").params == Dim::constant(136));
  CHECK(spec.shapes("frozen").nonTrainableParams == Dim::constant(136));
  CHECK(spec.shapes("head").params == Dim::constant(9));
  CHECK(spec.shapes("head").nonTrainableParams == Dim::constant(0));
}

TEST_CASE("cost estimates: FLOPs, activation and weight memory", "[shape][cost]") {
  AnalyzedSpec spec = analyzeSpec(R"(model: m
inputs:
  - {name: image, shape: [batch, 32, 32, 3]}
  - {name: tokens, shape: [batch, seq, 16]}
nodes:
  - {name: conv, layer: Conv2D, config: {filters: 8, kernel_size: 3}, inputs: [image]}
  - {name: flat, layer: Flatten}
  - {name: dense, layer: Dense, config: {units: 10}}
  - {name: lstm, layer: LSTM, config: {units: 4}, inputs: [tokens]}
  - {name: drop, layer: Dropout, config: {rate: 0.5}}
  - {name: relu, layer: ReLU, inputs: [dense]}
outputs: [relu, drop]
)", DimBindings{{"batch", 2}});
  std::vector<NodeCost> costs = estimateCosts(spec.analysis);
  auto cost = [&](llvm::StringRef name) { return costs[spec.graph->byName.lookup(name)]; };
  // Conv2D(8, 3) on 32x32x3: 30*30*8 outputs per image, each 27 multiply-adds plus a bias.
  CHECK(cost("conv").flops == Dim::constant(2 * (2 * 27 * 7200 + 7200)));
  CHECK(cost("conv").activationBytes == Dim::constant(2 * 7200 * 4));
  CHECK(cost("conv").weightBytes == Dim::constant(224 * 4));
  CHECK(cost("flat").flops == Dim::constant(0));
  CHECK(cost("dense").flops == Dim::constant(2 * (2 * 7200 * 10 + 10)));
  // LSTM(4) on 16 features: 4 gates x 4 units x (16 + 4) multiply-adds per step and sample.
  CHECK(cost("lstm").flops == Dim::constant(2) * Dim::constant(4 * 4 * 20) * Dim::constant(2) * Dim::symbol("seq"));
  CHECK(cost("drop").flops == Dim::constant(0));
  CHECK(cost("relu").flops == Dim::constant(2 * 10));
  CostTotals totals = sumCosts(costs);
  CHECK(totals.weightBytes == Dim::constant((224 + 72010 + 336) * 4));
}

TEST_CASE("Dense on a last dim the model declares None is an error", "[shape][dense]") {
  std::vector<Finding> findings = checkSpec(R"(model: m
inputs:
  - {name: x, shape: [batch, seq, null]}
nodes:
  - {name: drop, layer: Dropout, config: {rate: 0.1}}
  - {name: dense, layer: Dense, config: {units: 4}}
)");
  INFO(describe(findings));
  Finding f = onlyFinding(findings, "shape-mismatch");
  CHECK(f.message == "Dense needs a defined last dim to size its kernel, got (batch, seq, None), whose last dim "
                     "the model declares None");
}

TEST_CASE("Dense on a last dim graphlint merely cannot infer is fine", "[shape][dense]") {
  std::vector<Finding> findings = checkSpec(R"(model: m
inputs:
  - {name: a, shape: [batch, null]}
  - {name: b, shape: [batch, 4]}
nodes:
  - {name: joined, layer: Concatenate, inputs: [a, b]}
  - {name: dense, layer: Dense, config: {units: 4}}
)");
  INFO(describe(findings));
  CHECK_FALSE(hasRule(findings, "shape-mismatch"));
}
