#pragma once
// A dense tensor in host memory, the unit of data the reference executor reads, computes and
// writes: an element type, a shape and the elements' bytes, C order, little-endian.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include "support/Result.h"

namespace graphlint {

enum class ElementType { Bool, Int8, Int16, Int32, Int64, UInt8, Float16, Float32, Float64 };

/// Bytes per element: 1 for Bool, Int8 and UInt8, up to 8 for Int64 and Float64.
size_t elementByteSize(ElementType type);
/// NumPy's name for the type: "bool", "int8", ..., "float64".
llvm::StringRef elementTypeName(ElementType type);

/// A float16 element as stored: the raw IEEE 754 binary16 bits. Arithmetic goes through
/// halfToFloat(), which is exact since every binary16 value is a binary32 value.
struct Half {
  uint16_t bits = 0;
};

/// The binary32 value of binary16 `bits`, exactly: zeros keep their sign, subnormals are
/// normalised, infinities stay infinite and NaNs keep their sign and payload.
float halfToFloat(uint16_t bits);

/// The binary16 nearest to `value` (ties to even), as IEEE 754 rounds: overflow gives an
/// infinity, tiny values a subnormal or a signed zero, NaN stays NaN.
Half floatToHalf(float value);

/// The ElementType a C++ element type stands for; only the types below have one.
template <class T>
struct ElementTypeOf;
template <> struct ElementTypeOf<bool> { static constexpr ElementType value = ElementType::Bool; };
template <> struct ElementTypeOf<int8_t> { static constexpr ElementType value = ElementType::Int8; };
template <> struct ElementTypeOf<int16_t> { static constexpr ElementType value = ElementType::Int16; };
template <> struct ElementTypeOf<int32_t> { static constexpr ElementType value = ElementType::Int32; };
template <> struct ElementTypeOf<int64_t> { static constexpr ElementType value = ElementType::Int64; };
template <> struct ElementTypeOf<uint8_t> { static constexpr ElementType value = ElementType::UInt8; };
template <> struct ElementTypeOf<Half> { static constexpr ElementType value = ElementType::Float16; };
template <> struct ElementTypeOf<float> { static constexpr ElementType value = ElementType::Float32; };
template <> struct ElementTypeOf<double> { static constexpr ElementType value = ElementType::Float64; };

/// The number of elements of `shape`, checked: every dim non-negative, and the byte size
/// (count * itemSize) within int64. Like NumPy, zero dims are skipped in the overflow check,
/// so (0, 2**62, 2**62) is refused although it holds no elements.
Result<int64_t> checkedElementCount(llvm::ArrayRef<int64_t> shape, size_t itemSize);

/// "(2, 3)", "(3,)" or "()" for a scalar, as Python writes a shape tuple.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// A dense host tensor, C order, little-endian in memory, owning its bytes. A rank-0 tensor
/// (shape ()) is a scalar with one element; a zero dim makes an empty tensor.
class HostTensor {
 public:
  /// A tensor of zeros; fails on a negative dim or a byte size beyond int64.
  static Result<HostTensor> zeros(ElementType type, std::vector<int64_t> shape);
  /// A tensor whose elements live in `storage`, a buffer handed over by the executor's memory
  /// plan: its capacity is reused and its old contents are unspecified (call zero() if it
  /// matters). Fails like zeros() on a bad shape.
  static Result<HostTensor> inStorage(ElementType type, std::vector<int64_t> shape, std::vector<uint8_t> storage);
  /// Gives the buffer back (to be reused by another tensor), leaving this tensor empty.
  std::vector<uint8_t> takeStorage() &&;
  /// Sets every element to zero.
  void zero();
  /// The same elements under another shape of the same element count (a reshape); fails
  /// naming both shapes otherwise.
  std::optional<Error> reshape(std::vector<int64_t> shape);

  /// A tensor holding `values` in C order; fails unless there is one value per element.
  template <class T>
  static Result<HostTensor> fromValues(std::vector<int64_t> shape, llvm::ArrayRef<T> values);

  ElementType elementType() const { return type_; }
  const std::vector<int64_t>& shape() const { return shape_; }
  size_t rank() const { return shape_.size(); }
  int64_t elementCount() const { return count_; }
  size_t byteSize() const { return bytes_.size(); }
  llvm::ArrayRef<uint8_t> bytes() const { return bytes_; }
  llvm::MutableArrayRef<uint8_t> bytes() { return bytes_; }

  /// Whether the elements are of C++ type T (Half for Float16).
  template <class T>
  bool holds() const {
    return ElementTypeOf<T>::value == type_;
  }
  /// The elements as T; accessing them as another type is a programming error and stops the
  /// program with a message naming both types (check holds<T>() or elementType() first).
  template <class T>
  llvm::ArrayRef<T> data() const {
    requireType(ElementTypeOf<T>::value);
    // Not a braced list: for T = bool that would pick ArrayRef's initializer_list constructor.
    return llvm::ArrayRef<T>(reinterpret_cast<const T*>(bytes_.data()), static_cast<size_t>(count_));
  }
  template <class T>
  llvm::MutableArrayRef<T> data() {
    requireType(ElementTypeOf<T>::value);
    return llvm::MutableArrayRef<T>(reinterpret_cast<T*>(bytes_.data()), static_cast<size_t>(count_));
  }

  /// "float32 (2, 3)", for messages.
  std::string describe() const;

  /// Same element type, shape and bytes (so NaNs with equal bits are equal).
  bool operator==(const HostTensor& other) const;
  bool operator!=(const HostTensor& other) const { return !(*this == other); }

 private:
  HostTensor(ElementType type, std::vector<int64_t> shape, int64_t count);
  void requireType(ElementType wanted) const;

  ElementType type_;
  std::vector<int64_t> shape_;
  int64_t count_;
  // operator new aligns to 16 bytes, enough for every element type.
  std::vector<uint8_t> bytes_;
};

template <class T>
Result<HostTensor> HostTensor::fromValues(std::vector<int64_t> shape, llvm::ArrayRef<T> values) {
  Result<HostTensor> tensor = zeros(ElementTypeOf<T>::value, std::move(shape));
  if (!tensor) return tensor;
  if (static_cast<uint64_t>(tensor->elementCount()) != values.size())
    return makeError("expected " + std::to_string(tensor->elementCount()) + " values for shape " +
                     formatShape(tensor->shape()) + ", got " + std::to_string(values.size()));
  llvm::MutableArrayRef<T> elements = tensor->template data<T>();
  for (size_t i = 0; i < values.size(); ++i) elements[i] = values[i];
  return tensor;
}

}  // namespace graphlint
