#include "llvm/ADT/StringExtras.h"

#include "rules/Rule.h"

namespace graphlint {
namespace {

class ShapeMismatchRule final : public Rule {
 public:
  llvm::StringRef id() const override { return "shape-mismatch"; }
  llvm::StringRef summary() const override { return "shapes that provably cannot fit together"; }
  llvm::StringRef doc() const override {
    return R"(## What it does
Runs symbolic shape inference and reports every provable contradiction: merging `(batch, 32)`
with `(batch, 64)`, a recurrent layer given a 2-D tensor, a `Reshape` whose element count
cannot match, an overflowing dim. Dims are kept as expressions (`2*seq`, `(h - 3)//2 + 1`), so a
contradiction is reported only when it holds for every value of the symbols; an unknown dim is
never an error.

## Why it matters
Keras raises these at model construction, or at the first batch for dims it cannot see, after
data loading and compilation have already run.

## Example
```yaml
- {name: a, layer: Dense, config: {units: 32}, inputs: [x]}
- {name: b, layer: Dense, config: {units: 64}, inputs: [x]}
- {name: sum, layer: Add, inputs: [a, b]}
```

## Use instead
Make the merged dims agree (`units: 32` on both), or use `Concatenate`, which only needs the
other dims to match.)";
  }

  void check(const Analysis& analysis, std::vector<Finding>& out) const override {
    const Graph& graph = analysis.graph;
    for (NodeId id = 0; id < graph.nodes.size(); ++id) {
      const NodeShapes& shapes = analysis.shapes[id];
      if (!shapes.error) continue;
      const Node& node = graph.nodes[id];
      Finding f = finding(analysis, Severity::Error, node.typeLoc, id, shapes.error->message);
      for (size_t i = 0; i < node.inputs.size() && i < shapes.inputs.size(); ++i) {
        bool byKeyword = i < node.inputKeywords.size() && !node.inputKeywords[i].empty();
        std::string which = byKeyword ? node.inputKeywords[i] : "input " + std::to_string(i);
        f.notes.push_back(which + " '" + node.inputs[i].str() + "' has shape " + shapes.inputs[i].shapeStr());
      }
      if (!analysis.bindings.empty()) {
        std::vector<std::string> given;
        for (const auto& b : analysis.bindings) given.push_back(b.getKey().str() + "=" + std::to_string(b.getValue()));
        llvm::sort(given);
        f.notes.push_back("with the sizes given by --bind " + llvm::join(given, ","));
      }
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> makeShapeMismatchRule() { return std::make_unique<ShapeMismatchRule>(); }

}  // namespace graphlint
