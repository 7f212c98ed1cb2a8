// Every rule of rules/RuleTable.cpp on small specs: a case where it fires (rule, severity,
// exact position, message) beside a near-identical case where it must stay quiet.

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "llvm/ADT/StringExtras.h"

#include "RuleTestUtil.h"
#include "frontends/Frontend.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

bool contains(const std::string& text, llvm::StringRef part) { return llvm::StringRef(text).contains(part); }

void checkLoc(const Finding& f, uint32_t line, uint32_t column) {
  INFO("finding: " << f.message);
  CHECK(f.loc.line == line);
  CHECK(f.loc.column == column);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The rule table
// ---------------------------------------------------------------------------------------------

TEST_CASE("the rule table lists exactly the rules tested here, sorted", "[rules]") {
  std::vector<std::string> ids;
  for (const auto& rule : allRules()) ids.push_back(rule->id().str());
  CHECK(std::is_sorted(ids.begin(), ids.end()));
  // A new rule must come with positive and negative cases in this file.
  CHECK(ids == std::vector<std::string>{
                   "attribute-type", "attribute-value", "backend-op-on-symbolic-tensor", "custom-layer-contract", "cycle",
                   "dead-node", "duplicate-name", "import-note", "input-count", "invalid-output-index", "lambda-layer",
                   "missing-attribute",
                   "shape-assumption", "shape-mismatch", "unknown-attribute", "unknown-layer", "unknown-op", "unknown-reference",
                   "unused-input", "weight-count"});
  CHECK(findRule("cycle") != nullptr);
  CHECK(findRule("cycle")->id() == "cycle");
  CHECK(findRule("no-such-rule") == nullptr);
}

TEST_CASE("every rule documents what it does, why, an example and a fix", "[rules]") {
  for (const auto& rule : allRules()) {
    INFO("rule " << rule->id().str());
    llvm::StringRef summary = rule->summary();
    REQUIRE(!summary.empty());
    CHECK(!summary.endswith("."));
    CHECK(summary.front() == llvm::toLower(summary.front()));
    llvm::StringRef doc = rule->doc();
    CHECK(doc.contains("## What it does"));
    CHECK(doc.contains("## Why it matters"));
    CHECK(doc.contains("## Example"));
    CHECK(doc.contains("## Use instead"));
  }
}

// ---------------------------------------------------------------------------------------------
// backend-op-on-symbolic-tensor
// ---------------------------------------------------------------------------------------------

namespace {


/// One op node `call` applied to `inputs` (x is (batch, 16) float32, ids is (batch, seq) int64).
std::string opSpec(const std::string& op, const std::string& args, const std::string& inputs) {
  return "model: m\n"
         "inputs:\n"
         "  - {name: x, shape: [batch, 16]}\n"
         "  - {name: ids, shape: [batch, seq], dtype: int64}\n"
         "nodes:\n"
         "  - {name: call, op: " + op + ", args: " + args + ", inputs: " + inputs + "}\n"
         "outputs: [call]\n";
}

}  // namespace

TEST_CASE("tf.one_hot on a model input is flagged with three fixes",
          "[rules][backend-op-on-symbolic-tensor]") {
  std::vector<Finding> findings = checkSpec(kTfOneHotModel);
  INFO(describe(findings));
  REQUIRE(findings.size() == 1);
  Finding f = onlyFinding(findings, "backend-op-on-symbolic-tensor");
  CHECK(f.severity == Severity::Error);
  CHECK(f.file == "test.yaml");
  CHECK(f.node == "embedded");
  checkLoc(f, 8, 9);
  CHECK(coveredText(kTfOneHotModel, f.loc) == "tf.one_hot");
  CHECK(f.message == "TensorFlow op tf.one_hot applied to symbolic tensor 'inputs' of shape (batch, seq) int64");

  REQUIRE(f.notes.size() == 3);
  CHECK(f.notes[0] == "'inputs' is a KerasTensor, a placeholder with a shape and dtype but no data");
  CHECK(contains(f.notes[1], "ValueError: A KerasTensor cannot be used as input to a TensorFlow function"));
  CHECK(contains(f.notes[2], "TFOpLambda"));

  REQUIRE(f.suggestions.size() == 3);
  const Suggestion& kerasOps = f.suggestions[0];
  CHECK(kerasOps.replacement == "keras.ops.one_hot(inputs, num_classes=10000)");
  CHECK(contains(kerasOps.message, "use keras.ops.one_hot, which accepts symbolic tensors: "
                                   "keras.ops.one_hot(inputs, num_classes=10000)"));

  const Suggestion& wrapper = f.suggestions[1];
  CHECK(contains(wrapper.message, "class OneHot(keras.layers.Layer):"));
  CHECK(contains(wrapper.message, "return tf.one_hot(x, depth=self.depth)"));
  CHECK(contains(wrapper.message, "def compute_output_shape(self, input_shape):"));
  CHECK(contains(wrapper.message, "return (*input_shape, self.depth)"));
  CHECK(contains(wrapper.message, "def get_config(self):"));
  CHECK(contains(wrapper.message, "\"depth\": self.depth"));
  CHECK(wrapper.replacement == "OneHot(depth=10000)(inputs)");

  const Suggestion& embedding = f.suggestions[2];
  CHECK(embedding.replacement == "keras.layers.Embedding(10000, 64)");
  CHECK(contains(embedding.message, "vocabulary of 10,000"));
  CHECK(contains(embedding.message, "batch=32, seq=200"));
  CHECK(contains(embedding.message, "40.0 KB per token as float32 one-hot vs 256 bytes as a 64-d embedding"));
  CHECK(contains(embedding.message, "256.0 MB vs 1.6 MB of activations"));
}

TEST_CASE("backend ops of every framework are flagged on a model input",
          "[rules][backend-op-on-symbolic-tensor]") {
  auto [op, args, inputs, message, replacement] =
      GENERATE(table<std::string, std::string, std::string, std::string, std::string>({
          {"jnp.take", "{axis: 0}", "[x, ids]",
           "JAX op jnp.take applied to symbolic tensor 'x' of shape (batch, 16) float32",
           "keras.ops.take(x, ids, axis=0)"},
          {"torch.nn.functional.one_hot", "{num_classes: 5}", "[ids]",
           "PyTorch op torch.nn.functional.one_hot applied to symbolic tensor 'ids' of shape (batch, seq) int64",
           "keras.ops.one_hot(ids, num_classes=5)"},
          {"np.log", "{}", "[x]", "NumPy op np.log applied to symbolic tensor 'x' of shape (batch, 16) float32",
           "keras.ops.log(x)"},
          {"tf.math.reduce_sum", "{axis: 1}", "[x]",
           "TensorFlow op tf.math.reduce_sum applied to symbolic tensor 'x' of shape (batch, 16) float32",
           "keras.ops.sum(x, axis=1)"},
          // Aliases resolve to the canonical spelling before the catalogue lookup.
          {"F.one_hot", "{num_classes: 5}", "[ids]",
           "PyTorch op F.one_hot applied to symbolic tensor 'ids' of shape (batch, seq) int64",
           "keras.ops.one_hot(ids, num_classes=5)"},
          {"jnp.log", "{}", "[x]", "JAX op jnp.log applied to symbolic tensor 'x' of shape (batch, 16) float32",
           "keras.ops.log(x)"},
          {"tensorflow.one_hot", "{depth: 3}", "[ids]",
           "TensorFlow op tensorflow.one_hot applied to symbolic tensor 'ids' of shape (batch, seq) int64",
           "keras.ops.one_hot(ids, num_classes=3)"},
          {"onp.exp", "{}", "[x]", "NumPy op onp.exp applied to symbolic tensor 'x' of shape (batch, 16) float32",
           "keras.ops.exp(x)"},
      }));
  std::string spec = opSpec(op, args, inputs);
  INFO(spec);
  std::vector<Finding> findings = checkSpec(spec);
  Finding f = onlyFinding(findings, "backend-op-on-symbolic-tensor");
  CHECK(f.severity == Severity::Error);
  CHECK(f.node == "call");
  checkLoc(f, 6, 22);
  CHECK(coveredText(spec, f.loc) == op);
  CHECK(f.message == message);
  REQUIRE(!f.suggestions.empty());
  CHECK(f.suggestions[0].replacement == replacement);
  // The catalogue knows these ops, so no other rule complains about the call itself.
  CHECK(findingsOf(findings, "unknown-op").empty());
  CHECK(findingsOf(findings, "unknown-attribute").empty());
  CHECK(findingsOf(findings, "missing-attribute").empty());
}

TEST_CASE("each framework's failure is explained in its own words", "[rules][backend-op-on-symbolic-tensor]") {
  auto [op, args, inputs, failure] = GENERATE(table<std::string, std::string, std::string, std::string>({
      {"tf.math.log", "{}", "[x]", "A KerasTensor cannot be used as input to a TensorFlow function"},
      {"jnp.log", "{}", "[x]", "A KerasTensor cannot be used as input to a JAX function"},
      {"np.log", "{}", "[x]", "__array__"},
      {"torch.log", "{}", "[x]", "raise a TypeError on a KerasTensor"},
  }));
  Finding f = onlyFinding(checkSpec(opSpec(op, args, inputs)), "backend-op-on-symbolic-tensor");
  REQUIRE(f.notes.size() >= 2);
  CHECK(contains(f.notes[1], failure));
  // Only TensorFlow had TFOpLambda.
  bool mentionsTfOpLambda = std::any_of(f.notes.begin(), f.notes.end(),
                                        [](const std::string& n) { return contains(n, "TFOpLambda"); });
  CHECK(mentionsTfOpLambda == llvm::StringRef(op).startswith("tf."));
}

TEST_CASE("keras.ops on a model input is not flagged", "[rules][backend-op-on-symbolic-tensor]") {
  auto op = GENERATE(as<std::string>{}, "keras.ops.one_hot", "ops.one_hot");
  std::string spec = R"(model: text_classifier
inputs:
  - name: inputs
    shape: [batch, seq]
    dtype: int64
nodes:
  - name: embedded
    op: )" + op + R"(
    args: {num_classes: 10000}
  - name: bilstm
    layer: Bidirectional
    config:
      layer: {layer: LSTM, config: {units: 32}}
  - name: outputs
    layer: Dense
    config: {units: 1, activation: sigmoid}
outputs: [outputs]
)";
  INFO(spec);
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  CHECK(findings.empty());
}

