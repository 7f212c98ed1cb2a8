#pragma once
// Fusions the run loop applies: pairs of nodes that run as one step, with the numbers the
// pair gives. The one there is: a one_hot whose only consumer multiplies it by a matrix,
// matmul(one_hot(ids, n), W) with a 2-D W or a Dense layer, is a row gather of W:
//
//   one_hot(ids, n) @ W == W[ids]  (an all-zero row for an id outside [0, n))
//
// so the fused step reads the ids and never builds the (..., n) one-hot tensor, which for a
// vocabulary-sized n is most of the model's memory and time (the spine example's tf.one_hot
// form then runs as fast as its Embedding form). The gathered rows are exactly what the
// matrix product gives: each output is one weight times 1 plus zeros (weights that are
// infinite or NaN aside, where the product gives NaN for the zero terms).

#include <memory>
#include <vector>

#include "executor/Kernel.h"
#include "passes/Analysis.h"

namespace graphlint {

/// A one_hot absorbed into the matrix product that consumes it.
struct RowGatherFusion {
  NodeId oneHot = kNoNode;    // not run: its output is never built
  NodeId consumer = kNoNode;  // runs `kernel` in its place
  /// The consumer's kernel with the ids where the one-hot tensor was: same inputs otherwise
  /// (matmul's W), same weights and attributes (Dense's kernel, bias and activation).
  std::shared_ptr<const KernelDef> kernel;
};

/// The fusions of one graph.
class FusionPlan {
 public:
  /// Finds the fusable pairs among the nodes that reach an output.
  static FusionPlan plan(const Analysis& analysis);

  /// The fusion that absorbs `node` (a one_hot not to run), or null.
  const RowGatherFusion* absorbing(NodeId node) const;
  /// The fusion `node` runs the kernel of, or null.
  const RowGatherFusion* runAt(NodeId node) const;
  /// What a consumer reads in place of `ref`: the one_hot's ids where `ref` is an absorbed one_hot.
  const TensorRef& source(const Graph& graph, const TensorRef& ref) const;
  size_t size() const { return fusions_.size(); }

 private:
  std::vector<RowGatherFusion> fusions_;
};

}  // namespace graphlint
