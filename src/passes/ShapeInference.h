#pragma once
// Symbolic shape inference: every node's output types and parameter count, in topological
// order, with dims kept as expressions over the model's symbols.

#include <optional>
#include <vector>

#include "ir/Graph.h"
#include "passes/SchemaCheck.h"
#include "passes/Structure.h"

namespace graphlint {

/// A reference to an output a node does not have (`lstm:2` when LSTM returns one tensor).
struct BadOutputRef {
  size_t inputIndex;  // which of the node's inputs
  size_t outputCount; // how many outputs the producer has
};

struct NodeShapes {
  /// Output types; empty when the node could not be inferred (unknown class, on a cycle).
  std::vector<TensorType> outputs;
  /// False when `outputs` is a placeholder (one unknown tensor) rather than the true count.
  bool outputCountKnown = false;
  /// Weight count (trainable and not), 0 for ops, inputs and repeated calls of a shared layer.
  Dim params = Dim::constant(0);
  /// The part of `params` that is not trained.
  Dim nonTrainableParams = Dim::constant(0);
  /// A provable contradiction found by the node's shape rule.
  std::optional<Error> error;
  /// Whether the node's value depends on a model input (a symbolic KerasTensor).
  bool symbolic = false;
  std::vector<BadOutputRef> badRefs;
  /// The node's input types, as its shape rule saw them.
  std::vector<TensorType> inputs;
  /// Dims the node's shape rule assumed equal without proof.
  AssumptionLog assumptions;
};

/// `bindings` give symbols values (`--bind batch=32`): every dim is evaluated with them, so a
/// binding that breaks an assumption or a layer's constraint shows as a shape error.
std::vector<NodeShapes> inferShapes(const Graph& graph, const StructureFacts& structure,
                                    const std::vector<NodeSchemaFacts>& schema, const LayerCatalogue& layers,
                                    const DimBindings& bindings = {});

}  // namespace graphlint
