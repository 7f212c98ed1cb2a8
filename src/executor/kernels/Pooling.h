#pragma once
// The pooling loop of the pooling layers (Pooling.cpp), for the kernels that describe their
// windows as boxes of input cells too (the max_pool and avg_pool ops).

#include <array>
#include <cstdint>
#include <vector>

#include "executor/kernels/SpatialUtil.h"

namespace graphlint {

enum class PoolMode { Max, Average };

/// The input cells [begin[o], end[o]) that output position o of one axis pools.
struct AxisBins {
  std::vector<int64_t> begin, end;
  /// What an average divides by along this axis at each output position; empty means the
  /// cells of the box (TF and Keras leave padding out; torch's count_include_pad counts it).
  std::vector<int64_t> divisor;
};

/// Pools every box of `bins` (one per axis) over each channel of x (channels last) into y.
/// An empty max box gives -inf; an average of no cells gives 0.
void poolBoxes(const SpatialShape& in, const SpatialShape& out, const std::array<AxisBins, 3>& bins, PoolMode mode,
               const float* x, float* y);

}  // namespace graphlint
