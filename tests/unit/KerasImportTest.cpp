// The Keras frontend: each serialization generation read into the same IR, with nested
// models, shared layers, multi-output layers, tensors in kwargs and tf.keras op layers.

#include <catch2/catch.hpp>

#include "frontends/Frontend.h"
#include "RuleTestUtil.h"

namespace graphlint::test {
namespace {

std::unique_ptr<Graph> importJson(llvm::StringRef json) {
  Result<Graph> graph = loadModel("model.json", json);
  if (!graph) {
    INFO("import error at " << graph.error().loc.line << ":" << graph.error().loc.column << ": "
                            << graph.error().message);
    REQUIRE(graph.ok());
  }
  return std::make_unique<Graph>(std::move(*graph));
}

Error importError(llvm::StringRef json) {
  Result<Graph> graph = loadModel("model.json", json);
  REQUIRE_FALSE(graph.ok());
  return graph.error();
}

AnalyzedSpec analyzeJson(llvm::StringRef json) { return AnalyzedSpec(importJson(json)); }

std::vector<Finding> checkJson(llvm::StringRef json) {
  std::unique_ptr<Graph> graph = importJson(json);
  Analysis analysis = analyze(*graph);
  return runRules(analysis);
}

/// A Keras 2 Dense layer entry called on `input`.
std::string dense(const std::string& name, int units, const std::string& inbound) {
  return R"({"class_name": "Dense", "config": {"name": ")" + name + R"(", "trainable": true, "dtype": "float32", "units": )" +
         std::to_string(units) + R"(, "activation": "relu", "use_bias": true}, "name": ")" + name +
         R"(", "inbound_nodes": )" + inbound + "}";
}

std::string inputLayer(const std::string& name, const std::string& batchShape, const std::string& dtype = "float32") {
  return R"({"class_name": "InputLayer", "config": {"batch_input_shape": )" + batchShape + R"(, "dtype": ")" + dtype +
         R"(", "sparse": false, "name": ")" + name + R"("}, "name": ")" + name + R"(", "inbound_nodes": []})";
}

std::string functional(const std::string& layers, const std::string& inputs, const std::string& outputs,
                       const std::string& version = "2.4.0") {
  return R"({"class_name": "Functional", "config": {"name": "m", "layers": [)" + layers + R"(], "input_layers": )" +
         inputs + R"(, "output_layers": )" + outputs + R"(}, "keras_version": ")" + version +
         R"(", "backend": "tensorflow"})";
}

}  // namespace

TEST_CASE("a Keras 2 functional model imports with shapes and parameter counts", "[keras]") {
  AnalyzedSpec model = analyzeJson(functional(
      inputLayer("x", "[null, 16]") + "," + dense("hidden", 32, R"([[["x", 0, 0, {}]]])") + "," +
          dense("out", 4, R"([[["hidden", 0, 0, {}]]])"),
      R"([["x", 0, 0]])", R"([["out", 0, 0]])"));
  CHECK(model.graph->format == "Keras 2.4.0 model config");
  CHECK(model.shape("x") == "(batch, 16)");
  CHECK(model.shape("hidden") == "(batch, 32)");
  CHECK(model.shape("out") == "(batch, 4)");
  CHECK(model.shapes("hidden").params.constantValue() == 16 * 32 + 32);
  REQUIRE(model.graph->outputs.size() == 1);
  CHECK(model.graph->outputs[0].nodeName == "out");
  CHECK(model.graph->findNode("hidden")->configPath == "config.layers[1]");
}

TEST_CASE("a Sequential model without an InputLayer gets Keras' <first layer>_input", "[keras]") {
  // Keras 2.0-2.1 wrote the config as a bare list, the input shape on the first layer.
  AnalyzedSpec model = analyzeJson(R"({"class_name": "Sequential", "keras_version": "2.0.8", "config": [
    {"class_name": "Dense", "config": {"name": "d1", "units": 8, "batch_input_shape": [null, 3], "dtype": "float32"}},
    {"class_name": "Dense", "config": {"name": "d2", "units": 2}}]})");
  CHECK(model.shape("d1_input") == "(batch, 3)");
  CHECK(model.shape("d2") == "(batch, 2)");
  CHECK(model.graph->nodes.size() == 3);
  // Keras 3 reads batch_input_shape as the base Layer's input_shape: accepted, not an error.
  CHECK_FALSE(hasRule(runRules(model.analysis), "unknown-attribute"));
}

