#include "llvm/ADT/StringExtras.h"
#include "rules/Rule.h"

namespace graphlint {
namespace {

class DeadNodeRule final : public Rule {
 public:
  llvm::StringRef id() const override { return "dead-node"; }
  llvm::StringRef summary() const override { return "a node whose result never reaches a model output"; }
  llvm::StringRef doc() const override {
    return R"(## What it does
Reports layers and ops from which no path leads to any of the model's outputs.

## Why it matters
Keras builds a functional model from its outputs backwards, so such a node is silently left
out: its weights are never trained, and a branch you meant to use is not in the model. It is
usually a wrong `inputs:` reference further down or a missing entry in `outputs:`.

## Example
```yaml
- {name: aux, layer: Dense, config: {units: 4}, inputs: [features]}
- {name: head, layer: Dense, config: {units: 1}, inputs: [features]}
outputs: [head]
```

## Use instead
List `aux` in `outputs:`, feed it into the head, or delete it.)";
  }

  void check(const Analysis& analysis, std::vector<Finding>& out) const override {
    const Graph& graph = analysis.graph;
    if (graph.outputs.empty()) return;
    for (NodeId id = 0; id < graph.nodes.size(); ++id) {
      const Node& node = graph.nodes[id];
      if (node.kind == NodeKind::Input || analysis.structure.reachesOutput[id]) continue;
      Finding f = finding(analysis, Severity::Warning, node.loc, id,
                          nodeKindName(node.kind).str() + " '" + node.name + "' does not contribute to any model output");
      std::vector<std::string> outputs;
      for (const TensorRef& ref : graph.outputs) outputs.push_back("'" + ref.str() + "'");
      f.notes.push_back("the model's outputs are " + llvm::join(outputs, ", "));
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> makeDeadNodeRule() { return std::make_unique<DeadNodeRule>(); }

}  // namespace graphlint
