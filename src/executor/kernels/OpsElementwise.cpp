// Kernels of the element-wise ops of the op catalogue: unary math and activations, binary
// arithmetic with NumPy broadcasting, comparisons and logic (bool results), where, clip,
// cast and the *_like fills. Ops that normalize along axes are in OpsNormalize.cpp.
//
// Typing follows Keras 3: an output has the element type shape inference gave it; a
// constant argument (`x * 2.0` recorded as multiply(x, 2.0)) is a Python number, which takes
// the type of the tensor it meets (see weakTypeOf). Integer arithmetic wraps as NumPy's does
// instead of overflowing; integer division by zero gives 0 as NumPy's does.

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "executor/kernels/OpUtil.h"

namespace graphlint {
namespace {

// ---------------------------------------------------------------------------------------------
// Scalar arithmetic that never has undefined behaviour
// ---------------------------------------------------------------------------------------------

template <class T>
using Unsigned = std::make_unsigned_t<std::conditional_t<std::is_integral_v<T>, T, int>>;

template <class T>
T wrapAdd(T a, T b) {
  if constexpr (std::is_integral_v<T>) return static_cast<T>(static_cast<Unsigned<T>>(a) + static_cast<Unsigned<T>>(b));
  else return a + b;
}
template <class T>
T wrapSub(T a, T b) {
  if constexpr (std::is_integral_v<T>) return static_cast<T>(static_cast<Unsigned<T>>(a) - static_cast<Unsigned<T>>(b));
  else return a - b;
}
template <class T>
T wrapMul(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    // Unsigned types narrower than int promote to int, whose product of two 16-bit values fits.
    using Wide = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, Unsigned<T>>;
    return static_cast<T>(static_cast<Wide>(static_cast<Unsigned<T>>(a)) * static_cast<Wide>(static_cast<Unsigned<T>>(b)));
  } else {
    return a * b;
  }
}

/// Python's floor division: rounds toward negative infinity; integer division by 0 gives 0.
template <class T>
T floorDivide(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    if (b == 0) return 0;
    if constexpr (std::is_signed_v<T>)
      if (b == -1) return wrapSub<T>(0, a);  // the minimum divided by -1 wraps
    T q = static_cast<T>(a / b);
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
  } else {
    return std::floor(a / b);
  }
}

/// Python's modulo: the result takes the divisor's sign; integer modulo 0 gives 0.
template <class T>
T modulo(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    if (b == 0) return 0;
    if constexpr (std::is_signed_v<T>)
      if (b == -1) return 0;
    T r = static_cast<T>(a % b);
    if (r != 0 && ((r < 0) != (b < 0))) r = static_cast<T>(r + b);
    return r;
  } else {
    T r = std::fmod(a, b);
    if (r != 0 && ((r < 0) != (b < 0))) r += b;
    return r;
  }
}

template <class T>
T power(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    if constexpr (std::is_signed_v<T>)
      if (b < 0) return a == 1 ? 1 : a == -1 ? ((b % 2) ? -1 : 1) : 0;
    T result = 1, base = a;
    for (auto e = static_cast<Unsigned<T>>(b); e; e >>= 1) {
      if (e & 1) result = wrapMul(result, base);
      base = wrapMul(base, base);
    }
    return result;
  } else {
    return std::pow(a, b);
  }
}

template <class T>
bool isNan(T x) {
  if constexpr (std::is_floating_point_v<T>) return std::isnan(x);
  else return false;
}

/// NumPy's maximum and minimum propagate NaN.
template <class T>
T maximum(T a, T b) {
  if (isNan(a)) return a;
  if (isNan(b)) return b;
  return a > b ? a : b;
}
template <class T>
T minimum(T a, T b) {
  if (isNan(a)) return a;
  if (isNan(b)) return b;
  return a < b ? a : b;
}

// ---------------------------------------------------------------------------------------------
// Binary ops
// ---------------------------------------------------------------------------------------------

