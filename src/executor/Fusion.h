#pragma once
// Fusions the run loop applies: pairs of nodes that run as one step, with the numbers the
// pair gives. The one there is: a one_hot whose only consumer multiplies it by a matrix,
// matmul(one_hot(ids, n), W) with a 2-D W or a Dense layer, is a row gather of W:
//
//   one_hot(ids, n) @ W == W[ids]  (an all-zero row for an id outside [0, n))
//
// so the consumer reads the ids and never builds the (..., n) one-hot tensor, which for a
// vocabulary-sized n is most of the model's memory and time (the spine example's tf.one_hot
// form then runs as fast as its Embedding form). Kernels do it through projectRows(). The gathered rows are exactly what the
// matrix product gives: each output is one weight times 1 plus zeros (weights that are
// infinite or NaN aside, where the product gives NaN for the zero terms).

#include <vector>

#include "executor/Kernel.h"
#include "passes/Analysis.h"

namespace graphlint {

/// A one_hot absorbed into the matrix product that consumes it.
struct RowGatherFusion {
  NodeId oneHot = kNoNode;    // not run: its output is never built
  NodeId consumer = kNoNode;  // runs its own kernel, reading the ids as input 0
  int64_t depth = 0;          // the one_hot's depth, passed as KernelArgs::oneHotDepth
};

/// The fusions of one graph.
class FusionPlan {
 public:
  /// Finds the fusable pairs among the nodes that reach an output: a one_hot (float32, 1 and
  /// 0, on the last axis) that is not a model output and whose one consumer takes it as input
  /// 0 with a kernel that readsOneHotIds (Dense, matmul with a 2-D matrix, SimpleRNN, GRU,
  /// LSTM, Bidirectional).
  static FusionPlan plan(const Analysis& analysis, const KernelRegistry& registry);

  /// The fusion that absorbs `node` (a one_hot not to run), or null.
  const RowGatherFusion* absorbing(NodeId node) const;
  /// The fusion whose consumer is `node`, or null.
  const RowGatherFusion* runAt(NodeId node) const;
  /// What a consumer reads in place of `ref`: the one_hot's ids where `ref` is an absorbed one_hot.
  const TensorRef& source(const Graph& graph, const TensorRef& ref) const;
  size_t size() const { return fusions_.size(); }

 private:
  std::vector<RowGatherFusion> fusions_;
};

}  // namespace graphlint
