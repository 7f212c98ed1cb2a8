#pragma once
// `graphlint shapes`: every node's output shapes, dtypes and parameter count, as a table in
// the spirit of Keras' model.summary(), or as JSON.

#include "llvm/Support/raw_ostream.h"

#include "passes/Analysis.h"

namespace graphlint {

void emitShapesText(llvm::raw_ostream& os, const Analysis& analysis);
void emitShapesJson(llvm::raw_ostream& os, const Analysis& analysis);

/// Sum of every node's parameter count (an expression if some are symbolic; unknown if any is).
Dim totalParams(const Analysis& analysis);

}  // namespace graphlint
