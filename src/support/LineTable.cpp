#include "support/LineTable.h"

#include <algorithm>
#include <cstring>

namespace graphlint {

LineTable::LineTable(llvm::StringRef text) {
  lineStarts_.push_back(text.startswith("\xEF\xBB\xBF") ? 3 : 0);
  const char* begin = text.data();
  const char* end = begin + text.size();
  // memchr is vectorized, much faster than a loop over bytes.
  for (const char* p = begin; p < end;) {
    const void* newline = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (!newline) break;
    p = static_cast<const char*>(newline) + 1;
    lineStarts_.push_back(static_cast<size_t>(p - begin));
  }
}

size_t LineTable::findLine(size_t offset) const {
  size_t next = lastLine_ + 1;
  if (next < lineStarts_.size() && offset >= lineStarts_[next] &&
      (next + 1 == lineStarts_.size() || offset < lineStarts_[next + 1]))
    return next;
  // The last line start at or before the offset (the first line for an offset before it).
  auto after = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
  return after == lineStarts_.begin() ? 0 : static_cast<size_t>(after - lineStarts_.begin()) - 1;
}

}  // namespace graphlint
