#include "rules/Rule.h"

namespace graphlint {
namespace {

class UnusedInputRule final : public Rule {
 public:
  llvm::StringRef id() const override { return "unused-input"; }
  llvm::StringRef summary() const override { return "a model input that no output depends on"; }
  llvm::StringRef doc() const override {
    return R"(## What it does
Reports a declared model input from which no path leads to a model output.

## Why it matters
Callers must still feed it: `model.fit` and `model.predict` expect one array per input, so the
data pipeline carries a feature the model ignores. Often a wiring mistake: a branch reads the
wrong input.

## Example
```yaml
inputs:
  - {name: title, shape: [batch, 20], dtype: int64}
  - {name: body, shape: [batch, 200], dtype: int64}
nodes:
  - {layer: Embedding, config: {input_dim: 10000, output_dim: 64}, inputs: [title]}
```

## Use instead
Feed `body` into the model too, or remove it from `inputs:`.)";
  }

  void check(const Analysis& analysis, std::vector<Finding>& out) const override {
    const Graph& graph = analysis.graph;
    if (graph.outputs.empty()) return;
    for (NodeId id = 0; id < graph.nodes.size(); ++id) {
      const Node& node = graph.nodes[id];
      if (node.kind != NodeKind::Input || analysis.structure.reachesOutput[id]) continue;
      out.push_back(finding(analysis, Severity::Warning, node.loc, id,
                            "input '" + node.name + "' does not reach any model output"));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> makeUnusedInputRule() { return std::make_unique<UnusedInputRule>(); }

}  // namespace graphlint
