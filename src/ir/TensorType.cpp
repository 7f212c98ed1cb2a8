#include "ir/TensorType.h"

namespace graphlint {

std::string formatShape(llvm::ArrayRef<Dim> dims) {
  std::string out = "(";
  for (size_t i = 0; i < dims.size(); ++i) {
    if (i) out += ", ";
    out += dims[i].isUnknown() ? "None" : dims[i].str();
  }
  if (dims.size() == 1) out += ",";
  return out + ")";
}

std::string TensorType::shapeStr() const { return dims ? formatShape(*dims) : "(unknown rank)"; }

Dim TensorType::elementCount() const {
  if (!dims) return Dim::unknown();
  Dim count = Dim::constant(1);
  for (const Dim& d : *dims) count = count * d;
  return count;
}

}  // namespace graphlint
