#include "rules/Rule.h"

namespace graphlint {
namespace {

class DuplicateNameRule final : public Rule {
 public:
  llvm::StringRef id() const override { return "duplicate-name"; }
  llvm::StringRef summary() const override { return "two nodes have the same name"; }
  llvm::StringRef doc() const override {
    return R"(## What it does
Reports a node (or input) whose name was already used by an earlier one.

## Why it matters
Keras requires unique layer names in a model ("All layer names should be unique"), and saved
weights are matched by name. References to the name are ambiguous: graphlint resolves them to
the first node.

## Example
```yaml
- {name: dense, layer: Dense, config: {units: 64}}
- {name: dense, layer: Dense, config: {units: 10}}
```

## Use instead
Give each node its own name, or leave `name` out and let graphlint number them as Keras does
(`dense`, `dense_1`). To call one layer twice with shared weights, use `shares:`.)";
  }

  void check(const Analysis& analysis, std::vector<Finding>& out) const override {
    const Graph& graph = analysis.graph;
    for (NodeId id = 0; id < graph.nodes.size(); ++id) {
      const Node& node = graph.nodes[id];
      NodeId first = graph.byName.lookup(node.name);
      if (first == id) continue;
      Finding f = finding(analysis, Severity::Error, node.loc, id, "duplicate name '" + node.name + "'");
      f.notes.push_back("first used at line " + std::to_string(graph.nodes[first].loc.line) +
                        "; references to '" + node.name + "' resolve to that node");
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> makeDuplicateNameRule() { return std::make_unique<DuplicateNameRule>(); }

}  // namespace graphlint
