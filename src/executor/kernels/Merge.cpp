// Kernels of the merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum,
// Concatenate and Dot, with Keras' mask merging.

#include <algorithm>
#include <cmath>
#include <cstring>

#include "catalogue/ShapeRules.h"
#include "executor/Gemm.h"
#include "executor/kernels/KernelUtil.h"

namespace graphlint {
namespace {

enum class Combine { Add, Subtract, Multiply, Average, Maximum, Minimum };

float combine(Combine how, float a, float b) {
  switch (how) {
    case Combine::Add:
    case Combine::Average: return a + b;
    case Combine::Subtract: return a - b;
    case Combine::Multiply: return a * b;
    case Combine::Maximum: return std::max(a, b);
    case Combine::Minimum: return std::min(a, b);
  }
  return a;
}

/// Elementwise merges mask a timestep only where every input masks it: the output mask is
/// the AND of the input masks that exist.
void mergeMasksByAnd(KernelArgs& args) {
  std::optional<HostTensor> merged;
  for (MaskRef m : args.inputMasks) {
    if (!m) continue;
    if (!merged) {
      merged = *m;
      continue;
    }
    if (m->shape() != merged->shape()) continue;
    for (int64_t i = 0; i < merged->elementCount(); ++i)
      merged->data<bool>()[i] = merged->data<bool>()[i] && m->data<bool>()[i];
  }
  for (auto& out : args.outputMasks) out = merged;
}

/// Folds the inputs left to right with broadcasting, as Keras' merge layers apply the op pairwise.
KernelFn elementwise(Combine how) {
  return [how](KernelArgs& args) -> std::optional<Error> {
    if (auto e = requireFloat32(args)) return e;
    HostTensor& y = args.outputs[0];
    const std::vector<int64_t>& outShape = y.shape();
    std::vector<float> acc(static_cast<size_t>(y.elementCount()));
    {
      std::vector<int64_t> first = broadcastStrides(args.inputs[0]->shape(), outShape);
      const float* a = inputData(args, 0);
      forEachBroadcast(outShape, first, first, [&](int64_t o, int64_t i, int64_t) { acc[o] = a[i]; });
    }
    for (size_t k = 1; k < args.inputs.size(); ++k) {
      std::vector<int64_t> strides = broadcastStrides(args.inputs[k]->shape(), outShape);
      const float* b = inputData(args, k);
      forEachBroadcast(outShape, strides, strides, [&](int64_t o, int64_t i, int64_t) { acc[o] = combine(how, acc[o], b[i]); });
    }
    if (how == Combine::Average)
      for (float& v : acc) v /= static_cast<float>(args.inputs.size());
    std::memcpy(outputData(args, 0), acc.data(), acc.size() * sizeof(float));
    mergeMasksByAnd(args);
    return std::nullopt;
  };
}

/// Concatenation along `axis` of tensors of any one element type.
std::optional<Error> concatenate(KernelArgs& args) {
  HostTensor& y = args.outputs[0];
  std::optional<size_t> axis = normalizeAxis(args.layer->intAttr("axis"), y.rank());
  if (!axis) return makeError("axis " + std::to_string(args.layer->intAttr("axis")) + " is out of range");
  for (const HostTensor* in : args.inputs)
    if (in->elementType() != y.elementType())
      return makeError("input " + in->describe() + " differs in type from the output " + y.describe());
  size_t itemSize = elementByteSize(y.elementType());
  int64_t outer = productOf(y.shape(), 0, *axis);
  int64_t outRow = productOf(y.shape(), *axis, y.rank()) * static_cast<int64_t>(itemSize);
  uint8_t* out = y.bytes().data();
  int64_t offset = 0;
  for (const HostTensor* in : args.inputs) {
    int64_t row = productOf(in->shape(), *axis, in->rank()) * static_cast<int64_t>(itemSize);
    const uint8_t* src = in->bytes().data();
    for (int64_t o = 0; o < outer; ++o) std::memcpy(out + o * outRow + offset, src + o * row, static_cast<size_t>(row));
    offset += row;
  }

  // Masks: absent ones count as all-true over the input's shape; the joined mask reduces
  // over the last axis (Keras 3: any, Keras 2: all).
  bool anyMask = std::any_of(args.inputMasks.begin(), args.inputMasks.end(), [](MaskRef m) { return m != nullptr; });
  if (!anyMask) return std::nullopt;
  std::vector<int64_t> maskShape(y.shape().begin(), y.shape().end() - 1);
  Result<HostTensor> mask = HostTensor::zeros(ElementType::Bool, maskShape);
  if (!mask) return mask.error();
  int64_t last = y.shape().back();
  int64_t rows = productOf(maskShape, 0, maskShape.size());
  std::vector<uint8_t> full(static_cast<size_t>(y.elementCount()), 1);
  offset = 0;
  for (size_t k = 0; k < args.inputs.size(); ++k) {
    const HostTensor& in = *args.inputs[k];
    int64_t row = productOf(in.shape(), *axis, in.rank());
    MaskRef m = args.inputMasks[k];
    if (m) {
      // The mask covers the input's leading axes; every trailing element shares its value.
      int64_t per = in.elementCount() / std::max<int64_t>(m->elementCount(), 1);
      for (int64_t o = 0; o < outer; ++o)
        for (int64_t j = 0; j < row; ++j)
          full[static_cast<size_t>(o * productOf(y.shape(), *axis, y.rank()) + offset + j)] =
              m->data<bool>()[(o * row + j) / per];
    }
    offset += row;
  }
  bool keras3 = args.options.kerasMajor >= 3;
  for (int64_t r = 0; r < rows; ++r) {
    bool value = !keras3;
    for (int64_t j = 0; j < last; ++j) value = keras3 ? (value || full[r * last + j]) : (value && full[r * last + j]);
    mask->data<bool>()[r] = value;
  }
  args.outputMasks[0] = std::move(*mask);
  return std::nullopt;
}

/// Keras' batch_dot: per sample, contract axis a of the first input with axis b of the
/// second; `normalize` L2-normalizes both along those axes first (epsilon 1e-12 on the norm).
std::optional<Error> dot(KernelArgs& args) {
  if (auto e = requireFloat32(args)) return e;
  const HostTensor& x = *args.inputs[0];
  const HostTensor& z = *args.inputs[1];
  const Value& axesValue = args.layer->attr("axes");
  int64_t given[2];
  for (size_t i = 0; i < 2; ++i) given[i] = axesValue.isInt() ? axesValue.asInt() : axesValue.items()[i].asInt();
  size_t axes[2];
  for (size_t i = 0; i < 2; ++i) {
    std::optional<size_t> a = normalizeAxis(given[i], args.inputs[i]->rank());
    if (!a || *a == 0) return makeError("Dot axis " + std::to_string(given[i]) + " is not a non-batch axis");
    axes[i] = *a;
  }
  // Each input as (batch, rest, k) and (batch, k, rest): move the contracted axis last or first.
  auto arranged = [](const HostTensor& t, size_t axis, bool axisLast) {
    std::vector<size_t> perm = {0};
    if (!axisLast) perm.push_back(axis);
    for (size_t d = 1; d < t.rank(); ++d)
      if (d != axis) perm.push_back(d);
    if (axisLast) perm.push_back(axis);
    std::vector<float> out(static_cast<size_t>(t.elementCount()));
    transposeInto(t.bytes().data(), t.shape(), perm, sizeof(float), reinterpret_cast<uint8_t*>(out.data()));
    return out;
  };
  std::vector<float> a = arranged(x, axes[0], true);
  std::vector<float> b = arranged(z, axes[1], false);
  int64_t batch = x.shape()[0], k = x.shape()[axes[0]];
  int64_t m = x.elementCount() / std::max<int64_t>(batch * k, 1);
  int64_t n = z.elementCount() / std::max<int64_t>(batch * k, 1);
  if (args.layer->boolAttr("normalize")) {
    // a: rows of k contiguous values; b: columns strided by n.
    for (int64_t r = 0; r < batch * m; ++r) {
      double s = 0;
      for (int64_t j = 0; j < k; ++j) s += double(a[r * k + j]) * a[r * k + j];
      float inv = 1.0f / static_cast<float>(std::sqrt(std::max(s, 1e-12)));
      for (int64_t j = 0; j < k; ++j) a[r * k + j] *= inv;
    }
    for (int64_t s0 = 0; s0 < batch; ++s0)
      for (int64_t c = 0; c < n; ++c) {
        float* base = b.data() + s0 * k * n + c;
        double s = 0;
        for (int64_t j = 0; j < k; ++j) s += double(base[j * n]) * base[j * n];
        float inv = 1.0f / static_cast<float>(std::sqrt(std::max(s, 1e-12)));
        for (int64_t j = 0; j < k; ++j) base[j * n] *= inv;
      }
  }
  float* out = outputData(args, 0);
  for (int64_t s0 = 0; s0 < batch; ++s0)
    sgemm(false, false, m, n, k, 1.0f, a.data() + s0 * m * k, k, b.data() + s0 * k * n, n, 0.0f, out + s0 * m * n, n);
  return std::nullopt;
}

}  // namespace

void registerMergeKernels(KernelRegistry& registry) {
  registry.addLayer("Add", {elementwise(Combine::Add), MaskRule::Computed});
  registry.addLayer("Subtract", {elementwise(Combine::Subtract), MaskRule::Computed});
  registry.addLayer("Multiply", {elementwise(Combine::Multiply), MaskRule::Computed});
  registry.addLayer("Average", {elementwise(Combine::Average), MaskRule::Computed});
  registry.addLayer("Maximum", {elementwise(Combine::Maximum), MaskRule::Computed});
  registry.addLayer("Minimum", {elementwise(Combine::Minimum), MaskRule::Computed});
  registry.addLayer("Concatenate", {concatenate, MaskRule::Computed});
  registry.addLayer("Dot", {dot, MaskRule::Drop});
}

}  // namespace graphlint
