#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "Keras1TestUtil.h"
#include "catalogue/LayerSchema.h"
#include "passes/SchemaCheck.h"

using namespace graphlint;
using test::joined;
using test::yamlValue;

namespace {

/// What the importer does after the translation: the input declarations build the model's
/// input, and a wrapped layer is written `{layer: C, config: {...}}`, as the catalogue reads it.
Value asCatalogueChecksIt(llvm::StringRef className, const Value& config) {
  std::vector<Value::Entry> entries;
  for (const Value::Entry& e : config.entries()) {
    if (isKeras1InputDeclaration(className, e.key)) continue;
    Value::Entry kept = e;
    const Value* wrapped = e.key == "layer" && e.value.isMap() ? e.value.find("class_name") : nullptr;
    if (wrapped && wrapped->isString()) {
      const Value* inner = e.value.find("config");
      kept.value = Value::map({{"layer", *wrapped, {}},
                               {"config", inner ? asCatalogueChecksIt(wrapped->asString(), *inner) : Value::map({}), {}}});
    }
    entries.push_back(std::move(kept));
  }
  return Value::map(std::move(entries), config.loc());
}

/// The catalogue's complaints about a config, as it would check it.
std::vector<std::string> catalogueIssues(const std::string& className, const Value& config) {
  const LayerCatalogue& catalogue = LayerCatalogue::builtin();
  const LayerSchema* schema = catalogue.find(className);
  if (!schema) return {"unknown layer class " + className};
  std::vector<SchemaIssue> issues;
  validateLayerConfig(*schema, asCatalogueChecksIt(className, config), catalogue, "", {}, issues);
  std::vector<std::string> messages;
  for (const SchemaIssue& issue : issues) messages.push_back(issue.message);
  return messages;
}

}  // namespace

