#include "passes/ShapeInference.h"

#include "llvm/ADT/StringSet.h"

#include "catalogue/ops/OpShapes.h"

namespace graphlint {
namespace {

using Outputs = Result<std::vector<TensorType>>;

/// A custom layer's declared shape rule: match the input patterns, then build the outputs.
Outputs customOutputs(const Node& node, llvm::ArrayRef<TensorType> inputs, AssumptionLog& log) {
  const CustomLayerFacts& facts = node.custom;
  DType dtype = facts.outputDType.value_or(inputs.empty() ? DType::Float32 : inputs.front().dtype);
  if (!facts.outputShapes) return std::vector<TensorType>{TensorType{dtype, std::nullopt}};
  llvm::StringMap<Dim> bound;
  if (facts.inputPatterns) {
    const std::vector<Dims>& patterns = *facts.inputPatterns;
    if (patterns.size() != inputs.size())
      return makeError("the shape_rule of " + node.type + " describes " + std::to_string(patterns.size()) +
                       " input(s), but the layer is called on " + std::to_string(inputs.size()));
    for (size_t i = 0; i < patterns.size(); ++i) {
      const TensorType& in = inputs[i];
      if (!in.hasRank()) continue;
      if (in.rank() != patterns[i].size())
        return makeError("the shape_rule of " + node.type + " expects input " + std::to_string(i) + " to be " +
                         formatShape(patterns[i]) + ", got " + in.shapeStr() + ": ranks differ");
      for (size_t d = 0; d < in.rank(); ++d) {
        const Dim& pattern = patterns[i][d];
        const Dim& actual = (*in.dims)[d];
        llvm::SmallVector<std::string, 2> names = pattern.symbols();
        if (names.size() == 1 && pattern == Dim::symbol(names[0])) {
          auto [it, inserted] = bound.try_emplace(names[0], actual);
          if (!inserted && Dim::relation(it->second, actual) == DimRelation::Different)
            return makeError("the shape_rule of " + node.type + " binds '" + names[0] + "' to both " +
                             it->second.str() + " and " + actual.str());
          continue;
        }
        Dim expected = pattern.substitute(bound);
        if (!mayBeEqual(expected, actual, &log, "dim " + std::to_string(d) + " of input " + std::to_string(i) + " of " + node.type))
          return makeError("the shape_rule of " + node.type + " expects input " + std::to_string(i) + " to be " +
                           formatShape(patterns[i]) + ", got " + in.shapeStr() + ": dim " + std::to_string(d) +
                           " is " + actual.str() + ", not " + expected.str());
      }
    }
  }
  // Names a pattern uses but could not bind (`s` in `2*s`) are local to the rule: an output
  // dim over them is unknown, not a new model symbol.
  llvm::StringSet<> local;
  if (facts.inputPatterns)
    for (const Dims& pattern : *facts.inputPatterns)
      for (const Dim& d : pattern)
        for (const std::string& name : d.symbols()) local.insert(name);
  std::vector<TensorType> outputs;
  for (const Dims& shape : *facts.outputShapes) {
    Dims dims;
    for (const Dim& d : shape) {
      Dim value = d.substitute(bound);
      bool leaks = llvm::any_of(value.symbols(), [&](const std::string& name) { return local.contains(name) && !bound.count(name); });
      dims.push_back(leaks ? Dim::unknown() : value);
    }
    outputs.push_back(TensorType::of(dtype, std::move(dims)));
  }
  return outputs;
}

/// Evaluates every dim with the user's symbol values.
void bindDims(std::vector<TensorType>& types, const DimBindings& bindings) {
  for (TensorType& t : types)
    if (t.dims)
      for (Dim& d : *t.dims) d = d.substitute(bindings);
}

/// The first invalid dim (overflow, division by zero) among the outputs, as an error.
std::optional<Error> invalidDim(const std::vector<TensorType>& outputs) {
  for (const TensorType& t : outputs)
    if (t.dims)
      for (const Dim& d : *t.dims)
        if (d.isInvalid()) return makeError("output shape " + t.shapeStr() + " is not computable: " + d.invalidReason().str());
  return std::nullopt;
}

}  // namespace

std::vector<NodeShapes> inferShapes(const Graph& graph, const StructureFacts& structure,
                                    const std::vector<NodeSchemaFacts>& schema, const LayerCatalogue& layers,
                                    const DimBindings& bindings) {
  std::vector<NodeShapes> shapes(graph.nodes.size());
  for (NodeId id : structure.order) {
    const Node& node = graph.nodes[id];
    NodeShapes& out = shapes[id];

    for (size_t i = 0; i < node.inputs.size(); ++i) {
      const TensorRef& ref = node.inputs[i];
      TensorType type;
      if (ref.node != kNoNode) {
        const NodeShapes& producer = shapes[ref.node];
        out.symbolic |= producer.symbolic;
        if (ref.outputIndex < producer.outputs.size())
          type = producer.outputs[ref.outputIndex];
        else if (producer.outputCountKnown)
          out.badRefs.push_back({i, producer.outputs.size()});
      }
      out.inputs.push_back(std::move(type));
    }

    Outputs result = std::vector<TensorType>{};
    const NodeSchemaFacts& facts = schema[id];
    switch (node.kind) {
      case NodeKind::Input:
        out.symbolic = true;
        result = std::vector<TensorType>{node.declared};
        break;
      case NodeKind::Layer:
        if (facts.valid && facts.layer) {
          LayerCall call = LayerCall::ofNode(*facts.layer, node, out.inputs, layers);
          call.assumptions = &out.assumptions;
          result = facts.layer->shape(call);
          if (!node.shares) {
            WeightCounts counts = countWeights(layerWeights(call));
            out.params = counts.total;
            out.nonTrainableParams = counts.nonTrainable;
          }
        }
        break;
      case NodeKind::Op:
        // An argument keras.ops' rule does not model (tf.matmul's transpose_b=True) leaves
        // the shape unknown rather than wrongly computed.
        if (facts.valid && facts.op.entry && facts.opArgs.reshaping.empty())
          result = inferOpOutputs(*facts.op.entry, facts.opArgs, out.inputs, &out.assumptions);
        break;
      case NodeKind::Custom:
        result = customOutputs(node, out.inputs, out.assumptions);
        if (!node.shares) out.params = node.custom.params ? Dim::constant(*node.custom.params) : Dim::unknown();
        break;
    }
    if (result && !bindings.empty()) bindDims(*result, bindings);
    if (result && !result->empty()) {
      out.outputs = std::move(*result);
      out.outputCountKnown = node.kind != NodeKind::Op || knowsOutputCount(*facts.op.entry, facts.opArgs, out.inputs);
      if (std::optional<Error> e = invalidDim(out.outputs)) out.error = e;
    } else {
      if (!result) out.error = result.error();
      out.outputs = {TensorType::unknown()};
    }
    if (!bindings.empty()) {
      out.params = out.params.substitute(bindings);
      out.nonTrainableParams = out.nonTrainableParams.substitute(bindings);
    }
    if (out.params.isInvalid() && !out.error)
      out.error = makeError("parameter count is not computable: " + out.params.invalidReason().str());
  }
  return shapes;
}

}  // namespace graphlint
