#include "rules/Rule.h"

#include "support/Suggest.h"

namespace graphlint {
namespace {

class UnknownReferenceRule final : public Rule {
 public:
  llvm::StringRef id() const override { return "unknown-reference"; }
  llvm::StringRef summary() const override { return "a reference to a node that does not exist"; }
  llvm::StringRef doc() const override {
    return R"(## What it does
Checks that every name in `inputs:`, `outputs:` and `shares:` is an input or node of the
model, and suggests the closest existing name.

## Why it matters
In Python this is a `NameError` or a tensor from another model; in a spec it is usually a typo
that leaves part of the graph disconnected.

## Example
```yaml
- {name: embedding, layer: Embedding, config: {input_dim: 1000, output_dim: 64}}
- {name: lstm, layer: LSTM, config: {units: 32}, inputs: [embeding]}
```

## Use instead
```yaml
- {name: lstm, layer: LSTM, config: {units: 32}, inputs: [embedding]}
```)";
  }

  void check(const Analysis& analysis, std::vector<Finding>& out) const override {
    const Graph& graph = analysis.graph;
    std::vector<std::string> names;
    for (const Node& node : graph.nodes) names.push_back(node.name);
    auto report = [&](const TensorRef& ref, NodeId user, llvm::StringRef role) {
      if (ref.node != kNoNode) return;
      std::string match = closestMatch(ref.nodeName, names);
      Finding f = finding(analysis, Severity::Error, ref.loc, user,
                          role.str() + " '" + ref.nodeName + "' is not a node or input of this model" +
                              (match.empty() ? "" : "; did you mean '" + match + "'?"));
      if (!match.empty()) f.suggestions.push_back({"replace with '" + match + "'", match});
      out.push_back(std::move(f));
    };
    for (NodeId id = 0; id < graph.nodes.size(); ++id) {
      for (const TensorRef& ref : graph.nodes[id].inputs) report(ref, id, "input");
      if (graph.nodes[id].shares) report(*graph.nodes[id].shares, id, "shared layer");
    }
    for (const TensorRef& ref : graph.outputs) report(ref, kNoNode, "output");
  }
};

}  // namespace

std::unique_ptr<Rule> makeUnknownReferenceRule() { return std::make_unique<UnknownReferenceRule>(); }

}  // namespace graphlint
