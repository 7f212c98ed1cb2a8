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

SourceLoc LineTable::locate(size_t offset, size_t length) const {
  auto len = static_cast<uint32_t>(length);
  // The line whose start is the last one at or before the offset.
  auto after = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
  if (after == lineStarts_.begin()) return {1, 1, len};  // inside the byte-order mark
  auto line = static_cast<uint32_t>(after - lineStarts_.begin());
  return {line, static_cast<uint32_t>(offset - *(after - 1) + 1), len};
}

}  // namespace graphlint
