// Kernels of the op catalogue's ops that normalize along axes: softmax and log_softmax,
// normalize (l2_normalize) and batch_normalization, for float32 and float64.

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "executor/kernels/OpUtil.h"

namespace graphlint {
namespace {

/// softmax / log_softmax along `axis`, the row maximum removed first.
KernelFn softmaxAlong(bool logarithm) {
  return [logarithm](KernelArgs& args) -> std::optional<Error> {
    HostTensor& out = args.outputs[0];
    Result<TypedInput> x = TypedInput::of(*args.inputs[0], out.elementType());
    if (!x) return x.error();
    // One axis, or a list of one (jax.nn.softmax accepts a tuple).
    const Value* axisArg = opArg(args, "axis");
    if (axisArg && axisArg->isList() && axisArg->items().size() == 1) axisArg = &axisArg->items().front();
    if (axisArg && !axisArg->isInt() && !axisArg->isNull())
      return makeError(args.op->op + " over axis " + axisArg->str() + " is not supported: give one axis");
    Result<size_t> axis = resolveAxis(axisArg && axisArg->isInt() ? axisArg->asInt() : -1, out.rank());
    if (!axis) return axis.error();
    AxisSplit s = splitAround(out.shape(), *axis);
    return withFloatType(out.elementType(), [&](auto tag) -> std::optional<Error> {
      using T = typename decltype(tag)::type;
      const T* in = x->template data<T>().data();
      T* o = out.data<T>().data();
      for (int64_t a = 0; a < s.outer; ++a)
        for (int64_t b = 0; b < s.inner; ++b) {
          int64_t base = a * s.size * s.inner + b;
          T top = -std::numeric_limits<T>::infinity();
          for (int64_t k = 0; k < s.size; ++k) top = std::max(top, in[base + k * s.inner]);
          T sum = 0;
          for (int64_t k = 0; k < s.size; ++k) sum += std::exp(in[base + k * s.inner] - top);
          for (int64_t k = 0; k < s.size; ++k) {
            T shifted = in[base + k * s.inner] - top;
            o[base + k * s.inner] = logarithm ? shifted - std::log(sum) : std::exp(shifted) / sum;
          }
        }
      return std::nullopt;
    });
  };
}

/// normalize(x, axis, order=2, epsilon): x / max(||x||, epsilon) along the axis; Keras'
/// epsilon defaults to its backend epsilon, 1e-7.
std::optional<Error> normalize(KernelArgs& args) {
  if (opIntArg(args, "order", 2) != 2) return makeError("normalize supports order 2 only");
  HostTensor& out = args.outputs[0];
  Result<TypedInput> x = TypedInput::of(*args.inputs[0], out.elementType());
  if (!x) return x.error();
  Result<size_t> axis = resolveAxis(opIntArg(args, "axis", -1), out.rank());
  if (!axis) return axis.error();
  double epsilon = opNumberArg(args, "epsilon", 1e-7);
  AxisSplit s = splitAround(out.shape(), *axis);
  return withFloatType(out.elementType(), [&](auto tag) -> std::optional<Error> {
    using T = typename decltype(tag)::type;
    const T* in = x->template data<T>().data();
    T* o = out.data<T>().data();
    for (int64_t a = 0; a < s.outer; ++a)
      for (int64_t b = 0; b < s.inner; ++b) {
        int64_t base = a * s.size * s.inner + b;
        T squares = 0;
        for (int64_t k = 0; k < s.size; ++k) squares += in[base + k * s.inner] * in[base + k * s.inner];
        T norm = std::max(std::sqrt(squares), static_cast<T>(epsilon));
        for (int64_t k = 0; k < s.size; ++k) o[base + k * s.inner] = in[base + k * s.inner] / norm;
      }
    return std::nullopt;
  });
}

/// batch_normalization(x, mean, variance, ...): (x - mean) / sqrt(variance + epsilon), mean and
/// variance broadcast against x; offset and scale only as constants.
std::optional<Error> batchNormalization(KernelArgs& args) {
  if (args.inputs.size() != 3)
    return makeError("batch_normalization with offset or scale tensors is not supported by this kernel");
  if (opArg(args, "offset") || opArg(args, "scale"))
    return makeError("batch_normalization's offset and scale must be tensors, not constant arguments");
  HostTensor& out = args.outputs[0];
  double epsilon = opNumberArg(args, "epsilon", 1e-3);
  return withFloatType(out.elementType(), [&](auto tag) -> std::optional<Error> {
    using T = typename decltype(tag)::type;
    std::vector<TypedInput> in;
    for (const HostTensor* t : args.inputs) {
      Result<TypedInput> typed = TypedInput::of(*t, out.elementType());
      if (!typed) return typed.error();
      in.push_back(std::move(*typed));
    }
    std::vector<std::vector<int64_t>> strides;
    for (const TypedInput& t : in) strides.push_back(broadcastStrides(t.shape(), out.shape()));
    const T* x = in[0].template data<T>().data();
    const T* mean = in[1].template data<T>().data();
    const T* variance = in[2].template data<T>().data();
    T* o = out.data<T>().data();
    forEachBroadcastN(out.shape(), strides, [&](int64_t i, const int64_t* at) {
      o[i] = (x[at[0]] - mean[at[1]]) / std::sqrt(variance[at[2]] + static_cast<T>(epsilon));
    });
    return std::nullopt;
  });
}

}  // namespace

void registerOpNormalizeKernels(KernelRegistry& registry) {
  // They read a row's statistics before writing it, each element after reading it, so they
  // may write over their input.
  registry.addOp("softmax", {softmaxAlong(false), MaskRule::Drop, /*inPlace=*/true});
  registry.addOp("log_softmax", {softmaxAlong(true), MaskRule::Drop, /*inPlace=*/true});
  registry.addOp("l2_normalize", {normalize, MaskRule::Drop, /*inPlace=*/true});
  registry.addOp("batch_normalization", {batchNormalization});
}

}  // namespace graphlint
