#include "diagnostics/Finding.h"

#include <algorithm>
#include <tuple>

namespace graphlint {

llvm::StringRef severityName(Severity severity) {
  switch (severity) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "error";
}

void sortFindings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.file, a.loc.line, a.loc.column, a.rule) < std::tie(b.file, b.loc.line, b.loc.column, b.rule);
  });
}

}  // namespace graphlint
