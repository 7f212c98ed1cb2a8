#include "ir/Graph.h"

namespace graphlint {

std::string TensorRef::str() const {
  return outputIndex == 0 ? nodeName : nodeName + ":" + std::to_string(outputIndex);
}

llvm::StringRef nodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::Input: return "input";
    case NodeKind::Layer: return "layer";
    case NodeKind::Op: return "op";
    case NodeKind::Custom: return "custom layer";
  }
  return "node";
}

size_t Node::positionalInputCount() const {
  size_t count = 0;
  while (count < inputs.size() && (count >= inputKeywords.size() || inputKeywords[count].empty())) ++count;
  return count;
}

NodeId Graph::addNode(Node node) {
  NodeId id = static_cast<NodeId>(nodes.size());
  byName.try_emplace(node.name, id);
  nodes.push_back(std::move(node));
  return id;
}

const Node* Graph::findNode(llvm::StringRef name) const {
  auto it = byName.find(name);
  return it == byName.end() ? nullptr : &nodes[it->second];
}

void Graph::resolveReferences() {
  auto resolve = [this](TensorRef& ref) {
    auto it = byName.find(ref.nodeName);
    ref.node = it == byName.end() ? kNoNode : it->second;
  };
  for (Node& node : nodes) {
    for (TensorRef& ref : node.inputs) resolve(ref);
    if (node.shares) resolve(*node.shares);
  }
  for (TensorRef& ref : outputs) resolve(ref);
}

}  // namespace graphlint