TEST_CASE("Keras 3 inbound nodes with __keras_tensor__ arguments, nested in lists", "[keras]") {
  auto tensor = [](const char* layer) {
    return std::string(R"({"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": [")") +
           layer + R"(", 0, 0]}})";
  };
  std::string json = R"({"module": "keras.src.models.functional", "class_name": "Functional", "registered_name": "Functional", "config": {"name": "m", "layers": [
    {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32", "name": "a"}, "name": "a", "inbound_nodes": []},
    {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32", "name": "b"}, "name": "b", "inbound_nodes": []},
    {"module": "keras.layers", "class_name": "Concatenate", "config": {"name": "cat", "axis": -1, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}}}, "name": "cat",
     "inbound_nodes": [{"args": [[)" + tensor("a") + "," + tensor("b") + R"(]], "kwargs": {}}]}],
    "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": ["cat", 0, 0]}})";
  AnalyzedSpec model = analyzeJson(json);
  CHECK(model.graph->format == "Keras 3 model config");
  CHECK(model.shape("cat") == "(batch, 8)");
  CHECK(model.graph->findNode("cat")->config.find("dtype")->asString() == "float32");
}

TEST_CASE("a nested model is inlined; its first outer call may be node 1", "[keras]") {
  // TF.js export of a Keras 2.8 model: the inner Sequential was built on its own Input, so
  // consumers refer to its first call in the outer model as node index 1.
  std::string inner = R"({"class_name": "Sequential", "config": {"name": "aug", "layers": [
      {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8], "dtype": "float32", "name": "aug_in"}},
      {"class_name": "Dense", "config": {"name": "inner_dense", "units": 5}}]},
      "name": "aug", "inbound_nodes": [[["x", 0, 0, {}]]]})";
  AnalyzedSpec model = analyzeJson(functional(inputLayer("x", "[null, 8]") + "," + inner + "," +
                                                  dense("head", 2, R"([[["aug", 1, 0, {}]]])"),
                                              R"([["x", 0, 0]])", R"([["head", 0, 0]])"));
  CHECK(model.shape("aug/inner_dense") == "(batch, 5)");
  CHECK(model.shape("head") == "(batch, 2)");
  CHECK(model.graph->findNode("aug/inner_dense")->configPath == "config.layers[1].config.layers[1]");
  CHECK(model.graph->findNode("aug/aug_in") == nullptr);  // the inner input is the outer tensor
}

TEST_CASE("every call of a shared layer is a node sharing the first call's weights", "[keras]") {
  AnalyzedSpec model = analyzeJson(functional(
      inputLayer("a", "[null, 3]") + "," + inputLayer("b", "[null, 3]") + "," +
          dense("shared", 6, R"([[["a", 0, 0, {}]], [["b", 0, 0, {}]]])") + "," +
          R"({"class_name": "Add", "config": {"name": "sum"}, "name": "sum", "inbound_nodes": [[["shared", 0, 0, {}], ["shared", 1, 0, {}]]]})",
      R"([["a", 0, 0], ["b", 0, 0]])", R"([["sum", 0, 0]])"));
  const Node* second = model.graph->findNode("shared@1");
  REQUIRE(second != nullptr);
  REQUIRE(second->shares.has_value());
  CHECK(second->shares->nodeName == "shared");
  CHECK(model.shapes("shared").params.constantValue() == 3 * 6 + 6);
  CHECK(model.shapes("shared@1").params.constantValue() == 0);
  CHECK(model.shape("sum") == "(batch, 6)");
}

TEST_CASE("tensor indices reach return_state outputs; kwargs tensors become inputs", "[keras]") {
  std::string lstm = R"({"class_name": "LSTM", "config": {"name": "enc", "units": 7, "return_state": true}, "name": "enc",
      "inbound_nodes": [[["x", 0, 0, {}]]]})";
  std::string decoder = R"({"class_name": "LSTM", "config": {"name": "dec", "units": 7, "return_sequences": true}, "name": "dec",
      "inbound_nodes": [[["y", 0, 0, {"initial_state": [["enc", 0, 1], ["enc", 0, 2]]}]]]})";
  AnalyzedSpec model = analyzeJson(functional(inputLayer("x", "[null, 5, 3]") + "," + inputLayer("y", "[null, 9, 3]") +
                                                  "," + lstm + "," + decoder,
                                              R"([["x", 0, 0], ["y", 0, 0]])", R"([["dec", 0, 0]])"));
  const Node* dec = model.graph->findNode("dec");
  REQUIRE(dec->inputs.size() == 3);
  CHECK(dec->inputs[1].str() == "enc:1");
  CHECK(dec->inputs[2].str() == "enc:2");
  CHECK(model.shape("dec") == "(batch, 9, 7)");
  CHECK(checkJson(functional(inputLayer("x", "[null, 5, 3]") + "," + inputLayer("y", "[null, 9, 3]") + "," + lstm +
                                 "," + decoder,
                             R"([["x", 0, 0], ["y", 0, 0]])", R"([["dec", 0, 0]])"))
            .empty());
}

