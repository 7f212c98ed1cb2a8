#pragma once
// Runs one layer kernel directly, for what a YAML spec cannot express: input masks (no
// mask-producing kernel is needed), and outputs of chosen shapes (attention scores).

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "executor/Kernel.h"

namespace graphlint::test {

struct KernelRun {
  std::optional<Error> error;
  std::vector<HostTensor> outputs;
};

/// Runs the kernel of `className` with `config` on `inputs` (with `masks`, one per input, or
/// empty) and `weights`, into float32 outputs of `outputShapes`; `callArgs`, a map, are the
/// call's keyword arguments (`use_causal_mask`).
inline KernelRun runKernel(const std::string& className, const Value& config, const std::vector<HostTensor>& inputs,
                           const std::vector<std::optional<HostTensor>>& masks, const std::vector<HostTensor>& weights,
                           const std::vector<std::vector<int64_t>>& outputShapes, ExecOptions options = {},
                           const Value& callArgs = Value()) {
  const LayerCatalogue& catalogue = LayerCatalogue::builtin();
  const LayerSchema* schema = catalogue.find(className);
  REQUIRE(schema);
  const KernelDef* kernel = KernelRegistry::builtin().findLayer(className);
  REQUIRE(kernel);
  std::vector<TensorType> types;
  for (const HostTensor& t : inputs) {
    Dims dims;
    for (int64_t d : t.shape()) dims.push_back(Dim::constant(d));
    types.push_back(TensorType::of(dtypeFor(t.elementType()), std::move(dims)));
  }
  LayerCall call(*schema, config, types, catalogue);
  if (callArgs.isMap()) call.callArgs = &callArgs;
  Node node;
  node.name = "n";
  node.type = className;
  std::vector<const HostTensor*> inputRefs, weightRefs;
  std::vector<MaskRef> maskRefs;
  for (size_t i = 0; i < inputs.size(); ++i) {
    inputRefs.push_back(&inputs[i]);
    maskRefs.push_back(i < masks.size() && masks[i] ? &*masks[i] : nullptr);
  }
  for (const HostTensor& w : weights) weightRefs.push_back(&w);
  KernelRun run;
  for (const auto& shape : outputShapes) {
    Result<HostTensor> out = HostTensor::zeros(ElementType::Float32, shape);
    REQUIRE(out);
    run.outputs.push_back(std::move(*out));
  }
  std::vector<std::optional<HostTensor>> outputMasks(outputShapes.size());
  KernelArgs args{node, &call, nullptr, nullptr, inputRefs, maskRefs, weightRefs, run.outputs, outputMasks, options,
                  KernelRegistry::builtin()};
  run.error = kernel->run(args);
  return run;
}

/// A bool mask of `shape`.
inline HostTensor boolMask(std::vector<int64_t> shape, std::vector<bool> values) {
  Result<HostTensor> t = HostTensor::zeros(ElementType::Bool, std::move(shape));
  REQUIRE(t);
  for (size_t i = 0; i < values.size(); ++i) t->data<bool>()[i] = values[i];
  return std::move(*t);
}

}  // namespace graphlint::test