/// out[i] = f(a[i], b[i]) with NumPy broadcasting; a and b hold C, out holds R.
template <class C, class R, class F>
void broadcastBinary(const HostTensor& a, const HostTensor& b, HostTensor& out, F f) {
  const C* pa = a.data<C>().data();
  const C* pb = b.data<C>().data();
  R* po = out.data<R>().data();
  int64_t n = out.elementCount();
  if (a.shape() == out.shape() && b.shape() == out.shape()) {
    for (int64_t i = 0; i < n; ++i) po[i] = f(pa[i], pb[i]);
  } else if (a.shape() == out.shape() && b.elementCount() == 1) {
    C s = pb[0];
    for (int64_t i = 0; i < n; ++i) po[i] = f(pa[i], s);
  } else if (b.shape() == out.shape() && a.elementCount() == 1) {
    C s = pa[0];
    for (int64_t i = 0; i < n; ++i) po[i] = f(s, pb[i]);
  } else {
    forEachBroadcast(out.shape(), broadcastStrides(a.shape(), out.shape()), broadcastStrides(b.shape(), out.shape()),
                     [&](int64_t o, int64_t i, int64_t j) { po[o] = f(pa[i], pb[j]); });
  }
}

enum class Arith { Add, Subtract, Multiply, Divide, DivideNoNan, FloorDivide, Mod, Pow, Maximum, Minimum };

/// The type both operands meet in: NumPy's promotion of their types, constants typed after
/// the other operand.
ElementType operandType(const KernelArgs& args) {
  ElementType a = args.inputs[0]->elementType(), b = args.inputs[1]->elementType();
  return promoteTypes(weakTypeOf(args, 0, b), weakTypeOf(args, 1, a));
}

std::optional<Error> requireInputs(const KernelArgs& args, size_t count) {
  if (args.inputs.size() == count) return std::nullopt;
  return makeError(args.op->op + " takes " + std::to_string(count) + " tensors, got " + std::to_string(args.inputs.size()));
}

/// Computes in `compute` into a temporary when the output's type differs, then converts.
template <class Body>
std::optional<Error> intoOutput(KernelArgs& args, ElementType compute, Body body) {
  HostTensor& out = args.outputs[0];
  if (out.elementType() == compute) return body(out);
  Result<HostTensor> temp = HostTensor::zeros(compute, out.shape());
  if (!temp) return temp.error();
  if (auto e = body(*temp)) return e;
  convertElements(*temp, out);
  return std::nullopt;
}

KernelFn arithmetic(Arith how) {
  return [how](KernelArgs& args) -> std::optional<Error> {
    if (auto e = requireInputs(args, 2)) return e;
    ElementType compute = operandType(args);
    bool trueDivision = how == Arith::Divide || how == Arith::DivideNoNan;
    if (trueDivision && !isFloatElement(compute))
      compute = isFloatElement(args.outputs[0].elementType()) ? args.outputs[0].elementType() : ElementType::Float32;
    if (compute == ElementType::Bool && how != Arith::Maximum && how != Arith::Minimum && how != Arith::Multiply)
      return makeError(args.op->op + " of bool tensors: cast them to a number type first");
    Result<TypedInput> a = TypedInput::of(*args.inputs[0], compute);
    if (!a) return a.error();
    Result<TypedInput> b = TypedInput::of(*args.inputs[1], compute);
    if (!b) return b.error();
    return intoOutput(args, compute, [&](HostTensor& out) {
      return withElementType(compute, [&](auto tag) -> std::optional<Error> {
        using T = typename decltype(tag)::type;
        if constexpr (std::is_same_v<T, bool>) {
          auto f = how == Arith::Multiply || how == Arith::Minimum ? [](bool x, bool y) { return x && y; }
                                                                   : [](bool x, bool y) { return x || y; };
          broadcastBinary<bool, bool>(**a, **b, out, f);
          return std::nullopt;
        } else {
          switch (how) {
            case Arith::Add: broadcastBinary<T, T>(**a, **b, out, wrapAdd<T>); break;
            case Arith::Subtract: broadcastBinary<T, T>(**a, **b, out, wrapSub<T>); break;
            case Arith::Multiply: broadcastBinary<T, T>(**a, **b, out, wrapMul<T>); break;
            case Arith::Divide: broadcastBinary<T, T>(**a, **b, out, [](T x, T y) { return static_cast<T>(x / y); }); break;
            case Arith::DivideNoNan:
              broadcastBinary<T, T>(**a, **b, out, [](T x, T y) { return y == 0 ? T(0) : static_cast<T>(x / y); });
              break;
            case Arith::FloorDivide: broadcastBinary<T, T>(**a, **b, out, floorDivide<T>); break;
            case Arith::Mod: broadcastBinary<T, T>(**a, **b, out, modulo<T>); break;
            case Arith::Pow: broadcastBinary<T, T>(**a, **b, out, power<T>); break;
            case Arith::Maximum: broadcastBinary<T, T>(**a, **b, out, maximum<T>); break;
            case Arith::Minimum: broadcastBinary<T, T>(**a, **b, out, minimum<T>); break;
          }
          return std::nullopt;
        }
      });
    });
  };
}

