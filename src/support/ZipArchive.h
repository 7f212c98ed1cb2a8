#pragma once
// Reads members of a zip archive held in memory (.keras model archives, .npz weights), with
// limits that keep a hostile archive from taking unbounded memory.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "llvm/ADT/StringRef.h"

#include "support/Result.h"

// libzip's archive handle; zip.h itself is included only by ZipArchive.cpp.
struct zip;

namespace graphlint {

/// Whether bytes start like a zip archive: a local file header ("PK\x03\x04") or, for an
/// archive with no members, the end-of-central-directory record ("PK\x05\x06").
bool looksLikeZip(llvm::StringRef bytes);

/// The first few bytes of an input, quoted for an error message: `bytes starting with
/// '{"cla'`, `only the bytes '{}'` or `empty input`; non-printable bytes as `\x89`.
std::string describeLeadingBytes(llvm::StringRef bytes);

/// A zip archive opened for reading. Members are read whole, checked against their CRC-32.
/// Not safe to read from two threads at once (libzip keeps per-archive state).
class ZipArchive {
 public:
  /// Larger members are refused unless the caller passes a larger limit to read().
  static constexpr uint64_t kDefaultMaxBytes = uint64_t{512} << 20;

  /// Opens an archive held in memory (the bytes must outlive the archive).
  static Result<ZipArchive> open(llvm::StringRef bytes);
  /// A temporary string would be freed while the archive still reads from it.
  static Result<ZipArchive> open(std::string&& bytes) = delete;

  ZipArchive(ZipArchive&&) noexcept;
  ZipArchive& operator=(ZipArchive&&) noexcept;
  ~ZipArchive();

  /// Member names in archive order.
  std::vector<std::string> names() const { return names_; }
  bool contains(llvm::StringRef name) const;
  /// The member names for a message: "a.npy, b.npy and 3 more", or "no members".
  std::string describeMembers(size_t shown = 10) const;

  /// A member's uncompressed bytes; an error names the member and what is wrong (missing,
  /// named twice, encrypted, unsupported compression, damaged data or CRC mismatch, larger
  /// than `maxBytes`). The limit is checked against the size the archive declares and again
  /// while inflating, since a declared size can lie.
  Result<std::string> read(llvm::StringRef name, uint64_t maxBytes = kDefaultMaxBytes) const;

 private:
  struct Closer {
    void operator()(::zip* archive) const;
  };

  ZipArchive(std::unique_ptr<::zip, Closer> archive, std::vector<std::string> names);

  std::unique_ptr<::zip, Closer> archive_;
  std::vector<std::string> names_;
};

/// A byte count for a message: "812 bytes", "3.2 GB" (binary units, one decimal).
std::string formatByteSize(uint64_t bytes);

}  // namespace graphlint
