#include "support/ZipArchive.h"

#include <zip.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>

namespace graphlint {
namespace {

/// A zip_error_t that is released however the function using it returns.
class ScopedZipError {
 public:
  ScopedZipError() { zip_error_init(&error_); }
  ~ScopedZipError() { zip_error_fini(&error_); }
  ScopedZipError(const ScopedZipError&) = delete;
  ScopedZipError& operator=(const ScopedZipError&) = delete;

  zip_error_t* get() { return &error_; }

 private:
  zip_error_t error_;
};

struct FileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using ZipFile = std::unique_ptr<zip_file_t, FileCloser>;

std::string libzipMessage(zip_error_t* error) { return zip_error_strerror(error); }

std::string openErrorMessage(zip_error_t* error, llvm::StringRef bytes) {
  switch (zip_error_code_zip(error)) {
    case ZIP_ER_NOZIP:
      if (looksLikeZip(bytes))
        return "damaged zip archive: expected an end-of-central-directory record at its end, "
               "found none (truncated?)";
      return "not a zip archive (found " + describeLeadingBytes(bytes) + ")";
    case ZIP_ER_INCONS:
      return "damaged zip archive: " + libzipMessage(error);
    case ZIP_ER_MULTIDISK:
      return "unsupported zip archive: expected a single-file archive, found one split across "
             "several disks";
    default:
      return "cannot read the zip archive: " + libzipMessage(error);
  }
}

std::string quoted(llvm::StringRef name) { return "'" + name.str() + "'"; }

std::string memberError(llvm::StringRef name, const std::string& what) {
  return "archive member " + quoted(name) + " " + what;
}

/// Why reading a member's data failed, from libzip's error on the archive or the file.
std::string readErrorMessage(llvm::StringRef name, zip_error_t* error) {
  switch (zip_error_code_zip(error)) {
    case ZIP_ER_CRC:
      return memberError(name, "is damaged: CRC mismatch");
    case ZIP_ER_ZLIB:
    case ZIP_ER_COMPRESSED_DATA:
      return memberError(name, "is damaged: its compressed data is invalid");
    case ZIP_ER_EOF:
      return memberError(name, "is damaged: its data ends early (truncated archive?)");
    case ZIP_ER_INCONS:
      return memberError(name, "is damaged: its sizes or offsets disagree with the archive");
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD:
      return memberError(name, "is encrypted; expected an unencrypted member");
    case ZIP_ER_MEMORY:
      return memberError(name, "cannot be read: out of memory");
    default:
      return memberError(name, "cannot be read: " + libzipMessage(error));
  }
}

std::string encryptionName(uint16_t method) {
  switch (method) {
    case ZIP_EM_TRAD_PKWARE:
      return "traditional PKWARE encryption";
    case ZIP_EM_AES_128:
      return "AES-128";
    case ZIP_EM_AES_192:
      return "AES-192";
    case ZIP_EM_AES_256:
      return "AES-256";
    default:
      return "encryption method " + std::to_string(method);
  }
}

std::string compressionName(uint16_t method) {
  switch (method) {
    case ZIP_CM_BZIP2:
      return "bzip2";
    case ZIP_CM_LZMA:
      return "LZMA";
    case ZIP_CM_XZ:
      return "xz";
    case ZIP_CM_DEFLATE64:
      return "deflate64";
    case ZIP_CM_IMPLODE:
    case ZIP_CM_PKWARE_IMPLODE:
      return "implode";
    default:
      return "method " + std::to_string(method);
  }
}

/// How much to reserve before inflating: the declared size, unless the compressed size shows
/// it cannot be true (stored data is as long as its compressed form; deflate expands at most
/// about 1032:1), so that a header that lies about a size cannot make us allocate it.
uint64_t plausibleSize(const zip_stat_t& st) {
  constexpr uint64_t kDeflateMaxRatio = 1032;
  constexpr uint64_t kUnknownMethodReserve = uint64_t{16} << 20;
  uint64_t bound = kUnknownMethodReserve;
  if (st.valid & ZIP_STAT_COMP_SIZE) {
    if (st.comp_method == ZIP_CM_STORE) bound = st.comp_size;
    if (st.comp_method == ZIP_CM_DEFLATE) bound = st.comp_size * kDeflateMaxRatio + 1024;
  }
  return std::min(st.size, bound);
}

}  // namespace

bool looksLikeZip(llvm::StringRef bytes) {
  return bytes.startswith(llvm::StringRef("PK\x03\x04", 4)) ||
         bytes.startswith(llvm::StringRef("PK\x05\x06", 4));
}

std::string describeLeadingBytes(llvm::StringRef bytes) {
  constexpr size_t kShown = 5;
  if (bytes.empty()) return "empty input";
  std::string text;
  for (unsigned char c : bytes.take_front(kShown)) {
    if (c == '\'' || c == '\\') {
      text += '\\';
      text += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      text += static_cast<char>(c);
    } else {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      text += escaped;
    }
  }
  if (bytes.size() <= kShown) return "only the bytes '" + text + "'";
  return "bytes starting with '" + text + "'";
}

std::string formatByteSize(uint64_t bytes) {
  if (bytes == 1) return "1 byte";
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  static const char* const kUnits[] = {"KB", "MB", "GB", "TB", "PB", "EB"};
  double value = static_cast<double>(bytes) / 1024;
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  llvm::StringRef number(text);
  if (number.endswith(".0")) number = number.drop_back(2);
  return number.str() + " " + kUnits[unit];
}

void ZipArchive::Closer::operator()(zip_t* archive) const { zip_discard(archive); }

ZipArchive::ZipArchive(std::unique_ptr<zip_t, Closer> archive, std::vector<std::string> names)
    : archive_(std::move(archive)), names_(std::move(names)) {}
ZipArchive::ZipArchive(ZipArchive&&) noexcept = default;
ZipArchive& ZipArchive::operator=(ZipArchive&&) noexcept = default;
ZipArchive::~ZipArchive() = default;

Result<ZipArchive> ZipArchive::open(llvm::StringRef bytes) {
  // libzip opens a zero-length source as an empty archive; an empty file is not one.
  if (bytes.empty()) return makeError("not a zip archive (found empty input)");

  ScopedZipError error;
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, error.get());
  if (!source) return makeError("cannot read the zip archive: " + libzipMessage(error.get()));
  std::unique_ptr<zip_t, Closer> archive(zip_open_from_source(source, ZIP_RDONLY, error.get()));
  if (!archive) {
    zip_source_free(source);  // the archive owns the source only once opened
    return makeError(openErrorMessage(error.get(), bytes));
  }

  zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  std::vector<std::string> names;
  names.reserve(static_cast<size_t>(std::max<zip_int64_t>(count, 0)));
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* name = zip_get_name(archive.get(), static_cast<zip_uint64_t>(i), 0);
    if (!name)
      return makeError("damaged zip archive: member " + std::to_string(i + 1) + " of " +
                       std::to_string(count) + " has no readable name (" +
                       libzipMessage(zip_get_error(archive.get())) + ")");
    names.emplace_back(name);
  }
  return ZipArchive(std::move(archive), std::move(names));
}

bool ZipArchive::contains(llvm::StringRef name) const {
  return std::find(names_.begin(), names_.end(), name) != names_.end();
}

std::string ZipArchive::describeMembers(size_t shown) const {
  if (names_.empty()) return "no members";
  std::string text;
  size_t listed = std::min(shown, names_.size());
  for (size_t i = 0; i < listed; ++i) text += (i ? ", " : "") + names_[i];
  if (listed < names_.size()) text += " and " + std::to_string(names_.size() - listed) + " more";
  return text;
}

Result<std::string> ZipArchive::read(llvm::StringRef name, uint64_t maxBytes) const {
  size_t copies = static_cast<size_t>(std::count(names_.begin(), names_.end(), name));
  if (copies == 0) return makeError(memberError(name, "is missing; the archive has " + describeMembers()));
  if (copies > 1)
    return makeError(memberError(name, "appears " + std::to_string(copies) +
                                           " times; expected each name once"));
  auto index = static_cast<zip_uint64_t>(std::find(names_.begin(), names_.end(), name) - names_.begin());

  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive_.get(), index, 0, &st) != 0)
    return makeError(readErrorMessage(name, zip_get_error(archive_.get())));
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
    return makeError(memberError(name, "is encrypted (" + encryptionName(st.encryption_method) +
                                           "); expected an unencrypted member"));
  if (!(st.valid & ZIP_STAT_COMP_METHOD) || !(st.valid & ZIP_STAT_SIZE))
    return makeError(memberError(name, "is damaged: its header gives no size or compression method"));
  if (st.comp_method != ZIP_CM_STORE && !zip_compression_method_supported(st.comp_method, 0))
    return makeError(memberError(name, "uses compression " + compressionName(st.comp_method) +
                                           "; expected stored or deflated"));
  if (st.size > maxBytes)
    return makeError(memberError(name, "is " + formatByteSize(st.size) +
                                           " uncompressed, more than the " +
                                           formatByteSize(maxBytes) + " limit"));

  ZipFile file(zip_fopen_index(archive_.get(), index, 0));
  if (!file) return makeError(readErrorMessage(name, zip_get_error(archive_.get())));

  // The declared size is within the limit; reading past it would mean the header lies.
  std::string data;
  data.reserve(static_cast<size_t>(plausibleSize(st)));
  char buffer[64 * 1024];
  for (;;) {
    zip_int64_t got = zip_fread(file.get(), buffer, sizeof buffer);
    if (got < 0) return makeError(readErrorMessage(name, zip_file_get_error(file.get())));
    if (got == 0) break;
    if (data.size() + static_cast<uint64_t>(got) > st.size)
      return makeError(memberError(name, "is damaged: its header declares " + std::to_string(st.size) +
                                             " bytes uncompressed, but it holds more"));
    data.append(buffer, static_cast<size_t>(got));
  }
  if (data.size() != st.size)
    return makeError(memberError(name, "is damaged: its header declares " + std::to_string(st.size) +
                                           " bytes uncompressed, but it holds " +
                                           std::to_string(data.size())));
  return data;
}

}  // namespace graphlint