enum class Compare { Equal, NotEqual, Greater, GreaterEqual, Less, LessEqual };

KernelFn comparison(Compare how) {
  return [how](KernelArgs& args) -> std::optional<Error> {
    if (auto e = requireInputs(args, 2)) return e;
    if (args.outputs[0].elementType() != ElementType::Bool)
      return makeError("comparisons give bool, but the output is " + args.outputs[0].describe());
    ElementType compute = operandType(args);
    Result<TypedInput> a = TypedInput::of(*args.inputs[0], compute);
    if (!a) return a.error();
    Result<TypedInput> b = TypedInput::of(*args.inputs[1], compute);
    if (!b) return b.error();
    return withElementType(compute, [&](auto tag) -> std::optional<Error> {
      using T = typename decltype(tag)::type;
      HostTensor& out = args.outputs[0];
      switch (how) {
        case Compare::Equal: broadcastBinary<T, bool>(**a, **b, out, [](T x, T y) { return x == y; }); break;
        case Compare::NotEqual: broadcastBinary<T, bool>(**a, **b, out, [](T x, T y) { return x != y; }); break;
        case Compare::Greater: broadcastBinary<T, bool>(**a, **b, out, [](T x, T y) { return x > y; }); break;
        case Compare::GreaterEqual: broadcastBinary<T, bool>(**a, **b, out, [](T x, T y) { return x >= y; }); break;
        case Compare::Less: broadcastBinary<T, bool>(**a, **b, out, [](T x, T y) { return x < y; }); break;
        case Compare::LessEqual: broadcastBinary<T, bool>(**a, **b, out, [](T x, T y) { return x <= y; }); break;
      }
      return std::nullopt;
    });
  };
}

enum class Logic { And, Or, Xor };

KernelFn logical(Logic how) {
  return [how](KernelArgs& args) -> std::optional<Error> {
    if (auto e = requireInputs(args, 2)) return e;
    if (args.outputs[0].elementType() != ElementType::Bool)
      return makeError("logical ops give bool, but the output is " + args.outputs[0].describe());
    Result<TypedInput> a = TypedInput::of(*args.inputs[0], ElementType::Bool);
    if (!a) return a.error();
    Result<TypedInput> b = TypedInput::of(*args.inputs[1], ElementType::Bool);
    if (!b) return b.error();
    switch (how) {
      case Logic::And: broadcastBinary<bool, bool>(**a, **b, args.outputs[0], [](bool x, bool y) { return x && y; }); break;
      case Logic::Or: broadcastBinary<bool, bool>(**a, **b, args.outputs[0], [](bool x, bool y) { return x || y; }); break;
      case Logic::Xor: broadcastBinary<bool, bool>(**a, **b, args.outputs[0], [](bool x, bool y) { return x != y; }); break;
    }
    return std::nullopt;
  };
}

