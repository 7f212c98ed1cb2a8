// Kernels of the reducing ops of the op catalogue: sum, mean, max, min, prod, any, all, std,
// var and logsumexp over an axis or axes (keepdims only changes the output's shape, which
// shape inference gave), moments, argmax and argmin, top_k, cumsum and cumprod.
//
// Float sums accumulate in double, so they may differ from a float32 backend in the last
// bits, within the executor's tolerance; integer sums and products wrap as NumPy's do.

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <type_traits>

#include "executor/kernels/OpUtil.h"

namespace graphlint {
namespace {

template <class T>
T wrapAdd(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
  } else {
    return a + b;
  }
}
template <class T>
T wrapMul(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    using U = std::make_unsigned_t<T>;
    using Wide = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, U>;
    return static_cast<T>(static_cast<Wide>(static_cast<U>(a)) * static_cast<Wide>(static_cast<U>(b)));
  } else {
    return a * b;
  }
}

template <class T>
bool isNan(T x) {
  if constexpr (std::is_floating_point_v<T>) return std::isnan(x);
  else return false;
}

/// For each element of `in` (C order), the flat index of the output element it reduces into.
std::vector<int64_t> outputStrides(const std::vector<int64_t>& in, const std::vector<size_t>& axes) {
  std::vector<int64_t> kept = in;
  for (size_t a : axes) kept[a] = 1;
  return broadcastStrides(kept, in);
}

enum class Reduce { Sum, Mean, Max, Min, Prod, Any, All, Std, Var, LogSumExp };

bool isFloatReduction(Reduce how) {
  return how == Reduce::Mean || how == Reduce::Std || how == Reduce::Var || how == Reduce::LogSumExp;
}

