// The one_hot + matrix product fusion: which pairs qualify, and the row-gather kernel.

#include "executor/Fusion.h"

#include <cstring>

#include "catalogue/ShapeRules.h"
#include "executor/kernels/ActivationMath.h"
#include "executor/kernels/KernelUtil.h"

namespace graphlint {
namespace {

/// out[r, :] = W[ids[r], :] for every id (rows of `units` floats), zeros for ids outside
/// [0, rows of W).
std::optional<Error> gatherRows(const HostTensor& ids, const float* w, int64_t depth, int64_t units, HostTensor& out) {
  if (ids.elementType() == ElementType::Float32 || ids.elementType() == ElementType::Float64 ||
      ids.elementType() == ElementType::Float16 || ids.elementType() == ElementType::Bool)
    return makeError("one_hot needs integer ids, got " + ids.describe());
  if (out.elementType() != ElementType::Float32 || out.elementCount() != ids.elementCount() * units)
    return makeError("the fused one_hot product cannot write " + out.describe() + " from ids " + ids.describe());
  Result<HostTensor> wide = HostTensor::zeros(ElementType::Int64, ids.shape());
  if (!wide) return wide.error();
  convertElements(ids, *wide);
  float* o = out.data<float>().data();
  size_t rowBytes = static_cast<size_t>(units) * sizeof(float);
  for (int64_t r = 0; r < ids.elementCount(); ++r) {
    int64_t c = wide->data<int64_t>()[static_cast<size_t>(r)];
    if (c >= 0 && c < depth) std::memcpy(o + r * units, w + c * units, rowBytes);
    else std::memset(o + r * units, 0, rowBytes);  // Keras' one_hot: an all-zero row
  }
  return std::nullopt;
}

/// matmul(one_hot(ids, depth), W): inputs (ids, W).
std::optional<Error> gatherMatmul(KernelArgs& args) {
  if (args.inputs.size() != 2 || args.inputs[1]->rank() != 2 || args.inputs[1]->elementType() != ElementType::Float32)
    return makeError("the fused one_hot product needs ids and a float32 matrix");
  const HostTensor& w = *args.inputs[1];
  return gatherRows(*args.inputs[0], w.data<float>().data(), w.shape()[0], w.shape()[1], args.outputs[0]);
}

/// Dense(one_hot(ids, depth)): the kernel's rows, then the Dense kernel's own bias and activation.
std::optional<Error> gatherDense(KernelArgs& args) {
  bool useBias = args.layer->boolAttr("use_bias");
  if (auto e = requireWeights(args, useBias ? 2 : 1)) return e;
  for (const HostTensor* w : args.weights)
    if (w->elementType() != ElementType::Float32) return makeError("weight " + w->describe() + " is not float32");
  const HostTensor& kernel = *args.weights[0];
  HostTensor& y = args.outputs[0];
  int64_t units = kernel.shape()[1];
  if (auto e = gatherRows(*args.inputs[0], kernel.data<float>().data(), kernel.shape()[0], units, y)) return e;
  float* out = y.data<float>().data();
  if (useBias) {
    const float* bias = args.weights[1]->data<float>().data();
    int64_t rows = units == 0 ? 0 : y.elementCount() / units;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t u = 0; u < units; ++u) out[r * units + u] += bias[u];
  }
  return applyActivation(args.layer->attr("activation"), out, y.elementCount(), units, args.options.kerasMajor);
}

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

/// The kernel that runs `consumer` on the ids when it multiplies `oneHot`'s output by a matrix.
std::shared_ptr<const KernelDef> fusedKernel(const Analysis& analysis, NodeId oneHot, NodeId consumer) {
  const Node& node = analysis.graph.nodes[consumer];
  const NodeSchemaFacts& facts = analysis.schema[consumer];
  if (!facts.valid || node.inputs.empty()) return nullptr;
  if (node.kind == NodeKind::Layer && facts.layer && facts.layer->className == "Dense" && node.inputs.size() == 1)
    return std::make_shared<const KernelDef>(KernelDef{gatherDense, MaskRule::Drop});
  if (node.kind == NodeKind::Op && facts.op.entry && facts.op.entry->op == "matmul") {
    const KerasArgs& args = facts.opArgs;
    if (!args.constants.empty() || !args.reshaping.empty() || node.inputs.size() != 2) return nullptr;
    std::vector<NodeId> inputs;
    for (const TensorRef& ref : node.inputs) inputs.push_back(ref.node);
    std::vector<NodeId> ordered = args.inKerasOrder<NodeId>(inputs);
    const std::vector<TensorType>& types = analysis.shapes[consumer].inputs;
    size_t wAt = ordered[0] == inputs[0] ? 1 : 0;  // the node's input that is keras' x2
    if (ordered[0] != oneHot || ordered[1] == oneHot || types.size() != 2) return nullptr;
    if (types[wAt].dtype != DType::Float32 || !types[wAt].hasRank() || types[wAt].rank() != 2) return nullptr;
    if (wAt != 1) return nullptr;  // the fused kernel reads (ids, W) in the node's order
    return std::make_shared<const KernelDef>(KernelDef{gatherMatmul, MaskRule::Drop});
  }
  return nullptr;
}

}  // namespace

FusionPlan FusionPlan::plan(const Analysis& analysis) {
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
    if (std::shared_ptr<const KernelDef> kernel = fusedKernel(analysis, id, consumer))
      plan.fusions_.push_back(RowGatherFusion{id, consumer, std::move(kernel)});
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
