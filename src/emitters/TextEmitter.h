#pragma once
// clang-style text: `file:line:col: error: message [rule]`, the source line with a caret,
// then `note:` and `help:` lines.

#include <vector>

#include "llvm/Support/raw_ostream.h"

#include "diagnostics/Finding.h"
#include "diagnostics/SourceFiles.h"

namespace graphlint {

void emitText(llvm::raw_ostream& os, const std::vector<Finding>& findings, SourceFiles& sources, bool colors);

}  // namespace graphlint