// One layer config per class, set of keys and ordering of the Keras corpus' Keras 1 files
// (keras1_*.json; sources in the corpus' PROVENANCE.md), copied unchanged. Their models are
// channels-first ("th"), as the layers that saved a dim_ordering say.
TEST_CASE("the Keras 1 corpus' layers pass the catalogue once translated", "[keras1]") {
  auto [keras1Class, json] = GENERATE(table<std::string, std::string>({
      // keras1_caffe2keras_googlenet_functional_3outputs.json
      {"InputLayer",
       R"({"batch_input_shape": [null, 3, 224, 224], "input_dtype": "float32", "sparse": false, )"
       R"("name": "data"})"},
      {"ZeroPadding2D",
       R"({"padding": [3, 3], "trainable": true, "name": "conv1/7x7_s2_zeropadding"})"},
      {"Convolution2D",
       R"({"W_constraint": null, "b_constraint": null, "name": "conv1/7x7_s2", "border_mode": "valid", )"
       R"("activation": "linear", "trainable": true, "nb_col": 7, "W_learning_rate_multiplier": null, )"
       R"("dim_ordering": "th", "subsample": [2, 2], "init": "glorot_uniform", "bias": true, "nb_filter": 64, )"
       R"("b_learning_rate_multiplier": null, "b_regularizer": null, "W_regularizer": null, )"
       R"("activity_regularizer": null, "nb_row": 7})"},
      {"Activation",
       R"({"activation": "relu", "trainable": true, "name": "conv1/relu_7x7"})"},
      {"MaxPooling2D",
       R"({"name": "pool1/3x3_s2", "trainable": true, "dim_ordering": "th", "pool_size": [3, 3], )"
       R"("strides": [2, 2], "border_mode": "valid"})"},
      {"Merge",
       R"({"name": "inception_3a/output", "concat_axis": 1, "mode_type": "raw", "dot_axes": -1, )"
       R"("mode": "concat", "output_shape": null, "output_shape_type": "raw"})"},
      {"AveragePooling2D",
       R"({"name": "loss1/ave_pool", "trainable": true, "dim_ordering": "th", "pool_size": [5, 5], )"
       R"("strides": [3, 3], "border_mode": "valid"})"},
      {"Flatten",
       R"({"trainable": true, "name": "loss1/fc_flatten"})"},
      {"Dense",
       R"({"W_constraint": null, "b_constraint": null, "name": "loss1/fc", "output_dim": 1024, )"
       R"("trainable": true, "W_learning_rate_multiplier": null, "activity_regularizer": null, )"
       R"("init": "glorot_uniform", "input_dim": null, "b_learning_rate_multiplier": null, )"
       R"("b_regularizer": null, "W_regularizer": null, "activation": "linear"})"},
      {"Dropout",
       R"({"p": 0.4, "trainable": true, "name": "pool5/drop_7x7_s1"})"},
      // keras1_dl4j_embedding_conv1d.json
      {"Embedding",
       R"({"trainable": true, "name": "embedding_1", "activity_regularizer": null, "W_constraint": null, )"
       R"("init": "he_normal", "input_dtype": "int32", "mask_zero": false, "input_dim": 10000, )"
       R"("batch_input_shape": [null, 100], "W_regularizer": null, "dropout": 0, "output_dim": 100, )"
       R"("input_length": 100})"},
      {"Convolution1D",
       R"({"W_constraint": null, "b_constraint": null, "name": "convolution1d_1", )"
       R"("activity_regularizer": null, "trainable": true, "filter_length": 3, "init": "glorot_uniform", )"
       R"("bias": true, "nb_filter": 1, "input_dim": null, "subsample_length": 1, "border_mode": "valid", )"
       R"("b_regularizer": null, "W_regularizer": null, "activation": "relu", "input_length": null})"},
      {"MaxPooling1D",
       R"({"stride": 3, "pool_length": 3, "trainable": true, "name": "maxpooling1d_1", "border_mode": "valid"})"},
      {"Dense",
       R"({"W_constraint": null, "b_constraint": null, "name": "dense_1", "activity_regularizer": null, )"
       R"("trainable": true, "init": "glorot_uniform", "bias": true, "input_dim": 10, "b_regularizer": null, )"
       R"("W_regularizer": null, "activation": "sigmoid", "output_dim": 1})"},
      // keras1_dl4j_lstm_timedistributeddense.json
      {"LSTM",
       R"({"inner_activation": "hard_sigmoid", "trainable": true, "inner_init": "glorot_uniform", )"
       R"("output_dim": 3, "unroll": false, "consume_less": "cpu", "init": "glorot_uniform", )"
       R"("dropout_U": 0.0, "input_dtype": "float32", "batch_input_shape": [null, 10, 2], "input_length": 10, )"
       R"("dropout_W": 0.5, "activation": "tanh", "stateful": false, "b_regularizer": null, )"
       R"("U_regularizer": null, "name": "lstm_1", "go_backwards": false, "input_dim": 2, )"
       R"("return_sequences": true, "W_regularizer": null, "forget_bias_init": "one"})"},
      {"LSTM",
       R"({"U_regularizer": null, "name": "lstm_2", "inner_activation": "hard_sigmoid", )"
       R"("go_backwards": false, "activation": "tanh", "trainable": true, "unroll": false, )"
       R"("consume_less": "cpu", "stateful": false, "init": "glorot_uniform", "inner_init": "glorot_uniform", )"
       R"("dropout_U": 0.0, "dropout_W": 0.0, "input_dim": 3, "return_sequences": true, )"
       R"("b_regularizer": null, "output_dim": 2, "forget_bias_init": "one", "input_length": null})"},
      {"TimeDistributedDense",
       R"({"input_length": null, "W_constraint": null, "b_constraint": null, )"
       R"("name": "timedistributeddense_1", "activity_regularizer": null, "trainable": true, )"
       R"("init": "glorot_uniform", "bias": true, "input_dim": null, "b_regularizer": null, )"
       R"("W_regularizer": null, "activation": "linear", "output_dim": 3})"},
      // keras1_dl4j_mlp_functional_merge_multiloss.json
      {"Merge",
       R"({"name": "merge_1", "concat_axis": -1, "mode_type": "raw", "dot_axes": -1, )"
       R"("output_mask_type": "raw", "arguments": {}, "output_mask": null, "mode": "concat", )"
       R"("output_shape": null, "output_shape_type": "raw"})"},
      {"Dense",
       R"({"W_constraint": null, "b_constraint": null, "name": "dense_1", "activity_regularizer": null, )"
       R"("trainable": true, "init": "glorot_uniform", "bias": true, "input_dim": null, )"
       R"("b_regularizer": null, "activation": "linear", "output_dim": 3})"},
      // keras1_dl4j_retina_unet_permute_merge.json
      {"InputLayer",
       R"({"batch_input_shape": [null, 1, 48, 48], "name": "input_1", "input_dtype": "float32"})"},
      {"Convolution2D",
       R"({"W_constraint": null, "b_constraint": null, "name": "convolution2d_1", )"
       R"("activity_regularizer": null, "trainable": true, "dim_ordering": "th", "nb_col": 3, )"
       R"("subsample": [1, 1], "init": "glorot_uniform", "bias": true, "nb_filter": 32, )"
       R"("border_mode": "same", "b_regularizer": null, "W_regularizer": null, "activation": "relu", )"
       R"("nb_row": 3})"},
      {"UpSampling2D",
       R"({"trainable": true, "name": "upsampling2d_1", "size": [2, 2]})"},
      {"Reshape",
       R"({"target_shape": [2, 2304], "trainable": true, "name": "reshape_1"})"},
      {"Permute",
       R"({"dims": [2, 1], "trainable": true, "name": "permute_1"})"},
  }));
  INFO(keras1Class << " " << json);
  Keras1Translation t = translateKeras1Layer(keras1Class, yamlValue(json), Keras1Settings{"th"});
  INFO("translated to " << t.className << " " << t.config.str() << "\nchanges:\n" << joined(t.changes));
  REQUIRE_FALSE(t.unsupported);
  CHECK(joined(catalogueIssues(t.className, t.config)).empty());
}

