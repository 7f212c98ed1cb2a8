#pragma once
// Cost estimates for pre-training validation: per node, the memory its outputs take, the
// memory of its weights, and the floating-point operations of one forward pass. With
// --bind every figure is a number; without, an expression over the model's symbols.

#include <vector>

#include "passes/Analysis.h"

namespace graphlint {

struct NodeCost {
  Dim activationBytes = Dim::constant(0);  // every output tensor, at its dtype's size
  Dim weightBytes = Dim::constant(0);      // the node's weights (float32 unless its dtype says)
  Dim flops = Dim::constant(0);            // a multiply-add counts 2
};

struct CostTotals {
  Dim activationBytes = Dim::constant(0);
  Dim weightBytes = Dim::constant(0);
  Dim flops = Dim::constant(0);
};

/// Costs of every node, in node order. Layers without a FLOP rule of their own count one
/// operation per output element, or none if they only move data (reshape, spatial padding
/// and cropping, regularization, InputLayer/Lambda); ops count one per output element.
std::vector<NodeCost> estimateCosts(const Analysis& analysis);
CostTotals sumCosts(const std::vector<NodeCost>& costs);

}  // namespace graphlint
