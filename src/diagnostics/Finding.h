#pragma once
// What a rule reports: a plain record, printed by one emitter per output format.

#include <string>
#include <vector>

#include "llvm/ADT/StringRef.h"

#include "support/SourceLoc.h"

namespace graphlint {

enum class Severity { Note, Warning, Error };

llvm::StringRef severityName(Severity severity);

/// A concrete fix, most direct first. `replacement` is text that could replace the code at
/// the finding's location (e.g. `keras.ops.one_hot(inputs, num_classes=10000)`), if any.
struct Suggestion {
  std::string message;
  std::string replacement;
};

struct Finding {
  std::string rule;  // stable rule ID, e.g. backend-op-on-symbolic-tensor
  Severity severity = Severity::Error;
  std::string message;
  std::string file;
  SourceLoc loc;
  std::string node;  // name of the node concerned, or empty
  /// Where an imported model file writes that node (`config.layers[12]`); empty for specs.
  std::string configPath;
  std::vector<std::string> notes;
  std::vector<Suggestion> suggestions;
};

/// Findings of one file in report order: by line, then column, then rule.
void sortFindings(std::vector<Finding>& findings);

}  // namespace graphlint
