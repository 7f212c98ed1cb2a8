#include "rules/Rule.h"

namespace graphlint {
namespace {

class CycleRule final : public Rule {
 public:
  llvm::StringRef id() const override { return "cycle"; }
  llvm::StringRef summary() const override { return "nodes feed each other in a loop"; }
  llvm::StringRef doc() const override {
    return R"(## What it does
Finds every loop in the data flow (including a node that names itself as an input) and names
each node on it, in order.

## Why it matters
A Keras functional model is a directed acyclic graph: a tensor must exist before a layer is
called on it. A loop cannot be built, and no shape on or after it can be inferred.

## Example
```yaml
- {name: a, layer: Dense, config: {units: 8}, inputs: [b]}
- {name: b, layer: Dense, config: {units: 8}, inputs: [a]}
```

## Use instead
Feed the first node of the chain from a model input or an earlier node; for recurrence over
time use a recurrent layer (`LSTM`, `GRU`) instead of wiring a loop.)";
  }

  void check(const Analysis& analysis, std::vector<Finding>& out) const override {
    const Graph& graph = analysis.graph;
    for (const std::vector<NodeId>& cycle : analysis.structure.cycles) {
      NodeId first = cycle.front();
      std::string path;
      for (NodeId id : cycle) path += "'" + graph.nodes[id].name + "' -> ";
      path += "'" + graph.nodes[first].name + "'";
      std::string message = cycle.size() == 1
                                ? "node '" + graph.nodes[first].name + "' takes its own output as input"
                                : "cycle of " + std::to_string(cycle.size()) + " nodes: " + path;
      // Point at the reference that closes the loop: the first node's input from the last.
      SourceLoc loc = graph.nodes[first].loc;
      for (const TensorRef& ref : graph.nodes[first].inputs)
        if (ref.node == cycle.back()) loc = ref.loc;
      Finding f = finding(analysis, Severity::Error, loc, first, message);
      f.notes.push_back("no shape on or after the cycle can be inferred");
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> makeCycleRule() { return std::make_unique<CycleRule>(); }

}  // namespace graphlint
