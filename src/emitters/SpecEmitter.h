#pragma once
// Writes a graph as a YAML model spec (specs/README.md): `graphlint convert` turns an
// imported Keras file into a spec a user can read, edit and keep, and which loads back into
// the same graph (same nodes, configs, references and so the same shapes and counts).

#include "llvm/Support/raw_ostream.h"

#include "ir/Graph.h"

namespace graphlint {

void emitSpec(llvm::raw_ostream& os, const Graph& graph);

}  // namespace graphlint
