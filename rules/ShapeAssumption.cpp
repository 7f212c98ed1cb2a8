#include "llvm/ADT/StringExtras.h"

#include "rules/Rule.h"

namespace graphlint {
namespace {

class ShapeAssumptionRule final : public Rule {
 public:
  llvm::StringRef id() const override { return "shape-assumption"; }
  llvm::StringRef summary() const override { return "two dims the model needs equal but that are not provably equal"; }
  llvm::StringRef doc() const override {
    return R"(## What it does
Reports, as a note, every place where a layer needs two dims to be equal and graphlint can
prove neither that they are nor that they are not: `Add` of `(batch, n)` and `(batch, m)`
assumes `n == m`.

## Why it matters
Keras cannot check it either until real data arrives: a batch where `n != m` fails at run
time, far from the model definition. The note makes the hidden contract visible. Binding
the symbols (`graphlint check --bind n=16,m=16`) turns the assumption into a checked fact,
and a binding that breaks it into a shape-mismatch error.

## Example
```yaml
inputs:
  - {name: a, shape: [batch, n]}
  - {name: b, shape: [batch, m]}
nodes:
  - {name: sum, layer: Add, inputs: [a, b]}
```

## Use instead
If the two dims are the same size by design, write the same symbol for both (`[batch, n]`
twice); otherwise resize one branch (e.g. a `Dense(n)` projection) before merging.)";
  }

  void check(const Analysis& analysis, std::vector<Finding>& out) const override {
    const Graph& graph = analysis.graph;
    for (NodeId id = 0; id < graph.nodes.size(); ++id) {
      const Node& node = graph.nodes[id];
      for (const Assumption& a : analysis.shapes[id].assumptions.items()) {
        Finding f = finding(analysis, Severity::Note, node.typeLoc, id,
                            node.type + " assumes " + a.lhs.str() + " == " + a.rhs.str() + " (" + a.reason +
                                "), which graphlint cannot prove");
        std::vector<std::string> symbols;
        for (const Dim* d : {&a.lhs, &a.rhs})
          for (const std::string& s : d->symbols())
            if (!llvm::is_contained(symbols, s)) symbols.push_back(s);
        if (!symbols.empty())
          f.notes.push_back("check it for concrete sizes with --bind " + llvm::join(symbols, "=...,") + "=...");
        out.push_back(std::move(f));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> makeShapeAssumptionRule() { return std::make_unique<ShapeAssumptionRule>(); }

}  // namespace graphlint