TEST_CASE("tf.keras op layers become op nodes the headline rule reports", "[keras]") {
  std::string json = functional(
      inputLayer("tokens", "[null, null]", "int64") + "," +
          R"({"class_name": "TFOpLambda", "config": {"name": "tf.one_hot", "dtype": "float32", "function": "one_hot"}, "name": "tf.one_hot",
             "inbound_nodes": [["tokens", 0, 0, {"depth": 10000}]]},)" +
          R"({"class_name": "TFOpLambda", "config": {"name": "tf.math.multiply", "function": "math.multiply"}, "name": "tf.math.multiply",
             "inbound_nodes": [["_CONSTANT_VALUE", -1, 2.0, {"y": ["tf.one_hot", 0, 0], "name": null}]]})",
      R"([["tokens", 0, 0]])", R"([["tf.math.multiply", 0, 0]])", "2.11.0");
  AnalyzedSpec model = analyzeJson(json);
  const Node* oneHot = model.graph->findNode("tf.one_hot");
  REQUIRE(oneHot != nullptr);
  CHECK(oneHot->kind == NodeKind::Op);
  CHECK(oneHot->type == "tf.one_hot");
  CHECK(oneHot->config.find("depth")->asInt() == 10000);
  CHECK(model.shape("tf.one_hot") == "(batch, None, 10000)");
  // A constant first argument (`2.0 * x`) is an argument by position; the tensor came
  // through kwargs. The catalogue names it by tf.math.multiply's parameters: x=2.0, y=tensor.
  const Node* multiply = model.graph->findNode("tf.math.multiply");
  REQUIRE(multiply->inputs.size() == 1);
  CHECK(multiply->inputs[0].nodeName == "tf.one_hot");
  CHECK(multiply->config.find("_positional0")->asNumber() == 2.0);
  CHECK(model.shape("tf.math.multiply") == "(batch, None, 10000)");

  std::vector<Finding> findings = checkJson(json);
  std::vector<Finding> errors = findingsOf(findings, "backend-op-on-symbolic-tensor");
  INFO(describe(findings));
  CHECK_FALSE(hasRule(findings, "unknown-attribute"));
  CHECK_FALSE(hasRule(findings, "input-count"));
  REQUIRE(errors.size() == 3);  // two op layers and the file's summary
  CHECK(findingsOf(findings, "backend-op-on-symbolic-tensor", "tf.one_hot").front().configPath == "config.layers[1]");
  std::vector<Finding> notes;
  for (const Finding& f : errors)
    if (f.severity == Severity::Note) notes.push_back(f);
  REQUIRE(notes.size() == 1);
  CHECK_THAT(notes[0].message, Catch::Contains("2 layers block loading"));
}

TEST_CASE("Keras 3 keras.ops calls become keras.ops op nodes", "[keras]") {
  std::string tensor = R"({"class_name": "__keras_tensor__", "config": {"shape": [null, 5], "dtype": "int32", "keras_history": ["ids", 0, 0]}})";
  AnalyzedSpec model = analyzeJson(R"({"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "m", "layers": [
    {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 5], "dtype": "int32", "name": "ids"}, "name": "ids", "inbound_nodes": []},
    {"module": "keras.src.ops.nn", "class_name": "OneHot", "config": {"name": "one_hot", "num_classes": 7}, "registered_name": "OneHot", "name": "one_hot",
     "inbound_nodes": [{"args": [)" + tensor + R"(], "kwargs": {}}]}],
    "input_layers": [["ids", 0, 0]], "output_layers": [["one_hot", 0, 0]]}})");
  const Node* oneHot = model.graph->findNode("one_hot");
  REQUIRE(oneHot != nullptr);
  CHECK(oneHot->kind == NodeKind::Op);
  CHECK(oneHot->type == "keras.ops.one_hot");
  CHECK(model.shape("one_hot") == "(batch, 5, 7)");
  // keras.ops accept symbolic tensors: nothing to report.
  CHECK_FALSE(hasRule(runRules(model.analysis), "backend-op-on-symbolic-tensor"));
}

