#pragma once
// NumPy's .npy files (one array) and .npz archives (a zip of .npy files), read exactly and
// safely from untrusted bytes, and .npy written as NumPy writes it.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "llvm/ADT/StringRef.h"

#include "runtime/HostTensor.h"
#include "support/Result.h"

namespace graphlint {

/// Longer headers are refused; NumPy's np.load refuses them too unless told otherwise.
constexpr size_t kNpyMaxHeaderBytes = 10000;

/// Reads a .npy image (format 1.0, 2.0 or 3.0): big-endian data is byte-swapped and
/// Fortran-order data transposed, so the tensor is little-endian C order. The data must be
/// exactly as long as the header says: a shorter file is truncated, and a longer one is refused
/// too, because NumPy would leave the extra bytes unread and they usually mean a wrong header
/// or several arrays saved into one file. Bool elements must be 0 or 1. An error says what is
/// wrong and where: the byte offset, and the header text when it is about the header.
Result<HostTensor> readNpy(llvm::StringRef bytes);

/// The .npy image of `tensor`: format 1.0 (2.0 if the header outgrew 1.0's 16-bit length),
/// little-endian, C order, the header padded with spaces so the data starts at a multiple of
/// 64 bytes, as NumPy does.
std::string writeNpy(const HostTensor& tensor);

/// The uncompressed bytes an .npz may hold in all its members together, unless the caller
/// passes another limit: a deflated member can expand about 1000 times.
constexpr uint64_t kNpzDefaultMaxBytes = uint64_t{4} << 30;

/// Reads every member of an .npz (zip, stored or deflated), in archive order, keyed by its
/// name without ".npy". Every member must be a .npy file named NAME.npy; an error names the
/// member and what is wrong with it.
Result<std::vector<std::pair<std::string, HostTensor>>> readNpz(
    llvm::StringRef bytes, uint64_t maxTotalBytes = kNpzDefaultMaxBytes);

}  // namespace graphlint
