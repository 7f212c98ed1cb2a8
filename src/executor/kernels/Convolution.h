#pragma once
// The plain convolution of the Conv kernels (Convolution.cpp), for other kernels that
// convolve as part of their work: ConvLSTM's input and recurrent transformations.

#include <cstdint>

#include "executor/kernels/SpatialUtil.h"

namespace graphlint {

/// y (channels last, out.channels filters) = the convolution of the channels-last x (shape
/// `in`) with kernel (taps..., in.channels / groups, out.channels) over `window`, without
/// bias: an im2col matrix in bounded chunks of rows times the kernel through sgemm, or the
/// input itself as that matrix for a 1x1 window with stride 1. Batches of `in` and `out`
/// must agree, and every window axis's `in`/`out` must be the shapes' sizes. With `accumulate`
/// the convolution is added to what y holds (sgemm's beta = 1) instead of overwriting it.
void convolveChannelsLast(const SpatialShape& in, const SpatialShape& out, const Window3& window, int64_t groups,
                          const float* x, const float* kernel, float* y, bool accumulate = false);

}  // namespace graphlint