TEST_CASE("Keras 3 __tensor__ constants are arguments with their values", "[keras]") {
  std::string tensor = R"({"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "dtype": "float32", "keras_history": ["x", 0, 0]}})";
  AnalyzedSpec model = analyzeJson(R"({"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "m", "layers": [
    {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3], "dtype": "float32", "name": "x"}, "name": "x", "inbound_nodes": []},
    {"module": "keras.src.ops.numpy", "class_name": "Add", "config": {"name": "add"}, "name": "add",
     "inbound_nodes": [{"args": [)" + tensor + R"(, {"class_name": "__tensor__", "config": {"value": [1.0, 2.0, 3.0], "dtype": "float32"}}], "kwargs": {}}]}],
    "input_layers": [["x", 0, 0]], "output_layers": [["add", 0, 0]]}})");
  const Node* add = model.graph->findNode("add");
  REQUIRE(add != nullptr);
  CHECK(add->type == "keras.ops.add");
  const Value* constant = add->config.find("_positional1");
  REQUIRE(constant != nullptr);
  CHECK(constant->str() == "[1.0, 2.0, 3.0]");
  CHECK(model.shape("add") == "(batch, 3)");
}

TEST_CASE("TF.js and frugally-deep files keep the model elsewhere", "[keras]") {
  std::string model = R"({"class_name": "Sequential", "config": {"name": "s", "layers": [
      {"class_name": "Dense", "config": {"name": "d", "units": 3, "batch_input_shape": [null, 2]}}]}})";
  SECTION("TF.js converter: modelTopology.model_config") {
    AnalyzedSpec m = analyzeJson(R"({"format": "layers-model", "modelTopology": {"keras_version": "2.8.0", "model_config": )" +
                                 model + R"(}, "weightsManifest": []})");
    CHECK(m.graph->format == "TF.js model.json (Keras 2.8.0)");
    CHECK(m.shape("d") == "(batch, 3)");
    CHECK(m.graph->findNode("d")->configPath == "modelTopology.model_config.config.layers[0]");
  }
  SECTION("tfjs-layers save: modelTopology itself") {
    AnalyzedSpec m = analyzeJson(R"({"modelTopology": )" + model.substr(0, model.size() - 1) +
                                 R"(, "keras_version": "tfjs-layers 1.3.1"}})");
    CHECK(m.shape("d") == "(batch, 3)");
  }
  SECTION("frugally-deep: architecture") {
    AnalyzedSpec m = analyzeJson(R"({"architecture": )" + model + R"(, "hash": "x"})");
    CHECK(m.shape("d") == "(batch, 3)");
  }
}

TEST_CASE("Keras 2 configs are read as Keras 3 reads them", "[keras]") {
  AnalyzedSpec model = analyzeJson(functional(
      inputLayer("img", "[null, 8, 8, 3]") + "," +
          R"({"class_name": "BatchNormalization", "config": {"name": "bn", "axis": [3], "dtype": {"class_name": "Policy", "config": {"name": "mixed_float16"}}}, "name": "bn", "inbound_nodes": [[["img", 0, 0, {}]]]})",
      R"([["img", 0, 0]])", R"([["bn", 0, 0]])"));
  const Node* bn = model.graph->findNode("bn");
  CHECK(bn->config.find("axis")->asInt() == 3);
  CHECK(bn->config.find("dtype")->asString() == "float16");
  CHECK(model.dtype("bn") == "float16");
  CHECK(model.shapes("bn").params.constantValue() == 12);
}

TEST_CASE("files that hold no graph fail with what they are instead", "[keras]") {
  auto [json, fragment] = GENERATE(table<std::string, std::string>({
      {R"({"name": "g", "input_config": [], "node_config": [], "output_config": []})", "Keras 0.x 'Graph' container"},
      {R"({"module": null, "class_name": "MyModel", "config": {"name": "m", "units": 3}})", "subclassed Keras model"},
      {R"([1, 2])", "found a list"},
      {R"({"modelTopology": {"format": "x"}})", "expected a model object with 'class_name' and 'config' at 'modelTopology'"},
      {R"({"class_name": "Functional", "config": {"name": "m", "layers": [{"class_name": "Dense", "config": {"name": "d"}, "name": "d", "inbound_nodes": [[["x", "zero", 0, {}]]]}], "input_layers": [], "output_layers": []}})",
       "malformed inbound node"},
      {R"({"class_name": "Functional", "config": {"name": "m", "layers": [{"class_name": "Dense", "config": {}, "name": "d"}, {"class_name": "Dense", "config": {}, "name": "d"}], "input_layers": [], "output_layers": []}})",
       "two layers are named 'd'"},
  }));
  INFO(json);
  Error error = importError(json);
  CHECK_THAT(error.message, Catch::Contains(fragment));
  CHECK(error.loc.isValid());
}