TEST_CASE("untranslated Keras 1 configs fail the catalogue", "[keras1]") {
  // The check above can fail: the same configs, only renamed, do not pass.
  auto [todayClass, json, issue] = GENERATE(table<std::string, std::string, std::string>({
      {"Conv2D", R"({"nb_filter": 32, "nb_row": 3, "nb_col": 3, "border_mode": "same", "dim_ordering": "th"})",
       "Conv2D has no attribute 'nb_filter'"},
      {"Dense", R"({"output_dim": 3, "init": "glorot_uniform"})", "Dense has no attribute 'output_dim'"},
      {"Dropout", R"({"p": 0.4})", "Dropout has no attribute 'p'"},
      {"MaxPooling1D", R"({"pool_length": 3, "stride": 3, "border_mode": "valid"})",
       "MaxPooling1D has no attribute 'pool_length'"},
      {"LSTM", R"({"output_dim": 3, "inner_activation": "hard_sigmoid"})", "LSTM has no attribute 'output_dim'"},
  }));
  INFO(todayClass << " " << json);
  std::vector<std::string> issues = catalogueIssues(todayClass, yamlValue(json));
  REQUIRE_FALSE(issues.empty());
  CHECK(issues.front() == issue);
}

TEST_CASE("a translated config with a bad value still fails the catalogue", "[keras1]") {
  auto [keras1Class, json, issue] = GENERATE(table<std::string, std::string, std::string>({
      {"Dropout", R"({"p": 1.5})", "Dropout attribute 'rate' must be in [0, 1], got 1.5"},
      {"MaxPooling2D", R"({"pool_size": [2, 2], "border_mode": "causal"})",
       "MaxPooling2D attribute 'padding': 'causal' is not one of valid, same"},
      {"Convolution2D", R"({"nb_filter": 8, "nb_row": 3, "nb_col": 3, "dim_ordering": "channels_first_"})",
       "Conv2D attribute 'data_format': 'channels_first_' is not one of channels_last, channels_first; did you mean "
       "'channels_first'?"},
  }));
  INFO(keras1Class << " " << json);
  Keras1Translation t = translateKeras1Layer(keras1Class, yamlValue(json));
  REQUIRE_FALSE(t.unsupported);
  std::vector<std::string> issues = catalogueIssues(t.className, t.config);
  REQUIRE_FALSE(issues.empty());
  CHECK(issues.front() == issue);
}
