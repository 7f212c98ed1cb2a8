#include "frontends/Frontend.h"

#include "frontends/json/JsonValue.h"
#include "frontends/keras/KerasArchive.h"
#include "frontends/keras/KerasImporter.h"
#include "frontends/yaml/SpecLoader.h"

namespace graphlint {
namespace {

constexpr llvm::StringLiteral kHdf5Magic = "\x89HDF\r\n\x1a\n";

bool looksLikeJson(llvm::StringRef path, llvm::StringRef text) {
  if (path.endswith(".json")) return true;
  if (path.endswith(".yaml") || path.endswith(".yml")) return false;
  if (text.startswith("\xEF\xBB\xBF")) text = text.drop_front(3);
  return text.ltrim().startswith("{");
}

/// A Keras model file's JSON text into the IR; `file` names it in findings.
Result<Graph> importJsonText(llvm::StringRef file, llvm::StringRef text, llvm::StringRef versionHint) {
  Result<ParsedJson> parsed = parseJson(text);
  if (!parsed) return parsed.error();
  Result<Graph> graph = importKerasModel(std::move(parsed->root), file, versionHint);
  if (!graph) return graph.error();
  for (const JsonWarning& w : parsed->warnings) graph->importNotes.push_back({ImportNote::Level::Warning, w.message, w.loc, ""});
  return graph;
}

/// The `keras_version` of a .keras archive's metadata.json, if it names one.
std::string archiveVersion(const KerasArchive& archive) {
  if (!archive.metadataJson) return "";
  Result<ParsedJson> metadata = parseJson(*archive.metadataJson);
  if (!metadata || !metadata->root.isMap()) return "";
  const Value* version = metadata->root.find("keras_version");
  return version && version->isString() ? version->asString().str() : "";
}

Result<Graph> importArchive(llvm::StringRef path, llvm::StringRef bytes) {
  Result<KerasArchive> archive = readKerasArchive(bytes);
  if (!archive) return archive.error();
  std::string member = path.str() + ":config.json";
  Result<Graph> graph = importJsonText(member, archive->configJson, archiveVersion(*archive));
  if (!graph) {
    Error error = graph.error();
    if (error.loc.isValid()) error.file = member;
    return error;
  }
  graph->embeddedSource = std::move(archive->configJson);
  return graph;
}

}  // namespace

Result<Graph> loadModel(llvm::StringRef path, llvm::StringRef text) {
  if (looksLikeZip(text)) return importArchive(path, text);
  if (text.startswith(kHdf5Magic))
    return makeError("this is an HDF5 file (a legacy Keras .h5 model), which graphlint does not read; export the "
                     "architecture as JSON with `open('model.json', 'w').write(model.to_json())`, or save the model "
                     "as a .keras archive, and check that");
  if (looksLikeJson(path, text)) return importJsonText(path, text, "");
  return loadSpec(text, path);
}

}  // namespace graphlint
