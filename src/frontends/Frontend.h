#pragma once
// Picks the frontend for a model file and loads it into the graph IR.

#include "llvm/ADT/StringRef.h"

#include "ir/Graph.h"
#include "support/Result.h"

namespace graphlint {

/// Loads `text`, read from `path`, with the frontend its name and content call for:
/// - a zip archive (a Keras 3 `.keras` file): its config.json, with the Keras version from
///   metadata.json; the graph's file is then `path:config.json`;
/// - `.json`, or text starting with `{` in a file not named `.yaml`/`.yml`: a Keras model file
///   (to_json output, config.json, TF.js model.json);
/// - an HDF5 file (legacy Keras `.h5`): an error saying how to get JSON out of it;
/// - anything else: a YAML model spec.
Result<Graph> loadModel(llvm::StringRef path, llvm::StringRef text);

}  // namespace graphlint
