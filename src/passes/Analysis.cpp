#include "passes/Analysis.h"

namespace graphlint {

Analysis analyze(const Graph& graph, const DimBindings& bindings, const LayerCatalogue& layers,
                 const OpCatalogue& ops) {
  Analysis analysis{graph, layers, ops, analyzeStructure(graph), {}, {}, bindings};
  analysis.schema = checkSchemas(graph, layers, ops);
  analysis.shapes = inferShapes(graph, analysis.structure, analysis.schema, layers, bindings);
  return analysis;
}

}  // namespace graphlint
