#pragma once
// The YAML model-spec frontend (format documented in specs/README.md).

#include "llvm/ADT/StringRef.h"

#include "ir/Graph.h"
#include "support/Result.h"

namespace graphlint {

/// Reads a model spec into a Graph with resolved references. `path` is recorded in the graph
/// for diagnostics. Fails, with the place, on text that is not a well-formed spec: not YAML,
/// a wrong field type, an unknown field, a bad dim. Problems of the model itself (unknown
/// layers, cycles, shape errors) are not load errors: they are found later by the passes.
Result<Graph> loadSpec(llvm::StringRef text, llvm::StringRef path);

}  // namespace graphlint
