#include <map>

#include "rules/Rule.h"

namespace graphlint {
namespace {

std::string thousands(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string shapeText(const std::vector<int64_t>& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

class WeightCountRule final : public Rule {
 public:
  llvm::StringRef id() const override { return "weight-count"; }
  llvm::StringRef summary() const override {
    return "the weights a model file stores for a layer do not match the layer's parameter count";
  }
  llvm::StringRef doc() const override {
    return R"(## What it does
Compares, layer by layer, the weights a model file lists with their shapes (a TF.js
`model.json`'s `weightsManifest`) with the parameter count graphlint infers from the layer's
config, as Keras 3 reads it.

## Why it matters
Loading the weights into the model Keras builds from the config fails on the first weight of
the wrong shape ("Layer 'gru' expected 3 variables ... received"), or worse, a converter
silently pairs weights with the wrong layers. A common cause is a default that changed:
Keras 3's GRU has `reset_after=True` (a bias of shape `[2, 3*units]`), weights saved without it
have a bias of `[3*units]`.

## Example
A TF.js GRU(4) on 20 features stores 300 weights (kernel [20, 12], recurrent kernel [4, 12],
bias [12]); its config without `reset_after` means 312 parameters in Keras 3.

## Use instead
Make the config say what the weights are (`reset_after: false` for that GRU), or export the
weights again from the model the config describes.)";
  }

  void check(const Analysis& analysis, std::vector<Finding>& out) const override {
    const Graph& graph = analysis.graph;
    if (graph.fileWeights.empty()) return;
    // Weight names are `<layer path>/<weight>`; the layer path may carry more scopes than the
    // node name (`bidirectional/forward_lstm/lstm_cell/kernel`) or fewer (a nested model's
    // weights without the model's name): match the longest prefix that names a node, by its
    // full name or, if unique, by its last segment.
    llvm::StringMap<std::vector<NodeId>> byLastSegment;
    for (NodeId id = 0; id < graph.nodes.size(); ++id) {
      llvm::StringRef name = graph.nodes[id].name;
      byLastSegment[name.rsplit('/').second.empty() ? name : name.rsplit('/').second].push_back(id);
    }
    std::map<NodeId, std::vector<const FileWeight*>> weightsOf;
    for (const FileWeight& w : graph.fileWeights) {
      llvm::StringRef path = llvm::StringRef(w.name).rsplit('/').first;
      while (!path.empty()) {
        NodeId node = kNoNode;
        if (auto it = graph.byName.find(path); it != graph.byName.end()) {
          node = it->second;
        } else if (auto seg = byLastSegment.find(path); seg != byLastSegment.end() && seg->second.size() == 1) {
          node = seg->second.front();
        }
        if (node != kNoNode) {
          weightsOf[node].push_back(&w);
          break;
        }
        if (!path.contains('/')) break;
        path = path.rsplit('/').first;
      }
    }
    for (const auto& [id, weights] : weightsOf) {
      std::optional<int64_t> inferred = analysis.shapes[id].params.constantValue();
      if (!inferred) continue;
      int64_t stored = 0;
      std::string listing;
      for (const FileWeight* w : weights) {
        int64_t count = 1;
        for (int64_t d : w->shape) count *= d;
        stored += count;
        listing += (listing.empty() ? "" : ", ") + w->name + " " + shapeText(w->shape);
      }
      if (stored == *inferred) continue;
      const Node& node = graph.nodes[id];
      Finding f = finding(analysis, Severity::Error, weights.front()->loc, id,
                          "layer '" + node.name + "' has " + thousands(*inferred) +
                              " parameters by its config, but the file stores " + thousands(stored) +
                              " weights for it");
      f.notes.push_back("stored: " + listing);
      f.notes.push_back("loading these weights into the model Keras 3 builds from this config fails");
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> makeWeightCountRule() { return std::make_unique<WeightCountRule>(); }

}  // namespace graphlint
