#pragma once
// Takes the model config out of a Keras 3 `.keras` file: a zip archive holding config.json,
// metadata.json ({"keras_version": "3.x", "date_saved": ...}) and model.weights.h5.

#include <optional>
#include <string>

#include "llvm/ADT/StringRef.h"

#include "support/Result.h"
#include "support/ZipArchive.h"  // looksLikeZip, for telling a .keras file from JSON text

namespace graphlint {

/// The JSON texts of a .keras archive, not yet parsed.
struct KerasArchive {
  std::string configJson;
  std::optional<std::string> metadataJson;
};

/// Reads a .keras archive: config.json is required, metadata.json optional.
Result<KerasArchive> readKerasArchive(llvm::StringRef bytes);

}  // namespace graphlint
