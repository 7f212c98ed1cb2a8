#include "rules/Rule.h"

namespace graphlint {
namespace {

class LambdaLayerRule final : public Rule {
 public:
  llvm::StringRef id() const override { return "lambda-layer"; }
  llvm::StringRef summary() const override {
    return "a Lambda layer: Python bytecode Keras 3 will not load in safe mode";
  }
  llvm::StringRef doc() const override {
    return R"(## What it does
Reports every `Lambda` layer.

## Why it matters
A saved Lambda layer is the marshalled bytecode of a Python function. Keras 3 refuses to
deserialize it unless `safe_mode=False` is passed (arbitrary code execution), and even then it
only loads under the Python version that wrote it. graphlint cannot read the function either:
unless the config gives an `output_shape`, the layer's output shape is unknown and so is every
shape after it.

## Example
```python
x = keras.layers.Lambda(lambda t: t * 2.0)(x)
```

## Use instead
An expression on the tensor (`x = x * 2.0`, legal on Keras 3 symbolic tensors), a `keras.ops`
call, or a small Layer subclass with `call`, `compute_output_shape` and `get_config`, registered
with `@keras.saving.register_keras_serializable()`.)";
  }

  void check(const Analysis& analysis, std::vector<Finding>& out) const override {
    const Graph& graph = analysis.graph;
    for (NodeId id = 0; id < graph.nodes.size(); ++id) {
      const Node& node = graph.nodes[id];
      if (node.kind != NodeKind::Layer || node.type != "Lambda" || node.shares) continue;
      Finding f = finding(analysis, Severity::Warning, node.typeLoc, id,
                          "Lambda layer '" + node.name +
                              "' holds Python bytecode: Keras 3 loads it only with safe_mode=False, "
                              "under the Python version that saved it");
      const NodeShapes& shapes = analysis.shapes[id];
      bool unknown = shapes.outputs.empty() || !shapes.outputs.front().hasRank();
      if (unknown)
        f.notes.push_back("its config gives no output_shape, so its output shape is unknown, and so are the shapes "
                          "computed from it");
      f.suggestions.push_back({"write the function as an expression on the tensor or a keras.ops call, or as a "
                               "registered Layer subclass with call, compute_output_shape and get_config",
                               ""});
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> makeLambdaLayerRule() { return std::make_unique<LambdaLayerRule>(); }

}  // namespace graphlint
