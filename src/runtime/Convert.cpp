// Element type conversion.

#include "runtime/Convert.h"

namespace graphlint {

namespace {

template <class To>
void convertTo(const HostTensor& from, To* out) {
  int64_t n = from.elementCount();
  switch (from.elementType()) {
    case ElementType::Bool: for (int64_t i = 0; i < n; ++i) out[i] = static_cast<To>(from.data<bool>()[i]); break;
    case ElementType::Int8: for (int64_t i = 0; i < n; ++i) out[i] = static_cast<To>(from.data<int8_t>()[i]); break;
    case ElementType::Int16: for (int64_t i = 0; i < n; ++i) out[i] = static_cast<To>(from.data<int16_t>()[i]); break;
    case ElementType::Int32: for (int64_t i = 0; i < n; ++i) out[i] = static_cast<To>(from.data<int32_t>()[i]); break;
    case ElementType::Int64: for (int64_t i = 0; i < n; ++i) out[i] = static_cast<To>(from.data<int64_t>()[i]); break;
    case ElementType::UInt8: for (int64_t i = 0; i < n; ++i) out[i] = static_cast<To>(from.data<uint8_t>()[i]); break;
    case ElementType::Float16:
      for (int64_t i = 0; i < n; ++i) out[i] = static_cast<To>(halfToFloat(from.data<Half>()[i].bits));
      break;
    case ElementType::Float32: for (int64_t i = 0; i < n; ++i) out[i] = static_cast<To>(from.data<float>()[i]); break;
    case ElementType::Float64: for (int64_t i = 0; i < n; ++i) out[i] = static_cast<To>(from.data<double>()[i]); break;
  }
}

}  // namespace

void convertElements(const HostTensor& from, HostTensor& to) {
  switch (to.elementType()) {
    case ElementType::Bool: {
      std::vector<float> v = toFloats(from);
      for (size_t i = 0; i < v.size(); ++i) to.data<bool>()[i] = v[i] != 0;
      break;
    }
    case ElementType::Int8: convertTo(from, to.data<int8_t>().data()); break;
    case ElementType::Int16: convertTo(from, to.data<int16_t>().data()); break;
    case ElementType::Int32: convertTo(from, to.data<int32_t>().data()); break;
    case ElementType::Int64: convertTo(from, to.data<int64_t>().data()); break;
    case ElementType::UInt8: convertTo(from, to.data<uint8_t>().data()); break;
    case ElementType::Float16: {
      // Rare: stored by rounding through float (no kernel computes in float16).
      std::vector<float> v = toFloats(from);
      for (size_t i = 0; i < v.size(); ++i) to.data<Half>()[i] = floatToHalf(v[i]);
      break;
    }
    case ElementType::Float32: convertTo(from, to.data<float>().data()); break;
    case ElementType::Float64: convertTo(from, to.data<double>().data()); break;
  }
}

std::vector<float> toFloats(const HostTensor& tensor) {
  std::vector<float> out(static_cast<size_t>(tensor.elementCount()));
  convertTo(tensor, out.data());
  return out;
}

}  // namespace graphlint