TEST_CASE("a reference to a layer the model does not have is a finding, not a crash", "[keras]") {
  std::vector<Finding> findings =
      checkJson(functional(inputLayer("x", "[null, 4]") + "," + dense("d", 2, R"([[["missing", 0, 0, {}]]])"),
                           R"([["x", 0, 0]])", R"([["d", 0, 0]])"));
  CHECK(hasRule(findings, "unknown-reference"));
}


namespace {

/// A Keras 2 MultiHeadAttention entry with `inbound` as its inbound_nodes.
std::string keras2Mha(const std::string& inbound) {
  return R"({"class_name": "MultiHeadAttention", "config": {"name": "mha", "trainable": true, "dtype": "float32",
    "num_heads": 2, "key_dim": 4, "value_dim": 4, "dropout": 0.0, "use_bias": true, "output_shape": null,
    "attention_axes": [1]}, "name": "mha", "inbound_nodes": )" + inbound + "}";
}

}  // namespace

TEST_CASE("a Keras 2 MultiHeadAttention call keeps its attention_mask apart from its inputs", "[keras]") {
  // tf.keras writes every argument after the first by keyword: value=, attention_mask=.
  AnalyzedSpec model = analyzeJson(functional(
      inputLayer("q", "[null, 5, 8]") + "," + inputLayer("v", "[null, 7, 8]") + "," +
          inputLayer("m", "[null, 5, 7]", "bool") + "," +
          keras2Mha(R"([[["q", 0, 0, {"value": ["v", 0, 0], "attention_mask": ["m", 0, 0],
                        "use_causal_mask": false, "return_attention_scores": true}]]])"),
      R"([["q", 0, 0], ["v", 0, 0], ["m", 0, 0]])", R"([["mha", 0, 0], ["mha", 0, 1]])"));
  const Node& mha = *model.graph->findNode("mha");
  REQUIRE(mha.inputs.size() == 3);
  CHECK(mha.inputs[1].nodeName == "v");
  CHECK(mha.inputs[2].nodeName == "m");
  CHECK(mha.positionalInputCount() == 2);
  CHECK(mha.inputKeywords[2] == "attention_mask");
  REQUIRE(mha.callArgs.find("return_attention_scores"));
  CHECK(model.shape("mha") == "(batch, 5, 8)");
  CHECK(model.shape("mha", 1) == "(batch, 2, 5, 7)");
}

TEST_CASE("a Keras 3 MultiHeadAttention call passed query= and value= by keyword imports in order", "[keras]") {
  auto tensor = [](const std::string& layer) {
    return R"({"class_name": "__keras_tensor__", "config": {"shape": [null, 4, 8], "dtype": "float32",
               "keras_history": [")" + layer + R"(", 0, 0]}})";
  };
  std::string json = R"({"module": "keras", "class_name": "Functional", "config": {"name": "m", "trainable": true,
    "layers": [
      {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4, 8],
       "dtype": "float32", "sparse": false, "name": "a"}, "name": "a", "inbound_nodes": []},
      {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 6, 8],
       "dtype": "float32", "sparse": false, "name": "b"}, "name": "b", "inbound_nodes": []},
      {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4, 5],
       "dtype": "bool", "sparse": false, "name": "mask"}, "name": "mask", "inbound_nodes": []},
      {"module": "keras.layers", "class_name": "MultiHeadAttention", "config": {"name": "mha", "trainable": true,
       "dtype": "float32", "num_heads": 2, "key_dim": 4}, "name": "mha",
       "inbound_nodes": [{"args": [], "kwargs": {"value": )" + tensor("b") + R"(, "query": )" + tensor("a") +
                     R"(, "attention_mask": )" + tensor("mask") + R"(, "use_causal_mask": true}}]}],
    "input_layers": [["a", 0, 0], ["b", 0, 0], ["mask", 0, 0]], "output_layers": [["mha", 0, 0]]},
    "registered_name": "Functional"})";
  AnalyzedSpec model = analyzeJson(json);
  const Node& mha = *model.graph->findNode("mha");
  REQUIRE(mha.inputs.size() == 3);
  CHECK(mha.inputs[0].nodeName == "a");
  CHECK(mha.inputs[1].nodeName == "b");
  CHECK(mha.inputKeywords[2] == "attention_mask");
  // The mask is (batch, 4, 5) and the scores (batch, 4, 6): a conflict, with both sides shown.
  std::vector<Finding> findings = checkJson(json);
  INFO(describe(findings));
  std::vector<Finding> errors;
  for (const Finding& f : findings)
    if (f.severity == Severity::Error) errors.push_back(f);
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors[0].message, Catch::Contains("attention_mask (batch, 4, 5) does not broadcast to (batch, 4, 6)"));
}

}  // namespace graphlint::test
