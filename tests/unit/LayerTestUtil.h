#pragma once
// Helpers for tests of single layers' shape and parameter rules: dims written as text, configs
// as attribute lists, and a call that validates the config first, as the schema pass does.

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "catalogue/LayerSchema.h"
#include "passes/SchemaCheck.h"

namespace graphlint::test {

/// A dim written as a spec writes it; "?" is unknown.
inline Dim parsed(const std::string& text) {
  if (text == "?") return Dim::unknown();
  Result<Dim> result = parseDim(text);
  INFO("parsing '" << text << "'");
  if (!result) FAIL("parse error: " << result.error().message);
  return *result;
}

inline Dims shape(const std::vector<std::string>& texts) {
  Dims dims;
  for (const std::string& t : texts) dims.push_back(parsed(t));
  return dims;
}

inline Value ints(std::vector<int64_t> values) {
  std::vector<Value> items;
  for (int64_t v : values) items.push_back(Value::integer(v));
  return Value::list(std::move(items));
}

/// A list of floats, e.g. a layer's `factor` range.
inline Value numbers(std::vector<double> values) {
  std::vector<Value> items;
  for (double v : values) items.push_back(Value::number(v));
  return Value::list(std::move(items));
}

inline Value::Entry attr(std::string key, Value value) { return {std::move(key), std::move(value), {}}; }

/// What a layer's rules give for one call.
struct LayerOutcome {
  Result<std::vector<TensorType>> outputs;
  Dim params;
  /// The part of `params` that is never trained.
  Dim nonTrainableParams = Dim::constant(0);
};

/// The builtin schema of `className`; fails the test if there is none.
inline const LayerSchema& schemaOf(const std::string& className) {
  const LayerSchema* schema = LayerCatalogue::builtin().find(className);
  INFO("layer " << className);
  REQUIRE(schema);
  return *schema;
}

/// The config `entries` make, which must be valid for `schema` (the test fails otherwise).
inline Value validConfig(const LayerSchema& schema, std::vector<Value::Entry> entries) {
  Value config = Value::map(std::move(entries));
  std::vector<SchemaIssue> issues;
  bool valid = validateLayerConfig(schema, config, LayerCatalogue::builtin(), "", {}, issues);
  for (const SchemaIssue& issue : issues) INFO(issue.message);
  REQUIRE(valid);
  return config;
}

/// Validates the config (it must be valid), then runs the layer's shape and parameter rules
/// for a layer called on several inputs (attention, merges) or none (InputLayer); the rules
/// record what they assume in `assumptions`, if given. A name of its own, as a braced list of
/// strings would also match a vector of TensorTypes.
inline LayerOutcome runLayerOnInputs(const std::string& className, std::vector<Value::Entry> entries,
                                     const std::vector<TensorType>& inputs, AssumptionLog* assumptions = nullptr) {
  const LayerSchema& schema = schemaOf(className);
  Value config = validConfig(schema, std::move(entries));
  LayerCall call(schema, config, inputs, LayerCatalogue::builtin());
  call.assumptions = assumptions;
  WeightCounts counts = countWeights(layerWeights(call));
  return {schema.shape(call), counts.total, counts.nonTrainable};
}

/// runLayerOnInputs for a layer called on one input.
inline LayerOutcome runLayer(const std::string& className, std::vector<Value::Entry> entries,
                             const TensorType& input) {
  return runLayerOnInputs(className, std::move(entries), {input});
}

inline LayerOutcome runLayer(const std::string& className, std::vector<Value::Entry> entries,
                             const std::vector<std::string>& input) {
  return runLayer(className, std::move(entries), TensorType::of(DType::Float32, shape(input)));
}

/// The messages of the schema issues a config has.
inline std::vector<std::string> issuesOf(const std::string& className, std::vector<Value::Entry> entries) {
  const LayerCatalogue& catalogue = LayerCatalogue::builtin();
  const LayerSchema* schema = catalogue.find(className);
  INFO("layer " << className);
  REQUIRE(schema);
  std::vector<SchemaIssue> issues;
  validateLayerConfig(*schema, Value::map(std::move(entries)), catalogue, "", {}, issues);
  std::vector<std::string> messages;
  for (const SchemaIssue& issue : issues) messages.push_back(issue.message);
  return messages;
}

/// The single output's dims; fails the test on an error.
inline Dims outputDims(const Result<std::vector<TensorType>>& outputs) {
  if (!outputs) FAIL("shape rule failed: " << outputs.error().message);
  REQUIRE(outputs->size() == 1);
  REQUIRE(outputs->front().hasRank());
  return *outputs->front().dims;
}
inline Dims outputDims(const LayerOutcome& outcome) { return outputDims(outcome.outputs); }

inline void checkShape(const Result<std::vector<TensorType>>& outputs, const std::vector<std::string>& expected) {
  Dims actual = outputDims(outputs);
  Dims want = shape(expected);
  INFO("got " << formatShape(actual) << ", expected " << formatShape(want));
  CHECK(actual == want);
}
inline void checkShape(const LayerOutcome& outcome, const std::vector<std::string>& expected) {
  checkShape(outcome.outputs, expected);
}

/// The shape rule's error message; fails the test if the rule succeeded.
inline std::string errorOf(const Result<std::vector<TensorType>>& outputs) {
  if (outputs) FAIL("expected an error, got " << formatShape(*outputs->front().dims));
  return outputs.error().message;
}
inline std::string errorOf(const LayerOutcome& outcome) { return errorOf(outcome.outputs); }

}  // namespace graphlint::test
