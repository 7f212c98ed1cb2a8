// Kernels of the core layers: Dense, Activation, Identity, and the random image augmentations,
// which are the identity at inference. Dropout and the noise layers are in Regularization.cpp.

#include "executor/kernels/ActivationMath.h"
#include "executor/kernels/KernelUtil.h"
#include "executor/kernels/Projection.h"

namespace graphlint {
namespace {

/// y = activation(x @ kernel + bias) over the last axis; leading axes are rows. Input 0 may
/// be the ids of a one_hot (KernelArgs::oneHotDepth): the product is then a row gather.
std::optional<Error> dense(KernelArgs& args) {
  bool useBias = args.layer->boolAttr("use_bias");
  if (auto e = requireWeights(args, useBias ? 2 : 1)) return e;
  for (const HostTensor* w : args.weights)
    if (w->elementType() != ElementType::Float32) return makeError("weight " + w->describe() + " is not float32");
  HostTensor& y = args.outputs[0];
  if (y.elementType() != ElementType::Float32) return makeError("output " + y.describe() + " is not float32");
  const HostTensor& kernel = *args.weights[0];
  int64_t in = kernel.shape()[0], units = kernel.shape()[1];
  int64_t rows = units == 0 ? 0 : y.elementCount() / units;
  float* out = outputData(args, 0);
  if (auto e = projectRows(*args.inputs[0], args.oneHotDepth, kernel.data<float>().data(), rows, in, units, out))
    return e;
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
  registry.addLayer("Dense", {dense, MaskRule::PassThrough, /*inPlace=*/false, /*readsOneHotIds=*/true});
  registry.addLayer("Activation", {activation, MaskRule::PassThrough, /*inPlace=*/true});
  registry.addLayer("Identity", {identity, MaskRule::PassThrough, /*inPlace=*/true});
  // The random image augmentations transform only when training (Keras 2 and 3 return the
  // images unchanged otherwise). RandomCrop is not among them: at inference it smart-resizes
  // to its size; AutoContrast and CLAHE always apply (all in Image*.cpp).
  for (const char* name : {"RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomShear",
                           "RandomPerspective", "RandomElasticTransform", "RandomErasing", "RandomContrast",
                           "RandomBrightness", "RandomColorDegeneration", "RandomColorJitter", "RandomGaussianBlur",
                           "RandomGrayscale", "RandomHue", "RandomInvert", "RandomPosterization", "RandomSaturation",
                           "RandomSharpness", "Solarization", "MixUp", "CutMix", "RandAugment", "AugMix"})
    registry.addLayer(name, {identity, MaskRule::Drop, /*inPlace=*/true});
}

}  // namespace graphlint