KernelFn reduction(Reduce how) {
  return [how](KernelArgs& args) -> std::optional<Error> {
    const HostTensor& x = *args.inputs[0];
    HostTensor& out = args.outputs[0];
    Result<std::vector<size_t>> axes = resolveAxes(opArg(args, "axis"), x.rank());
    if (!axes) return axes.error();
    int64_t count = 1;
    for (size_t a : *axes) count *= x.shape()[a];
    int64_t outCount = out.elementCount();
    std::vector<int64_t> target = outputStrides(x.shape(), *axes);
    std::vector<int64_t> none(x.rank(), 0);
    bool logic = how == Reduce::Any || how == Reduce::All;
    ElementType compute = logic ? ElementType::Bool : out.elementType();
    if (isFloatReduction(how) && !isFloatElement(compute))
      return makeError(args.op->op + " gives floats, but the output is " + out.describe());
    Result<TypedInput> typed = TypedInput::of(x, compute);
    if (!typed) return typed.error();
    const Value* initial = opArg(args, "initial");
    if (initial && !initial->isNull() && !initial->isNumber())
      return makeError("initial " + initial->str() + " is not a number");
    bool hasInitial = initial && initial->isNumber();
    if (count == 0 && outCount > 0 && (how == Reduce::Max || how == Reduce::Min) && !hasInitial)
      return makeError(args.op->op + " of an empty axis has no value; give `initial`");

    auto body = [&](auto tag) -> std::optional<Error> {
      using T = typename decltype(tag)::type;
      const T* in = typed->template data<T>().data();
      T* o = out.data<T>().data();
      auto visitAll = [&](auto visit) {
        forEachBroadcast(x.shape(), target, none, [&](int64_t i, int64_t j, int64_t) { visit(j, in[i]); });
      };
      if constexpr (std::is_same_v<T, bool>) {
        if (!logic) return makeError(args.op->op + " of bool tensors: cast them to a number type first");
        bool all = how == Reduce::All;
        std::fill(o, o + outCount, all);
        visitAll([&](int64_t j, bool v) { o[j] = all ? (o[j] && v) : (o[j] || v); });
        return std::nullopt;
      } else {
        using Acc = std::conditional_t<std::is_floating_point_v<T>, double, T>;
        std::vector<Acc> acc(static_cast<size_t>(outCount));
        switch (how) {
          case Reduce::Sum:
          case Reduce::Mean:
            std::fill(acc.begin(), acc.end(), Acc(0));
            visitAll([&](int64_t j, T v) { acc[j] = wrapAdd<Acc>(acc[j], static_cast<Acc>(v)); });
            for (int64_t j = 0; j < outCount; ++j)
              o[j] = how == Reduce::Mean ? static_cast<T>(acc[j] / static_cast<double>(count)) : static_cast<T>(acc[j]);
            return std::nullopt;
          case Reduce::Prod:
            std::fill(acc.begin(), acc.end(), Acc(1));
            visitAll([&](int64_t j, T v) { acc[j] = wrapMul<Acc>(acc[j], static_cast<Acc>(v)); });
            for (int64_t j = 0; j < outCount; ++j) o[j] = static_cast<T>(acc[j]);
            return std::nullopt;
          case Reduce::Max:
          case Reduce::Min: {
            bool max = how == Reduce::Max;
            T start = hasInitial ? static_cast<T>(initial->asNumber())
                                 : max ? std::numeric_limits<T>::lowest() : std::numeric_limits<T>::max();
            if constexpr (std::is_floating_point_v<T>)
              if (!hasInitial) start = max ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
            std::fill(o, o + outCount, start);
            // NaN wins, as NumPy's max and min propagate it.
            visitAll([&](int64_t j, T v) {
              if (isNan(o[j])) return;
              if (isNan(v) || (max ? v > o[j] : v < o[j])) o[j] = v;
            });
            return std::nullopt;
          }
          case Reduce::Std:
          case Reduce::Var: {
            std::vector<double> mean(static_cast<size_t>(outCount), 0.0), squares(static_cast<size_t>(outCount), 0.0);
            visitAll([&](int64_t j, T v) { mean[j] += static_cast<double>(v); });
            for (double& m : mean) m /= static_cast<double>(count);
            visitAll([&](int64_t j, T v) {
              double d = static_cast<double>(v) - mean[j];
              squares[j] += d * d;
            });
            for (int64_t j = 0; j < outCount; ++j) {
              double var = squares[j] / static_cast<double>(count);
              o[j] = static_cast<T>(how == Reduce::Std ? std::sqrt(var) : var);
            }
            return std::nullopt;
          }
          case Reduce::LogSumExp: {
            std::vector<double> top(static_cast<size_t>(outCount), -std::numeric_limits<double>::infinity());
            std::vector<double> sum(static_cast<size_t>(outCount), 0.0);
            visitAll([&](int64_t j, T v) { top[j] = std::max(top[j], static_cast<double>(v)); });
            visitAll([&](int64_t j, T v) {
              if (std::isfinite(top[j])) sum[j] += std::exp(static_cast<double>(v) - top[j]);
            });
            for (int64_t j = 0; j < outCount; ++j)
              o[j] = static_cast<T>(std::isfinite(top[j]) ? top[j] + std::log(sum[j]) : top[j]);
            return std::nullopt;
          }
          case Reduce::Any:
          case Reduce::All: break;
        }
        return makeError(args.op->op + " computes on bool tensors");
      }
    };
    return withElementType(compute, body);
  };
}