TEST_CASE("a backend op on a constant is not flagged, on a model input it is",
          "[rules][backend-op-on-symbolic-tensor]") {
  auto source = GENERATE(as<std::string>{}, "r", "tokens");
  std::string spec = R"(model: m
inputs:
  - {name: tokens, shape: [batch, seq], dtype: int64}
nodes:
  - {name: r, op: tf.range, args: {start: 10}, inputs: []}
  - {name: c, op: tf.one_hot, args: {depth: 10}, inputs: [)" + source + R"(]}
  - {name: e, op: keras.ops.one_hot, args: {num_classes: 10}, inputs: [tokens]}
outputs: [c, e]
)";
  INFO(spec);
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  if (source == "r") {
    CHECK(findings.empty());
  } else {
    Finding f = onlyFinding(findings, "backend-op-on-symbolic-tensor");
    CHECK(f.node == "c");
    checkLoc(f, 6, 19);
    CHECK(f.message == "TensorFlow op tf.one_hot applied to symbolic tensor 'tokens' of shape (batch, seq) int64");
  }
}

TEST_CASE("a custom layer wrapping tf.one_hot, or a Keras layer, is not flagged",
          "[rules][backend-op-on-symbolic-tensor]") {
  auto embedded = GENERATE(as<std::string>{},
                           R"(  - name: embedded
    custom: OneHot
    config: {depth: 10000}
    wraps: tf.one_hot
    defines: [call, compute_output_shape, get_config]
    shape_rule:
      inputs: [[b, s]]
      outputs: [[b, s, 10000]]
    dtype: float32
    params: 0
)",
                           R"(  - name: embedded
    layer: Embedding
    config: {input_dim: 10000, output_dim: 64}
)");
  std::string spec = R"(model: text_classifier
inputs:
  - name: inputs
    shape: [batch, seq]
    dtype: int64
nodes:
)" + embedded + R"(  - name: bilstm
    layer: Bidirectional
    config:
      layer: {layer: LSTM, config: {units: 32}}
  - name: outputs
    layer: Dense
    config: {units: 1, activation: sigmoid}
outputs: [outputs]
)";
  INFO(spec);
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  CHECK(findings.empty());
}

TEST_CASE("a tf op downstream of a layer is flagged and traced back to the model input",
          "[rules][backend-op-on-symbolic-tensor]") {
  const char* spec = R"(model: m
inputs:
  - {name: x, shape: [batch, 16]}
nodes:
  - {name: hidden, layer: Dense, config: {units: 8}}
  - {name: act, op: tf.nn.relu}
outputs: [act]
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  REQUIRE(findings.size() == 1);
  Finding f = onlyFinding(findings, "backend-op-on-symbolic-tensor");
  CHECK(f.node == "act");
  checkLoc(f, 6, 21);
  CHECK(f.message == "TensorFlow op tf.nn.relu applied to symbolic tensor 'hidden' of shape (batch, 8) float32");
  REQUIRE(!f.notes.empty());
  CHECK(f.notes[0] == "'hidden' is a KerasTensor, a placeholder with a shape and dtype but no data, "
                      "because it is computed from model input 'x'");
  REQUIRE(f.suggestions.size() >= 2);
  CHECK(f.suggestions[0].replacement == "keras.ops.relu(hidden)");
  CHECK(f.suggestions[1].replacement == "keras.layers.ReLU()");
}

TEST_CASE("an op the catalogue does not know is still flagged on a symbolic tensor",
          "[rules][backend-op-on-symbolic-tensor]") {
  std::string spec = opSpec("tf.foo_bar", "{}", "[x]");
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  Finding f = onlyFinding(findings, "backend-op-on-symbolic-tensor");
  CHECK(f.severity == Severity::Error);
  checkLoc(f, 6, 22);
  CHECK(f.message == "TensorFlow op tf.foo_bar applied to symbolic tensor 'x' of shape (batch, 16) float32");
  REQUIRE(f.suggestions.size() == 2);
  CHECK(f.suggestions[0].message ==
        "look for an equivalent in keras.ops (graphlint's catalogue has no entry for tf.foo_bar)");
  CHECK(contains(f.suggestions[1].message, "class FooBar(keras.layers.Layer):"));
  CHECK(f.suggestions[1].replacement == "FooBar()(x)");
  // Reported once, by this rule, not again as an unknown op.
  CHECK(findingsOf(findings, "unknown-op").empty());
}

TEST_CASE("the wrapper suggestion for a two-tensor op calls the layer on a list",
          "[rules][backend-op-on-symbolic-tensor]") {
  // A Keras layer's call takes one `inputs` argument: Gather(axis=0)(x, ids) passes ids as a
  // second positional argument and raises a TypeError; the list form is what call(self, inputs)
  // with `*inputs` unpacking expects.
  Finding f = onlyFinding(checkSpec(opSpec("jnp.take", "{axis: 0}", "[x, ids]")), "backend-op-on-symbolic-tensor");
  REQUIRE(f.suggestions.size() >= 2);
  const Suggestion& wrapper = f.suggestions.back();
  CHECK(contains(wrapper.message, "def call(self, inputs):"));
  CHECK(wrapper.replacement == "Gather(axis=0)([x, ids])");
}

TEST_CASE("the keras.ops suggestion for einsum puts the subscripts first",
          "[rules][backend-op-on-symbolic-tensor]") {
  // keras.ops.einsum(subscripts, *operands): keras.ops.einsum(a, b, subscripts=...) is a TypeError.
  const char* spec = R"(model: m
inputs:
  - {name: a, shape: [batch, 3, 4]}
  - {name: b, shape: [batch, 4, 5]}
nodes:
  - {name: prod, op: tf.einsum, args: {equation: "bij,bjk->bik"}, inputs: [a, b]}
outputs: [prod]
)";
  Finding f = onlyFinding(checkSpec(spec), "backend-op-on-symbolic-tensor");
  REQUIRE(!f.suggestions.empty());
  CHECK(f.suggestions[0].replacement == "keras.ops.einsum(\"bij,bjk->bik\", a, b)");
  // The wrapper layer's call passes the equation first too: tf.einsum(*inputs, equation=...) would
  // bind the first tensor to `equation`.
  CHECK(contains(f.suggestions.back().message, "return tf.einsum(self.equation, *inputs)"));
}

