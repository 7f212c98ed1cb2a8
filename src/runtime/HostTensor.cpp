#include "runtime/HostTensor.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "llvm/ADT/Twine.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/SwapByteOrder.h"

namespace graphlint {

// The bytes are little-endian in memory and typed access reads them in place.
static_assert(llvm::sys::IsLittleEndianHost, "HostTensor assumes a little-endian host");

size_t elementByteSize(ElementType type) {
  switch (type) {
    case ElementType::Bool:
    case ElementType::Int8:
    case ElementType::UInt8:
      return 1;
    case ElementType::Int16:
    case ElementType::Float16:
      return 2;
    case ElementType::Int32:
    case ElementType::Float32:
      return 4;
    case ElementType::Int64:
    case ElementType::Float64:
      return 8;
  }
  llvm_unreachable("unknown ElementType");
}

llvm::StringRef elementTypeName(ElementType type) {
  switch (type) {
    case ElementType::Bool:
      return "bool";
    case ElementType::Int8:
      return "int8";
    case ElementType::Int16:
      return "int16";
    case ElementType::Int32:
      return "int32";
    case ElementType::Int64:
      return "int64";
    case ElementType::UInt8:
      return "uint8";
    case ElementType::Float16:
      return "float16";
    case ElementType::Float32:
      return "float32";
    case ElementType::Float64:
      return "float64";
  }
  llvm_unreachable("unknown ElementType");
}

float halfToFloat(uint16_t bits) {
  constexpr int kHalfBias = 15, kFloatBias = 127, kMantissaShift = 23 - 10;
  uint32_t sign = uint32_t{bits} >> 15 << 31;
  uint32_t exponent = bits >> 10 & 0x1f;
  uint32_t mantissa = bits & 0x3ff;
  uint32_t result;
  if (exponent == 0x1f) {
    result = sign | 0xffu << 23 | mantissa << kMantissaShift;
  } else if (exponent != 0) {
    result = sign | (exponent - kHalfBias + kFloatBias) << 23 | mantissa << kMantissaShift;
  } else if (mantissa == 0) {
    result = sign;
  } else {
    // A subnormal half, mantissa * 2^-24, is a normal float: shift its leading one into the
    // implicit bit and lower the exponent by as many places.
    int shift = 0;
    while (!(mantissa & 0x400)) {
      mantissa <<= 1;
      ++shift;
    }
    uint32_t floatExponent = static_cast<uint32_t>(1 - kHalfBias + kFloatBias - shift);
    result = sign | floatExponent << 23 | (mantissa & 0x3ff) << kMantissaShift;
  }
  float value;
  std::memcpy(&value, &result, sizeof value);
  return value;
}

Result<int64_t> checkedElementCount(llvm::ArrayRef<int64_t> shape, size_t itemSize) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  int64_t count = 1;
  int64_t nonZeroBytes = static_cast<int64_t>(itemSize);
  bool empty = false;
  for (size_t axis = 0; axis < shape.size(); ++axis) {
    int64_t dim = shape[axis];
    if (dim < 0)
      return makeError("dim " + std::to_string(axis) + " of shape " + formatShape(shape) + " is " +
                       std::to_string(dim) + "; expected a dim >= 0");
    if (dim == 0) {
      empty = true;
      continue;
    }
    if (nonZeroBytes > kMax / dim)
      return makeError("shape " + formatShape(shape) + " with " + std::to_string(itemSize) +
                       "-byte elements is too large: its byte size does not fit in 64 bits");
    nonZeroBytes *= dim;
    count *= dim;  // count <= nonZeroBytes, so it cannot overflow either
  }
  return empty ? 0 : count;
}

std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text = "(";
  for (size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1) text += ",";
  return text + ")";
}

HostTensor::HostTensor(ElementType type, std::vector<int64_t> shape, int64_t count)
    : type_(type),
      shape_(std::move(shape)),
      count_(count),
      bytes_(static_cast<size_t>(count) * elementByteSize(type)) {}

Result<HostTensor> HostTensor::zeros(ElementType type, std::vector<int64_t> shape) {
  Result<int64_t> count = checkedElementCount(shape, elementByteSize(type));
  if (!count) return count.error();
  return HostTensor(type, std::move(shape), *count);
}

Half floatToHalf(float value) {
  uint32_t x;
  std::memcpy(&x, &value, sizeof x);
  uint32_t sign = (x >> 16) & 0x8000u;
  uint32_t exponent = (x >> 23) & 0xffu;
  uint32_t mantissa = x & 0x7fffffu;
  if (exponent == 0xff) return {static_cast<uint16_t>(sign | 0x7c00u | (mantissa ? 0x200u | (mantissa >> 13) : 0))};
  int e = static_cast<int>(exponent) - 127 + 15;
  if (e >= 31) return {static_cast<uint16_t>(sign | 0x7c00u)};
  uint32_t half, rest, midpoint;
  if (e <= 0) {  // a binary16 subnormal (or zero): the implicit bit joins the shifted mantissa
    if (e < -10) return {static_cast<uint16_t>(sign)};
    mantissa |= 0x800000u;
    unsigned shift = static_cast<unsigned>(14 - e);
    half = mantissa >> shift;
    rest = mantissa & ((1u << shift) - 1);
    midpoint = 1u << (shift - 1);
  } else {
    half = (static_cast<uint32_t>(e) << 10) | (mantissa >> 13);
    rest = mantissa & 0x1fffu;
    midpoint = 0x1000u;
  }
  // A carry out of the mantissa bumps the exponent, up to infinity, as rounding should.
  if (rest > midpoint || (rest == midpoint && (half & 1))) ++half;
  return {static_cast<uint16_t>(sign | half)};
}

Result<HostTensor> HostTensor::inStorage(ElementType type, std::vector<int64_t> shape, std::vector<uint8_t> storage) {
  Result<int64_t> count = checkedElementCount(shape, elementByteSize(type));
  if (!count) return count.error();
  HostTensor tensor(type, std::move(shape), 0);
  tensor.count_ = *count;
  tensor.bytes_ = std::move(storage);
  // Within the buffer's capacity this neither reallocates nor touches the kept bytes.
  tensor.bytes_.resize(static_cast<size_t>(*count) * elementByteSize(type));
  return tensor;
}

std::vector<uint8_t> HostTensor::takeStorage() && {
  count_ = 0;
  shape_.assign(1, 0);
  return std::move(bytes_);
}

void HostTensor::zero() { std::fill(bytes_.begin(), bytes_.end(), uint8_t{0}); }

std::optional<Error> HostTensor::reshape(std::vector<int64_t> shape) {
  Result<int64_t> count = checkedElementCount(shape, elementByteSize(type_));
  if (!count) return count.error();
  if (*count != count_)
    return makeError("cannot reshape " + describe() + " to " + formatShape(shape) + ": " + std::to_string(count_) +
                     " elements against " + std::to_string(*count));
  shape_ = std::move(shape);
  return std::nullopt;
}

std::string HostTensor::describe() const { return elementTypeName(type_).str() + " " + formatShape(shape_); }

bool HostTensor::operator==(const HostTensor& other) const {
  return type_ == other.type_ && shape_ == other.shape_ && bytes_ == other.bytes_;
}

void HostTensor::requireType(ElementType wanted) const {
  if (wanted != type_)
    llvm::report_fatal_error(llvm::Twine("HostTensor holding ") + describe() + " accessed as " +
                             elementTypeName(wanted));
}

}  // namespace graphlint
