#include "ir/DType.h"

#include "llvm/ADT/StringSwitch.h"

namespace graphlint {

llvm::StringRef dtypeName(DType type) {
  switch (type) {
    case DType::Unknown: return "?";
    case DType::Bool: return "bool";
    case DType::Int8: return "int8";
    case DType::Int16: return "int16";
    case DType::Int32: return "int32";
    case DType::Int64: return "int64";
    case DType::UInt8: return "uint8";
    case DType::UInt16: return "uint16";
    case DType::UInt32: return "uint32";
    case DType::UInt64: return "uint64";
    case DType::Float16: return "float16";
    case DType::BFloat16: return "bfloat16";
    case DType::Float32: return "float32";
    case DType::Float64: return "float64";
    case DType::String: return "string";
  }
  return "?";
}

std::optional<DType> parseDType(llvm::StringRef name) {
  auto type = llvm::StringSwitch<std::optional<DType>>(name)
                  .Case("bool", DType::Bool)
                  .Case("int8", DType::Int8)
                  .Case("int16", DType::Int16)
                  .Cases("int32", "int", DType::Int32)
                  .Case("int64", DType::Int64)
                  .Case("uint8", DType::UInt8)
                  .Case("uint16", DType::UInt16)
                  .Case("uint32", DType::UInt32)
                  .Case("uint64", DType::UInt64)
                  .Cases("float16", "half", DType::Float16)
                  .Case("bfloat16", DType::BFloat16)
                  .Cases("float32", "float", DType::Float32)
                  .Cases("float64", "double", DType::Float64)
                  .Case("string", DType::String)
                  .Default(std::nullopt);
  return type;
}

unsigned dtypeSize(DType type) {
  switch (type) {
    case DType::Bool:
    case DType::Int8:
    case DType::UInt8: return 1;
    case DType::Int16:
    case DType::UInt16:
    case DType::Float16:
    case DType::BFloat16: return 2;
    case DType::Int32:
    case DType::UInt32:
    case DType::Float32: return 4;
    case DType::Int64:
    case DType::UInt64:
    case DType::Float64: return 8;
    case DType::Unknown:
    case DType::String: return 0;
  }
  return 0;
}

bool isFloating(DType type) {
  return type == DType::Float16 || type == DType::BFloat16 || type == DType::Float32 ||
         type == DType::Float64;
}

bool isInteger(DType type) {
  switch (type) {
    case DType::Int8:
    case DType::Int16:
    case DType::Int32:
    case DType::Int64:
    case DType::UInt8:
    case DType::UInt16:
    case DType::UInt32:
    case DType::UInt64: return true;
    default: return false;
  }
}

}  // namespace graphlint
