// The EinsumDense kernel: einsum(equation, input, kernel) + bias, then the activation, with
// Keras 3's LoRA adapter folded into the kernel when lora_rank is set.

#include "executor/Gemm.h"
#include "executor/kernels/ActivationMath.h"
#include "executor/kernels/Einsum.h"
#include "executor/kernels/KernelUtil.h"

namespace graphlint {
namespace {

/// kernel + (lora_alpha / lora_rank) * lora_kernel_a @ lora_kernel_b, as Keras 3's `kernel`
/// property gives it.
Result<std::vector<float>> kernelWithLora(const KernelArgs& args, size_t aIndex, int64_t rank) {
  const HostTensor& kernel = *args.weights[0];
  llvm::ArrayRef<float> base = kernel.data<float>();
  std::vector<float> merged(base.begin(), base.end());
  int64_t columns = kernel.rank() ? kernel.shape().back() : 1;
  int64_t rows = columns ? kernel.elementCount() / columns : 0;
  if (args.weights[aIndex]->elementCount() != rows * rank || args.weights[aIndex + 1]->elementCount() != rank * columns)
    return makeError("lora_kernel_a " + args.weights[aIndex]->describe() + " and lora_kernel_b " +
                     args.weights[aIndex + 1]->describe() + " do not fit the kernel " + kernel.describe() +
                     " with lora_rank " + std::to_string(rank));
  const Value& alpha = args.layer->attr("lora_alpha");
  float scale = static_cast<float>((alpha.isNumber() ? alpha.asNumber() : static_cast<double>(rank)) / rank);
  sgemm(false, false, rows, columns, rank, scale, weightData(args, aIndex), rank, weightData(args, aIndex + 1), columns,
        1.0f, merged.data(), columns);
  return merged;
}

std::optional<Error> einsumDense(KernelArgs& args) {
  if (auto e = requireFloat32(args)) return e;
  const LayerCall& layer = *args.layer;
  bool bias = layer.attr("bias_axes").isString();
  const Value& loraRank = layer.attr("lora_rank");
  bool lora = loraRank.isInt() && loraRank.asInt() > 0;
  if (auto e = requireWeights(args, (bias ? 2 : 1) + (lora ? 2 : 0))) return e;
  const HostTensor& x = *args.inputs[0];
  HostTensor& y = args.outputs[0];
  Result<EinsumEquation> eq = parseEinsumEquation(layer.stringAttr("equation"), x.rank());
  if (!eq) return eq.error();

  std::vector<float> merged;
  const float* kernel = weightData(args, 0);
  if (lora) {
    Result<std::vector<float>> k = kernelWithLora(args, bias ? 2 : 1, loraRank.asInt());
    if (!k) return k.error();
    merged = std::move(*k);
    kernel = merged.data();
  }
  float* out = outputData(args, 0);
  if (auto e = einsum({eq->input, x.shape()}, inputData(args, 0), {eq->weight, args.weights[0]->shape()}, kernel,
                      {eq->output, y.shape()}, out))
    return e;
  if (bias) {
    const HostTensor& b = *args.weights[1];
    const std::vector<int64_t>& outShape = y.shape();
    for (size_t i = 1; i <= b.rank(); ++i) {
      int64_t bd = b.shape()[b.rank() - i];
      if (i > outShape.size() || (bd != 1 && bd != outShape[outShape.size() - i]))
        return makeError("bias " + b.describe() + " does not broadcast to the output " + y.describe());
    }
    const float* bv = weightData(args, 1);
    forEachBroadcast(outShape, stridesOf(outShape), broadcastStrides(b.shape(), outShape),
                     [&](int64_t o, int64_t, int64_t bi) { out[o] += bv[bi]; });
  }
  int64_t row = y.rank() ? y.shape().back() : 1;
  return applyActivation(layer.attr("activation"), out, y.elementCount(), row, args.options.kerasMajor);
}

}  // namespace

void registerEinsumDenseKernels(KernelRegistry& registry) { registry.addLayer("EinsumDense", {einsumDense}); }

}  // namespace graphlint
