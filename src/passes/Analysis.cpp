#include "passes/Analysis.h"

namespace graphlint {

Analysis analyze(const Graph& graph, const LayerCatalogue& layers, const OpCatalogue& ops) {
  Analysis analysis{graph, layers, ops, analyzeStructure(graph), {}, {}};
  analysis.schema = checkSchemas(graph, layers, ops);
  analysis.shapes = inferShapes(graph, analysis.structure, analysis.schema, layers);
  return analysis;
}

}  // namespace graphlint
