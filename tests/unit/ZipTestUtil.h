#pragma once
// Builds zip archives in memory with libzip's writing API, and edits their headers, so that the
// zip tests need no binary fixtures.

#include <catch2/catch.hpp>
#include <zip.h>

#include <cstdint>
#include <string>
#include <vector>

#include "llvm/ADT/StringRef.h"

namespace graphlint::test {

struct ZipMember {
  std::string name;
  std::string data;
  int32_t compression = ZIP_CM_STORE;
  uint16_t encryption = ZIP_EM_NONE;
  std::string password = "";
};

inline void requireZipOk(bool ok, zip_error_t* error, const char* what) {
  if (!ok) FAIL(what << ": " << zip_error_strerror(error));
}

/// The bytes of a zip archive holding `members` in order. The archive is written into a
/// libzip buffer source that is kept alive past zip_close so its bytes can be read back.
inline std::string makeZip(const std::vector<ZipMember>& members) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  requireZipOk(buffer != nullptr, &error, "zip_source_buffer_create");
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_CREATE | ZIP_TRUNCATE, &error);
  requireZipOk(archive != nullptr, &error, "zip_open_from_source");
  for (const ZipMember& member : members) {
    zip_source_t* data = zip_source_buffer(archive, member.data.data(), member.data.size(), 0);
    requireZipOk(data != nullptr, zip_get_error(archive), "zip_source_buffer");
    zip_int64_t index = zip_file_add(archive, member.name.c_str(), data, ZIP_FL_ENC_UTF_8);
    if (index < 0) zip_source_free(data);
    requireZipOk(index >= 0, zip_get_error(archive), "zip_file_add");
    auto at = static_cast<zip_uint64_t>(index);
    requireZipOk(zip_set_file_compression(archive, at, member.compression, 0) == 0,
                 zip_get_error(archive), "zip_set_file_compression");
    if (member.encryption != ZIP_EM_NONE)
      requireZipOk(zip_file_set_encryption(archive, at, member.encryption, member.password.c_str()) == 0,
                   zip_get_error(archive), "zip_file_set_encryption");
  }
  requireZipOk(zip_close(archive) == 0, zip_get_error(archive), "zip_close");

  std::string bytes;
  zip_stat_t st;
  requireZipOk(zip_source_open(buffer) == 0, zip_source_error(buffer), "zip_source_open");
  requireZipOk(zip_source_stat(buffer, &st) == 0, zip_source_error(buffer), "zip_source_stat");
  bytes.resize(st.size);
  zip_int64_t got = zip_source_read(buffer, bytes.data(), st.size);
  requireZipOk(got == static_cast<zip_int64_t>(st.size), zip_source_error(buffer), "zip_source_read");
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return bytes;
}

// Offsets of zip header fields (APPNOTE.TXT 4.3.7 and 4.3.12), for editing archives in tests.
constexpr size_t kLocalMethod = 8, kLocalCrc = 14, kLocalCompSize = 18, kLocalSize = 22,
                 kLocalNameLength = 26, kLocalExtraLength = 28, kLocalName = 30;
constexpr size_t kCentralMethod = 10, kCentralSize = 24, kCentralNameLength = 28,
                 kCentralLocalOffset = 42, kCentralName = 46;

inline uint32_t readLE(const std::string& bytes, size_t at, int width) {
  uint32_t value = 0;
  for (int i = width - 1; i >= 0; --i) value = value << 8 | static_cast<uint8_t>(bytes.at(at + i));
  return value;
}

inline void writeLE(std::string& bytes, size_t at, int width, uint32_t value) {
  for (int i = 0; i < width; ++i) bytes.at(at + i) = static_cast<char>(value >> (8 * i) & 0xff);
}

/// Where a member's central directory header starts.
inline size_t centralHeader(const std::string& zip, llvm::StringRef name) {
  llvm::StringRef bytes(zip);
  for (size_t at = bytes.find("PK\x01\x02"); at != llvm::StringRef::npos;
       at = bytes.find("PK\x01\x02", at + 1)) {
    uint32_t length = readLE(zip, at + kCentralNameLength, 2);
    if (bytes.substr(at + kCentralName, length) == name) return at;
  }
  FAIL("no central directory header for " << name.str());
  return 0;
}

inline size_t localHeader(const std::string& zip, llvm::StringRef name) {
  return readLE(zip, centralHeader(zip, name) + kCentralLocalOffset, 4);
}

/// Where a member's (compressed) data starts, and how long it is.
inline size_t dataOffset(const std::string& zip, llvm::StringRef name) {
  size_t local = localHeader(zip, name);
  return local + kLocalName + readLE(zip, local + kLocalNameLength, 2) +
         readLE(zip, local + kLocalExtraLength, 2);
}
inline size_t compressedSize(const std::string& zip, llvm::StringRef name) {
  return readLE(zip, localHeader(zip, name) + kLocalCompSize, 4);
}

/// Rewrites a 16- or 32-bit field in both of a member's headers, as a tool that lies would.
inline void setHeaderField(std::string& zip, llvm::StringRef name, size_t localField,
                           size_t centralField, int width, uint32_t value) {
  size_t local = localHeader(zip, name);
  size_t central = centralHeader(zip, name);
  writeLE(zip, local + localField, width, value);
  writeLE(zip, central + centralField, width, value);
}

}  // namespace graphlint::test