// ---------------------------------------------------------------------------------------------
// Structure: unknown-reference, duplicate-name, cycle, dead-node, unused-input,
// invalid-output-index
// ---------------------------------------------------------------------------------------------

TEST_CASE("an input reference to a missing node suggests the closest name", "[rules][unknown-reference]") {
  auto reference = GENERATE(as<std::string>{}, "embeding", "embedding");
  std::string spec = R"(model: m
inputs:
  - {name: x, shape: [batch, 16]}
nodes:
  - {name: embedding, layer: Dense, config: {units: 32}}
  - {name: head, layer: Dense, config: {units: 1}, inputs: [)" + reference + R"(]}
outputs: [head]
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  if (reference == "embedding") {
    CHECK(findings.empty());
    return;
  }
  Finding f = onlyFinding(findings, "unknown-reference");
  CHECK(f.severity == Severity::Error);
  CHECK(f.node == "head");
  checkLoc(f, 6, 61);
  CHECK(coveredText(spec, f.loc) == "embeding");
  CHECK(f.message == "input 'embeding' is not a node or input of this model; did you mean 'embedding'?");
  REQUIRE(f.suggestions.size() == 1);
  CHECK(f.suggestions[0].replacement == "embedding");
}

TEST_CASE("an output reference to a missing node is reported at the outputs list", "[rules][unknown-reference]") {
  const char* spec = R"(model: m
inputs:
  - {name: x, shape: [batch, 16]}
nodes:
  - {name: head, layer: Dense, config: {units: 1}}
outputs: [head, hed]
)";
  Finding f = onlyFinding(checkSpec(spec), "unknown-reference");
  checkLoc(f, 6, 17);
  CHECK(f.node.empty());
  CHECK(f.message == "output 'hed' is not a node or input of this model; did you mean 'head'?");
}

TEST_CASE("a second node with a used name is a duplicate", "[rules][duplicate-name]") {
  auto second = GENERATE(as<std::string>{}, "dense", "dense_1");
  std::string spec = R"(model: m
inputs:
  - {name: x, shape: [batch, 16]}
nodes:
  - {name: dense, layer: Dense, config: {units: 32}}
  - {name: )" + second + R"(, layer: Dense, config: {units: 8}}
outputs: [)" + second + R"(]
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  if (second == "dense_1") {
    CHECK(findings.empty());
    return;
  }
  Finding f = onlyFinding(findings, "duplicate-name");
  CHECK(f.severity == Severity::Error);
  checkLoc(f, 6, 12);
  CHECK(f.message == "duplicate name 'dense'");
  REQUIRE(f.notes.size() == 1);
  CHECK(f.notes[0] == "first used at line 5; references to 'dense' resolve to that node");
}

TEST_CASE("a node named like a model input is a duplicate", "[rules][duplicate-name]") {
  const char* spec = R"(model: m
inputs:
  - {name: x, shape: [batch, 16]}
nodes:
  - {name: x, layer: Dense, config: {units: 8}}
)";
  Finding f = onlyFinding(checkSpec(spec), "duplicate-name");
  checkLoc(f, 5, 12);
  CHECK(f.message == "duplicate name 'x'");
  CHECK(f.notes.at(0) == "first used at line 3; references to 'x' resolve to that node");
}

TEST_CASE("a cycle of two nodes names both, in data-flow order", "[rules][cycle]") {
  auto firstInput = GENERATE(as<std::string>{}, "b", "x");
  std::string spec = R"(model: m
inputs:
  - {name: x, shape: [batch, 16]}
nodes:
  - {name: a, layer: Dense, config: {units: 8}, inputs: [)" + firstInput + R"(]}
  - {name: b, layer: Dense, config: {units: 8}, inputs: [a]}
outputs: [b]
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  if (firstInput == "x") {
    CHECK(findings.empty());
    return;
  }
  Finding f = onlyFinding(findings, "cycle");
  CHECK(f.severity == Severity::Error);
  CHECK(f.node == "a");
  // At the reference that closes the loop: a's input from b.
  checkLoc(f, 5, 58);
  CHECK(f.message == "cycle of 2 nodes: 'a' -> 'b' -> 'a'");
  CHECK(f.notes == std::vector<std::string>{"no shape on or after the cycle can be inferred"});
  // Shapes on the cycle are unknown, not contradictions.
  CHECK(findingsOf(findings, "shape-mismatch").empty());
}

TEST_CASE("a cycle of three nodes names every node in order", "[rules][cycle]") {
  const char* spec = R"(model: m
inputs:
  - {name: x, shape: [batch, 16]}
nodes:
  - {name: a, layer: Add, inputs: [x, c]}
  - {name: b, layer: Dense, config: {units: 16}, inputs: [a]}
  - {name: c, layer: Dense, config: {units: 16}, inputs: [b]}
outputs: [c]
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  REQUIRE(findings.size() == 1);
  Finding f = onlyFinding(findings, "cycle");
  checkLoc(f, 5, 39);
  CHECK(f.message == "cycle of 3 nodes: 'a' -> 'b' -> 'c' -> 'a'");
}

TEST_CASE("a node that names itself as input is a cycle of one", "[rules][cycle]") {
  auto second = GENERATE(as<std::string>{}, "a", "x");
  std::string spec = R"(model: m
inputs:
  - {name: x, shape: [batch, 16]}
nodes:
  - {name: a, layer: Add, inputs: [x, )" + second + R"(]}
outputs: [a]
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  if (second == "x") {
    CHECK(findings.empty());
    return;
  }
  REQUIRE(findings.size() == 1);
  Finding f = onlyFinding(findings, "cycle");
  checkLoc(f, 5, 39);
  CHECK(f.node == "a");
  CHECK(f.message == "node 'a' takes its own output as input");
}

TEST_CASE("a node no output depends on is dead", "[rules][dead-node]") {
  auto outputs = GENERATE(as<std::string>{}, "[head]", "[head, aux]");
  std::string spec = R"(model: m
inputs:
  - {name: features, shape: [batch, 16]}
nodes:
  - {name: aux, layer: Dense, config: {units: 4}, inputs: [features]}
  - {name: head, layer: Dense, config: {units: 1}, inputs: [features]}
  - {name: scale, op: keras.ops.multiply, inputs: [features, features]}
outputs: )" + outputs + "\n";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  std::vector<Finding> dead = findingsOf(findings, "dead-node");
  if (outputs == "[head, aux]") {
    // Only the op stays dead.
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].node == "scale");
    return;
  }
  REQUIRE(dead.size() == 2);
  CHECK(dead[0].severity == Severity::Warning);
  CHECK(dead[0].node == "aux");
  checkLoc(dead[0], 5, 12);
  CHECK(dead[0].message == "layer 'aux' does not contribute to any model output");
  CHECK(dead[0].notes == std::vector<std::string>{"the model's outputs are 'head'"});
  checkLoc(dead[1], 7, 12);
  CHECK(dead[1].message == "op 'scale' does not contribute to any model output");
}

TEST_CASE("a model input no output depends on is unused", "[rules][unused-input]") {
  auto bodyUser = GENERATE(as<std::string>{}, "title", "body");
  std::string spec = R"(model: m
inputs:
  - {name: title, shape: [batch, 20], dtype: int64}
  - {name: body, shape: [batch, 200], dtype: int64}
nodes:
  - {name: t, layer: Embedding, config: {input_dim: 10000, output_dim: 64}, inputs: [title]}
  - {name: b, layer: Embedding, config: {input_dim: 10000, output_dim: 64}, inputs: [)" + bodyUser + R"(]}
  - {name: joined, layer: Concatenate, config: {axis: 1}, inputs: [t, b]}
outputs: [joined]
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  if (bodyUser == "body") {
    CHECK(findings.empty());
    return;
  }
  REQUIRE(findings.size() == 1);
  Finding f = onlyFinding(findings, "unused-input");
  CHECK(f.severity == Severity::Warning);
  CHECK(f.node == "body");
  checkLoc(f, 4, 12);
  CHECK(f.message == "input 'body' does not reach any model output");
}