/// moments(x, axes): the mean and the variance over the axes, as tf.nn.moments computes them
/// (Keras' TensorFlow backend calls it): the mean first, rounded to x's type, then the mean of
/// the squared differences from that rounded mean. Float inputs only.
std::optional<Error> moments(KernelArgs& args) {
  const HostTensor& x = *args.inputs[0];
  if (args.outputs.size() != 2) return makeError("moments gives a mean and a variance, not " + std::to_string(args.outputs.size()) + " tensors");
  HostTensor& meanOut = args.outputs[0];
  HostTensor& varianceOut = args.outputs[1];
  Result<std::vector<size_t>> axes = resolveAxes(opArg(args, "axes"), x.rank());
  if (!axes) return axes.error();
  if (meanOut.elementType() != x.elementType() || varianceOut.elementType() != x.elementType() ||
      meanOut.elementCount() != varianceOut.elementCount())
    return makeError("moments of " + x.describe() + " cannot give " + meanOut.describe() + " and " + varianceOut.describe());
  int64_t count = 1;
  for (size_t a : *axes) count *= x.shape()[a];
  std::vector<int64_t> target = outputStrides(x.shape(), *axes);
  std::vector<int64_t> none(x.rank(), 0);
  return withFloatType(x.elementType(), [&](auto tag) -> std::optional<Error> {
    using T = typename decltype(tag)::type;
    const T* in = x.data<T>().data();
    T* mean = meanOut.data<T>().data();
    T* variance = varianceOut.data<T>().data();
    size_t outCount = static_cast<size_t>(meanOut.elementCount());
    std::vector<double> sums(outCount, 0.0), squares(outCount, 0.0);
    auto visitAll = [&](auto visit) {
      forEachBroadcast(x.shape(), target, none, [&](int64_t i, int64_t j, int64_t) { visit(j, in[i]); });
    };
    visitAll([&](int64_t j, T v) { sums[static_cast<size_t>(j)] += static_cast<double>(v); });
    for (size_t j = 0; j < outCount; ++j) mean[j] = static_cast<T>(sums[j] / static_cast<double>(count));
    visitAll([&](int64_t j, T v) {
      double d = static_cast<double>(v) - static_cast<double>(mean[j]);
      squares[static_cast<size_t>(j)] += d * d;
    });
    for (size_t j = 0; j < outCount; ++j) variance[j] = static_cast<T>(squares[j] / static_cast<double>(count));
    return std::nullopt;
  });
}

/// The op's `axis` argument as a split of x: one axis, or the whole tensor flattened when the
/// axis is None (NumPy's and Keras' convention for argmax, argmin, cumsum and cumprod).
Result<AxisSplit> oneAxisOrFlattened(const KernelArgs& args, const HostTensor& x) {
  const Value* axisArg = opArg(args, "axis");
  if (!axisArg || axisArg->isNull()) return AxisSplit{1, x.elementCount(), 1};
  if (!axisArg->isInt()) return makeError(args.op->op + " takes one axis, got " + axisArg->str());
  Result<size_t> axis = resolveAxis(axisArg->asInt(), x.rank());
  if (!axis) return axis.error();
  return splitAround(x.shape(), *axis);
}

/// argmax / argmin: the index of the first extreme along one axis, or of the flattened tensor
/// when axis is None; NaN counts as the extreme, as in NumPy.
KernelFn argReduction(bool max) {
  return [max](KernelArgs& args) -> std::optional<Error> {
    const HostTensor& x = *args.inputs[0];
    HostTensor& out = args.outputs[0];
    Result<AxisSplit> split = oneAxisOrFlattened(args, x);
    if (!split) return split.error();
    AxisSplit s = *split;
    if (s.size == 0) return makeError(args.op->op + " of an empty axis has no index");
    std::vector<int64_t> found(static_cast<size_t>(s.outer * s.inner));
    std::optional<Error> failed = withElementType(x.elementType(), [&](auto tag) -> std::optional<Error> {
      using T = typename decltype(tag)::type;
      const T* in = x.data<T>().data();
      for (int64_t a = 0; a < s.outer; ++a)
        for (int64_t b = 0; b < s.inner; ++b) {
          const T* row = in + a * s.size * s.inner + b;
          int64_t best = 0;
          for (int64_t k = 1; k < s.size && !isNan(row[best * s.inner]); ++k) {
            T v = row[k * s.inner];
            if (isNan(v) || (max ? v > row[best * s.inner] : v < row[best * s.inner])) best = k;
          }
          found[static_cast<size_t>(a * s.inner + b)] = best;
        }
      return std::nullopt;
    });
    if (failed) return failed;
    if (static_cast<int64_t>(found.size()) != out.elementCount())
      return makeError("the output " + out.describe() + " does not hold one index per reduced row");
    Result<HostTensor> indices = HostTensor::fromValues<int64_t>({static_cast<int64_t>(found.size())}, found);
    if (!indices) return indices.error();
    convertElements(*indices, out);
    return std::nullopt;
  };
}

