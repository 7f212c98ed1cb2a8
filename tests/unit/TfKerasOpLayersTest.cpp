// Op nodes as the Keras 2 importer makes them from tf.keras op layers (TFOpLambda,
// SlicingOpLambda): the recorded `tf.` symbol as the op, the first tensor argument and any
// tensor keyword arguments as inputs, the other keyword arguments by the TF function's own
// parameter names. Whole pipeline: shapes, and the fixes backend-op-on-symbolic-tensor offers.

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "RuleTestUtil.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

bool contains(const std::string& text, llvm::StringRef part) { return llvm::StringRef(text).contains(part); }

/// One op node `call` on the model inputs x (batch, 16) float32, y (batch, 16) float32,
/// z (batch, 16, 1) float32 and ids (batch, seq) int64.
std::string opLayer(const std::string& op, const std::string& args, const std::string& inputs) {
  return "model: m\n"
         "inputs:\n"
         "  - {name: x, shape: [batch, 16]}\n"
         "  - {name: y, shape: [batch, 16]}\n"
         "  - {name: z, shape: [batch, 16, 1]}\n"
         "  - {name: ids, shape: [batch, seq], dtype: int64}\n"
         "nodes:\n"
         "  - {name: call, op: " + op + ", args: " + args + ", inputs: " + inputs + "}\n"
         "outputs: [call]\n";
}

bool mentionsWrapper(const Finding& f) {
  return std::any_of(f.suggestions.begin(), f.suggestions.end(),
                     [](const Suggestion& s) { return contains(s.message, "keras.layers.Layer"); });
}

}  // namespace

TEST_CASE("an operator tf.keras recorded is fixed by writing the operator", "[tf-keras][backend-op-on-symbolic-tensor]") {
  auto [op, args, inputs, replacement, calls] =
      GENERATE(table<std::string, std::string, std::string, std::string, std::string>({
          {"tf.__operators__.add", "{}", "[x, y]", "x + y", "keras.ops.add"},
          {"tf.__operators__.add", "{y: 1.0}", "[x]", "x + 1.0", "keras.ops.add"},
          {"tf.__operators__.ne", "{other: 0}", "[ids]", "ids != 0", "keras.ops.not_equal"},
          {"tf.__operators__.getitem", "{slice_spec: [{start: null, stop: null, step: null}, 0]}", "[x]", "x[:, 0]", ""},
          {"tf.__operators__.getitem", "{slice_spec: {start: 1, stop: -1, step: null}}", "[ids]", "ids[1:-1]", ""},
          {"tf.__operators__.getitem", "{slice_spec: [{class_name: __ellipsis__}, null]}", "[x]", "x[..., None]", ""},
      }));
  std::string spec = opLayer(op, args, inputs);
  INFO(spec);
  std::vector<Finding> findings = checkSpec(spec);
  Finding f = onlyFinding(findings, "backend-op-on-symbolic-tensor");
  REQUIRE(!f.suggestions.empty());
  const Suggestion& first = f.suggestions.front();
  CHECK(first.replacement == replacement);
  CHECK(contains(first.message, "write " + replacement + " instead: the operator works on Keras 3 tensors"));
  if (!calls.empty()) CHECK(contains(first.message, "(it calls " + calls + ")"));
  // The operator is the whole fix: no keras.ops call to spell out, no wrapper layer to write.
  for (const Suggestion& s : f.suggestions) CHECK_FALSE(llvm::StringRef(s.replacement).startswith("keras.ops."));
  CHECK_FALSE(mentionsWrapper(f));
  // The node is well-formed: no other rule has anything to say about it.
  INFO(describe(findings));
  for (const char* rule : {"input-count", "missing-attribute", "unknown-attribute", "unknown-op", "shape-mismatch"})
    CHECK(findingsOf(findings, rule).empty());
}

TEST_CASE("the fix for x[...] names the function forms too", "[tf-keras][backend-op-on-symbolic-tensor]") {
  Finding f = onlyFinding(
      checkSpec(opLayer("tf.__operators__.getitem", "{slice_spec: [{start: null, stop: null, step: null}, 0]}", "[x]")),
      "backend-op-on-symbolic-tensor");
  REQUIRE(!f.suggestions.empty());
  CHECK(contains(f.suggestions[0].message, "indexing a KerasTensor is legal in Keras 3"));
  CHECK(contains(f.suggestions[0].message, "keras.ops.take"));
  CHECK(contains(f.suggestions[0].message, "keras.ops.slice"));
}

