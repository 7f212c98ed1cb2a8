#include "frontends/keras/KerasArchive.h"

namespace graphlint {

Result<KerasArchive> readKerasArchive(llvm::StringRef bytes) {
  if (!looksLikeZip(bytes))
    return makeError("not a zip archive (a .keras file is a zip archive holding config.json; found " +
                     describeLeadingBytes(bytes) + ")");
  Result<ZipArchive> archive = ZipArchive::open(bytes);
  if (!archive) return archive.error();

  if (!archive->contains("config.json"))
    return makeError("a .keras archive holds config.json; this one has" +
                     (archive->names().empty() ? std::string(" no members")
                                               : ": " + archive->describeMembers()));
  Result<std::string> config = archive->read("config.json");
  if (!config) return config.error();

  KerasArchive result{std::move(*config), std::nullopt};
  if (archive->contains("metadata.json")) {
    Result<std::string> metadata = archive->read("metadata.json");
    if (!metadata) return metadata.error();
    result.metadataJson = std::move(*metadata);
  }
  return result;
}

}  // namespace graphlint
