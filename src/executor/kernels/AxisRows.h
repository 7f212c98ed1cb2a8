#pragma once
// Layers that reduce over some axes of their input (LayerNormalization over a list of axes,
// UnitNormalization, RMSNormalization, the preprocessing Normalization) see the input as rows:
// one row per index of the other axes, holding the elements of the reduced axes in C order of
// those axes sorted. AxisRows moves data between that view and the input's layout.

#include <cstdint>
#include <vector>

#include "executor/Kernel.h"

namespace graphlint {

/// The axes `axis` names (an int or a list of ints, negative from the end) for a rank-`rank`
/// input, sorted; fails naming the axis out of range or given twice.
Result<std::vector<size_t>> resolveKernelAxes(const Value& axis, size_t rank);

/// An input seen as rows over `axes`.
class AxisRows {
 public:
  AxisRows(const std::vector<int64_t>& shape, const std::vector<size_t>& axes);

  int64_t rows() const { return rows_; }
  int64_t rowLength() const { return rowLength_; }
  /// Whether the axes are the trailing ones, so the input's layout already is the rows.
  bool contiguous() const { return contiguous_; }

  /// Copies `in` (the input's layout) into `rows` (rows x rowLength).
  void gather(const float* in, float* rows) const;
  /// Copies `rows` back into `out` in the input's layout.
  void scatter(const float* rows, float* out) const;

 private:
  std::vector<int64_t> shape_;
  std::vector<size_t> toRows_;    // permutation input -> rows layout
  std::vector<size_t> fromRows_;  // its inverse
  std::vector<int64_t> rowsShape_;
  int64_t rows_ = 1, rowLength_ = 1;
  bool contiguous_ = true;
};

}  // namespace graphlint