TEST_CASE("indices graphlint cannot write leave the subscript open and keep the wrapper",
          "[tf-keras][backend-op-on-symbolic-tensor]") {
  // A boolean mask: tf.keras would have turned it into tf.boolean_mask; graphlint does not guess.
  Finding f = onlyFinding(checkSpec(opLayer("tf.__operators__.getitem", "{slice_spec: true}", "[x]")),
                          "backend-op-on-symbolic-tensor");
  REQUIRE(!f.suggestions.empty());
  CHECK(f.suggestions[0].replacement.empty());
  CHECK(contains(f.suggestions[0].message, "write x[<slice_spec>] instead"));
  CHECK(mentionsWrapper(f));
}

TEST_CASE("== of tf.keras 2 is fixed with keras.ops.equal, not ==", "[tf-keras][backend-op-on-symbolic-tensor]") {
  Finding f = onlyFinding(checkSpec(opLayer("tf.__operators__.eq", "{other: 0}", "[ids]")), "backend-op-on-symbolic-tensor");
  REQUIRE(!f.suggestions.empty());
  CHECK(f.suggestions[0].replacement == "keras.ops.equal(ids, 0)");
  CHECK(contains(f.suggestions[0].message, "do not write x == y in Keras 3"));
  CHECK(contains(f.suggestions[0].message, "compares identity"));
}

TEST_CASE("a math op recorded for an operator offers keras.ops and the operator", "[tf-keras][backend-op-on-symbolic-tensor]") {
  auto [op, args, inputs, replacement, operatorText] =
      GENERATE(table<std::string, std::string, std::string, std::string, std::string>({
          {"tf.math.multiply", "{y: 2.0}", "[x]", "keras.ops.multiply(x, 2.0)", "x * 2.0"},
          {"tf.math.subtract", "{x: 1.0}", "[x]", "keras.ops.subtract(1.0, x)", "1.0 - x"},
          {"tf.math.truediv", "{}", "[x, y]", "keras.ops.divide(x, y)", "x / y"},
          {"tf.math.negative", "{}", "[x]", "keras.ops.negative(x)", "-x"},
          {"tf.math.floormod", "{y: 3}", "[ids]", "keras.ops.mod(ids, 3)", "ids % 3"},
          {"tf.math.less", "{y: 5}", "[ids]", "keras.ops.less(ids, 5)", "ids < 5"},
          {"tf.linalg.matmul", "{}", "[x, y]", "keras.ops.matmul(x, y)", "x @ y"},
      }));
  std::string spec = opLayer(op, args, inputs);
  INFO(spec);
  std::vector<Finding> findings = checkSpec(spec);
  Finding f = onlyFinding(findings, "backend-op-on-symbolic-tensor");
  REQUIRE(!f.suggestions.empty());
  CHECK(f.suggestions[0].replacement == replacement);
  CHECK(contains(f.suggestions[0].message, "the operator works on Keras 3 tensors too: " + operatorText));
  INFO(describe(findings));
  CHECK(findingsOf(findings, "input-count").empty());
}

TEST_CASE("a constant operand rules out merge layers and reaches the wrapper from self",
          "[tf-keras][backend-op-on-symbolic-tensor]") {
  Finding scaled = onlyFinding(checkSpec(opLayer("tf.math.multiply", "{y: 2.0}", "[x]")), "backend-op-on-symbolic-tensor");
  for (const Suggestion& s : scaled.suggestions) CHECK_FALSE(contains(s.replacement, "Multiply()"));
  REQUIRE(!scaled.suggestions.empty());
  CHECK(contains(scaled.suggestions.back().message, "return tf.math.multiply(x, self.y)"));
  CHECK(scaled.suggestions.back().replacement == "Multiply(y=2.0)(x)");
  // Two tensors: the merge layer is the alternative.
  Finding product = onlyFinding(checkSpec(opLayer("tf.math.multiply", "{}", "[x, y]")), "backend-op-on-symbolic-tensor");
  CHECK(std::any_of(product.suggestions.begin(), product.suggestions.end(),
                    [](const Suggestion& s) { return s.replacement == "keras.layers.Multiply()"; }));
}

