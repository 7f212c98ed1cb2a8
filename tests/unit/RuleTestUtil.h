#pragma once
// Helpers for tests that run the whole pipeline (YAML spec -> passes -> rules) on a spec
// written inline in the test.

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "llvm/ADT/StringRef.h"

#include "diagnostics/Finding.h"
#include "frontends/yaml/SpecLoader.h"
#include "passes/Analysis.h"
#include "rules/Rule.h"

namespace graphlint::test {

// specs/examples/text_classifier_tf_one_hot.yaml without its comments.
inline const char* const kTfOneHotModel = R"(model: text_classifier
inputs:
  - name: inputs
    shape: [batch, seq]
    dtype: int64
nodes:
  - name: embedded
    op: tf.one_hot
    args: {depth: 10000}
  - name: bilstm
    layer: Bidirectional
    config:
      layer: {layer: LSTM, config: {units: 32}}
  - name: dropout
    layer: Dropout
    config: {rate: 0.5}
  - name: outputs
    layer: Dense
    config: {units: 1, activation: sigmoid}
outputs: [outputs]
)";


/// Every finding as `line:col: severity: message [rule]`, one per line, for INFO on failure.
inline std::string describe(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings)
    out += std::to_string(f.loc.line) + ":" + std::to_string(f.loc.column) + ": " + severityName(f.severity).str() +
           ": " + f.message + " [" + f.rule + "]\n";
  return out.empty() ? "(no findings)\n" : out;
}

/// The graph a spec describes; the spec must load.
inline std::unique_ptr<Graph> loadTestSpec(llvm::StringRef yaml) {
  Result<Graph> graph = loadSpec(yaml, "test.yaml");
  if (!graph) {
    INFO("load error at " << graph.error().loc.line << ":" << graph.error().loc.column << ": "
                          << graph.error().message);
    REQUIRE(graph.ok());
  }
  return std::make_unique<Graph>(std::move(*graph));
}

/// Loads the spec (which must load), analyses it with the given symbol sizes and runs every rule.
inline std::vector<Finding> checkSpec(llvm::StringRef yaml, const DimBindings& bindings = {}) {
  std::unique_ptr<Graph> graph = loadTestSpec(yaml);
  Analysis analysis = analyze(*graph, bindings);
  return runRules(analysis);
}

/// The findings of one rule, in report order.
inline std::vector<Finding> findingsOf(const std::vector<Finding>& findings, llvm::StringRef rule) {
  std::vector<Finding> out;
  for (const Finding& f : findings)
    if (f.rule == rule) out.push_back(f);
  return out;
}

/// The findings of one rule about one node.
inline std::vector<Finding> findingsOf(const std::vector<Finding>& findings, llvm::StringRef rule,
                                       llvm::StringRef node) {
  std::vector<Finding> out;
  for (const Finding& f : findings)
    if (f.rule == rule && f.node == node) out.push_back(f);
  return out;
}

inline bool hasRule(const std::vector<Finding>& findings, llvm::StringRef rule) {
  return !findingsOf(findings, rule).empty();
}

/// The single finding of `rule`; fails the test unless there is exactly one.
inline Finding onlyFinding(const std::vector<Finding>& findings, llvm::StringRef rule) {
  std::vector<Finding> matching = findingsOf(findings, rule);
  INFO("findings:\n" << describe(findings));
  REQUIRE(matching.size() == 1);
  return matching.front();
}

/// The text a finding's range covers in the spec, e.g. `tf.one_hot` for a finding on an op name.
inline std::string coveredText(llvm::StringRef yaml, const SourceLoc& loc) {
  llvm::StringRef rest = yaml;
  for (uint32_t line = 1; line < loc.line && !rest.empty(); ++line) rest = rest.split('\n').second;
  llvm::StringRef lineText = rest.split('\n').first;
  if (loc.column == 0 || loc.column > lineText.size() + 1) return "";
  return lineText.substr(loc.column - 1, loc.length).str();
}

/// A loaded and analysed spec. The graph lives on the heap so `analysis` can refer to it.
struct AnalyzedSpec {
  explicit AnalyzedSpec(std::unique_ptr<Graph> loaded, const DimBindings& bindings = {})
      : graph(std::move(loaded)), analysis(analyze(*graph, bindings)) {}

  /// The shapes of a node by name; fails the test if there is no such node.
  const NodeShapes& shapes(llvm::StringRef node) const {
    const Node* found = graph->findNode(node);
    INFO("node '" << node.str() << "'");
    REQUIRE(found != nullptr);
    return analysis.shapes[graph->byName.lookup(node)];
  }
  /// `(batch, seq)` text of output `index` of a node.
  std::string shape(llvm::StringRef node, size_t index = 0) const {
    const NodeShapes& s = shapes(node);
    INFO("node '" << node.str() << "' has " << s.outputs.size() << " outputs");
    REQUIRE(index < s.outputs.size());
    return s.outputs[index].shapeStr();
  }
  /// The dtype name (`float32`) of output `index` of a node; names print well in failures.
  std::string dtype(llvm::StringRef node, size_t index = 0) const {
    const NodeShapes& s = shapes(node);
    REQUIRE(index < s.outputs.size());
    return dtypeName(s.outputs[index].dtype).str();
  }

  std::unique_ptr<Graph> graph;
  Analysis analysis;
};

inline AnalyzedSpec analyzeSpec(llvm::StringRef yaml, const DimBindings& bindings = {}) {
  return AnalyzedSpec(loadTestSpec(yaml), bindings);
}

}  // namespace graphlint::test
