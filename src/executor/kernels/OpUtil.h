#pragma once
// Helpers the op kernels (Ops*.cpp) share: reading an op call's keras.ops arguments with the
// catalogue's defaults, running a generic kernel body for a tensor's element type, Keras'
// typing of Python-number constants, and axis arithmetic on C-order shapes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "executor/kernels/KernelUtil.h"

namespace graphlint {

/// A C++ element type passed to a generic lambda: `[&](auto tag) { using T = typename
/// decltype(tag)::type; ... }`.
template <class T>
struct TypeTag {
  using type = T;
};

/// Calls `body(TypeTag<T>{})` for the C++ type of `type`. float16 has no arithmetic of its own
/// here (Keras computes it in float32 and rounds; the executor does not), so it fails.
template <class Body>
std::optional<Error> withElementType(ElementType type, Body&& body) {
  switch (type) {
    case ElementType::Bool: return body(TypeTag<bool>{});
    case ElementType::Int8: return body(TypeTag<int8_t>{});
    case ElementType::Int16: return body(TypeTag<int16_t>{});
    case ElementType::Int32: return body(TypeTag<int32_t>{});
    case ElementType::Int64: return body(TypeTag<int64_t>{});
    case ElementType::UInt8: return body(TypeTag<uint8_t>{});
    case ElementType::Float32: return body(TypeTag<float>{});
    case ElementType::Float64: return body(TypeTag<double>{});
    case ElementType::Float16: break;
  }
  return makeError("float16 tensors are not computed by this op kernel; cast to float32 first");
}

/// The same, but bool fails too (arithmetic that Keras refuses or NumPy turns into logic).
template <class Body>
std::optional<Error> withNumericType(ElementType type, Body&& body) {
  if (type == ElementType::Bool) return makeError("this op does not compute on bool tensors; cast them first");
  return withElementType(type, [&](auto tag) -> std::optional<Error> {
    if constexpr (std::is_same_v<typename decltype(tag)::type, bool>) return std::nullopt;
    else return body(tag);
  });
}

/// The same for float32 and float64 only (the float rule's outputs).
template <class Body>
std::optional<Error> withFloatType(ElementType type, Body&& body) {
  if (type == ElementType::Float32) return body(TypeTag<float>{});
  if (type == ElementType::Float64) return body(TypeTag<double>{});
  return makeError("this op computes in float32 or float64, not " + elementTypeName(type).str());
}

bool isFloatElement(ElementType type);

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

/// The keras.ops argument `name` as the call gives it, or null.
const Value* opArg(const KernelArgs& args, llvm::StringRef name);
/// The argument if it is an integer, else the catalogue's default if that is one, else `fallback`.
int64_t opIntArg(const KernelArgs& args, llvm::StringRef name, int64_t fallback);
/// The argument if it is a boolean, else whether the catalogue's default is True.
bool opBoolArg(const KernelArgs& args, llvm::StringRef name);
/// The argument if it is a number, else the catalogue's default if that parses as one, else `fallback`.
double opNumberArg(const KernelArgs& args, llvm::StringRef name, double fallback);

/// Whether keras param `index` of the call was a constant argument (a Python number), which
/// Keras types after the tensor it meets rather than by itself.
bool isConstantInput(const KernelArgs& args, size_t index);

/// The element type input `index` computes in: its own, or for a constant the type a Python
/// number takes next to `peer` (an int any numeric type, a float a float type, float32 next to
/// integers, a bool the peer's).
ElementType weakTypeOf(const KernelArgs& args, size_t index, ElementType peer);

/// NumPy's promotion of two element types (bool < integers < floats; the wider wins; int8 with
/// uint8 gives int16).
ElementType promoteTypes(ElementType a, ElementType b);

/// A tensor in a wanted element type: the input itself when it already has it, else a converted copy.
class TypedInput {
 public:
  static Result<TypedInput> of(const HostTensor& tensor, ElementType type);
  const HostTensor& operator*() const { return owned_ ? *owned_ : *tensor_; }
  // The tensor's reading interface, so a Result<TypedInput> reads like a tensor through ->.
  const std::vector<int64_t>& shape() const { return (**this).shape(); }
  size_t rank() const { return (**this).rank(); }
  int64_t elementCount() const { return (**this).elementCount(); }
  ElementType elementType() const { return (**this).elementType(); }
  llvm::ArrayRef<uint8_t> bytes() const { return (**this).bytes(); }
  std::string describe() const { return (**this).describe(); }
  template <class T>
  llvm::ArrayRef<T> data() const {
    return (**this).template data<T>();
  }

 private:
  const HostTensor* tensor_ = nullptr;
  std::optional<HostTensor> owned_;
};

// ---------------------------------------------------------------------------------------------
// Axes
// ---------------------------------------------------------------------------------------------

/// Resolves `axis` against `rank`, or fails naming both.
Result<size_t> resolveAxis(int64_t axis, size_t rank);

/// The axes an `axis` argument names (int, list of ints, or null/absent for all), resolved and
/// sorted without repeats; fails on an out-of-range or non-integer axis.
Result<std::vector<size_t>> resolveAxes(const Value* axis, size_t rank);

/// A shape as (outer, axis, inner) around one axis: outer = product before it, inner = after.
struct AxisSplit {
  int64_t outer = 1, size = 1, inner = 1;
};
AxisSplit splitAround(const std::vector<int64_t>& shape, size_t axis);

/// Calls visit(outIndex, offsets) for every element of `out` in C order, where offsets[k] is the
/// flat index into operand k read with `strides[k]` (broadcastStrides of that operand).
template <class Visit>
void forEachBroadcastN(const std::vector<int64_t>& out, const std::vector<std::vector<int64_t>>& strides, Visit visit) {
  int64_t total = productOf(out, 0, out.size());
  if (total == 0) return;
  size_t rank = out.size(), n = strides.size();
  std::vector<int64_t> index(rank, 0), offsets(n, 0);
  for (int64_t o = 0; o < total; ++o) {
    visit(o, offsets.data());
    for (size_t d = rank; d-- > 0;) {
      if (++index[d] < out[d]) {
        for (size_t k = 0; k < n; ++k) offsets[k] += strides[k][d];
        break;
      }
      for (size_t k = 0; k < n; ++k) offsets[k] -= strides[k][d] * (out[d] - 1);
      index[d] = 0;
    }
  }
}

}  // namespace graphlint
