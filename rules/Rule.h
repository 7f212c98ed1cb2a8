#pragma once
// A rule turns what the passes learned about a graph into findings. Each rule is one file in
// rules/ with its stable ID, a one-line summary and a longer doc (What it does / Why it
// matters / Example / Use instead), and is listed once in rules/RuleTable.cpp.

#include <memory>
#include <string>
#include <vector>

#include "diagnostics/Finding.h"
#include "passes/Analysis.h"

namespace graphlint {

class Rule {
 public:
  virtual ~Rule() = default;
  virtual llvm::StringRef id() const = 0;
  virtual llvm::StringRef summary() const = 0;
  virtual llvm::StringRef doc() const = 0;
  virtual void check(const Analysis& analysis, std::vector<Finding>& out) const = 0;

 protected:
  /// A finding of this rule at `loc`, about `node` (kNoNode for none).
  Finding finding(const Analysis& analysis, Severity severity, SourceLoc loc, NodeId node,
                  std::string message) const;
};

/// Every rule, sorted by ID.
const std::vector<std::unique_ptr<Rule>>& allRules();
const Rule* findRule(llvm::StringRef id);

/// Runs every rule over an analysed graph; findings come back sorted by position.
std::vector<Finding> runRules(const Analysis& analysis);

}  // namespace graphlint
