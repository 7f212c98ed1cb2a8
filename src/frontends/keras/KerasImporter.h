#pragma once
// The Keras frontend: a Keras model file (Keras 1/2/3 to_json, a .keras archive's
// config.json, TF.js model.json, a frugally-deep export), already parsed from JSON, into the
// graph IR. Nested models are inlined (their nodes named `outer/inner`), every call of a
// shared layer becomes its own node (`layer@1` for the second) that shares the first one's
// weights, and tf.keras' op layers (TFOpLambda and friends) become op nodes carrying the
// TensorFlow function they wrap.

#include "llvm/ADT/StringRef.h"

#include "ir/Graph.h"
#include "ir/Value.h"
#include "support/Result.h"

namespace graphlint {

/// `path` names the file in findings; `versionHint` is the Keras version known from outside
/// the JSON (a .keras archive's metadata.json), used when the JSON names none. Takes the
/// parsed tree: layer configs move from it into the graph rather than being copied.
Result<Graph> importKerasModel(Value root, llvm::StringRef path, llvm::StringRef versionHint = {});

}  // namespace graphlint