TEST_CASE("tf.keras op layers infer their shapes", "[tf-keras][shape]") {
  auto [op, args, inputs, expected, dtype] =
      GENERATE(table<std::string, std::string, std::string, std::string, std::string>({
          {"tf.__operators__.add", "{}", "[x, y]", "(batch, 16)", "float32"},
          {"tf.__operators__.add", "{y: 1.0}", "[x]", "(batch, 16)", "float32"},
          {"tf.math.multiply", "{y: 2}", "[ids]", "(batch, seq)", "int64"},
          {"tf.__operators__.getitem", "{slice_spec: [{start: null, stop: null, step: null}, 0]}", "[x]", "(batch,)", "float32"},
          {"tf.__operators__.getitem", "{slice_spec: [{start: null, stop: null, step: null}, {start: 1, stop: null, step: null}]}",
           "[ids]", "(batch, seq - 1)", "int64"},
          {"tf.__operators__.ne", "{other: 0}", "[ids]", "(batch, seq)", "bool"},
          {"tf.compat.v1.squeeze", "{axis: [-1]}", "[z]", "(batch, 16)", "float32"},
          {"tf.compat.v1.squeeze", "{squeeze_dims: [2]}", "[z]", "(batch, 16)", "float32"},
          {"tf.compat.v1.transpose", "{perm: [1, 0]}", "[x]", "(16, batch)", "float32"},
          {"tf.compat.v1.gather", "{}", "[x, ids]", "(batch, seq, 16)", "float32"},
          {"tf.compat.v1.pad", "{paddings: [[0, 0], [2, 2]]}", "[x]", "(batch, 20)", "float32"},
          {"tf.math.floormod", "{y: 3}", "[ids]", "(batch, seq)", "int64"},
      }));
  std::string spec = opLayer(op, args, inputs);
  INFO(spec);
  AnalyzedSpec analyzed = analyzeSpec(spec);
  const NodeShapes& shapes = analyzed.shapes("call");
  if (shapes.error) FAIL("shape error: " << shapes.error->message);
  CHECK(analyzed.shape("call") == expected);
  CHECK(analyzed.dtype("call") == dtype);
}

TEST_CASE("tf.keras op layers report provable contradictions", "[tf-keras][shape-mismatch]") {
  auto [op, args, inputs, message] = GENERATE(table<std::string, std::string, std::string, std::string>({
      {"tf.__operators__.getitem", "{slice_spec: [{start: null, stop: null, step: null}, 16]}", "[x]",
       "getitem: index 16 is out of range for axis 1 of (batch, 16): its size is 16, so valid indices are -16 to 15 (in [:, 16])"},
      {"tf.__operators__.getitem", "{slice_spec: [0, 0, 0]}", "[x]",
       "getitem: too many indices: [0, 0, 0] indexes 3 axes, but (batch, 16) has 2"},
      {"tf.__operators__.add", "{y: [1, 2, 3]}", "[x]", "add: cannot broadcast (batch, 16) and (3,): dim 1 differs (16 vs 3)"},
  }));
  std::string spec = opLayer(op, args, inputs);
  INFO(spec);
  std::vector<Finding> findings = checkSpec(spec);
  Finding f = onlyFinding(findings, "shape-mismatch");
  CHECK(f.message == message);
}

TEST_CASE("a tensor given both as an input and as a constant is one input too many", "[tf-keras][input-count]") {
  std::vector<Finding> findings = checkSpec(opLayer("tf.math.multiply", "{y: 2.0}", "[x, y]"));
  Finding f = onlyFinding(findings, "input-count");
  CHECK(f.message == "tf.math.multiply takes 1 tensor input besides y, which is given as an argument, got 2");
  // Without the constant both are inputs and nothing is wrong.
  CHECK(findingsOf(checkSpec(opLayer("tf.math.multiply", "{}", "[x, y]")), "input-count").empty());
}
