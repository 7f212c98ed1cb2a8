#pragma once
// Where a Keras model file keeps its model, and which Keras wrote it. Keras and its ports
// nest the same `{"class_name", "config"}` model object in different places:
//   - Keras 1/2/3 `model.to_json()` and a `.keras` archive's config.json: the top level;
//   - the TF.js converter: `modelTopology.model_config`; tfjs-layers' own saves:
//     `modelTopology` itself (both with a `weightsManifest` beside it);
//   - frugally-deep exports: `architecture`.

#include <string>

#include "llvm/ADT/StringRef.h"

#include "ir/Value.h"
#include "support/Result.h"

namespace graphlint {

/// The Keras serialization generation, which decides how inbound nodes and layer arguments
/// are written.
enum class KerasGeneration {
  Keras1,  // 3-element inbound entries, Keras 1 argument names (nb_filter, border_mode)
  Keras2,  // 4-element inbound entries with a kwargs dict (tf.keras, TF.js)
  Keras3,  // inbound nodes as {"args", "kwargs"} with __keras_tensor__ objects
};

struct KerasModelFile {
  /// The model object: `{"class_name": "Functional" | "Model" | "Sequential", "config": ...}`.
  const Value* model = nullptr;
  /// The path of `model` in the file, for messages (`modelTopology.model_config`); empty at
  /// the top level.
  std::string modelPath;
  KerasGeneration generation = KerasGeneration::Keras2;
  /// `keras_version` as the file writes it (or the archive's metadata.json); may be empty.
  std::string kerasVersion;
  /// What wrote the file, for messages: "Keras 2.4.0 to_json", "TF.js model.json (Keras 2.8.0)".
  std::string format;
  /// TF.js `weightsManifest` (names, shapes, dtypes of the weights), when present.
  const Value* weightsManifest = nullptr;
};

/// Finds the model in a parsed JSON file. `versionHint` is the version from outside the
/// JSON (a .keras archive's metadata.json), used when the file names none. Fails with a
/// message that says what the file looks like instead (the pre-1.0 Graph container, a
/// subclassed model, something that is not a Keras model at all).
Result<KerasModelFile> locateKerasModel(const Value& root, llvm::StringRef versionHint = {});

}  // namespace graphlint
