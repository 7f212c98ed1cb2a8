// Kernels of the layers that start a masked sequence: Embedding (a row gather, with the
// mask of mask_zero) and Masking (zeroes and masks the steps equal to mask_value).

#include <cmath>
#include <cstring>

#include "executor/Gemm.h"
#include "executor/kernels/KernelUtil.h"

namespace graphlint {
namespace {

/// The ids as int64. Float ids (Keras 2 files declare float inputs) are cast as Keras casts
/// them, truncating toward zero; a non-finite one is an error.
Result<std::vector<int64_t>> idsOf(const HostTensor& ids) {
  std::vector<int64_t> out(static_cast<size_t>(ids.elementCount()));
  switch (ids.elementType()) {
    case ElementType::Int8: for (size_t i = 0; i < out.size(); ++i) out[i] = ids.data<int8_t>()[i]; break;
    case ElementType::Int16: for (size_t i = 0; i < out.size(); ++i) out[i] = ids.data<int16_t>()[i]; break;
    case ElementType::Int32: for (size_t i = 0; i < out.size(); ++i) out[i] = ids.data<int32_t>()[i]; break;
    case ElementType::Int64: for (size_t i = 0; i < out.size(); ++i) out[i] = ids.data<int64_t>()[i]; break;
    case ElementType::UInt8: for (size_t i = 0; i < out.size(); ++i) out[i] = ids.data<uint8_t>()[i]; break;
    case ElementType::Bool: for (size_t i = 0; i < out.size(); ++i) out[i] = ids.data<bool>()[i] ? 1 : 0; break;
    default: {
      std::vector<float> values = toFloats(ids);
      for (size_t i = 0; i < out.size(); ++i) {
        // Beyond +-2^62 every id is out of range anyway; clamp before converting.
        if (!std::isfinite(values[i])) return makeError("id " + std::to_string(values[i]) + " is not a number");
        double v = std::trunc(static_cast<double>(values[i]));
        out[i] = v > 4e18 ? INT64_MAX : v < -4e18 ? INT64_MIN : static_cast<int64_t>(v);
      }
    }
  }
  return out;
}

/// Rows of the table for every id; Keras 3's LoRA adds scale * (a[id] @ b) to each row.
std::optional<Error> embedding(KernelArgs& args) {
  const HostTensor& idsTensor = *args.inputs[0];
  HostTensor& y = args.outputs[0];
  if (y.elementType() != ElementType::Float32) return makeError("output is " + y.describe() + "; expected float32");
  for (const HostTensor* w : args.weights)
    if (w->elementType() != ElementType::Float32) return makeError("weight " + w->describe() + " is not float32");
  const bool lora = args.weights.size() == 3;
  if (!lora)
    if (auto e = requireWeights(args, 1)) return e;
  const int64_t inputDim = args.layer->intAttr("input_dim"), outputDim = args.layer->intAttr("output_dim");
  if (args.weights[0]->shape() != std::vector<int64_t>{inputDim, outputDim})
    return makeError("embeddings have shape " + formatShape(args.weights[0]->shape()) + ", expected " +
                     formatShape({inputDim, outputDim}));
  Result<std::vector<int64_t>> ids = idsOf(idsTensor);
  if (!ids) return ids.error();
  const int64_t count = static_cast<int64_t>(ids->size());
  if (y.elementCount() != count * outputDim)
    return makeError("output " + y.describe() + " does not hold " + std::to_string(count) + " rows of " +
                     std::to_string(outputDim));
  const float* table = weightData(args, 0);
  float* out = outputData(args, 0);
  for (int64_t i = 0; i < count; ++i) {
    int64_t id = (*ids)[i];
    if (id < 0 || id >= inputDim)
      return makeError("id " + std::to_string(id) + " is out of range for input_dim " + std::to_string(inputDim) +
                       " (valid ids are 0 to " + std::to_string(inputDim - 1) + ")");
    std::memcpy(out + i * outputDim, table + id * outputDim, sizeof(float) * outputDim);
  }

  if (lora) {
    const HostTensor &a = *args.weights[1], &b = *args.weights[2];
    int64_t rank = b.shape().empty() ? 0 : b.shape()[0];
    if (a.shape() != std::vector<int64_t>{inputDim, rank} || b.shape() != std::vector<int64_t>{rank, outputDim})
      return makeError("LoRA weights have shapes " + formatShape(a.shape()) + " and " + formatShape(b.shape()) +
                       ", expected (" + std::to_string(inputDim) + ", r) and (r, " + std::to_string(outputDim) + ")");
    const Value& alpha = args.layer->attr("lora_alpha");
    float scale = alpha.isNumber() && rank > 0 ? static_cast<float>(alpha.asNumber() / static_cast<double>(rank)) : 1.0f;
    std::vector<float> gathered(static_cast<size_t>(count * rank));
    for (int64_t i = 0; i < count; ++i)
      std::memcpy(&gathered[i * rank], a.data<float>().data() + (*ids)[i] * rank, sizeof(float) * rank);
    if (count > 0 && rank > 0)
      sgemm(false, false, count, outputDim, rank, scale, gathered.data(), rank, b.data<float>().data(), outputDim,
            1.0f, out, outputDim);
  }

  args.outputMasks[0].reset();
  const Value& maskZero = args.layer->attr("mask_zero");
  if (maskZero.isBool() && maskZero.asBool()) {
    Result<HostTensor> mask = HostTensor::zeros(ElementType::Bool, idsTensor.shape());
    if (!mask) return mask.error();
    // Keras compares the ids as given (before any cast) with 0.
    std::vector<float> raw = toFloats(idsTensor);
    for (int64_t i = 0; i < count; ++i) mask->data<bool>()[i] = raw[i] != 0.0f;
    args.outputMasks[0] = std::move(*mask);
  }
  return std::nullopt;
}

/// y = x * any(x != mask_value, axis=-1); the any() is the output mask.
std::optional<Error> masking(KernelArgs& args) {
  if (auto e = requireFloat32(args)) return e;
  const HostTensor& x = *args.inputs[0];
  if (x.rank() < 1) return makeError("input " + x.describe() + " has no feature axis to compare");
  const Value& maskValue = args.layer->attr("mask_value");
  if (!maskValue.isNumber()) return makeError("mask_value " + maskValue.str() + " is not a number");
  const float value = static_cast<float>(maskValue.asNumber());
  const int64_t features = x.shape().back();
  const int64_t rows = productOf(x.shape(), 0, x.rank() - 1);
  std::vector<int64_t> maskShape(x.shape().begin(), x.shape().end() - 1);
  Result<HostTensor> mask = HostTensor::zeros(ElementType::Bool, maskShape);
  if (!mask) return mask.error();
  const float* in = inputData(args, 0);
  float* out = outputData(args, 0);
  for (int64_t r = 0; r < rows; ++r) {
    bool keep = false;
    for (int64_t f = 0; f < features && !keep; ++f) keep = in[r * features + f] != value;
    mask->data<bool>()[r] = keep;
    const float factor = keep ? 1.0f : 0.0f;
    for (int64_t f = 0; f < features; ++f) out[r * features + f] = in[r * features + f] * factor;
  }
  args.outputMasks[0] = std::move(*mask);
  return std::nullopt;
}

}  // namespace

void registerSequenceKernels(KernelRegistry& registry) {
  registry.addLayer("Embedding", {embedding, MaskRule::Computed});
  registry.addLayer("Masking", {masking, MaskRule::Computed, /*inPlace=*/true});
}

}  // namespace graphlint
