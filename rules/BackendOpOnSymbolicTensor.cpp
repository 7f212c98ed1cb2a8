#include "rules/BackendOpSuggestions.h"
#include "rules/Rule.h"

namespace graphlint {
namespace {

/// What each framework does when handed a KerasTensor (keras/src/backend/common/keras_tensor.py).
std::string failureOf(llvm::StringRef framework) {
  if (framework == "TensorFlow")
    return "Keras 3 raises \"ValueError: A KerasTensor cannot be used as input to a TensorFlow function\" "
           "when the model is built";
  if (framework == "JAX")
    return "Keras 3 raises \"ValueError: A KerasTensor cannot be used as input to a JAX function\" "
           "when the model is built";
  if (framework == "NumPy")
    return "NumPy converts its argument with __array__, which a KerasTensor refuses with a ValueError "
           "when the model is built";
  return "PyTorch functions take torch.Tensor and raise a TypeError on a KerasTensor when the model is built";
}

class BackendOpOnSymbolicTensorRule final : public Rule {
 public:
  llvm::StringRef id() const override { return "backend-op-on-symbolic-tensor"; }
  llvm::StringRef summary() const override {
    return "a raw TensorFlow, JAX, PyTorch or NumPy op applied to a symbolic Keras tensor";
  }
  llvm::StringRef doc() const override {
    return R"(## What it does
Finds calls of backend functions (`tf.*`, `jax.*` / `jnp.*`, `torch.*`, `np.*`) whose input is a
symbolic tensor: a model input or anything computed from one while the model is being built.
Python operators (`x + y`, `x[0]`) and `keras.ops.*` are fine; so is a backend op inside a
custom layer's `call`, which receives real tensors.

## Why it matters
A symbolic tensor (a KerasTensor) is a shape and a dtype with no data. Keras 3 raises
`ValueError: A KerasTensor cannot be used as input to a TensorFlow function` (or the JAX,
NumPy or PyTorch equivalent) when the model is constructed. tf.keras 2 hid the problem by
wrapping the call in a `TFOpLambda` layer, so models saved with it fail to load in Keras 3.

## Example
```yaml
inputs:
  - {name: tokens, shape: [batch, seq], dtype: int64}
nodes:
  - {name: onehot, op: tf.one_hot, args: {depth: 10000}}
```

## Use instead
The `keras.ops` equivalent (`op: keras.ops.one_hot` with `args: {num_classes: 10000}`), a
custom layer that wraps the op and defines `compute_output_shape` and `get_config`, or a
built-in layer (`Embedding` instead of one-hot for a large vocabulary). For an op tf.keras 2
recorded from a Python operator (`tf.__operators__.add` from `x + y`, `tf.__operators__.getitem`
from `x[:, 0]`), the fix is the operator itself, which works on Keras 3 tensors. The mapping from
backend ops to their replacements is data: rules/backend_ops.yaml.)";
  }

