#include "passes/Cost.h"

#include "llvm/ADT/StringSwitch.h"

#include "catalogue/ShapeRules.h"

namespace graphlint {
namespace {

unsigned bytesOf(DType type) { return dtypeSize(type) ? dtypeSize(type) : 4; }

/// Bytes per weight: the layer's dtype when it names one, else float32.
unsigned weightElementBytes(const Node& node) {
  const Value* dtype = node.config.find("dtype");
  if (dtype && dtype->isString())
    if (std::optional<DType> parsed = parseDType(dtype->asString())) return bytesOf(*parsed);
  return 4;
}

bool onlyMovesData(llvm::StringRef family) {
  return llvm::StringSwitch<bool>(family).Cases("reshape", "spatial", "regularization", "special", true).Default(false);
}

}  // namespace

std::vector<NodeCost> estimateCosts(const Analysis& analysis) {
  const Graph& graph = analysis.graph;
  std::vector<NodeCost> costs(graph.nodes.size());
  for (NodeId id = 0; id < graph.nodes.size(); ++id) {
    const Node& node = graph.nodes[id];
    const NodeShapes& shapes = analysis.shapes[id];
    NodeCost& cost = costs[id];
    for (const TensorType& out : shapes.outputs)
      cost.activationBytes = cost.activationBytes + out.elementCount() * Dim::constant(bytesOf(out.dtype));
    cost.weightBytes = shapes.params * Dim::constant(weightElementBytes(node));

    if (node.kind == NodeKind::Input) continue;
    const LayerSchema* schema = analysis.schema[id].layer;
    if (node.kind == NodeKind::Layer && schema && analysis.schema[id].valid) {
      if (schema->flops) {
        LayerCall call = LayerCall::ofNode(*schema, node, shapes.inputs, analysis.layers);
        cost.flops = schema->flops(call, shapes.outputs);
      } else if (!onlyMovesData(schema->family)) {
        cost.flops = totalElements(shapes.outputs);
      }
    } else {
      cost.flops = totalElements(shapes.outputs);
    }
    if (!analysis.bindings.empty()) cost.flops = cost.flops.substitute(analysis.bindings);
  }
  return costs;
}

CostTotals sumCosts(const std::vector<NodeCost>& costs) {
  CostTotals totals;
  for (const NodeCost& c : costs) {
    totals.activationBytes = totals.activationBytes + c.activationBytes;
    totals.weightBytes = totals.weightBytes + c.weightBytes;
    totals.flops = totals.flops + c.flops;
  }
  return totals;
}

}  // namespace graphlint
