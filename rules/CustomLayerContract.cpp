#include "rules/Rule.h"

namespace graphlint {
namespace {

class CustomLayerContractRule final : public Rule {
 public:
  llvm::StringRef id() const override { return "custom-layer-contract"; }
  llvm::StringRef summary() const override {
    return "a custom layer wrapping a backend op lacks compute_output_shape or get_config";
  }
  llvm::StringRef doc() const override {
    return R"(## What it does
For a `custom:` layer whose `call` wraps a backend op (`wraps: tf.one_hot`), checks that it
declares `compute_output_shape` and `get_config` in `defines:`.

## Why it matters
Wrapping a backend op in a layer is the right fix for backend-op-on-symbolic-tensor, but:
without `compute_output_shape`, Keras infers the output by tracing `call` with the backend's
own symbolic tensors, which works only on the backend the op belongs to (a `tf.` op fails under
JAX or PyTorch); without `get_config`, a layer whose `__init__` takes arguments cannot be
re-created when a saved `.keras` model is loaded.

## Example
```yaml
- {name: onehot, custom: OneHot, wraps: tf.one_hot, defines: [call]}
```

## Use instead
```yaml
- name: onehot
  custom: OneHot
  wraps: tf.one_hot
  defines: [call, compute_output_shape, get_config]
  shape_rule: {inputs: [[b, s]], outputs: [[b, s, 10000]]}
```)";
  }

  void check(const Analysis& analysis, std::vector<Finding>& out) const override {
    const Graph& graph = analysis.graph;
    for (NodeId id = 0; id < graph.nodes.size(); ++id) {
      const Node& node = graph.nodes[id];
      if (node.kind != NodeKind::Custom || node.shares || node.custom.wraps.empty()) continue;
      const CustomLayerFacts& facts = node.custom;
      std::string canonical = analysis.ops.canonicalName(facts.wraps);
      llvm::StringRef framework = analysis.ops.backendOf(canonical);
      if (framework.empty()) continue;
      SourceLoc loc = facts.wrapsLoc.isValid() ? facts.wrapsLoc : node.typeLoc;
      if (!facts.definesComputeOutputShape)
        out.push_back(finding(analysis, Severity::Warning, loc, id,
                              "custom layer " + node.type + " wraps " + facts.wraps +
                                  " but does not define compute_output_shape: Keras must trace call() to build "
                                  "the model, which works only with the " + framework.str() + " backend"));
      if (!facts.definesGetConfig)
        out.push_back(finding(analysis, Severity::Warning, loc, id,
                              "custom layer " + node.type + " does not define get_config: a saved model "
                                  "cannot re-create it if its __init__ takes arguments"));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> makeCustomLayerContractRule() { return std::make_unique<CustomLayerContractRule>(); }

}  // namespace graphlint
