#pragma once
// The JSON grammar graphlint reads, written out byte by byte: RFC 8259 plus the `NaN`,
// `Infinity` and `-Infinity` that Python's `json.dumps` writes. parseJson reads files with
// simdjson and comes here only when simdjson rejects one, to say which byte is wrong and why.

#include <cstddef>
#include <optional>

#include "llvm/ADT/StringRef.h"

#include "support/LineTable.h"
#include "support/Result.h"

namespace graphlint {

/// Arrays and objects nested deeper than this are an error: it bounds the recursion of the
/// readers (and no model config comes near it).
constexpr unsigned kMaxJsonDepth = 512;

/// The first reason `text` is not exactly one JSON document, with its location; nullopt when
/// it is one. Invalid UTF-8 anywhere comes first (Python decodes the file before parsing it).
/// Parsing starts at `start` (after a byte-order mark); locations count from the start of
/// `text`. Errors in a number or a string escape cover the whole token; an unterminated string
/// is reported at its opening quote; everything else at the offending byte.
std::optional<Error> findJsonError(llvm::StringRef text, size_t start, const LineTable& lines);

/// The value of Python's spellings of non-finite floats: `NaN`, `Infinity`, `-Infinity`.
std::optional<double> pythonNonFinite(llvm::StringRef token);

/// The value of a whole token in the JSON number grammar as a double, for numbers simdjson
/// leaves out (integers beyond 64 bits, exponents beyond a double's range: Python reads those
/// as int and inf). Nullopt when `token` is not a JSON number.
std::optional<double> jsonNumberAsDouble(llvm::StringRef token);

}  // namespace graphlint
