// The run loop: checks that every node can run, plans memory, then runs kernels in
// topological order, handing buffers between tensors as the plan says.

#include "executor/Executor.h"

#include <algorithm>
#include <chrono>
#include <functional>

#include "executor/Fusion.h"
#include "executor/Gemm.h"
#include "executor/HalfPrecision.h"

namespace graphlint {
namespace {

std::string nodeLabel(const Node& node) { return nodeKindName(node.kind).str() + " '" + node.name + "' (" + node.type + ")"; }

Error nodeError(const Node& node, const std::string& message) {
  return makeError(nodeLabel(node) + ": " + message, node.loc);
}

/// A constant argument standing for a tensor (`x * 2.0` recorded as multiply(x, y=2.0)): an
/// int64, float32 or bool tensor of the literal's nesting. Op kernels convert it to the
/// other operand's type, as Keras does with Python scalars.
Result<HostTensor> constantTensor(const Value& value) {
  std::vector<int64_t> shape;
  const Value* probe = &value;
  while (probe->isList()) {
    shape.push_back(static_cast<int64_t>(probe->items().size()));
    if (probe->items().empty()) break;
    probe = &probe->items().front();
  }
  std::vector<const Value*> leaves;
  bool anyFloat = false, allBool = true;
  std::function<bool(const Value&, size_t)> collect = [&](const Value& v, size_t depth) {
    if (v.isList()) {
      if (depth >= shape.size() || static_cast<int64_t>(v.items().size()) != shape[depth]) return false;
      for (const Value& item : v.items())
        if (!collect(item, depth + 1)) return false;
      return true;
    }
    if (depth != shape.size() || !(v.isNumber() || v.isBool())) return false;
    anyFloat |= v.kind() == Value::Kind::Float;
    allBool &= v.isBool();
    leaves.push_back(&v);
    return true;
  };
  if (!collect(value, 0))
    return makeError("constant argument " + value.str() + " is not a number or a rectangular list of numbers",
                     value.loc());
  if (allBool && !leaves.empty()) {
    std::vector<bool> raw;
    for (const Value* v : leaves) raw.push_back(v->asBool());
    Result<HostTensor> t = HostTensor::zeros(ElementType::Bool, shape);
    if (t)
      for (size_t i = 0; i < raw.size(); ++i) t->data<bool>()[i] = raw[i];
    return t;
  }
  if (anyFloat) {
    std::vector<float> values;
    for (const Value* v : leaves) values.push_back(static_cast<float>(v->isBool() ? v->asBool() : v->asNumber()));
    return HostTensor::fromValues<float>(shape, values);
  }
  std::vector<int64_t> values;
  for (const Value* v : leaves) values.push_back(v->isBool() ? v->asBool() : v->asInt());
  return HostTensor::fromValues<int64_t>(shape, values);
}

/// What runGraph works out before running anything.
struct Schedule {
  std::vector<NodeId> order;                          // nodes that feed an output
  std::vector<std::vector<size_t>> tensorOf;          // [node][output] -> tensor index
  std::vector<ElementType> types;                     // per tensor
  std::vector<std::vector<int64_t>> shapes;           // per tensor
  std::vector<const KernelDef*> kernels;              // per step
  std::vector<std::vector<HostTensor>> constants;     // per step: an op's constant arguments
  std::vector<PlanStep> steps;
  std::vector<bool> kept;
  MemoryPlan plan;
  FusionPlan fusion;
  std::vector<int64_t> oneHotDepth;                   // per step: input 0 is one_hot ids of this depth
};

/// Why a layer called with training=True would compute something its kernel does not: the
/// call keeps its dropout or random augmentation active even in Keras' predict(). Nullopt
/// when the call does not ask for training or training changes nothing in this layer.
std::optional<std::string> randomWhenTraining(const Node& node, const LayerSchema& schema) {
  const Value* training = node.callArgs.isMap() ? node.callArgs.find("training") : nullptr;
  if (!training || !training->isBool() || !training->asBool()) return std::nullopt;
  if (schema.family == "augmentation")
    return "called with training=True, which makes it transform its input at random even in predict(); "
           "graphlint runs only its inference behaviour";
  for (const char* rate : {"dropout", "recurrent_dropout"})
    if (const Value* v = node.config.find(rate); v && v->isNumber() && v->asNumber() > 0)
      return "called with training=True, which makes its " + std::string(rate) + " " + v->str() +
             " drop at random even in predict(); graphlint runs dropout only in the Dropout and noise layers";
  return std::nullopt;
}

Result<Schedule> schedule(const Analysis& analysis, const KernelRegistry& registry, const ExecOptions& options) {
  const Graph& graph = analysis.graph;
  Schedule s;
  if (options.fuse) s.fusion = FusionPlan::plan(analysis, registry);
  s.tensorOf.resize(graph.nodes.size());
  std::vector<std::string> problems;
  for (NodeId id : analysis.structure.order) {
    if (!analysis.structure.reachesOutput[id]) continue;
    if (s.fusion.absorbing(id)) continue;  // runs inside its consumer's fused step
    const Node& node = graph.nodes[id];
    const NodeSchemaFacts& facts = analysis.schema[id];
    const NodeShapes& shapes = analysis.shapes[id];
    const KernelDef* kernel = nullptr;
    if (node.kind == NodeKind::Layer && facts.layer) {
      kernel = registry.findLayer(facts.layer->className);
      if (!kernel) problems.push_back(nodeLabel(node) + ": no kernel for layer class " + facts.layer->className);
      if (kernel && !kernel->followsTraining)
        if (std::optional<std::string> why = randomWhenTraining(node, *facts.layer)) problems.push_back(nodeLabel(node) + ": " + *why);
    } else if (node.kind == NodeKind::Op && facts.op.entry) {
      kernel = registry.findOp(facts.op.entry->op);
      if (!kernel) problems.push_back(nodeLabel(node) + ": no kernel for op " + facts.op.entry->op);
      if (kernel && !kernel->cannotRun.empty()) {
        problems.push_back(nodeLabel(node) + ": " + kernel->cannotRun);
        continue;  // its unknown output shape says nothing more
      }
    } else if (node.kind == NodeKind::Custom) {
      problems.push_back(nodeLabel(node) + ": a custom layer's code is not in the model file, so it cannot run");
    } else if (node.kind != NodeKind::Input) {
      problems.push_back(nodeLabel(node) + ": not a known layer or op");
    }
    if (shapes.outputs.empty() || !shapes.outputCountKnown)
      problems.push_back(nodeLabel(node) + ": its number of outputs is unknown");
    for (size_t i = 0; i < shapes.outputs.size(); ++i) {
      const TensorType& type = shapes.outputs[i];
      std::optional<std::vector<int64_t>> shape = concreteShape(type);
      std::optional<ElementType> element = elementTypeFor(type.dtype);
      if (!shape) problems.push_back(nodeLabel(node) + ": output " + std::to_string(i) + " has shape " +
                                     type.shapeStr() + ", which is not all numbers");
      else if (!element) problems.push_back(nodeLabel(node) + ": output " + std::to_string(i) + " has dtype " +
                                            dtypeName(type.dtype).str() + ", which the executor does not run" +
                                            dtypeRemark(type.dtype));
      s.tensorOf[id].push_back(s.types.size());
      s.types.push_back(element.value_or(ElementType::Float32));
      s.shapes.push_back(shape.value_or(std::vector<int64_t>{}));
    }
    const RowGatherFusion* fused = s.fusion.runAt(id);
    s.oneHotDepth.push_back(fused ? fused->depth : 0);
    s.order.push_back(id);
    s.kernels.push_back(kernel);
  }
  if (!problems.empty()) {
    std::string message = "the model cannot run:";
    for (const std::string& p : problems) message += "\n  " + p;
    return makeError(message);
  }

  s.kept.assign(s.types.size(), false);
  for (const TensorRef& out : graph.outputs)
    if (out.node != kNoNode && out.outputIndex < s.tensorOf[out.node].size())
      s.kept[s.tensorOf[out.node][out.outputIndex]] = true;

  std::vector<int64_t> bytes;
  for (size_t t = 0; t < s.types.size(); ++t) {
    int64_t count = 1;
    for (int64_t d : s.shapes[t]) count *= d;
    bytes.push_back(count * static_cast<int64_t>(elementByteSize(s.types[t])));
  }
  for (size_t step = 0; step < s.order.size(); ++step) {
    const Node& node = graph.nodes[s.order[step]];
    PlanStep plan;
    for (const TensorRef& input : node.inputs) {
      const TensorRef& ref = s.fusion.source(graph, input);  // a fused step reads the one_hot's ids
      plan.reads.push_back(s.tensorOf[ref.node][ref.outputIndex]);
    }
    plan.writes = s.tensorOf[s.order[step]];
    // In place only where the kernel's input 0 is the node's input 0 (no reordering, no constants).
    const NodeSchemaFacts& facts = analysis.schema[s.order[step]];
    bool keepsOrder = node.kind == NodeKind::Layer ||
                      (facts.opArgs.constants.empty() && facts.opArgs.tensorOrder.empty());
    plan.inPlace = s.kernels[step] && s.kernels[step]->inPlace && keepsOrder &&
                   !plan.reads.empty() && !plan.writes.empty() &&
                   s.types[plan.reads[0]] == s.types[plan.writes[0]];
    std::vector<HostTensor> constants;
    for (const ConstantTensor& c : facts.opArgs.constants) {
      Result<HostTensor> t = constantTensor(c.value);
      if (!t) return nodeError(node, t.error().message);
      constants.push_back(std::move(*t));
    }
    s.constants.push_back(std::move(constants));
    s.steps.push_back(std::move(plan));
  }
  s.plan = planMemory(s.steps, bytes, s.kept);
  return s;
}

}  // namespace

std::string dtypeRemark(DType type) {
  return type == DType::String ? " (string tensors are not supported by the executor yet)" : "";
}

std::optional<ElementType> elementTypeFor(DType type) {
  switch (type) {
    case DType::Bool: return ElementType::Bool;
    case DType::Int8: return ElementType::Int8;
    case DType::Int16: return ElementType::Int16;
    case DType::Int32: return ElementType::Int32;
    case DType::Int64: return ElementType::Int64;
    case DType::UInt8: return ElementType::UInt8;
    case DType::Float16: return ElementType::Float16;
    case DType::Float32: return ElementType::Float32;
    case DType::Float64: return ElementType::Float64;
    default: return std::nullopt;
  }
}

std::optional<std::vector<int64_t>> concreteShape(const TensorType& type) {
  if (!type.dims) return std::nullopt;
  std::vector<int64_t> shape;
  for (const Dim& d : *type.dims) {
    std::optional<int64_t> v = d.constantValue();
    if (!v) return std::nullopt;
    shape.push_back(*v);
  }
  return shape;
}

std::vector<NodeId> inputNodes(const Graph& graph) {
  std::vector<NodeId> ids;
  for (NodeId id = 0; id < graph.nodes.size(); ++id)
    if (graph.nodes[id].kind == NodeKind::Input) ids.push_back(id);
  return ids;
}

Result<std::vector<NodeWeights>> expectedWeights(const Analysis& analysis) {
  std::vector<NodeWeights> all;
  for (NodeId id = 0; id < analysis.graph.nodes.size(); ++id) {
    const Node& node = analysis.graph.nodes[id];
    const NodeSchemaFacts& facts = analysis.schema[id];
    if (node.kind != NodeKind::Layer || node.shares || !facts.valid || !facts.layer) continue;
    LayerCall call = LayerCall::ofNode(*facts.layer, node, analysis.shapes[id].inputs, analysis.layers);
    NodeWeights weights{id, layerWeights(call), {}};
    if (weights.specs.empty()) continue;
    for (const WeightSpec& spec : weights.specs) {
      std::optional<std::vector<int64_t>> shape = concreteShape(TensorType::of(DType::Float32, spec.shape));
      if (!shape)
        return nodeError(node, "weight '" + spec.name + "' has shape " + formatShape(spec.shape) +
                                   ", which is not all numbers");
      weights.shapes.push_back(std::move(*shape));
    }
    all.push_back(std::move(weights));
  }
  return all;
}

Result<RunResult> runGraph(const Analysis& analysis, const ModelWeights& weights, std::vector<HostTensor> inputs,
                           const ExecOptions& options, const KernelRegistry& registry) {
  const Graph& graph = analysis.graph;
  Result<Schedule> scheduled = schedule(analysis, registry, options);
  if (!scheduled) return scheduled.error();
  Schedule& s = *scheduled;
  std::vector<NodeId> inputIds = inputNodes(graph);
  if (inputs.size() != inputIds.size())
    return makeError("the model has " + std::to_string(inputIds.size()) + " inputs, " + std::to_string(inputs.size()) +
                     " were given");

  // Weights by node; a shared call reads the node it shares.
  std::vector<const std::vector<HostTensor>*> weightsOf(graph.nodes.size(), nullptr);
  for (size_t i = 0; i < weights.layout.size() && i < weights.tensors.size(); ++i)
    weightsOf[weights.layout[i].node] = &weights.tensors[i];
  RunResult result;
  for (const std::vector<HostTensor>& layer : weights.tensors)
    for (const HostTensor& w : layer) result.stats.weightBytes += static_cast<int64_t>(w.byteSize());

  setMathThreads(options.threads);
  auto start = std::chrono::steady_clock::now();
  std::vector<std::optional<HostTensor>> values(s.types.size());
  std::vector<std::optional<HostTensor>> masks(s.types.size());
  std::vector<std::vector<uint8_t>> buffers(s.plan.bufferBytes.size());
  for (size_t b = 0; b < buffers.size(); ++b) buffers[b].reserve(static_cast<size_t>(s.plan.bufferBytes[b]));

  for (size_t step = 0; step < s.order.size(); ++step) {
    NodeId id = s.order[step];
    const Node& node = graph.nodes[id];
    const std::vector<size_t>& writes = s.steps[step].writes;
    if (node.kind == NodeKind::Input) {
      size_t which = static_cast<size_t>(std::find(inputIds.begin(), inputIds.end(), id) - inputIds.begin());
      HostTensor& given = inputs[which];
      if (given.elementType() != s.types[writes[0]] || given.shape() != s.shapes[writes[0]])
        return nodeError(node, "was given " + given.describe() + ", the model declares " +
                                   elementTypeName(s.types[writes[0]]).str() + " " + formatShape(s.shapes[writes[0]]));
      values[writes[0]] = std::move(given);
      continue;
    }

    // Outputs: in place over input 0, or in the plan's buffers.
    std::vector<HostTensor> outputs;
    for (size_t w = 0; w < writes.size(); ++w) {
      const PlannedTensor& planned = s.plan.tensors[writes[w]];
      std::vector<uint8_t> storage;
      if (planned.inPlace) {
        storage = std::move(*values[s.steps[step].reads[0]]).takeStorage();
        values[s.steps[step].reads[0]].reset();
        ++result.stats.inPlaceSteps;
      } else {
        storage = std::move(buffers[planned.buffer]);
      }
      Result<HostTensor> out = HostTensor::inStorage(s.types[writes[w]], s.shapes[writes[w]], std::move(storage));
      if (!out) return nodeError(node, out.error().message);
      outputs.push_back(std::move(*out));
    }

    std::vector<const HostTensor*> in;
    std::vector<MaskRef> inMasks;
    for (size_t r = 0; r < node.inputs.size(); ++r) {
      size_t t = s.steps[step].reads[r];
      in.push_back(r == 0 && !outputs.empty() && s.plan.tensors[writes[0]].inPlace ? &outputs[0] : &*values[t]);
      inMasks.push_back(masks[t] ? &*masks[t] : nullptr);
    }
    const NodeSchemaFacts& facts = analysis.schema[id];
    std::vector<std::optional<HostTensor>> outMasks(outputs.size());
    const KernelDef& kernel = *s.kernels[step];
    if (kernel.mask == MaskRule::PassThrough && !inMasks.empty() && inMasks[0])
      for (auto& m : outMasks) m = *inMasks[0];

    Result<std::optional<HalfPrecisionStep>> half = HalfPrecisionStep::begin(in, outputs);
    if (!half) return nodeError(node, half.error().message);

    std::optional<Error> failed;
    if (node.kind == NodeKind::Layer) {
      LayerCall call = LayerCall::ofNode(*facts.layer, node, analysis.shapes[id].inputs, analysis.layers);
      std::vector<const HostTensor*> layerWeights;
      NodeId owner = node.shares ? node.shares->node : id;
      if (owner != kNoNode && weightsOf[owner])
        for (const HostTensor& w : *weightsOf[owner]) layerWeights.push_back(&w);
      if (*half && (*half)->writesHalf()) {
        if (auto e = (*half)->autocast(in)) return nodeError(node, e->message);
        if (auto e = (*half)->autocast(layerWeights)) return nodeError(node, e->message);
      }
      KernelArgs args{node, &call, nullptr, nullptr, in, inMasks, layerWeights, outputs, outMasks, options, registry};
      args.oneHotDepth = s.oneHotDepth[step];
      failed = kernel.run(args);
    } else {
      std::vector<const HostTensor*> ordered = facts.opArgs.inKerasOrder<const HostTensor*>(in);
      std::vector<MaskRef> orderedMasks = facts.opArgs.inKerasOrder<MaskRef>(inMasks);
      for (const ConstantTensor& c : facts.opArgs.constants) {
        size_t at = std::min(c.param, ordered.size());
        size_t k = static_cast<size_t>(&c - facts.opArgs.constants.data());
        ordered.insert(ordered.begin() + static_cast<std::ptrdiff_t>(at), &s.constants[step][k]);
        orderedMasks.insert(orderedMasks.begin() + static_cast<std::ptrdiff_t>(std::min(at, orderedMasks.size())),
                            nullptr);
      }
      KernelArgs args{node, nullptr, facts.op.entry, &facts.opArgs, ordered, orderedMasks, {}, outputs, outMasks,
                      options, registry};
      args.oneHotDepth = s.oneHotDepth[step];
      failed = kernel.run(args);
    }
    if (failed) return nodeError(node, failed->message);
    if (*half) (*half)->finish(outputs);
    for (size_t w = 0; w < writes.size(); ++w) {
      values[writes[w]] = std::move(outputs[w]);
      masks[writes[w]] = std::move(outMasks[w]);
    }
    for (size_t t : s.plan.releaseAfter[step]) {
      if (!values[t]) continue;  // handed to an in-place output
      buffers[s.plan.tensors[t].buffer] = std::move(*values[t]).takeStorage();
      values[t].reset();
      masks[t].reset();
    }
  }
  result.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.stats.arenaBytes = s.plan.arenaBytes();
  result.stats.peakLiveBytes = s.plan.peakLiveBytes;
  result.stats.totalActivationBytes = s.plan.totalBytes;
  result.stats.steps = s.order.size();
  for (const TensorRef& out : graph.outputs)
    result.outputs.push_back(*values[s.tensorOf[out.node][out.outputIndex]]);
  return result;
}

}  // namespace graphlint
