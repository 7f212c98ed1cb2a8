#pragma once
// The static type of a tensor: element type and shape, either of which may be unknown.

#include <optional>
#include <string>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include "ir/DType.h"
#include "ir/Dim.h"

namespace graphlint {

using Dims = llvm::SmallVector<Dim, 4>;

struct TensorType {
  DType dtype = DType::Unknown;
  /// nullopt when even the rank is unknown.
  std::optional<Dims> dims;

  static TensorType unknown() { return {}; }
  static TensorType of(DType dtype, Dims dims) { return {dtype, std::move(dims)}; }

  bool hasRank() const { return dims.has_value(); }
  size_t rank() const { return dims ? dims->size() : 0; }
  /// `(batch, seq, 64)`, `(batch,)` for rank 1, `(unknown rank)` when the rank is unknown.
  std::string shapeStr() const;
  /// Element count as a dim (unknown when the rank is unknown).
  Dim elementCount() const;
};

/// `(a, b)` for a list of dims, Python tuple style.
std::string formatShape(llvm::ArrayRef<Dim> dims);

}  // namespace graphlint
