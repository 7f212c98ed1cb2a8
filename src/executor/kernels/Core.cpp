// Kernels of the core layers: Dense, Activation, and the layers that are the identity at
// inference (Dropout and the noise layers, Identity, ActivityRegularization).

#include "executor/Gemm.h"
#include "executor/kernels/ActivationMath.h"
#include "executor/kernels/KernelUtil.h"

namespace graphlint {
namespace {

/// y = activation(x @ kernel + bias) over the last axis; leading axes are rows.
std::optional<Error> dense(KernelArgs& args) {
  if (auto e = requireFloat32(args)) return e;
  bool useBias = args.layer->boolAttr("use_bias");
  if (auto e = requireWeights(args, useBias ? 2 : 1)) return e;
  const HostTensor& x = *args.inputs[0];
  HostTensor& y = args.outputs[0];
  int64_t in = x.shape().back(), units = y.shape().back();
  int64_t rows = x.elementCount() / std::max<int64_t>(in, 1);
  if (in == 0) rows = productOf(x.shape(), 0, x.rank() - 1);
  float* out = outputData(args, 0);
  sgemm(false, false, rows, units, in, 1.0f, inputData(args, 0), in, weightData(args, 0), units, 0.0f, out, units);
  if (useBias) {
    const float* bias = weightData(args, 1);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t u = 0; u < units; ++u) out[r * units + u] += bias[u];
  }
  return applyActivation(args.layer->attr("activation"), out, y.elementCount(), units, args.options.kerasMajor);
}

std::optional<Error> activation(KernelArgs& args) {
  if (auto e = requireFloat32(args)) return e;
  copyInputToOutput(args);
  HostTensor& y = args.outputs[0];
  int64_t row = y.rank() ? y.shape().back() : 1;
  return applyActivation(args.layer->attr("activation"), outputData(args, 0), y.elementCount(), row,
                         args.options.kerasMajor);
}

std::optional<Error> identity(KernelArgs& args) {
  copyInputToOutput(args);
  return std::nullopt;
}

}  // namespace

void registerCoreKernels(KernelRegistry& registry) {
  registry.addLayer("Dense", {dense, MaskRule::PassThrough});
  registry.addLayer("Activation", {activation, MaskRule::PassThrough, /*inPlace=*/true});
  // Identity at inference: Keras applies noise and dropout only with training=True.
  for (const char* name : {"Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
                           "GaussianDropout", "AlphaDropout", "ActivityRegularization", "Identity"})
    registry.addLayer(name, {identity, MaskRule::PassThrough, /*inPlace=*/true});
}

}  // namespace graphlint