TEST_CASE("referring to an LSTM state needs return_state", "[rules][invalid-output-index]") {
  auto [config, reference] = GENERATE(table<std::string, std::string>({
      {"{units: 32}", "lstm:1"},
      {"{units: 32, return_state: true}", "lstm:2"},
  }));
  std::string spec = R"(model: m
inputs:
  - {name: x, shape: [batch, t, 8]}
nodes:
  - {name: lstm, layer: LSTM, config: )" + config + R"(}
  - {name: head, layer: Dense, config: {units: 1}, inputs: [)" + reference + R"(]}
outputs: [head]
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  if (reference == "lstm:2") {
    CHECK(findings.empty());
    return;
  }
  REQUIRE(findings.size() == 1);
  Finding f = onlyFinding(findings, "invalid-output-index");
  CHECK(f.severity == Severity::Error);
  CHECK(f.node == "head");
  checkLoc(f, 6, 61);
  CHECK(coveredText(spec, f.loc) == "lstm:1");
  CHECK(f.message == "'lstm:1' refers to output 1 of 'lstm', which has only output 0");
}

TEST_CASE("a Bidirectional LSTM with return_state has five outputs", "[rules][invalid-output-index]") {
  auto [reference, fires] = GENERATE(table<std::string, bool>({{"bi:4", false}, {"bi:5", true}}));
  std::string spec = R"(model: m
inputs:
  - {name: x, shape: [batch, t, 8]}
nodes:
  - name: bi
    layer: Bidirectional
    config: {layer: {layer: LSTM, config: {units: 4, return_state: true}}}
  - {name: head, layer: Dense, config: {units: 1}, inputs: [)" + reference + R"(]}
outputs: [head]
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  if (!fires) {
    CHECK(findings.empty());
    return;
  }
  Finding f = onlyFinding(findings, "invalid-output-index");
  checkLoc(f, 8, 61);
  CHECK(f.message == "'bi:5' refers to output 5 of 'bi', which has outputs 0 to 4");
}

TEST_CASE("a model output referring to a missing LSTM state is reported",
          "[rules][invalid-output-index]") {
  // `outputs:` entries are references too; Keras fails the same way when building the model.
  const char* spec = R"(model: m
inputs:
  - {name: x, shape: [batch, t, 8]}
nodes:
  - {name: lstm, layer: LSTM, config: {units: 32}}
outputs: [lstm, lstm:1]
)";
  Finding f = onlyFinding(checkSpec(spec), "invalid-output-index");
  checkLoc(f, 6, 17);
  CHECK(contains(f.message, "'lstm:1' refers to output 1 of 'lstm', which has only output 0"));
}

TEST_CASE("ops with several results can be indexed", "[rules][invalid-output-index]") {
  // keras.ops.top_k returns (values, indices); keras.ops.split with 2 sections returns 2 tensors.
  const char* spec = R"(model: m
inputs:
  - {name: x, shape: [batch, 3, 16]}
nodes:
  - {name: top, op: keras.ops.top_k, args: {k: 3}, inputs: [x]}
  - {name: indices, op: keras.ops.cast, args: {dtype: float32}, inputs: ["top:1"]}
  - {name: halves, op: keras.ops.split, args: {indices_or_sections: 2, axis: -1}, inputs: [x]}
  - {name: second, op: keras.ops.relu, inputs: ["halves:1"]}
outputs: [indices, second]
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  CHECK(findingsOf(findings, "invalid-output-index").empty());
}

// ---------------------------------------------------------------------------------------------
// Schema: unknown-layer, unknown-attribute, missing-attribute, attribute-type, input-count,
// unknown-op
// ---------------------------------------------------------------------------------------------

TEST_CASE("a misspelt layer class suggests the known one", "[rules][unknown-layer]") {
  auto layer = GENERATE(as<std::string>{}, "Dence", "Dense");
  std::string spec = R"(model: m
inputs:
  - {name: x, shape: [batch, 16]}
nodes:
  - {name: d, layer: )" + layer + R"(, config: {units: 10}}
  - {name: out, layer: Dense, config: {units: 1}}
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  if (layer == "Dense") {
    CHECK(findings.empty());
    return;
  }
  // Shapes after the unknown layer are unknown, so nothing else is reported.
  REQUIRE(findings.size() == 1);
  Finding f = onlyFinding(findings, "unknown-layer");
  CHECK(f.severity == Severity::Error);
  CHECK(f.node == "d");
  checkLoc(f, 5, 22);
  CHECK(coveredText(spec, f.loc) == "Dence");
  CHECK(f.message == "unknown layer class 'Dence'; did you mean 'Dense'?");
  REQUIRE(f.suggestions.size() == 1);
  CHECK(f.suggestions[0].replacement == "Dense");
}

TEST_CASE("an unknown layer inside Bidirectional is reported at its class name", "[rules][unknown-layer]") {
  const char* spec = R"(model: m
inputs:
  - {name: x, shape: [batch, t, 8]}
nodes:
  - {name: bi, layer: Bidirectional, config: {layer: {layer: LSTMM, config: {units: 4}}}}
)";
  Finding f = onlyFinding(checkSpec(spec), "unknown-layer");
  checkLoc(f, 5, 62);
  CHECK(f.message == "unknown layer class 'LSTMM'; did you mean 'LSTM'?");
}

TEST_CASE("a misspelt layer attribute suggests the known one", "[rules][unknown-attribute]") {
  auto attribute = GENERATE(as<std::string>{}, "return_sequence", "return_sequences");
  std::string spec = R"(model: m
inputs:
  - {name: x, shape: [batch, t, 8]}
nodes:
  - {name: lstm, layer: LSTM, config: {units: 32, )" + attribute + R"(: true}}
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  if (attribute == "return_sequences") {
    CHECK(findings.empty());
    return;
  }
  REQUIRE(findings.size() == 1);
  Finding f = onlyFinding(findings, "unknown-attribute");
  CHECK(f.severity == Severity::Error);
  checkLoc(f, 5, 51);
  CHECK(coveredText(spec, f.loc) == "return_sequence");
  CHECK(f.message == "LSTM has no attribute 'return_sequence'; did you mean 'return_sequences'?");
  REQUIRE(f.suggestions.size() == 1);
  CHECK(f.suggestions[0].replacement == "return_sequences");
}

TEST_CASE("a misspelt attribute of a wrapped layer names the wrapper", "[rules][unknown-attribute]") {
  const char* spec = R"(model: m
inputs:
  - {name: x, shape: [batch, t, 8]}
nodes:
  - {name: bi, layer: Bidirectional, config: {layer: {layer: LSTM, config: {unit: 4}}}}
)";
  std::vector<Finding> findings = checkSpec(spec);
  Finding f = onlyFinding(findings, "unknown-attribute");
  checkLoc(f, 5, 77);
  CHECK(f.message == "in the layer Bidirectional wraps, LSTM has no attribute 'unit'; did you mean 'units'?");
  // `units` is then missing too.
  Finding missing = onlyFinding(findings, "missing-attribute");
  CHECK(contains(missing.message, "in the layer Bidirectional wraps, LSTM needs the attribute 'units'"));
}

