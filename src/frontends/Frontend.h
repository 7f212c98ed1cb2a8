#pragma once
// Picks the frontend for a model file and loads it into the graph IR.

#include "llvm/ADT/StringRef.h"

#include "ir/Graph.h"
#include "support/Result.h"

namespace graphlint {

/// Loads `text`, read from `path`, with the frontend its name and content call for.
Result<Graph> loadModel(llvm::StringRef path, llvm::StringRef text);

}  // namespace graphlint
