// The one_hot + matrix product fusion: which pairs qualify.

#include "executor/Fusion.h"

#include "catalogue/ShapeRules.h"

namespace graphlint {
namespace {

/// Whether `node` is a one_hot that gives float32 rows along its last axis, with 1 and 0.
bool isPlainOneHot(const Analysis& analysis, NodeId id) {
  const Node& node = analysis.graph.nodes[id];
  const NodeSchemaFacts& facts = analysis.schema[id];
  if (node.kind != NodeKind::Op || !facts.valid || !facts.op.entry || facts.op.entry->op != "one_hot") return false;
  const KerasArgs& args = facts.opArgs;
  if (!args.constants.empty() || node.inputs.size() != 1) return false;
  for (const std::string& dropped : args.dropped)
    if (dropped == "on_value" || dropped == "off_value") return false;
  const std::vector<TensorType>& outs = analysis.shapes[id].outputs;
  if (outs.size() != 1 || outs[0].dtype != DType::Float32 || !outs[0].hasRank()) return false;
  const Value* axis = args.find("axis");
  if (axis && !axis->isNull()) {
    std::optional<size_t> at = axis->isInt() ? normalizeAxis(axis->asInt(), outs[0].rank()) : std::nullopt;
    if (!at || *at + 1 != outs[0].rank()) return false;
  }
  return true;
}

/// Whether `consumer` can take `oneHot`'s ids as its input 0 (its kernel multiplies that
/// input's last axis by a matrix through projectRows).
bool readsIds(const Analysis& analysis, const KernelRegistry& registry, NodeId oneHot, NodeId consumer) {
  const Node& node = analysis.graph.nodes[consumer];
  const NodeSchemaFacts& facts = analysis.schema[consumer];
  if (!facts.valid || node.inputs.empty() || node.inputs[0].node != oneHot) return false;
  for (size_t i = 1; i < node.inputs.size(); ++i)
    if (node.inputs[i].node == oneHot) return false;  // also read as another operand
  const KernelDef* kernel = nullptr;
  if (node.kind == NodeKind::Layer && facts.layer) {
    kernel = registry.findLayer(facts.layer->className);
  } else if (node.kind == NodeKind::Op && facts.op.entry) {
    // Kernels see keras order: the node's input 0 must stay x1, with no constant before it.
    const KerasArgs& args = facts.opArgs;
    if (!args.constants.empty() || !args.reshaping.empty() || !args.tensorOrder.empty()) return false;
    const std::vector<TensorType>& types = analysis.shapes[consumer].inputs;
    if (facts.op.entry->op == "matmul" &&
        (types.size() != 2 || types[1].dtype != DType::Float32 || !types[1].hasRank() || types[1].rank() != 2))
      return false;
    kernel = registry.findOp(facts.op.entry->op);
  }
  return kernel && kernel->readsOneHotIds;
}

}  // namespace

FusionPlan FusionPlan::plan(const Analysis& analysis, const KernelRegistry& registry) {
  FusionPlan plan;
  const Graph& graph = analysis.graph;
  // Consumers of each node's output 0, among the nodes that run.
  std::vector<std::vector<NodeId>> consumers(graph.nodes.size());
  for (NodeId id : analysis.structure.order) {
    if (!analysis.structure.reachesOutput[id]) continue;
    for (const TensorRef& ref : graph.nodes[id].inputs)
      if (ref.node != kNoNode) consumers[ref.node].push_back(ref.outputIndex == 0 ? id : kNoNode);
  }
  std::vector<bool> isOutput(graph.nodes.size(), false);
  for (const TensorRef& out : graph.outputs)
    if (out.node != kNoNode) isOutput[out.node] = true;
  for (NodeId id : analysis.structure.order) {
    if (!analysis.structure.reachesOutput[id] || isOutput[id] || consumers[id].size() != 1) continue;
    NodeId consumer = consumers[id].front();
    if (consumer == kNoNode || !isPlainOneHot(analysis, id)) continue;
    if (!readsIds(analysis, registry, id, consumer)) continue;
    const Dims& oneHotDims = *analysis.shapes[id].outputs[0].dims;
    std::optional<int64_t> depth = oneHotDims.back().constantValue();
    if (depth && *depth > 0) plan.fusions_.push_back(RowGatherFusion{id, consumer, *depth});
  }
  return plan;
}

const RowGatherFusion* FusionPlan::absorbing(NodeId node) const {
  for (const RowGatherFusion& f : fusions_)
    if (f.oneHot == node) return &f;
  return nullptr;
}

const RowGatherFusion* FusionPlan::runAt(NodeId node) const {
  for (const RowGatherFusion& f : fusions_)
    if (f.consumer == node) return &f;
  return nullptr;
}

const TensorRef& FusionPlan::source(const Graph& graph, const TensorRef& ref) const {
  if (ref.node == kNoNode || !absorbing(ref.node)) return ref;
  return graph.nodes[ref.node].inputs.front();
}

}  // namespace graphlint
