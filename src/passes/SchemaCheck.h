#pragma once
// Checks every node against the catalogues: a known layer class or op, known attributes of
// the right types, required attributes present, and an allowed number of inputs.

#include <string>
#include <vector>

#include "catalogue/LayerSchema.h"
#include "catalogue/ops/OpCatalogue.h"
#include "ir/Graph.h"

namespace graphlint {

enum class SchemaIssueKind {
  UnknownLayer,
  UnknownOp,
  UnknownAttribute,
  MissingAttribute,
  AttributeType,
  AttributeValue,
  InputCount,
};

struct SchemaIssue {
  SchemaIssue(SchemaIssueKind kind, std::string message, SourceLoc loc, std::string suggestion = {},
              bool isWarning = false)
      : kind(kind), message(std::move(message)), loc(loc), suggestion(std::move(suggestion)), isWarning(isWarning) {}

  SchemaIssueKind kind;
  std::string message;
  SourceLoc loc;
  /// A near-miss name for "did you mean", or empty.
  std::string suggestion;
  /// An issue a model can run with (an op graphlint does not know) is a warning.
  bool isWarning = false;
};

struct NodeSchemaFacts {
  std::vector<SchemaIssue> issues;
  /// The layer schema or op entry that matched, when the node is valid.
  const LayerSchema* layer = nullptr;
  OpCatalogue::Match op;
  /// An op's arguments in keras.ops names, when `op` matched.
  KerasArgs opArgs;
  /// Whether the node's shape rule may run: it matched and its attributes are well-typed.
  bool valid = true;
};

std::vector<NodeSchemaFacts> checkSchemas(const Graph& graph, const LayerCatalogue& layers,
                                          const OpCatalogue& ops);

/// Validates a layer config against its schema, appending issues; `where` prefixes messages
/// for nested layers (e.g. "in the layer Bidirectional wraps, "). Returns false if any error.
bool validateLayerConfig(const LayerSchema& schema, const Value& config, const LayerCatalogue& layers,
                         llvm::StringRef where, SourceLoc fallbackLoc, std::vector<SchemaIssue>& issues);

}  // namespace graphlint
