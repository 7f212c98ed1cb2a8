#pragma once

#include <cstdint>

namespace graphlint {

/// A position in the file a graph was read from: 1-based line and column, and the length of
/// the text it covers (for carets). Line 0 means "no position" (e.g. a default value).
struct SourceLoc {
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t length = 0;

  bool isValid() const { return line != 0; }
};

}  // namespace graphlint
