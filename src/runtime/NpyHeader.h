#pragma once
// The header of a .npy file: the Python dict literal NumPy writes after the magic and length,
// e.g. {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }, parsed without Python.

#include <cstdint>
#include <string>
#include <vector>

#include "llvm/ADT/StringRef.h"

#include "runtime/HostTensor.h"
#include "support/Result.h"

namespace graphlint {

/// What the three keys of a .npy header say.
struct NpyHeader {
  std::string descr;
  bool fortranOrder = false;
  std::vector<int64_t> shape;
};

/// A .npy header can say no more than this many dims (NumPy 2 allows 64).
constexpr size_t kNpyMaxRank = 64;

/// Parses the dict literal in `text`, which starts at byte `offset` of the file (for messages).
/// Accepts the forms NumPy has written: keys in any order, single or double quotes, True/False,
/// shape tuples with or without a trailing comma, Python 2's `3L` integers, spaces and a final
/// newline. Each key must appear once; anything else is an error quoting the header. The
/// parser does not recurse (a shape is a flat tuple), so its work is linear in the text.
Result<NpyHeader> parseNpyHeader(llvm::StringRef text, size_t offset);

/// An element type and byte order from a descr string such as '<f4' or '|b1'.
struct NpyDescr {
  ElementType type;
  bool bigEndian = false;
};

/// Reads a descr: an optional byte order ('<' little, '>' big, '=' native, which is little
/// here, '|' not applicable) and one of b1, i1, i2, i4, i8, u1, f2, f4, f8. Anything else
/// (other widths, unsigned wider than a byte, complex, strings, objects, dates) is an error
/// naming the descr and what it is.
Result<NpyDescr> parseNpyDescr(llvm::StringRef descr);

/// The descr NumPy writes for a little-endian `type`: "<f4", or "|u1" for one-byte types.
std::string npyDescr(ElementType type);

/// `text` quoted for a message, non-printable bytes as \xNN, cut after `limit` characters.
std::string quoteBytes(llvm::StringRef text, size_t limit = 200);

}  // namespace graphlint