TEST_CASE("a misspelt op argument suggests the known one", "[rules][unknown-attribute]") {
  auto argument = GENERATE(as<std::string>{}, "dept", "depth");
  std::string spec = R"(model: m
inputs:
  - {name: tokens, shape: [batch, seq], dtype: int64}
nodes:
  - {name: r, op: tf.range, args: {start: 10}, inputs: []}
  - {name: oh, op: tf.one_hot, args: {)" + argument + R"(: 10}, inputs: [r]}
outputs: [oh, tokens]
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  if (argument == "depth") {
    CHECK(findings.empty());
    return;
  }
  Finding f = onlyFinding(findings, "unknown-attribute");
  CHECK(f.severity == Severity::Error);
  CHECK(f.node == "oh");
  checkLoc(f, 6, 39);
  CHECK(f.message == "tf.one_hot has no argument 'dept'; did you mean 'depth'?");
  REQUIRE(f.suggestions.size() == 1);
  CHECK(f.suggestions[0].replacement == "depth");
}

TEST_CASE("a layer without a required attribute", "[rules][missing-attribute]") {
  auto config = GENERATE(as<std::string>{}, "{activation: relu}", "{units: 4, activation: relu}");
  std::string spec = R"(model: m
inputs:
  - {name: x, shape: [batch, 16]}
nodes:
  - {name: d, layer: Dense, config: )" + config + R"(}
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  if (config != "{activation: relu}") {
    CHECK(findings.empty());
    return;
  }
  REQUIRE(findings.size() == 1);
  Finding f = onlyFinding(findings, "missing-attribute");
  CHECK(f.severity == Severity::Error);
  checkLoc(f, 5, 22);
  CHECK(f.message == "Dense needs the attribute 'units' (size of the output's last dim)");
}

TEST_CASE("an op call without a required argument names it as the backend spells it",
          "[rules][missing-attribute]") {
  auto args = GENERATE(as<std::string>{}, "{}", "{depth: 4}");
  std::string spec = R"(model: m
inputs:
  - {name: tokens, shape: [batch, seq], dtype: int64}
nodes:
  - {name: r, op: tf.range, args: {start: 10}, inputs: []}
  - {name: oh, op: tf.one_hot, args: )" + args + R"(, inputs: [r]}
outputs: [oh, tokens]
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  if (args != "{}") {
    CHECK(findings.empty());
    return;
  }
  REQUIRE(findings.size() == 1);
  Finding f = onlyFinding(findings, "missing-attribute");
  CHECK(f.node == "oh");
  checkLoc(f, 6, 20);
  CHECK(f.message == "tf.one_hot needs the argument 'depth'");
}

TEST_CASE("einsum's tensors are its operands, not a missing argument", "[rules][missing-attribute]") {
  // keras.ops.einsum(subscripts, *operands): the operands are the node's inputs.
  auto op = GENERATE(as<std::string>{}, "keras.ops.einsum", "jnp.einsum");
  std::string spec = R"(model: m
inputs:
  - {name: a, shape: [batch, 3, 4]}
  - {name: b, shape: [batch, 4, 5]}
nodes:
  - {name: prod, op: )" + op + R"(, args: {subscripts: "bij,bjk->bik"}, inputs: [a, b]}
outputs: [prod]
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  CHECK(findingsOf(findings, "missing-attribute").empty());
}

TEST_CASE("an attribute value of the wrong type", "[rules][attribute-type]") {
  auto [config, line, column, message] = GENERATE(table<std::string, uint32_t, uint32_t, std::string>({
      {"{units: \"32\"}", 5, 45, "Dense attribute 'units' must be an integer, got a string \"32\""},
      {"{units: 32, activation: relu6x}", 5, 61,
       "Dense attribute 'activation': unknown activation 'relu6x'; did you mean 'relu6'?"},
      {"{units: 32, use_bias: 1}", 5, 59, "Dense attribute 'use_bias' must be a boolean, got an integer 1"},
  }));
  std::string spec = R"(model: m
inputs:
  - {name: x, shape: [batch, 16]}
nodes:
  - {name: d, layer: Dense, config: )" + config + R"(}
)";
  INFO(spec);
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  REQUIRE(findings.size() == 1);
  Finding f = onlyFinding(findings, "attribute-type");
  CHECK(f.severity == Severity::Error);
  CHECK(f.node == "d");
  checkLoc(f, line, column);
  CHECK(f.message == message);
}

TEST_CASE("well-typed attribute values are accepted", "[rules][attribute-type]") {
  auto config = GENERATE(as<std::string>{}, "{units: 32}", "{units: 32, activation: relu6}",
                         "{units: 32, activation: null, use_bias: false}");
  std::string spec = R"(model: m
inputs:
  - {name: x, shape: [batch, 16]}
nodes:
  - {name: d, layer: Dense, config: )" + config + R"(}
)";
  INFO(spec);
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  CHECK(findings.empty());
}

TEST_CASE("Bidirectional merge_mode must be one of its modes or null", "[rules][attribute-type]") {
  auto [mode, fires] = GENERATE(table<std::string, bool>({
      {"bogus", true}, {"concat", false}, {"sum", false}, {"mul", false}, {"ave", false}, {"null", false}}));
  std::string spec = R"(model: m
inputs:
  - {name: x, shape: [batch, t, 8]}
nodes:
  - name: bi
    layer: Bidirectional
    config: {layer: {layer: LSTM, config: {units: 4}}, merge_mode: )" + mode + R"(}
outputs: [bi]
)";
  INFO(spec);
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  if (!fires) {
    CHECK(findings.empty());
    return;
  }
  Finding f = onlyFinding(findings, "attribute-type");
  checkLoc(f, 7, 68);
  CHECK(f.message == "Bidirectional attribute 'merge_mode': 'bogus' is not one of concat, sum, mul, ave");
}

TEST_CASE("a misspelt activation carries a machine-readable replacement", "[rules][attribute-type]") {
  // Like unknown-layer and unknown-attribute, attribute-type attaches its near miss.
  const char* spec = R"(model: m
inputs:
  - {name: x, shape: [batch, 16]}
nodes:
  - {name: d, layer: Dense, config: {units: 32, activation: relu6x}}
)";
  Finding f = onlyFinding(checkSpec(spec), "attribute-type");
  REQUIRE(f.suggestions.size() == 1);
  CHECK(f.suggestions[0].replacement == "relu6");
}

TEST_CASE("the range of a finding on a quoted value covers the whole value", "[rules][attribute-type]") {
  // The column points at the opening quote but the length is that of the unquoted text, so a
  // caret under `"32"` reads `"3`.
  const char* spec = R"(model: m
inputs:
  - {name: x, shape: [batch, 16]}
nodes:
  - {name: d, layer: Dense, config: {units: "32"}}
)";
  Finding f = onlyFinding(checkSpec(spec), "attribute-type");
  std::string covered = coveredText(spec, f.loc);
  CHECK((covered == "\"32\"" || covered == "32"));
}

TEST_CASE("a layer called on the wrong number of inputs", "[rules][input-count]") {
  auto [node, column, name, message] = GENERATE(table<std::string, uint32_t, std::string, std::string>({
      {"{name: n, layer: Add, inputs: [a]}", 22, "Add", "Add takes at least 2 inputs, got 1"},
      {"{name: n, layer: Dense, config: {units: 3}, inputs: [a, b]}", 22, "Dense", "Dense takes 1 input, got 2"},
      {"{name: n, layer: Subtract, inputs: [a, b, a]}", 22, "Subtract", "Subtract takes 2 inputs, got 3"},
      {"{name: n, op: keras.ops.matmul, inputs: [a]}", 19, "keras.ops.matmul",
       "keras.ops.matmul takes 2 tensor inputs, got 1"},
  }));
  std::string spec = R"(model: m
inputs:
  - {name: a, shape: [batch, 8]}
  - {name: b, shape: [batch, 8]}
nodes:
  - )" + node + R"(
outputs: [n, a, b]
)";
  INFO(spec);
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  REQUIRE(findings.size() == 1);
  Finding f = onlyFinding(findings, "input-count");
  CHECK(f.severity == Severity::Error);
  CHECK(f.node == "n");
  // At the class or op name.
  checkLoc(f, 6, column);
  CHECK(coveredText(spec, f.loc) == name);
  CHECK(f.message == message);
}

