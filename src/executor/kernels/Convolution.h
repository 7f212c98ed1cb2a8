#pragma once
// The convolution loops of the convolution layers (Convolution.cpp), for the kernels that
// bring their tensors to the layers' layout first (the conv ops: torch's channels-first data
// and (out, in, k...) weights, TF's and keras.ops' tensors) and for those that convolve as part
// of their work (ConvLSTM's input and recurrent transformations): channels-last data seen with
// three spatial axes (SpatialUtil.h), and a kernel whose taps run over those axes in C order.

#include <cstdint>

#include "executor/kernels/SpatialUtil.h"

namespace graphlint {

/// A convolution's input and output (channels last) and its window over each axis.
struct ConvGeometry {
  SpatialShape in, out;
  Window3 window;

  int64_t taps() const { return window[0].kernel * window[1].kernel * window[2].kernel; }
};

/// y = convolution of x with kernel (taps..., in/groups, filters), no bias: im2col in bounded
/// chunks of rows and sgemm, one product per group (x itself for a 1x1 window with stride 1).
/// With `accumulate` the convolution is added to what y holds instead of overwriting it.
void convolve(const ConvGeometry& g, int64_t groups, const float* x, const float* kernel, float* y,
              bool accumulate = false);

/// y (in*multiplier channels) = depthwise convolution of x with kernel (taps..., in,
/// multiplier), no bias.
void convolveDepthwise(const ConvGeometry& g, int64_t multiplier, const float* x, const float* kernel, float* y);

/// y = transposed convolution of x with kernel (taps..., filters, in), no bias. The window
/// slides over y: input cell i feeds output positions i*stride - padBefore + k*dilation.
void convolveTransposed(const ConvGeometry& g, const float* x, const float* kernel, float* y);

}  // namespace graphlint
