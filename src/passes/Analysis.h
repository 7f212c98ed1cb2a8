#pragma once
// Everything the passes learn about one graph, for the rules to read.

#include <vector>

#include "catalogue/LayerSchema.h"
#include "catalogue/ops/OpCatalogue.h"
#include "ir/Graph.h"
#include "passes/SchemaCheck.h"
#include "passes/ShapeInference.h"
#include "passes/Structure.h"

namespace graphlint {

struct Analysis {
  const Graph& graph;
  const LayerCatalogue& layers;
  const OpCatalogue& ops;
  StructureFacts structure;
  std::vector<NodeSchemaFacts> schema;
  std::vector<NodeShapes> shapes;
  /// Symbol values the user gave (`--bind`), applied to every dim.
  DimBindings bindings;
};

/// Runs the passes in order: structure, schema check, shape inference.
Analysis analyze(const Graph& graph, const DimBindings& bindings = {},
                 const LayerCatalogue& layers = LayerCatalogue::builtin(), const OpCatalogue& ops = OpCatalogue::builtin());

}  // namespace graphlint