TEST_CASE("a layer called on an allowed number of inputs", "[rules][input-count]") {
  auto node = GENERATE(as<std::string>{}, "{name: n, layer: Add, inputs: [a, b]}",
                       "{name: n, layer: Add, inputs: [a, b, a]}",
                       "{name: n, layer: Dense, config: {units: 3}, inputs: [a]}",
                       "{name: n, layer: Subtract, inputs: [a, b]}");
  std::string spec = R"(model: m
inputs:
  - {name: a, shape: [batch, 8]}
  - {name: b, shape: [batch, 8]}
nodes:
  - )" + node + R"(
outputs: [n, a, b]
)";
  INFO(spec);
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  CHECK(findings.empty());
}

TEST_CASE("unknown ops: a keras.ops typo is an error, a foreign op a warning", "[rules][unknown-op]") {
  auto [op, severity, message, replacement] = GENERATE(table<std::string, Severity, std::string, std::string>({
      {"keras.ops.onehot", Severity::Error, "keras.ops has no function 'onehot'; did you mean 'keras.ops.one_hot'?",
       "keras.ops.one_hot"},
      {"mylib.func", Severity::Warning, "unknown op 'mylib.func': graphlint cannot infer its output", ""},
  }));
  std::string spec = R"(model: m
inputs:
  - {name: tokens, shape: [batch, seq], dtype: int64}
nodes:
  - {name: call, op: )" + op + R"(, args: {num_classes: 10}}
)";
  INFO(spec);
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  REQUIRE(findings.size() == 1);
  Finding f = onlyFinding(findings, "unknown-op");
  CHECK(f.severity == severity);
  CHECK(f.node == "call");
  checkLoc(f, 5, 22);
  CHECK(coveredText(spec, f.loc) == op);
  CHECK(f.message == message);
  if (replacement.empty()) {
    CHECK(f.suggestions.empty());
  } else {
    REQUIRE(f.suggestions.size() == 1);
    CHECK(f.suggestions[0].replacement == replacement);
  }
}

TEST_CASE("known keras.ops functions are not unknown ops", "[rules][unknown-op]") {
  auto op = GENERATE(as<std::string>{}, "keras.ops.one_hot", "ops.one_hot");
  std::string spec = R"(model: m
inputs:
  - {name: tokens, shape: [batch, seq], dtype: int64}
nodes:
  - {name: call, op: )" + op + R"(, args: {num_classes: 10}}
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  CHECK(findings.empty());
}

// ---------------------------------------------------------------------------------------------
// shape-mismatch
// ---------------------------------------------------------------------------------------------

TEST_CASE("adding (batch, 32) and (batch, 64) is a shape mismatch", "[rules][shape-mismatch]") {
  auto units = GENERATE(as<std::string>{}, "64", "32");
  std::string spec = R"(model: m
inputs:
  - {name: x, shape: [batch, 16]}
nodes:
  - {name: a, layer: Dense, config: {units: 32}, inputs: [x]}
  - {name: b, layer: Dense, config: {units: )" + units + R"(}, inputs: [x]}
  - {name: sum, layer: Add, inputs: [a, b]}
outputs: [sum]
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  if (units == "32") {
    CHECK(findings.empty());
    return;
  }
  REQUIRE(findings.size() == 1);
  Finding f = onlyFinding(findings, "shape-mismatch");
  CHECK(f.severity == Severity::Error);
  CHECK(f.node == "sum");
  checkLoc(f, 7, 24);
  CHECK(f.message == "cannot add (batch, 32) and (batch, 64): dim 1 differs (32 vs 64)");
  CHECK(f.notes == std::vector<std::string>{"input 0 'a' has shape (batch, 32)", "input 1 'b' has shape (batch, 64)"});
}

TEST_CASE("unknown or broadcastable dims are not a mismatch", "[rules][shape-mismatch]") {
  auto [left, right] = GENERATE(table<std::string, std::string>({
      {"[batch, n]", "[batch, m]"},
      {"[batch, 1]", "[batch, 8]"},
      {"[batch, 8]", "[1, 8]"},
      {"[batch, null]", "[batch, 8]"},
  }));
  std::string spec = R"(model: m
inputs:
  - {name: a, shape: )" + left + R"(}
  - {name: b, shape: )" + right + R"(}
nodes:
  - {name: sum, layer: Add, inputs: [a, b]}
)";
  INFO(spec);
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  // (batch, n) + (batch, m) is noted as an assumption (shape-assumption), never an error.
  CHECK_FALSE(hasRule(findings, "shape-mismatch"));
  for (const Finding& f : findings) CHECK(f.severity == Severity::Note);
}

TEST_CASE("concatenating tensors whose other dims differ is a mismatch", "[rules][shape-mismatch]") {
  auto axis = GENERATE(as<std::string>{}, "1", "2");
  std::string spec = R"(model: m
inputs:
  - {name: s, shape: [batch, t, 8]}
  - {name: u, shape: [batch, t, 9]}
nodes:
  - {name: cat, layer: Concatenate, config: {axis: )" + axis + R"(}, inputs: [s, u]}
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  if (axis == "2") {
    CHECK(findings.empty());
    return;
  }
  Finding f = onlyFinding(findings, "shape-mismatch");
  checkLoc(f, 6, 24);
  CHECK(f.message == "cannot concatenate (batch, t, 8) and (batch, t, 9) on axis 1: dim 2 differs (8 vs 9)");
}

TEST_CASE("an LSTM needs a 3-D input", "[rules][shape-mismatch]") {
  auto shape = GENERATE(as<std::string>{}, "[batch, 16]", "[batch, t, 16]");
  std::string spec = R"(model: m
inputs:
  - {name: x, shape: )" + shape + R"(}
nodes:
  - {name: lstm, layer: LSTM, config: {units: 4}}
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  if (shape == "[batch, t, 16]") {
    CHECK(findings.empty());
    return;
  }
  Finding f = onlyFinding(findings, "shape-mismatch");
  checkLoc(f, 5, 25);
  CHECK(f.message == "LSTM expects a 3-D input (batch, timesteps, features), got the 2-D input (batch, 16)");
  CHECK(f.notes == std::vector<std::string>{"input 0 'x' has shape (batch, 16)"});
}

TEST_CASE("a Reshape must keep the element count", "[rules][shape-mismatch]") {
  auto target = GENERATE(as<std::string>{}, "[5, 5]", "[4, 4]", "[-1, 8]");
  std::string spec = R"(model: m
inputs:
  - {name: x, shape: [batch, 16]}
nodes:
  - {name: rs, layer: Reshape, config: {target_shape: )" + target + R"(}}
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  if (target != "[5, 5]") {
    CHECK(findings.empty());
    return;
  }
  Finding f = onlyFinding(findings, "shape-mismatch");
  checkLoc(f, 5, 23);
  CHECK(f.message == "cannot reshape (batch, 16) to (batch,) + [5, 5]: 16 elements per sample vs 25");
}

TEST_CASE("a symbolic Reshape is a mismatch only when it fails for every value", "[rules][shape-mismatch]") {
  // (batch, 2*seq + 1, 2) has 4*seq + 2 elements per sample: never a multiple of 4, but a
  // multiple of 3 for some seq, so only [-1, 4] is a provable contradiction.
  auto [target, fires] = GENERATE(table<std::string, bool>({{"[-1, 4]", true}, {"[-1, 3]", false}}));
  std::string spec = R"(model: m
inputs:
  - {name: x, shape: [batch, "2*seq + 1", 2]}
nodes:
  - {name: rs, layer: Reshape, config: {target_shape: )" + target + R"(}}
)";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  if (!fires) {
    CHECK(findings.empty());
    return;
  }
  Finding f = onlyFinding(findings, "shape-mismatch");
  checkLoc(f, 5, 23);
  CHECK(f.message == "cannot reshape (batch, 2*seq + 1, 2) to (batch,) + [-1, 4]: its 4*seq + 2 elements per "
                     "sample are not divisible by 4");
}

// ---------------------------------------------------------------------------------------------
// custom-layer-contract
// ---------------------------------------------------------------------------------------------

