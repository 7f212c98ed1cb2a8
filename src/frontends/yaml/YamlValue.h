#pragma once
// Reads YAML text into a Value tree with source positions, without throwing.

#include "llvm/ADT/StringRef.h"

#include "ir/Value.h"
#include "support/Result.h"

namespace graphlint {

/// Parses one YAML document. Scalars are typed as YAML 1.2's core schema types them (plain
/// `true`, `12`, `0.5`, `null`/`~`); quoted scalars stay strings. A duplicate map key, a
/// non-scalar map key, a second document, or text that is not UTF-8 is an error with a location.
Result<Value> parseYaml(llvm::StringRef text);

}  // namespace graphlint
