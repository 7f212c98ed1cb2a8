#include "rules/Rule.h"

namespace graphlint {
namespace {

class InvalidOutputIndexRule final : public Rule {
 public:
  llvm::StringRef id() const override { return "invalid-output-index"; }
  llvm::StringRef summary() const override { return "a reference to an output the node does not have"; }
  llvm::StringRef doc() const override {
    return R"(## What it does
Checks `name:k` references against the number of outputs the node really has: an `LSTM`
returns 1 tensor, or 3 with `return_state: true`; a `Bidirectional(LSTM)` with `return_state`
returns 5.

## Why it matters
Keras raises `IndexError` (or unpacks the wrong tensor) when the model is built.

## Example
```yaml
- {name: encoder, layer: LSTM, config: {units: 32}}
- {name: decoder, layer: LSTM, config: {units: 32}, inputs: [targets, encoder:1, encoder:2]}
```

## Use instead
Set `return_state: true` on `encoder` so that outputs 1 and 2 (the states h and c) exist.)";
  }

  void check(const Analysis& analysis, std::vector<Finding>& out) const override {
    const Graph& graph = analysis.graph;
    for (const TensorRef& ref : graph.outputs) {
      if (ref.node == kNoNode) continue;
      const NodeShapes& producer = analysis.shapes[ref.node];
      if (producer.outputCountKnown && ref.outputIndex >= producer.outputs.size())
        out.push_back(report(analysis, ref, kNoNode, producer.outputs.size()));
    }
    for (NodeId id = 0; id < graph.nodes.size(); ++id) {
      for (const BadOutputRef& bad : analysis.shapes[id].badRefs) {
        out.push_back(report(analysis, graph.nodes[id].inputs[bad.inputIndex], id, bad.outputCount));
      }
    }
  }

 private:
  Finding report(const Analysis& analysis, const TensorRef& ref, NodeId user, size_t count) const {
    std::string valid = count == 1 ? "only output 0" : "outputs 0 to " + std::to_string(count - 1);
    return finding(analysis, Severity::Error, ref.loc, user,
                   "'" + ref.str() + "' refers to output " + std::to_string(ref.outputIndex) + " of '" + ref.nodeName +
                       "', which has " + valid);
  }
};

}  // namespace

std::unique_ptr<Rule> makeInvalidOutputIndexRule() { return std::make_unique<InvalidOutputIndexRule>(); }

}  // namespace graphlint
