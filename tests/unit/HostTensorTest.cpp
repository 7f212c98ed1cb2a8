#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "runtime/HostTensor.h"

using namespace graphlint;

namespace {

uint32_t floatBits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

}  // namespace

TEST_CASE("float16 bit patterns convert to the exact float", "[npy][half]") {
  auto [bits, expected] = GENERATE(table<uint16_t, uint32_t>({
      {0x0000, 0x00000000},  // +0
      {0x8000, 0x80000000},  // -0
      {0x3c00, 0x3f800000},  // 1
      {0xc000, 0xc0000000},  // -2
      {0x3555, 0x3eaaa000},  // 0.333251953125, nearest half to 1/3
      {0x7bff, 0x477fe000},  // 65504, largest finite half
      {0x0400, 0x38800000},  // 2^-14, smallest normal half
      {0x03ff, 0x387fc000},  // largest subnormal, 1023 * 2^-24
      {0x0200, 0x38000000},  // subnormal 2^-15
      {0x0001, 0x33800000},  // smallest subnormal, 2^-24
      {0x8001, 0xb3800000},  // -2^-24
      {0x7c00, 0x7f800000},  // +inf
      {0xfc00, 0xff800000},  // -inf
      {0x7e00, 0x7fc00000},  // quiet NaN
      {0x7c01, 0x7f802000},  // signalling NaN, payload kept
      {0xfe00, 0xffc00000},  // negative NaN
  }));
  INFO("half bits " << std::hex << bits);
  CHECK(floatBits(halfToFloat(bits)) == expected);
}

TEST_CASE("every float16 value equals sign * mantissa * 2^exponent", "[npy][half]") {
  for (uint32_t bits = 0; bits <= 0xffff; ++bits) {
    int sign = bits & 0x8000 ? -1 : 1;
    int exponent = bits >> 10 & 0x1f;
    int mantissa = bits & 0x3ff;
    float value = halfToFloat(static_cast<uint16_t>(bits));
    INFO("half bits " << std::hex << bits);
    if (exponent == 0x1f) {
      if (mantissa == 0) REQUIRE(value == sign * std::numeric_limits<float>::infinity());
      else REQUIRE(std::isnan(value));
    } else if (exponent == 0) {
      REQUIRE(value == static_cast<float>(sign * std::ldexp(mantissa, -24)));
      REQUIRE(std::signbit(value) == (sign < 0));
    } else {
      REQUIRE(value == static_cast<float>(sign * std::ldexp(1024 + mantissa, exponent - 25)));
    }
  }
}

TEST_CASE("a tensor knows its type, shape, count and bytes", "[npy]") {
  HostTensor tensor = *HostTensor::fromValues<int32_t>({2, 3}, {1, 2, 3, 4, 5, 6});
  CHECK(tensor.elementType() == ElementType::Int32);
  CHECK(tensor.rank() == 2);
  CHECK(tensor.elementCount() == 6);
  CHECK(tensor.byteSize() == 24);
  CHECK(tensor.describe() == "int32 (2, 3)");
  CHECK(tensor.holds<int32_t>());
  CHECK_FALSE(tensor.holds<float>());
  CHECK_FALSE(tensor.holds<int64_t>());
  CHECK(tensor.data<int32_t>()[4] == 5);
  CHECK(tensor.bytes()[4] == 2);
  tensor.data<int32_t>()[0] = -1;
  CHECK(tensor.bytes()[0] == 0xff);

  HostTensor scalar = *HostTensor::zeros(ElementType::Float64, {});
  CHECK(scalar.elementCount() == 1);
  CHECK(scalar.describe() == "float64 ()");
  CHECK(scalar.data<double>()[0] == 0.0);
  HostTensor half = *HostTensor::zeros(ElementType::Float16, {3});
  CHECK(half.holds<Half>());
  CHECK(half.byteSize() == 6);
}

TEST_CASE("tensors compare by type, shape and bytes", "[npy]") {
  HostTensor a = *HostTensor::fromValues<float>({2}, {1, 2});
  CHECK(a == *HostTensor::fromValues<float>({2}, {1, 2}));
  CHECK(a != *HostTensor::fromValues<float>({2}, {1, 3}));
  CHECK(a != *HostTensor::fromValues<float>({2, 1}, {1, 2}));
  CHECK(a != *HostTensor::fromValues<int32_t>({2}, {0x3f800000, 0x40000000}));
}

TEST_CASE("element types have NumPy's names and sizes", "[npy]") {
  auto [type, name, size] = GENERATE(table<ElementType, std::string, size_t>({
      {ElementType::Bool, "bool", 1},
      {ElementType::Int8, "int8", 1},
      {ElementType::Int16, "int16", 2},
      {ElementType::Int32, "int32", 4},
      {ElementType::Int64, "int64", 8},
      {ElementType::UInt8, "uint8", 1},
      {ElementType::Float16, "float16", 2},
      {ElementType::Float32, "float32", 4},
      {ElementType::Float64, "float64", 8},
  }));
  CHECK(elementTypeName(type) == name);
  CHECK(elementByteSize(type) == size);
}

TEST_CASE("impossible tensors are errors, not allocations", "[npy]") {
  CHECK(HostTensor::zeros(ElementType::Float32, {2, -1}).error().message ==
        "dim 1 of shape (2, -1) is -1; expected a dim >= 0");
  CHECK(HostTensor::zeros(ElementType::Int64, {int64_t{1} << 31, int64_t{1} << 31}).error().message ==
        "shape (2147483648, 2147483648) with 8-byte elements is too large: its byte size does not "
        "fit in 64 bits");
  CHECK(HostTensor::fromValues<float>({2, 2}, {1, 2, 3}).error().message ==
        "expected 4 values for shape (2, 2), got 3");
  // 2^60 four-byte elements are 2^62 bytes, within int64; eight-byte ones are 2^63, beyond.
  CHECK(*checkedElementCount({int64_t{1} << 30, int64_t{1} << 30}, 4) == int64_t{1} << 60);
  CHECK_FALSE(checkedElementCount({int64_t{1} << 30, int64_t{1} << 30}, 8));
  CHECK(*checkedElementCount({3, 0, 5}, 4) == 0);
  CHECK(*checkedElementCount({}, 4) == 1);
}

TEST_CASE("shapes are formatted as Python tuples", "[npy]") {
  CHECK(formatShape({}) == "()");
  CHECK(formatShape({3}) == "(3,)");
  CHECK(formatShape({2, 0, 4}) == "(2, 0, 4)");
}

TEST_CASE("a const bool tensor's elements are its own bytes", "[npy]") {
  // Regression: brace-returning {pointer, count} made ArrayRef<bool> pick its initializer_list
  // constructor, a two-element view of a temporary.
  const HostTensor mask = *HostTensor::fromValues<bool>({1, 3}, {true, false, true});
  llvm::ArrayRef<bool> elements = mask.data<bool>();
  REQUIRE(elements.size() == 3);
  CHECK(static_cast<const void*>(elements.data()) == static_cast<const void*>(mask.bytes().data()));
  CHECK(elements[0]);
  CHECK_FALSE(elements[1]);
  CHECK(elements[2]);
}
