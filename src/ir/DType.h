#pragma once
// Element types, named as Keras names them.

#include <optional>

#include "llvm/ADT/StringRef.h"

namespace graphlint {

enum class DType {
  Unknown,
  Bool,
  Int8,
  Int16,
  Int32,
  Int64,
  UInt8,
  UInt16,
  UInt32,
  UInt64,
  Float16,
  BFloat16,
  Float32,
  Float64,
  String,
};

llvm::StringRef dtypeName(DType type);
/// Accepts Keras / NumPy spellings (`float32`, `int64`, `bool`, `string`) and `float`/`int`
/// as float32/int32. Returns nullopt for anything else.
std::optional<DType> parseDType(llvm::StringRef name);
/// Storage size in bytes; 0 for Unknown and String.
unsigned dtypeSize(DType type);
bool isFloating(DType type);
bool isInteger(DType type);

}  // namespace graphlint
