// The kernel registry, and running a wrapped layer inside another layer's kernel.

#include "executor/Kernel.h"

namespace graphlint {

const KernelRegistry& KernelRegistry::builtin() {
  static const KernelRegistry registry = [] {
    KernelRegistry r;
    registerCoreKernels(r);
    registerRegularizationKernels(r);
    registerActivationKernels(r);
    registerMergeKernels(r);
    registerReshapeKernels(r);
    registerOpElementwiseKernels(r);
    registerOpNormalizeKernels(r);
    registerOpReductionKernels(r);
    registerOpShapeKernels(r);
    registerOpIndexingKernels(r);
    registerOpLinalgKernels(r);
    registerOpConvolutionKernels(r);
    registerOpRearrangeKernels(r);
    registerOpGatherKernels(r);
    registerOpRandomKernels(r);
    registerNormalizationKernels(r);
    registerPreprocessingKernels(r);
    registerAttentionKernels(r);
    registerEinsumDenseKernels(r);
    registerConvolutionKernels(r);
    registerPoolingKernels(r);
    registerSpatialKernels(r);
    registerRecurrentKernels(r);
    registerSequenceKernels(r);
    registerImageKernels(r);
    registerImageContrastKernels(r);
    registerConvRecurrentKernels(r);
    registerHashingKernels(r);
    return r;
  }();
  return registry;
}

void KernelRegistry::addLayer(llvm::StringRef className, KernelDef def) { layers_[className] = std::move(def); }
void KernelRegistry::addOp(llvm::StringRef opName, KernelDef def) { ops_[opName] = std::move(def); }

const KernelDef* KernelRegistry::findLayer(llvm::StringRef className) const {
  auto it = layers_.find(className);
  return it == layers_.end() ? nullptr : &it->second;
}

const KernelDef* KernelRegistry::findOp(llvm::StringRef opName) const {
  auto it = ops_.find(opName);
  return it == ops_.end() ? nullptr : &it->second;
}

std::vector<std::string> KernelRegistry::layerNames() const {
  std::vector<std::string> names;
  for (const auto& entry : layers_) names.push_back(entry.getKey().str());
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> KernelRegistry::opNames() const {
  std::vector<std::string> names;
  for (const auto& entry : ops_) names.push_back(entry.getKey().str());
  std::sort(names.begin(), names.end());
  return names;
}

DType dtypeFor(ElementType type) {
  switch (type) {
    case ElementType::Bool: return DType::Bool;
    case ElementType::Int8: return DType::Int8;
    case ElementType::Int16: return DType::Int16;
    case ElementType::Int32: return DType::Int32;
    case ElementType::Int64: return DType::Int64;
    case ElementType::UInt8: return DType::UInt8;
    case ElementType::Float16: return DType::Float16;
    case ElementType::Float32: return DType::Float32;
    case ElementType::Float64: return DType::Float64;
  }
  return DType::Unknown;
}

Result<std::vector<HostTensor>> runInnerLayer(const KernelArgs& outer, const LayerSchema& schema, const Value& config,
                                              llvm::ArrayRef<const HostTensor*> inputs,
                                              llvm::ArrayRef<MaskRef> inputMasks,
                                              llvm::ArrayRef<const HostTensor*> weights,
                                              std::vector<std::optional<HostTensor>>& outputMasks) {
  const KernelDef* kernel = outer.registry.findLayer(schema.className);
  if (!kernel) return makeError("no kernel for the wrapped layer class " + schema.className);
  std::vector<TensorType> inputTypes;
  for (const HostTensor* t : inputs) {
    Dims dims;
    for (int64_t d : t->shape()) dims.push_back(Dim::constant(d));
    inputTypes.push_back(TensorType::of(dtypeFor(t->elementType()), std::move(dims)));
  }
  const LayerCatalogue& catalogue = outer.layer ? outer.layer->catalogue : LayerCatalogue::builtin();
  LayerCall call(schema, config, inputTypes, catalogue);
  Result<std::vector<TensorType>> types = schema.shape(call);
  if (!types) return makeError("in the wrapped " + schema.className + ": " + types.error().message);
  std::vector<HostTensor> outputs;
  for (const TensorType& type : *types) {
    std::optional<std::vector<int64_t>> shape = concreteShape(type);
    std::optional<ElementType> element = elementTypeFor(type.dtype);
    if (!shape || !element)
      return makeError("the wrapped " + schema.className + "'s output " + type.shapeStr() + " is not concrete");
    Result<HostTensor> out = HostTensor::zeros(*element, *shape);
    if (!out) return out.error();
    outputs.push_back(std::move(*out));
  }
  outputMasks.assign(outputs.size(), std::nullopt);
  if (kernel->mask == MaskRule::PassThrough && !inputMasks.empty() && inputMasks[0])
    for (auto& m : outputMasks) m = *inputMasks[0];
  KernelArgs args{outer.node, &call, nullptr, nullptr, inputs, inputMasks, weights, outputs, outputMasks,
                  outer.options, outer.registry};
  if (std::optional<Error> e = kernel->run(args)) return *e;
  return outputs;
}

}  // namespace graphlint
