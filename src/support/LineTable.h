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
  /// end of the input). Readers look offsets up in text order, so the line of the previous
  /// lookup and the next one are tried before a binary search. Not for concurrent use.
  SourceLoc locate(size_t offset, size_t length = 1) const {
    // Inline: a reader locates every value, nearly always on the line of the previous one.
    size_t line = lastLine_;
    if (offset < lineStarts_[line] || (line + 1 < lineStarts_.size() && offset >= lineStarts_[line + 1]))
      line = findLine(offset);
    if (offset < lineStarts_[line]) return {1, 1, static_cast<uint32_t>(length)};  // in the byte-order mark
    lastLine_ = line;
    return {static_cast<uint32_t>(line + 1), static_cast<uint32_t>(offset - lineStarts_[line] + 1),
            static_cast<uint32_t>(length)};
  }

 private:
  /// The index of the line holding `offset`: the next line, or a binary search.
  size_t findLine(size_t offset) const;

  std::vector<size_t> lineStarts_;
  mutable size_t lastLine_ = 0;  // the previous lookup's line
};

}  // namespace graphlint
