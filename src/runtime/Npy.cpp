#include "runtime/Npy.h"

#include <algorithm>
#include <cstring>

#include "runtime/NpyHeader.h"
#include "support/ZipArchive.h"

namespace graphlint {
namespace {

constexpr llvm::StringLiteral kMagic("\x93NUMPY");
constexpr size_t kVersionAt = 6, kHeaderLengthAt = 8;
constexpr size_t kDataAlignment = 64;

std::string at(size_t offset) { return "at byte " + std::to_string(offset); }

uint32_t readLittleEndian(llvm::StringRef bytes, size_t offset, size_t width) {
  uint32_t value = 0;
  for (size_t i = width; i-- > 0;) value = value << 8 | static_cast<uint8_t>(bytes[offset + i]);
  return value;
}

Error truncated(llvm::StringRef bytes, const std::string& expected) {
  return makeError("truncated .npy file: it ends at byte " + std::to_string(bytes.size()) +
                   ", before " + expected);
}

/// Reverses the bytes of every element, for big-endian data.
void swapElements(llvm::MutableArrayRef<uint8_t> bytes, size_t itemSize) {
  for (size_t start = 0; start + itemSize <= bytes.size(); start += itemSize)
    std::reverse(bytes.begin() + start, bytes.begin() + start + itemSize);
}

/// Copies Fortran-order elements from `source` into C order in `target`: walks the C-order
/// index like an odometer, tracking where the same element sits in Fortran order.
void fortranToC(llvm::ArrayRef<uint8_t> source, llvm::MutableArrayRef<uint8_t> target,
                llvm::ArrayRef<int64_t> shape, size_t itemSize) {
  size_t rank = shape.size();
  std::vector<size_t> fortranStride(rank), index(rank, 0);
  size_t stride = 1;
  for (size_t axis = 0; axis < rank; ++axis) {
    fortranStride[axis] = stride;
    stride *= static_cast<size_t>(shape[axis]);
  }
  size_t count = target.size() / itemSize;
  size_t from = 0;
  for (size_t to = 0; to < count; ++to) {
    std::memcpy(&target[to * itemSize], &source[from * itemSize], itemSize);
    for (size_t axis = rank; axis-- > 0;) {
      from += fortranStride[axis];
      if (++index[axis] < static_cast<size_t>(shape[axis])) break;
      from -= fortranStride[axis] * index[axis];
      index[axis] = 0;
    }
  }
}

}  // namespace

Result<HostTensor> readNpy(llvm::StringRef bytes) {
  if (!bytes.startswith(kMagic)) {
    std::string hint = looksLikeZip(bytes) ? " (a zip archive: an .npz?)" : "";
    return makeError("not a .npy file: expected the magic '\\x93NUMPY' at byte 0, found " +
                     describeLeadingBytes(bytes) + hint);
  }
  if (bytes.size() < kHeaderLengthAt) return truncated(bytes, "the format version at byte 6");
  auto major = static_cast<uint8_t>(bytes[kVersionAt]), minor = static_cast<uint8_t>(bytes[kVersionAt + 1]);
  if (major < 1 || major > 3 || minor != 0)
    return makeError("unsupported .npy format version " + std::to_string(major) + "." +
                     std::to_string(minor) + " " + at(kVersionAt) + "; expected 1.0, 2.0 or 3.0");
  size_t lengthWidth = major == 1 ? 2 : 4;
  size_t headerAt = kHeaderLengthAt + lengthWidth;
  if (bytes.size() < headerAt) return truncated(bytes, "the header length " + at(kHeaderLengthAt));
  size_t headerLength = readLittleEndian(bytes, kHeaderLengthAt, lengthWidth);
  if (headerLength > kNpyMaxHeaderBytes)
    return makeError(".npy header length " + at(kHeaderLengthAt) + " is " + std::to_string(headerLength) +
                     " bytes; expected at most " + std::to_string(kNpyMaxHeaderBytes));
  if (bytes.size() - headerAt < headerLength)
    return truncated(bytes, "the end of the " + std::to_string(headerLength) + "-byte header that starts " +
                                at(headerAt));

  Result<NpyHeader> header = parseNpyHeader(bytes.substr(headerAt, headerLength), headerAt);
  if (!header) return header.error();
  std::string where = "in the .npy header " + at(headerAt) + ": ";
  Result<NpyDescr> descr = parseNpyDescr(header->descr);
  if (!descr) return makeError(where + descr.error().message);
  size_t itemSize = elementByteSize(descr->type);
  Result<int64_t> count = checkedElementCount(header->shape, itemSize);
  if (!count) return makeError(where + count.error().message);

  size_t dataAt = headerAt + headerLength;
  uint64_t expected = static_cast<uint64_t>(*count) * itemSize;
  uint64_t available = bytes.size() - dataAt;
  std::string what = elementTypeName(descr->type).str() + " " + formatShape(header->shape);
  if (available < expected)
    return makeError("truncated .npy data: the header says " + what + ", " + std::to_string(expected) +
                     " bytes from byte " + std::to_string(dataAt) + ", but the file has only " +
                     std::to_string(available) + " bytes after the header");
  if (available > expected)
    return makeError(".npy file has " + std::to_string(available - expected) +
                     " bytes after its data, which ends " + at(dataAt + expected) + " (" + what +
                     " is " + std::to_string(expected) +
                     " bytes); expected the file to end there (several arrays saved into one file?)");

  Result<HostTensor> tensor = HostTensor::zeros(descr->type, header->shape);
  if (!tensor) return tensor.error();
  llvm::ArrayRef<uint8_t> data(reinterpret_cast<const uint8_t*>(bytes.data()) + dataAt, expected);
  if (descr->type == ElementType::Bool) {
    auto bad = std::find_if(data.begin(), data.end(), [](uint8_t b) { return b > 1; });
    if (bad != data.end()) {
      size_t index = static_cast<size_t>(bad - data.begin());
      return makeError("bool element " + std::to_string(index) + " " + at(dataAt + index) + " is " +
                       std::to_string(*bad) + "; expected 0 or 1");
    }
  }
  bool swap = descr->bigEndian && itemSize > 1;
  if (header->fortranOrder && header->shape.size() > 1) {
    std::vector<uint8_t> fileOrder(data.begin(), data.end());
    if (swap) swapElements(fileOrder, itemSize);
    fortranToC(fileOrder, tensor->bytes(), header->shape, itemSize);
  } else {
    std::copy(data.begin(), data.end(), tensor->bytes().begin());
    if (swap) swapElements(tensor->bytes(), itemSize);
  }
  return tensor;
}

std::string writeNpy(const HostTensor& tensor) {
  std::string dict = "{'descr': '" + npyDescr(tensor.elementType()) +
                     "', 'fortran_order': False, 'shape': " + formatShape(tensor.shape()) + ", }";
  auto paddedHeader = [&](size_t lengthWidth) {
    size_t unpadded = kMagic.size() + 2 + lengthWidth + dict.size() + 1;  // + '\n'
    size_t padding = (kDataAlignment - unpadded % kDataAlignment) % kDataAlignment;
    return dict + std::string(padding, ' ') + "\n";
  };
  std::string header = paddedHeader(2);
  char major = 1;
  if (header.size() > 0xffff) {
    header = paddedHeader(4);
    major = 2;
  }
  std::string out;
  out.reserve(kHeaderLengthAt + 4 + header.size() + tensor.byteSize());
  out += kMagic;
  out += major;
  out += '\0';
  size_t lengthWidth = major == 1 ? 2 : 4;
  for (size_t i = 0; i < lengthWidth; ++i) out += static_cast<char>(header.size() >> (8 * i) & 0xff);
  out += header;
  out.append(reinterpret_cast<const char*>(tensor.bytes().data()), tensor.byteSize());
  return out;
}

Result<std::vector<std::pair<std::string, HostTensor>>> readNpz(llvm::StringRef bytes,
                                                               uint64_t maxTotalBytes) {
  Result<ZipArchive> archive = ZipArchive::open(bytes);
  if (!archive) return makeError("cannot read the .npz: " + archive.error().message);
  std::vector<std::pair<std::string, HostTensor>> tensors;
  uint64_t used = 0;
  for (const std::string& name : archive->names()) {
    llvm::StringRef key(name);
    if (!key.consume_back(".npy"))
      return makeError("archive member '" + name +
                       "' is not a .npy file; expected every member of an .npz to be named NAME.npy");
    Result<std::string> member = archive->read(name, maxTotalBytes - used);
    if (!member) {
      std::string message = member.error().message;
      if (used > 0 && llvm::StringRef(message).contains("limit"))
        message += " (what is left of the " + formatByteSize(maxTotalBytes) + " limit for the whole .npz)";
      return makeError(message);
    }
    used += member->size();
    Result<HostTensor> tensor = readNpy(*member);
    if (!tensor) return makeError("archive member '" + name + "': " + tensor.error().message);
    tensors.emplace_back(key.str(), std::move(*tensor));
  }
  return tensors;
}

}  // namespace graphlint