/// where(condition, x1, x2): x1 where the condition holds, else x2, all broadcast.
std::optional<Error> where(KernelArgs& args) {
  if (args.inputs.size() != 3)
    return makeError("where with only a condition (the indices of its true entries) has a data-dependent shape; "
                     "give x1 and x2");
  HostTensor& out = args.outputs[0];
  Result<TypedInput> condition = TypedInput::of(*args.inputs[0], ElementType::Bool);
  if (!condition) return condition.error();
  Result<TypedInput> x1 = TypedInput::of(*args.inputs[1], out.elementType());
  if (!x1) return x1.error();
  Result<TypedInput> x2 = TypedInput::of(*args.inputs[2], out.elementType());
  if (!x2) return x2.error();
  std::vector<std::vector<int64_t>> strides = {broadcastStrides(condition->shape(), out.shape()),
                                               broadcastStrides(x1->shape(), out.shape()),
                                               broadcastStrides(x2->shape(), out.shape())};
  const bool* c = condition->data<bool>().data();
  size_t size = elementByteSize(out.elementType());
  const uint8_t* a = x1->bytes().data();
  const uint8_t* b = x2->bytes().data();
  uint8_t* o = out.bytes().data();
  forEachBroadcastN(out.shape(), strides, [&](int64_t i, const int64_t* at) {
    const uint8_t* from = c[at[0]] ? a + at[1] * static_cast<int64_t>(size) : b + at[2] * static_cast<int64_t>(size);
    std::memcpy(o + i * static_cast<int64_t>(size), from, size);
  });
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Unary ops
// ---------------------------------------------------------------------------------------------

/// out[i] = f(x[i]), the input converted to the output's type first. The output is any
/// numeric type, or with `floatOnly` float32 or float64 (integer inputs were promoted by the
/// op's dtype rule).
template <bool floatOnly, class MakeF>
KernelFn unary(MakeF makeF) {
  return [makeF](KernelArgs& args) -> std::optional<Error> {
    HostTensor& out = args.outputs[0];
    Result<TypedInput> x = TypedInput::of(*args.inputs[0], out.elementType());
    if (!x) return x.error();
    auto body = [&](auto tag) -> std::optional<Error> {
      using T = typename decltype(tag)::type;
      auto f = makeF(tag, args);
      const T* in = x->template data<T>().data();
      T* o = out.data<T>().data();
      for (int64_t i = 0; i < out.elementCount(); ++i) o[i] = static_cast<T>(f(in[i]));
      return std::nullopt;
    };
    if constexpr (floatOnly) return withFloatType(out.elementType(), body);
    else return withNumericType(out.elementType(), body);
  };
}

template <class MakeF>
KernelFn sameTypeUnary(MakeF makeF) {
  return unary<false>(makeF);
}

template <class MakeF>
KernelFn floatUnary(MakeF makeF) {
  return unary<true>(makeF);
}

/// A float function written once for float32 and float64 (no arguments).
#define GRAPHLINT_FLOAT_FN(expr)                                         \
  floatUnary([](auto tag, const KernelArgs&) {                            \
    using T = typename decltype(tag)::type;                              \
    return [](T x) -> T { return static_cast<T>(expr); };                \
  })

template <class T>
T sigmoidOf(T x) {
  return T(1) / (T(1) + std::exp(-x));
}
template <class T>
T softplusOf(T x) {
  return std::max(x, T(0)) + std::log1p(std::exp(-std::fabs(x)));
}

KernelFn roundOp() {
  return sameTypeUnary([](auto tag, const KernelArgs& args) {
    using T = typename decltype(tag)::type;
    int64_t decimals = opIntArg(args, "decimals", 0);
    return [decimals](T x) -> T {
      if constexpr (std::is_integral_v<T>) {
        if (decimals >= 0) return x;
        // Negative decimals round integers to tens, hundreds, ... (half to even).
        double scale = std::pow(10.0, static_cast<double>(-decimals));
        return static_cast<T>(std::nearbyint(static_cast<double>(x) / scale) * scale);
      } else {
        if (decimals == 0) return std::nearbyint(x);
        T scale = static_cast<T>(std::pow(10.0, static_cast<double>(decimals)));
        return std::nearbyint(x * scale) / scale;
      }
    };
  });
}

std::optional<Error> logicalNot(KernelArgs& args) {
  Result<TypedInput> x = TypedInput::of(*args.inputs[0], ElementType::Bool);
  if (!x) return x.error();
  if (args.outputs[0].elementType() != ElementType::Bool) return makeError("logical_not gives bool");
  for (int64_t i = 0; i < args.outputs[0].elementCount(); ++i) args.outputs[0].data<bool>()[i] = !x->data<bool>()[i];
  return std::nullopt;
}

/// cast(x, dtype): NumPy's astype (floats to integers truncate toward zero).
std::optional<Error> cast(KernelArgs& args) {
  if (!sharesStorage(*args.inputs[0], args.outputs[0])) convertElements(*args.inputs[0], args.outputs[0]);
  return std::nullopt;
}

/// ones_like / zeros_like / stop_gradient (the identity at inference).
KernelFn fill(int value) {
  return [value](KernelArgs& args) -> std::optional<Error> {
    HostTensor& out = args.outputs[0];
    Result<HostTensor> one = HostTensor::fromValues<int64_t>({}, {static_cast<int64_t>(value)});
    if (!one) return one.error();
    Result<HostTensor> typed = HostTensor::zeros(out.elementType(), {});
    if (!typed) return typed.error();
    convertElements(*one, *typed);
    size_t size = elementByteSize(out.elementType());
    for (int64_t i = 0; i < out.elementCount(); ++i)
      std::memcpy(out.bytes().data() + i * static_cast<int64_t>(size), typed->bytes().data(), size);
    return std::nullopt;
  };
}

std::optional<Error> identity(KernelArgs& args) {
  if (args.inputs[0]->elementType() != args.outputs[0].elementType()) return cast(args);
  copyInputToOutput(args);
  return std::nullopt;
}

/// clip(x, x_min, x_max): the bounds in the output's type.
std::optional<Error> clip(KernelArgs& args) {
  const Value* lo = opArg(args, "x_min");
  const Value* hi = opArg(args, "x_max");
  if (!lo || !hi || !lo->isNumber() || !hi->isNumber())
    return makeError("clip needs numeric x_min and x_max, got " + (lo ? lo->str() : std::string("none")) + " and " +
                     (hi ? hi->str() : std::string("none")));
  HostTensor& out = args.outputs[0];
  Result<TypedInput> x = TypedInput::of(*args.inputs[0], out.elementType());
  if (!x) return x.error();
  return withNumericType(out.elementType(), [&](auto tag) -> std::optional<Error> {
    using T = typename decltype(tag)::type;
    // Bounds beyond an integer type's range clamp to it (a float32 bound outside int8 would not fit).
    auto bound = [](double v) -> T {
      if constexpr (std::is_integral_v<T>) {
        if (v <= static_cast<double>(std::numeric_limits<T>::lowest())) return std::numeric_limits<T>::lowest();
        if (v >= static_cast<double>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
      }
      return static_cast<T>(v);
    };
    T low = bound(lo->asNumber()), high = bound(hi->asNumber());
    const T* in = x->template data<T>().data();
    T* o = out.data<T>().data();
    for (int64_t i = 0; i < out.elementCount(); ++i) o[i] = minimum(maximum(in[i], low), high);
    return std::nullopt;
  });
}

}  // namespace

void registerOpElementwiseKernels(KernelRegistry& registry) {
  registry.addOp("add", {arithmetic(Arith::Add)});
  registry.addOp("subtract", {arithmetic(Arith::Subtract)});
  registry.addOp("multiply", {arithmetic(Arith::Multiply)});
  registry.addOp("divide", {arithmetic(Arith::Divide)});
  registry.addOp("divide_no_nan", {arithmetic(Arith::DivideNoNan)});
  registry.addOp("floor_divide", {arithmetic(Arith::FloorDivide)});
  registry.addOp("mod", {arithmetic(Arith::Mod)});
  registry.addOp("pow", {arithmetic(Arith::Pow)});
  registry.addOp("maximum", {arithmetic(Arith::Maximum)});
  registry.addOp("minimum", {arithmetic(Arith::Minimum)});
  registry.addOp("equal", {comparison(Compare::Equal)});
  registry.addOp("not_equal", {comparison(Compare::NotEqual)});
  registry.addOp("greater", {comparison(Compare::Greater)});
  registry.addOp("greater_equal", {comparison(Compare::GreaterEqual)});
  registry.addOp("less", {comparison(Compare::Less)});
  registry.addOp("less_equal", {comparison(Compare::LessEqual)});
  registry.addOp("logical_and", {logical(Logic::And)});
  registry.addOp("logical_or", {logical(Logic::Or)});
  registry.addOp("logical_xor", {logical(Logic::Xor)});
  registry.addOp("logical_not", {logicalNot, MaskRule::Drop, /*inPlace=*/true});
  registry.addOp("where", {where});
  registry.addOp("clip_by_value", {clip, MaskRule::Drop, /*inPlace=*/true});
  registry.addOp("cast", {cast, MaskRule::Drop, /*inPlace=*/true});
  registry.addOp("ones_like", {fill(1)});
  registry.addOp("zeros_like", {fill(0)});
  registry.addOp("stop_gradient", {identity, MaskRule::Drop, /*inPlace=*/true});

  // Unary ops keep the element at its index, so they may write over their input.
  auto unary = [&](const char* name, KernelFn fn) { registry.addOp(name, {std::move(fn), MaskRule::Drop, true}); };
  unary("abs", sameTypeUnary([](auto tag, const KernelArgs&) {
          using T = typename decltype(tag)::type;
          return [](T x) -> T {
            if constexpr (std::is_unsigned_v<T>) return x;
            else if constexpr (std::is_integral_v<T>) return x < 0 ? wrapSub<T>(0, x) : x;
            else return std::fabs(x);
          };
        }));
  unary("negative", sameTypeUnary([](auto tag, const KernelArgs&) {
          using T = typename decltype(tag)::type;
          return [](T x) -> T { return wrapSub<T>(0, x); };
        }));
  unary("sign", sameTypeUnary([](auto tag, const KernelArgs&) {
          using T = typename decltype(tag)::type;
          return [](T x) -> T { return isNan(x) ? x : static_cast<T>((T(0) < x) - (x < T(0))); };
        }));
  unary("square", sameTypeUnary([](auto tag, const KernelArgs&) {
          using T = typename decltype(tag)::type;
          return [](T x) -> T { return wrapMul(x, x); };
        }));
  unary("relu", sameTypeUnary([](auto tag, const KernelArgs&) {
          using T = typename decltype(tag)::type;
          return [](T x) -> T { return x > T(0) || isNan(x) ? x : T(0); };
        }));
  unary("round", roundOp());
  unary("exp", GRAPHLINT_FLOAT_FN(std::exp(x)));
  unary("log", GRAPHLINT_FLOAT_FN(std::log(x)));
  unary("sqrt", GRAPHLINT_FLOAT_FN(std::sqrt(x)));
  unary("rsqrt", GRAPHLINT_FLOAT_FN(T(1) / std::sqrt(x)));
  unary("tanh", GRAPHLINT_FLOAT_FN(std::tanh(x)));
  unary("floor", GRAPHLINT_FLOAT_FN(std::floor(x)));
  unary("ceil", GRAPHLINT_FLOAT_FN(std::ceil(x)));
  unary("reciprocal", GRAPHLINT_FLOAT_FN(T(1) / x));
  unary("sigmoid", GRAPHLINT_FLOAT_FN(sigmoidOf(x)));
  unary("relu6", GRAPHLINT_FLOAT_FN(std::min(std::max(x, T(0)), T(6))));
  unary("silu", GRAPHLINT_FLOAT_FN(x * sigmoidOf(x)));
  unary("softplus", GRAPHLINT_FLOAT_FN(softplusOf(x)));
  unary("softsign", GRAPHLINT_FLOAT_FN(x / (T(1) + std::fabs(x))));
  unary("selu", GRAPHLINT_FLOAT_FN(T(1.0507009873554804934193349852946) *
                                   (x > 0 ? x : T(1.6732632423543772848170429916717) * std::expm1(x))));
  unary("leaky_relu", floatUnary([](auto tag, const KernelArgs& args) {
          using T = typename decltype(tag)::type;
          T slope = static_cast<T>(opNumberArg(args, "negative_slope", 0.2));
          return [slope](T x) -> T { return x >= 0 ? x : slope * x; };
        }));
  unary("elu", floatUnary([](auto tag, const KernelArgs& args) {
          using T = typename decltype(tag)::type;
          T alpha = static_cast<T>(opNumberArg(args, "alpha", 1.0));
          return [alpha](T x) -> T { return x > 0 ? x : alpha * std::expm1(x); };
        }));
  // keras.ops.gelu defaults to the tanh approximation (the gelu activation to the exact form).
  unary("gelu", floatUnary([](auto tag, const KernelArgs& args) {
          using T = typename decltype(tag)::type;
          bool approximate = opBoolArg(args, "approximate");
          return [approximate](T x) -> T {
            if (approximate) {
              const T c = static_cast<T>(0.7978845608028654);  // sqrt(2 / pi)
              return T(0.5) * x * (T(1) + std::tanh(c * (x + T(0.044715) * x * x * x)));
            }
            return T(0.5) * x * (T(1) + std::erf(x / static_cast<T>(1.4142135623730951)));
          };
        }));
}

}  // namespace graphlint
