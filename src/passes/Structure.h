#pragma once
// Graph structure: evaluation order, cycles, and which nodes feed the outputs.

#include <vector>

#include "ir/Graph.h"

namespace graphlint {

struct StructureFacts {
  /// Every node that is on no cycle and downstream of none, inputs before their users.
  std::vector<NodeId> order;
  /// Each cycle as the node ids along it, starting from its first node in file order.
  std::vector<std::vector<NodeId>> cycles;
  /// Whether a path leads from the node to a model output.
  std::vector<bool> reachesOutput;
};

StructureFacts analyzeStructure(const Graph& graph);

}  // namespace graphlint
