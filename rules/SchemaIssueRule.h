#pragma once
// Base for rules that report one kind of issue found by the schema check pass.

#include "rules/Rule.h"

namespace graphlint {

class SchemaIssueRule : public Rule {
 public:
  explicit SchemaIssueRule(SchemaIssueKind kind) : kind_(kind) {}

  void check(const Analysis& analysis, std::vector<Finding>& out) const override {
    for (NodeId id = 0; id < analysis.schema.size(); ++id)
      for (const SchemaIssue& issue : analysis.schema[id].issues) {
        if (issue.kind != kind_) continue;
        Finding f = finding(analysis, issue.isWarning ? Severity::Warning : Severity::Error, issue.loc, id,
                            issue.message);
        if (!issue.suggestion.empty())
          f.suggestions.push_back({"replace with '" + issue.suggestion + "'", issue.suggestion});
        out.push_back(std::move(f));
      }
  }

 private:
  SchemaIssueKind kind_;
};

}  // namespace graphlint