/// top_k(x, k): the k largest entries of the last axis, largest first (ties: lower index
/// first), and their int32 indices.
std::optional<Error> topK(KernelArgs& args) {
  const HostTensor& x = *args.inputs[0];
  if (args.outputs.size() != 2) return makeError("top_k gives values and indices, got " + std::to_string(args.outputs.size()) + " outputs");
  if (x.rank() == 0) return makeError("top_k needs an input of rank 1 or more");
  HostTensor& values = args.outputs[0];
  HostTensor& indices = args.outputs[1];
  int64_t n = x.shape().back();
  int64_t k = values.shape().back();
  if (k > n) return makeError("k = " + std::to_string(k) + " is more than the " + std::to_string(n) + " entries of the last axis");
  Result<TypedInput> typed = TypedInput::of(x, values.elementType());
  if (!typed) return typed.error();
  int64_t rows = n == 0 ? 0 : x.elementCount() / n;
  std::vector<int64_t> picked(static_cast<size_t>(rows * k));
  std::optional<Error> failed = withElementType(values.elementType(), [&](auto tag) -> std::optional<Error> {
    using T = typename decltype(tag)::type;
    const T* in = typed->template data<T>().data();
    T* o = values.data<T>().data();
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t r = 0; r < rows; ++r) {
      const T* row = in + r * n;
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
        if (isNan(row[a]) || isNan(row[b])) return isNan(row[a]) && !isNan(row[b]);
        return row[a] > row[b];
      });
      for (int64_t j = 0; j < k; ++j) {
        o[r * k + j] = row[order[static_cast<size_t>(j)]];
        picked[static_cast<size_t>(r * k + j)] = order[static_cast<size_t>(j)];
      }
    }
    return std::nullopt;
  });
  if (failed) return failed;
  Result<HostTensor> found = HostTensor::fromValues<int64_t>({static_cast<int64_t>(picked.size())}, picked);
  if (!found) return found.error();
  convertElements(*found, indices);
  return std::nullopt;
}

/// cumsum / cumprod along an axis, or over the flattened tensor when axis is None.
KernelFn cumulative(bool product) {
  return [product](KernelArgs& args) -> std::optional<Error> {
    const HostTensor& x = *args.inputs[0];
    HostTensor& out = args.outputs[0];
    if (out.elementCount() != x.elementCount())
      return makeError("the output " + out.describe() + " does not hold one value per input element of " + x.describe());
    Result<AxisSplit> split = oneAxisOrFlattened(args, x);
    if (!split) return split.error();
    AxisSplit s = *split;
    Result<TypedInput> typed = TypedInput::of(x, out.elementType());
    if (!typed) return typed.error();
    return withNumericType(out.elementType(), [&](auto tag) -> std::optional<Error> {
      using T = typename decltype(tag)::type;
      const T* in = typed->template data<T>().data();
      T* o = out.data<T>().data();
      for (int64_t a = 0; a < s.outer; ++a)
        for (int64_t b = 0; b < s.inner; ++b) {
          int64_t base = a * s.size * s.inner + b;
          T running = product ? T(1) : T(0);
          for (int64_t k = 0; k < s.size; ++k) {
            T v = in[base + k * s.inner];
            running = product ? wrapMul(running, v) : wrapAdd(running, v);
            o[base + k * s.inner] = running;
          }
        }
      return std::nullopt;
    });
  };
}

}  // namespace

void registerOpReductionKernels(KernelRegistry& registry) {
  registry.addOp("reduce_sum", {reduction(Reduce::Sum)});
  registry.addOp("reduce_mean", {reduction(Reduce::Mean)});
  registry.addOp("reduce_max", {reduction(Reduce::Max)});
  registry.addOp("reduce_min", {reduction(Reduce::Min)});
  registry.addOp("reduce_prod", {reduction(Reduce::Prod)});
  registry.addOp("reduce_any", {reduction(Reduce::Any)});
  registry.addOp("reduce_all", {reduction(Reduce::All)});
  registry.addOp("reduce_std", {reduction(Reduce::Std)});
  registry.addOp("reduce_variance", {reduction(Reduce::Var)});
  registry.addOp("reduce_logsumexp", {reduction(Reduce::LogSumExp)});
  registry.addOp("argmax", {argReduction(true)});
  registry.addOp("argmin", {argReduction(false)});
  registry.addOp("top_k", {topK});
  registry.addOp("moments", {moments});
  registry.addOp("cumsum", {cumulative(false)});
  registry.addOp("cumprod", {cumulative(true)});
}

}  // namespace graphlint
