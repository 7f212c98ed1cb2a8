#pragma once
// Helpers for executor tests: a model written as a YAML spec, run on given inputs and
// weights, with its outputs as float vectors for Approx comparisons.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "executor/Executor.h"
#include "frontends/Frontend.h"

namespace graphlint::test {

/// A float32 tensor of `shape` holding `values`.
inline HostTensor floats(std::vector<int64_t> shape, std::vector<float> values) {
  Result<HostTensor> t = HostTensor::fromValues<float>(std::move(shape), values);
  if (!t) FAIL(t.error().message);
  return std::move(*t);
}

inline std::vector<float> valuesOf(const HostTensor& t) {
  llvm::ArrayRef<float> data = t.data<float>();
  return {data.begin(), data.end()};
}

/// Runs `spec` (a YAML model spec, shapes all numbers) on `inputs` (one per input, in spec
/// order) with `weights` given per layer name in WeightSpec order. Fails the test on a load
/// or analysis error; returns the run's result or its error.
inline Result<RunResult> runSpec(const std::string& spec, std::vector<HostTensor> inputs,
                                 std::vector<std::pair<std::string, std::vector<HostTensor>>> weights = {},
                                 ExecOptions options = {}) {
  Result<Graph> graph = loadModel("test.yaml", spec);
  if (!graph) FAIL("spec does not load: " << graph.error().message);
  static std::vector<std::unique_ptr<Graph>> keepAlive;  // Analysis refers to its graph
  keepAlive.push_back(std::make_unique<Graph>(std::move(*graph)));
  Analysis analysis = analyze(*keepAlive.back());
  ModelWeights model;
  for (auto& [layer, tensors] : weights) {
    const Node* node = keepAlive.back()->findNode(layer);
    if (!node) FAIL("no layer " << layer);
    model.layout.push_back(NodeWeights{static_cast<NodeId>(node - keepAlive.back()->nodes.data()), {}, {}});
    model.tensors.push_back(std::move(tensors));
  }
  return runGraph(analysis, model, std::move(inputs), options);
}

/// runSpec that must succeed; returns output `index` as floats.
inline std::vector<float> runSpecOutput(const std::string& spec, std::vector<HostTensor> inputs,
                                        std::vector<std::pair<std::string, std::vector<HostTensor>>> weights = {},
                                        size_t index = 0, ExecOptions options = {}) {
  Result<RunResult> result = runSpec(spec, std::move(inputs), std::move(weights), options);
  if (!result) FAIL("run failed: " << result.error().message);
  REQUIRE(index < result->outputs.size());
  return valuesOf(result->outputs[index]);
}

/// Every element of `actual` within `tolerance` of `expected`.
inline void requireClose(const std::vector<float>& actual, const std::vector<float>& expected, float tolerance = 1e-5f) {
  REQUIRE(actual.size() == expected.size());
  for (size_t i = 0; i < actual.size(); ++i) {
    INFO("element " << i);
    CHECK(actual[i] == Approx(expected[i]).margin(tolerance));
  }
}

}  // namespace graphlint::test