  void check(const Analysis& analysis, std::vector<Finding>& out) const override {
    const Graph& graph = analysis.graph;
    std::vector<NodeId> blockers;  // saved op layers, for the file's summary
    for (NodeId id = 0; id < graph.nodes.size(); ++id) {
      const Node& node = graph.nodes[id];
      const NodeShapes& shapes = analysis.shapes[id];
      if (node.kind != NodeKind::Op || !shapes.symbolic) continue;
      std::string canonical = analysis.ops.canonicalName(node.type);
      llvm::StringRef framework = analysis.ops.backendOf(canonical);
      if (framework.empty()) continue;

      size_t symbolicInput = 0;
      for (size_t i = 0; i < node.inputs.size(); ++i)
        if (node.inputs[i].node != kNoNode && analysis.shapes[node.inputs[i].node].symbolic) {
          symbolicInput = i;
          break;
        }
      const TensorRef& ref = node.inputs[symbolicInput];
      const TensorType& type = shapes.inputs[symbolicInput];
      Finding f = finding(analysis, Severity::Error, node.typeLoc, id,
                          framework.str() + " op " + node.type + " applied to symbolic tensor '" + ref.str() +
                              "' of shape " + type.shapeStr() + (type.dtype == DType::Unknown ? "" : " " + dtypeName(type.dtype).str()));
      std::string origin = modelInputOf(analysis, ref.node);
      f.notes.push_back("'" + ref.str() + "' is a KerasTensor, a placeholder with a shape and dtype but no data" +
                        (origin.empty() || origin == ref.nodeName ? std::string() : ", because it is computed from model input '" + origin + "'"));
      f.notes.push_back(failureOf(framework));
      bool savedOpLayer = !node.configPath.empty();  // imported from a model file
      if (savedOpLayer)
        f.notes.push_back("the file stores this call as a tf.keras 2 op layer (TFOpLambda and kin), a class Keras 3 "
                          "does not have: the model cannot be loaded in Keras 3 until the call is replaced");
      else if (framework == "TensorFlow")
        f.notes.push_back("tf.keras 2 accepted this by wrapping the call in a TFOpLambda layer, which Keras 3 cannot load");
      if (savedOpLayer) blockers.push_back(id);

      const OpCatalogue::Match& match = analysis.schema[id].op;
      BackendCall call{node, match, analysis.schema[id].opArgs, shapes};
      std::optional<Suggestion> byOperator = operatorSuggestion(call);
      if (byOperator) f.suggestions.push_back(*byOperator);
      else if (auto s = kerasOpsSuggestion(call)) f.suggestions.push_back(*s);
      if (!match.entry) f.suggestions.push_back({"look for an equivalent in keras.ops (graphlint's catalogue has no entry for " + node.type + ")", ""});
      if (auto s = layerSuggestion(call)) f.suggestions.push_back(*s);
      // An operator needs no wrapper layer; one whose indices graphlint cannot write might.
      if (!byOperator || byOperator->replacement.empty()) f.suggestions.push_back(wrapperLayerSuggestion(call));
      if (auto s = embeddingSuggestion(call)) f.suggestions.push_back(*s);
      out.push_back(std::move(f));
    }
    if (!blockers.empty()) out.push_back(summary(analysis, blockers));
  }

 private:
  /// One note per imported file: how many saved op layers block loading it in Keras 3.
  Finding summary(const Analysis& analysis, const std::vector<NodeId>& blockers) const {
    const Graph& graph = analysis.graph;
    size_t n = blockers.size();
    std::string names;
    for (size_t i = 0; i < n && i < 5; ++i) names += (i ? ", " : "") + graph.nodes[blockers[i]].name;
    if (n > 5) names += ", ...";
    Finding f = finding(analysis, Severity::Note, graph.nodes[blockers.front()].typeLoc, kNoNode,
                        std::to_string(n) + (n == 1 ? " layer blocks" : " layers block") + " loading this " +
                            (graph.format.empty() ? std::string("model") : graph.format) + " in Keras 3: " + names);
    f.notes.push_back("each is a TensorFlow call tf.keras 2 saved as an op layer; replace each as its error says, "
                      "then save the model again");
    return f;
  }

  /// The model input a symbolic tensor derives from, following first symbolic inputs.
  static std::string modelInputOf(const Analysis& analysis, NodeId id) {
    const Graph& graph = analysis.graph;
    for (size_t steps = 0; id != kNoNode && steps < graph.nodes.size(); ++steps) {
      const Node& node = graph.nodes[id];
      if (node.kind == NodeKind::Input) return node.name;
      NodeId next = kNoNode;
      for (const TensorRef& ref : node.inputs)
        if (ref.node != kNoNode && analysis.shapes[ref.node].symbolic) { next = ref.node; break; }
      id = next;
    }
    return "";
  }
};

}  // namespace

std::unique_ptr<Rule> makeBackendOpOnSymbolicTensorRule() {
  return std::make_unique<BackendOpOnSymbolicTensorRule>();
}

}  // namespace graphlint