TEST_CASE("a custom layer wrapping a backend op must define compute_output_shape and get_config",
          "[rules][custom-layer-contract]") {
  auto [defines, warnings] = GENERATE(table<std::string, std::vector<std::string>>({
      {"[call]",
       {"custom layer OneHot wraps tf.one_hot but does not define compute_output_shape: Keras must trace call() "
        "to build the model, which works only with the TensorFlow backend",
        "custom layer OneHot does not define get_config: a saved model cannot re-create it if its __init__ "
        "takes arguments"}},
      {"[call, get_config]",
       {"custom layer OneHot wraps tf.one_hot but does not define compute_output_shape: Keras must trace call() "
        "to build the model, which works only with the TensorFlow backend"}},
      {"[call, compute_output_shape]",
       {"custom layer OneHot does not define get_config: a saved model cannot re-create it if its __init__ "
        "takes arguments"}},
      {"[call, compute_output_shape, get_config]", {}},
  }));
  std::string spec = R"(model: m
inputs:
  - {name: tokens, shape: [batch, seq], dtype: int64}
nodes:
  - {name: onehot, custom: OneHot, wraps: tf.one_hot, defines: )" + defines + R"(}
)";
  INFO(spec);
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  std::vector<Finding> contract = findingsOf(findings, "custom-layer-contract");
  REQUIRE(contract.size() == warnings.size());
  CHECK(findings.size() == warnings.size());
  for (size_t i = 0; i < contract.size(); ++i) {
    CHECK(contract[i].severity == Severity::Warning);
    CHECK(contract[i].node == "onehot");
    checkLoc(contract[i], 5, 43);
    CHECK(coveredText(spec, contract[i].loc) == "tf.one_hot");
    CHECK(contract[i].message == warnings[i]);
  }
}

TEST_CASE("custom layers that wrap no backend op have no contract", "[rules][custom-layer-contract]") {
  auto wraps = GENERATE(as<std::string>{}, "", ", wraps: keras.ops.one_hot");
  std::string spec = R"(model: m
inputs:
  - {name: tokens, shape: [batch, seq], dtype: int64}
nodes:
  - {name: onehot, custom: OneHot)" + wraps + R"(, defines: [call]}
)";
  INFO(spec);
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  CHECK(findings.empty());
}

// ---------------------------------------------------------------------------------------------
// shape-assumption, and --bind
// ---------------------------------------------------------------------------------------------

namespace {

const char* const kUnprovenAdd = R"(model: m
inputs:
  - {name: a, shape: [batch, n]}
  - {name: b, shape: [batch, m]}
nodes:
  - {name: sum, layer: Add, inputs: [a, b]}
)";

}  // namespace

TEST_CASE("merging dims that are not provably equal is noted as an assumption", "[rules][shape-assumption]") {
  std::vector<Finding> findings = checkSpec(kUnprovenAdd);
  INFO(describe(findings));
  Finding f = onlyFinding(findings, "shape-assumption");
  CHECK(f.severity == Severity::Note);
  CHECK(f.loc.line == 6);
  CHECK(coveredText(kUnprovenAdd, f.loc) == "Add");
  CHECK(f.message == "Add assumes n == m (dim 1 of the shapes to add), which graphlint cannot prove");
  REQUIRE(f.notes.size() == 1);
  CHECK(f.notes[0] == "check it for concrete sizes with --bind n=...,m=...");
  CHECK_FALSE(hasRule(findings, "shape-mismatch"));
}

TEST_CASE("the same symbol on both sides needs no assumption", "[rules][shape-assumption]") {
  std::vector<Finding> findings = checkSpec(R"(model: m
inputs:
  - {name: a, shape: [batch, n]}
  - {name: b, shape: [batch, n]}
  - {name: c, shape: [batch, 1]}
nodes:
  - {name: sum, layer: Add, inputs: [a, b]}
  - {name: scaled, layer: Multiply, inputs: [sum, c]}
  - {name: joined, layer: Concatenate, inputs: [sum, scaled]}
)");
  INFO(describe(findings));
  CHECK_FALSE(hasRule(findings, "shape-assumption"));
}

TEST_CASE("Concatenate records the dims it needs equal", "[rules][shape-assumption]") {
  std::vector<Finding> findings = checkSpec(R"(model: m
inputs:
  - {name: a, shape: [batch, t, 8]}
  - {name: b, shape: [batch, u, 8]}
nodes:
  - {name: joined, layer: Concatenate, inputs: [a, b]}
)");
  INFO(describe(findings));
  Finding f = onlyFinding(findings, "shape-assumption");
  CHECK(f.message == "Concatenate assumes t == u (dim 1 of the inputs to concatenate), which graphlint cannot prove");
}

TEST_CASE("a binding that breaks an assumption is a shape error naming the binding", "[rules][shape-mismatch]") {
  std::vector<Finding> findings = checkSpec(kUnprovenAdd, DimBindings{{"n", 4}, {"m", 5}});
  INFO(describe(findings));
  Finding f = onlyFinding(findings, "shape-mismatch");
  CHECK(f.message == "cannot add (batch, 4) and (batch, 5): dim 1 differs (4 vs 5)");
  CHECK(f.notes.back() == "with the sizes given by --bind m=5,n=4");
  CHECK_FALSE(hasRule(findings, "shape-assumption"));
}

TEST_CASE("a binding that satisfies the assumption checks clean", "[rules][shape-assumption]") {
  std::vector<Finding> findings = checkSpec(kUnprovenAdd, DimBindings{{"n", 4}, {"m", 4}});
  INFO(describe(findings));
  CHECK(findings.empty());
}

TEST_CASE("bindings evaluate every dim and parameter count", "[shape][bind]") {
  AnalyzedSpec spec = analyzeSpec(R"(model: m
inputs:
  - {name: x, shape: [batch, 2*seq, n]}
nodes:
  - {name: dense, layer: Dense, config: {units: 8}}
  - {name: flat, layer: Flatten}
)", DimBindings{{"batch", 32}, {"seq", 100}, {"n", 16}});
  CHECK(spec.shape("x") == "(32, 200, 16)");
  CHECK(spec.shape("dense") == "(32, 200, 8)");
  CHECK(spec.shape("flat") == "(32, 1600)");
  CHECK(spec.shapes("dense").params == Dim::constant(136));
}

// ---------------------------------------------------------------------------------------------
// attribute-value
// ---------------------------------------------------------------------------------------------

TEST_CASE("attribute values outside their domain are reported with the value", "[rules][attribute-value]") {
  auto [config, message] = GENERATE(table<std::string, std::string>({
      {"{layer: Dense, config: {units: 0}}", "Dense attribute 'units' must be >= 1, got 0"},
      {"{layer: Dropout, config: {rate: 1.5}}", "Dropout attribute 'rate' must be in [0, 1], got 1.5"},
      {"{layer: Embedding, config: {input_dim: 100, output_dim: -4}}",
       "Embedding attribute 'output_dim' must be >= 1, got -4"},
      {"{layer: LSTM, config: {units: 0}}", "LSTM attribute 'units' must be >= 1, got 0"},
  }));
  std::string spec = "model: m\ninputs:\n  - {name: x, shape: [batch, 4, 8]}\nnodes:\n  - " + config + "\n";
  std::vector<Finding> findings = checkSpec(spec);
  INFO(describe(findings));
  Finding f = onlyFinding(findings, "attribute-value");
  CHECK(f.severity == Severity::Error);
  CHECK(f.message == message);
  CHECK(f.loc.line == 5);
}

TEST_CASE("attribute values inside their domain are fine", "[rules][attribute-value]") {
  std::vector<Finding> findings = checkSpec(R"(model: m
inputs:
  - {name: x, shape: [batch, 4, 8]}
nodes:
  - {layer: LSTM, config: {units: 1, return_sequences: true}}
  - {layer: Dropout, config: {rate: 0}}
  - {layer: Dense, config: {units: 1}}
)");
  INFO(describe(findings));
  CHECK_FALSE(hasRule(findings, "attribute-value"));
}

TEST_CASE("every layer accepts the base Layer arguments", "[rules][unknown-attribute]") {
  std::vector<Finding> findings = checkSpec(R"(model: m
inputs:
  - {name: x, shape: [batch, 8]}
nodes:
  - {layer: Dropout, config: {rate: 0.1, name: d, trainable: false, dtype: float32, activity_regularizer: null}}
)");
  INFO(describe(findings));
  CHECK_FALSE(hasRule(findings, "unknown-attribute"));
}

