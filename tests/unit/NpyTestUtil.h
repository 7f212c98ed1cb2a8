#pragma once
// Hand-built .npy images for the tests: the magic, a version, a header length, the header text
// exactly as given and the data bytes, so every byte the reader sees is visible in the test.

#include <cstdint>
#include <string>

namespace graphlint::test {

/// A .npy image with `header` (no padding added) and `data`; version major 1 has a 16-bit
/// header length, 2 and 3 a 32-bit one.
inline std::string npyImage(const std::string& header, const std::string& data, int major = 1) {
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  int width = major == 1 ? 2 : 4;
  for (int i = 0; i < width; ++i) out += static_cast<char>(header.size() >> (8 * i) & 0xff);
  return out + header + data;
}

/// A header dict as NumPy writes it (without padding).
inline std::string npyHeader(const std::string& descr, const std::string& shape, bool fortran = false) {
  return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
         ", 'shape': " + shape + ", }\n";
}

/// `width` bytes of `value`, little-endian, or big-endian when `big`.
inline std::string intBytes(uint64_t value, int width, bool big = false) {
  std::string out;
  for (int i = 0; i < width; ++i) out += static_cast<char>(value >> (8 * i) & 0xff);
  if (big) out = std::string(out.rbegin(), out.rend());
  return out;
}

}  // namespace graphlint::test
