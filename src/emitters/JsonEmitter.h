#pragma once
// `--format json` for `check`: the schema is docs/findings.schema.json.

#include <vector>

#include "llvm/Support/raw_ostream.h"

#include "diagnostics/Finding.h"

namespace graphlint {

/// What happened to one file of a run.
struct FileOutcome {
  std::string file;
  bool loaded = true;  // false: the file could not be read as a model (exit status 2)
};

void emitJson(llvm::raw_ostream& os, const std::vector<FileOutcome>& files, const std::vector<Finding>& findings);

}  // namespace graphlint