// ---------------------------------------------------------------------------------------------
// import-note, lambda-layer
// ---------------------------------------------------------------------------------------------

namespace {

std::vector<Finding> checkModelFile(llvm::StringRef path, llvm::StringRef text) {
  Result<Graph> graph = loadModel(path, text);
  REQUIRE(graph.ok());
  Analysis analysis = analyze(*graph);
  return runRules(analysis);
}

}  // namespace

TEST_CASE("import-note reports what the importer translated or resolved", "[rules][import-note]") {
  SECTION("a Keras 1 layer under its current name") {
    std::vector<Finding> findings = checkModelFile("m.json", R"({"class_name": "Sequential", "keras_version": "1.2.2",
      "config": [{"class_name": "Dense", "config": {"name": "d", "output_dim": 3, "input_dim": 4, "init": "glorot_uniform"}}]})");
    INFO(describe(findings));
    Finding f = onlyFinding(findings, "import-note");
    CHECK(f.severity == Severity::Note);
    CHECK(contains(f.message, "output_dim=3 -> units=3"));
    CHECK(f.node == "d");
    CHECK(f.loc.line == 2);
  }
  SECTION("a duplicate JSON key, resolved as Python does") {
    std::vector<Finding> findings = checkModelFile("m.json", R"({"class_name": "Sequential", "config": {"name": "s", "layers": [
      {"class_name": "Dense", "config": {"name": "d", "units": 3, "units": 5, "batch_input_shape": [null, 2]}}]}})");
    INFO(describe(findings));
    Finding f = onlyFinding(findings, "import-note");
    CHECK(f.severity == Severity::Warning);
    CHECK(contains(f.message, "units"));
  }
}

TEST_CASE("import-note is silent for current files and for specs", "[rules][import-note]") {
  CHECK_FALSE(hasRule(checkModelFile("m.json", R"({"class_name": "Sequential", "keras_version": "2.4.0", "config": {"name": "s",
      "layers": [{"class_name": "Dense", "config": {"name": "d", "units": 3, "batch_input_shape": [null, 2]}}]}})"),
                      "import-note"));
  CHECK_FALSE(hasRule(checkSpec(kTfOneHotModel), "import-note"));
}

TEST_CASE("lambda-layer warns about every Lambda layer", "[rules][lambda-layer]") {
  std::vector<Finding> findings = checkSpec(R"(model: m
inputs:
  - {name: x, shape: [batch, 8]}
nodes:
  - {name: known, layer: Lambda, config: {function: {code: "..."}, output_shape: [8]}}
  - {name: opaque, layer: Lambda, config: {function: {code: "..."}}}
)");
  INFO(describe(findings));
  std::vector<Finding> lambdas = findingsOf(findings, "lambda-layer");
  REQUIRE(lambdas.size() == 2);
  CHECK(lambdas[0].severity == Severity::Warning);
  CHECK(contains(lambdas[0].message, "safe_mode=False"));
  CHECK(lambdas[0].notes.empty());  // its output_shape says what comes out
  REQUIRE(lambdas[1].notes.size() == 1);
  CHECK(contains(lambdas[1].notes[0], "output shape is unknown"));
}

TEST_CASE("lambda-layer is silent without Lambda layers", "[rules][lambda-layer]") {
  CHECK_FALSE(hasRule(checkSpec(kTfOneHotModel), "lambda-layer"));
}

// ---------------------------------------------------------------------------------------------
// weight-count
// ---------------------------------------------------------------------------------------------

namespace {

/// A TF.js model.json: Embedding(100, 20) then GRU(4) whose config leaves reset_after to the
/// default, with the weights the file lists.
std::string tfjsGru(const std::string& gruBias, const std::string& gruConfigExtra = "") {
  return R"({"modelTopology": {"keras_version": "tfjs-layers 1.0.0", "config": {"name": "s", "layers": [
    {"class_name": "Embedding", "config": {"name": "emb", "input_dim": 100, "output_dim": 20, "batch_input_shape": [null, 7]}},
    {"class_name": "GRU", "config": {"name": "gru", "units": 4)" + gruConfigExtra + R"(}}]}, "class_name": "Sequential"},
  "weightsManifest": [{"paths": ["w.bin"], "weights": [
    {"name": "emb/embeddings", "shape": [100, 20], "dtype": "float32"},
    {"name": "gru/kernel", "shape": [20, 12], "dtype": "float32"},
    {"name": "gru/recurrent_kernel", "shape": [4, 12], "dtype": "float32"},
    {"name": "gru/bias", "shape": )" + gruBias + R"(, "dtype": "float32"}]}]})";
}

}  // namespace

TEST_CASE("weight-count reports stored weights that do not fit the config", "[rules][weight-count]") {
  // Keras 3's GRU defaults to reset_after=True: a bias of [2, 12], 312 parameters.
  std::vector<Finding> findings = checkModelFile("model.json", tfjsGru("[12]"));
  INFO(describe(findings));
  Finding f = onlyFinding(findings, "weight-count");
  CHECK(f.severity == Severity::Error);
  CHECK(f.node == "gru");
  CHECK(f.message == "layer 'gru' has 312 parameters by its config, but the file stores 300 weights for it");
  REQUIRE_FALSE(f.notes.empty());
  CHECK(contains(f.notes[0], "gru/bias [12]"));
  CHECK(f.loc.line == 6);  // the layer's first stored weight
}

TEST_CASE("weight-count is silent when the stored weights fit", "[rules][weight-count]") {
  CHECK_FALSE(hasRule(checkModelFile("model.json", tfjsGru("[12]", R"(, "reset_after": false)")), "weight-count"));
  CHECK_FALSE(hasRule(checkModelFile("model.json", tfjsGru("[2, 12]")), "weight-count"));
  CHECK_FALSE(hasRule(checkSpec(kTfOneHotModel), "weight-count"));
}

TEST_CASE("F.one_hot without num_classes is a valid torch call; the fix asks for the count",
          "[rules][backend-op-on-symbolic-tensor]") {
  std::vector<Finding> findings = checkSpec(R"(model: m
inputs:
  - {name: ids, shape: [batch, seq], dtype: int64}
nodes:
  - {op: F.one_hot}
)");
  INFO(describe(findings));
  CHECK_FALSE(hasRule(findings, "missing-attribute"));
  Finding f = onlyFinding(findings, "backend-op-on-symbolic-tensor");
  REQUIRE_FALSE(f.suggestions.empty());
  CHECK(contains(f.suggestions[0].message, "keras.ops.one_hot(ids, num_classes=<num_classes>)"));
  CHECK(contains(f.suggestions[0].message, "needs num_classes given explicitly"));
}

TEST_CASE("a wrapper's compute_output_shape reads an input axis only where the op keeps it", "[rules]") {
  // Pooling (batch, 8, 16, 16) gives (batch, 4, 8, 16): the 8 is a pooled 16, not the input's
  // axis 1, so it stays a number; reduce_sum over axis 1 keeps axes 2 and 3, whatever their sizes.
  std::vector<Finding> findings = checkSpec(R"(
inputs: [{name: x, shape: [batch, 8, 16, 16]}]
nodes:
  - {name: pooled, op: tf.nn.max_pool2d, args: {ksize: 2, strides: 2, padding: VALID}, inputs: [x]}
  - {name: summed, op: tf.reduce_sum, args: {axis: 1}, inputs: [x]}
outputs: [pooled, summed]
)");
  std::vector<Finding> errors = findingsOf(findings, "backend-op-on-symbolic-tensor");
  REQUIRE(errors.size() == 2);
  auto suggests = [](const Finding& f, const std::string& text) {
    return std::any_of(f.suggestions.begin(), f.suggestions.end(),
                       [&](const Suggestion& s) { return contains(s.message, text); });
  };
  CHECK(suggests(errors[0], "return (input_shape[0], 4, 8, input_shape[3])"));
  CHECK(suggests(errors[1], "return (input_shape[0], input_shape[2], input_shape[3])"));
}
