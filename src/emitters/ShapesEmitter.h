#pragma once
// `graphlint shapes`: every node's output shapes, dtypes and parameter count, as a table in
// the spirit of Keras' model.summary(), or as JSON.

#include "llvm/Support/raw_ostream.h"

#include "passes/Analysis.h"

namespace graphlint {

/// `withCost` adds activation memory and FLOPs per node, and forward and training totals.
void emitShapesText(llvm::raw_ostream& os, const Analysis& analysis, bool withCost);
void emitShapesJson(llvm::raw_ostream& os, const Analysis& analysis);

struct ParamTotals {
  Dim total = Dim::constant(0);
  Dim nonTrainable = Dim::constant(0);
  Dim trainable() const { return total - nonTrainable; }
};

/// Sums over every node (expressions if some counts are symbolic; unknown if any is).
ParamTotals totalParams(const Analysis& analysis);

}  // namespace graphlint
