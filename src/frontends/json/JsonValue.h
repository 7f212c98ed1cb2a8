#pragma once
// Reads JSON text (Keras model configs) into a Value tree with source positions, without
// throwing.

#include <string>
#include <vector>

#include "llvm/ADT/StringRef.h"

#include "ir/Value.h"
#include "support/Result.h"
#include "support/SourceLoc.h"

namespace graphlint {

/// Something legal but suspicious the reader resolved (a duplicate key).
struct JsonWarning {
  std::string message;
  SourceLoc loc;
};

struct ParsedJson {
  Value root;
  std::vector<JsonWarning> warnings;
};

/// Parses one JSON document as Python's json module reads it (Keras writes its files with it):
/// strict RFC 8259, plus `NaN`, `Infinity` and `-Infinity` as floats; a duplicate key keeps the
/// first key's position and the last value, with a warning. Integers that fit 64 bits are
/// Value::integer, every other number a double. A leading UTF-8 byte-order mark is skipped.
/// Errors (invalid syntax or UTF-8, a lone UTF-16 surrogate escape, nesting deeper than 512
/// levels) say what was expected and what was found, at the offending line and column.
/// Every Value and key carries the position of its first byte (columns count bytes, as for
/// YAML); a scalar's length covers its token, quotes included; a container's is 1.
Result<ParsedJson> parseJson(llvm::StringRef text);

}  // namespace graphlint
