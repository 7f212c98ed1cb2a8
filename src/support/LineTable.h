#pragma once
// Turns byte offsets into line and column for diagnostics, without rescanning the text.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "llvm/ADT/StringRef.h"

#include "support/SourceLoc.h"

namespace graphlint {

/// The start offset of every line of a text ('\n' ends a line). Columns count bytes, as the
/// YAML reader (yaml-cpp) and LLVM's SourceMgr do, so carets line up whichever frontend read
/// the file; like yaml-cpp, line 1 starts after a UTF-8 byte-order mark.
class LineTable {
 public:
  explicit LineTable(llvm::StringRef text);

  /// The 1-based line and column of the byte at `offset` (`offset` may be the text's size: the
  /// end of the input). Binary search over the line starts.
  SourceLoc locate(size_t offset, size_t length = 1) const;

 private:
  std::vector<size_t> lineStarts_;
};

}  // namespace graphlint
