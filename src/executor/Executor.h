#pragma once
// The reference executor: runs an analysed graph whose every shape is a number, on host
// tensors, node by node in topological order, with buffers from the memory plan.
//
//   Analysis (concrete shapes) --expectedWeights--> what a weights file must hold
//   Analysis + weights + inputs --runGraph--> output tensors and run statistics

#include <string>
#include <vector>

#include "executor/Kernel.h"
#include "executor/MemoryPlan.h"
#include "passes/Analysis.h"
#include "runtime/HostTensor.h"

namespace graphlint {

/// The weights one node's layer creates, with concrete shapes.
struct NodeWeights {
  NodeId node = kNoNode;
  std::vector<WeightSpec> specs;
  std::vector<std::vector<int64_t>> shapes;
};

/// Every layer node with weights (shared calls excluded: they use the first call's), in node
/// order. Fails naming the node when a weight's shape is not a number.
Result<std::vector<NodeWeights>> expectedWeights(const Analysis& analysis);

/// The model's weights: for each entry of expectedWeights(), its tensors in spec order.
struct ModelWeights {
  std::vector<NodeWeights> layout;
  std::vector<std::vector<HostTensor>> tensors;
};

struct RunStats {
  double seconds = 0;
  /// Bytes of all weights.
  int64_t weightBytes = 0;
  /// Activation memory: the plan's arena, the largest live set, and the sum without reuse.
  int64_t arenaBytes = 0;
  int64_t peakLiveBytes = 0;
  int64_t totalActivationBytes = 0;
  /// Steps whose output was written over their input.
  size_t inPlaceSteps = 0;
  size_t steps = 0;
};

struct RunResult {
  /// One per graph output, in the graph's output order.
  std::vector<HostTensor> outputs;
  RunStats stats;
};

/// The graph's input nodes, in node order: runGraph() takes one tensor per entry.
std::vector<NodeId> inputNodes(const Graph& graph);

/// Runs `analysis.graph`. `inputs` match inputNodes() and the declared shapes exactly (see
/// bindInputs); `weights` come from loadWeights or initializeWeights. Fails before running
/// anything when a node has no kernel or a shape is not a number, and otherwise with the
/// first kernel's error, naming the node.
Result<RunResult> runGraph(const Analysis& analysis, const ModelWeights& weights, std::vector<HostTensor> inputs,
                           const ExecOptions& options, const KernelRegistry& registry = KernelRegistry::builtin());

}  // namespace graphlint
