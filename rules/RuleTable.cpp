// The one list of rules. Keep it sorted by rule ID; adding a rule adds one line here.

#include "rules/Rule.h"

namespace graphlint {

std::unique_ptr<Rule> makeAttributeTypeRule();
std::unique_ptr<Rule> makeAttributeValueRule();
std::unique_ptr<Rule> makeBackendOpOnSymbolicTensorRule();
std::unique_ptr<Rule> makeCustomLayerContractRule();
std::unique_ptr<Rule> makeCycleRule();
std::unique_ptr<Rule> makeDeadNodeRule();
std::unique_ptr<Rule> makeDuplicateNameRule();
std::unique_ptr<Rule> makeImportNoteRule();
std::unique_ptr<Rule> makeInputCountRule();
std::unique_ptr<Rule> makeInvalidOutputIndexRule();
std::unique_ptr<Rule> makeLambdaLayerRule();
std::unique_ptr<Rule> makeMissingAttributeRule();
std::unique_ptr<Rule> makeShapeAssumptionRule();
std::unique_ptr<Rule> makeShapeMismatchRule();
std::unique_ptr<Rule> makeUnknownAttributeRule();
std::unique_ptr<Rule> makeUnknownLayerRule();
std::unique_ptr<Rule> makeUnknownOpRule();
std::unique_ptr<Rule> makeUnknownReferenceRule();
std::unique_ptr<Rule> makeUnusedInputRule();
std::unique_ptr<Rule> makeWeightCountRule();

const std::vector<std::unique_ptr<Rule>>& allRules() {
  static const std::vector<std::unique_ptr<Rule>> rules = [] {
    std::vector<std::unique_ptr<Rule>> r;
    r.push_back(makeAttributeTypeRule());
    r.push_back(makeAttributeValueRule());
    r.push_back(makeBackendOpOnSymbolicTensorRule());
    r.push_back(makeCustomLayerContractRule());
    r.push_back(makeCycleRule());
    r.push_back(makeDeadNodeRule());
    r.push_back(makeDuplicateNameRule());
    r.push_back(makeImportNoteRule());
    r.push_back(makeInputCountRule());
    r.push_back(makeInvalidOutputIndexRule());
    r.push_back(makeLambdaLayerRule());
    r.push_back(makeMissingAttributeRule());
    r.push_back(makeShapeAssumptionRule());
    r.push_back(makeShapeMismatchRule());
    r.push_back(makeUnknownAttributeRule());
    r.push_back(makeUnknownLayerRule());
    r.push_back(makeUnknownOpRule());
    r.push_back(makeUnknownReferenceRule());
    r.push_back(makeUnusedInputRule());
    r.push_back(makeWeightCountRule());
    return r;
  }();
  return rules;
}

const Rule* findRule(llvm::StringRef id) {
  for (const auto& rule : allRules())
    if (rule->id() == id) return rule.get();
  return nullptr;
}

Finding Rule::finding(const Analysis& analysis, Severity severity, SourceLoc loc, NodeId node,
                      std::string message) const {
  Finding f;
  f.rule = id().str();
  f.severity = severity;
  f.message = std::move(message);
  f.file = analysis.graph.file;
  f.loc = loc;
  if (node != kNoNode) {
    f.node = analysis.graph.nodes[node].name;
    f.configPath = analysis.graph.nodes[node].configPath;
  }
  return f;
}

std::vector<Finding> runRules(const Analysis& analysis) {
  std::vector<Finding> findings;
  for (const auto& rule : allRules()) rule->check(analysis, findings);
  sortFindings(findings);
  return findings;
}

}  // namespace graphlint
