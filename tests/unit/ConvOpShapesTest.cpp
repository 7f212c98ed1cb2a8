// Shape families of the sliding-window ops (src/catalogue/ops/ConvOps.cpp): conv,
// depthwise_conv, conv_transpose and max_pool / avg_pool in keras.ops' and tf.nn's
// conventions, and their torch.nn.functional and jax.lax spellings. Expected shapes follow
// Keras 3's compute_output_spec, TF's and torch's documented formulas (the torch ones checked
// against torch 1.13).

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "OpTestUtil.h"

using namespace graphlint;
using namespace graphlint::test;

TEST_CASE("conv computes the output from the kernel's shape", "[shape][ops]") {
  TensorType image = tensor("batch, 28, 28, 3");
  TensorType kernel = tensor("3, 3, 3, 16");
  checkCases({
      {"keras.ops.conv", "{}", {image, kernel}, "(batch, 26, 26, 16) float32"},
      {"keras.ops.conv", "{strides: 2, padding: same}", {image, kernel}, "(batch, 14, 14, 16) float32"},
      {"keras.ops.conv", "{strides: [2, 1], dilation_rate: 2}", {image, kernel}, "(batch, 12, 24, 16) float32"},
      {"keras.ops.conv", "{data_format: channels_first}", {tensor("batch, 3, 28, 28"), kernel}, "(batch, 16, 26, 26) float32"},
      // A kernel that takes a divisor of the input's channels groups them, as Conv2D(groups=) does.
      {"keras.ops.conv", "{}", {tensor("batch, 28, 28, 6"), kernel}, "(batch, 26, 26, 16) float32"},
      {"keras.ops.conv", "{strides: 2}", {tensor("batch, h, w, 3"), kernel}, "(batch, (h - 3)//2 + 1, (w - 3)//2 + 1, 16) float32"},
      {"keras.ops.conv", "{}", {image, tensor("k, k, 3, 16")}, "(batch, -k + 29, -k + 29, 16) float32"},
      {"keras.ops.conv", "{}", {tensor("*"), kernel}, "(unknown rank) float32"},
  });
}

TEST_CASE("conv reads TensorFlow's spellings of every argument", "[shape][ops]") {
  TensorType image = tensor("batch, 28, 28, 3");
  TensorType kernel = tensor("3, 3, 3, 16");
  checkCases({
      // Upper-case padding, layout strings, strides with batch and channel entries.
      {"tf.nn.conv2d", "{strides: [1, 2, 2, 1], padding: SAME, data_format: NHWC}", {image, kernel},
       "(batch, 14, 14, 16) float32"},
      {"tf.nn.conv2d", "{strides: [1, 1, 2, 2], padding: VALID, data_format: NCHW}", {tensor("batch, 3, 28, 28"), kernel},
       "(batch, 16, 13, 13) float32"},
      {"tf.nn.conv2d", "{strides: [2, 1], padding: VALID}", {image, kernel}, "(batch, 13, 26, 16) float32"},
      {"tf.nn.conv1d", "{stride: 1, padding: VALID}", {tensor("batch, t, 8"), tensor("5, 8, 32")}, "(batch, t - 4, 32) float32"},
      {"tf.nn.convolution", "{}", {tensor("batch, d, h, w, 1"), tensor("3, 3, 3, 1, 4")},
       "(batch, d - 2, h - 2, w - 2, 4) float32"},
      // Explicit (before, after) pairs, with the batch and channel axes' zeros.
      {"tf.nn.conv2d", "{strides: 1, padding: [[0, 0], [1, 1], [2, 0], [0, 0]]}", {image, kernel},
       "(batch, 28, 28, 16) float32"},
      {"tf.nn.conv2d", "{strides: 1, padding: [[0, 0], [0, 0], [1, 1], [0, 3]], data_format: NCHW}",
       {tensor("batch, 3, 28, 28"), kernel}, "(batch, 16, 28, 29) float32"},
      {"tf.nn.conv2d", "{strides: 2, padding: [[0, 0], [1, 1], [1, 1], [0, 0]], dilations: 1}", {image, kernel},
       "(batch, 14, 14, 16) float32"},
  });
}

TEST_CASE("torch convolutions are channels first with an (out, in/groups, k...) weight", "[shape][ops]") {
  TensorType image = tensor("batch, 8, 10, 10");
  checkCases({
      {"F.conv2d", "{}", {tensor("batch, 3, 28, 28"), tensor("16, 3, 3, 3")}, "(batch, 16, 26, 26) float32"},
      {"F.conv2d", "{stride: 2, padding: 1, groups: 2}", {image, tensor("6, 4, 3, 3")}, "(batch, 6, 5, 5) float32"},
      {"F.conv2d", "{padding: same, dilation: 2}", {image, tensor("6, 8, 3, 3")}, "(batch, 6, 10, 10) float32"},
      {"F.conv2d", "{padding: [0, 2], stride: [1, 2]}", {image, tensor("6, 8, 3, 3")}, "(batch, 6, 8, 6) float32"},
      {"torch.nn.functional.conv1d", "{}", {tensor("1, 4, 9"), tensor("5, 4, 3")}, "(1, 5, 7) float32"},
      {"F.conv3d", "{padding: valid}", {tensor("2, 1, 5, 6, 7"), tensor("4, 1, 3, 3, 3")}, "(2, 4, 3, 4, 5) float32"},
      // jax.lax: NCHW and OIHW by default, padding strings or (low, high) pairs.
      {"jax.lax.conv_general_dilated", "{window_strides: [1, 1], padding: SAME}", {image, tensor("6, 8, 3, 3")},
       "(batch, 6, 10, 10) float32"},
      {"jax.lax.conv_general_dilated", "{window_strides: [2, 2], padding: [[1, 1], [0, 0]], feature_group_count: 4}",
       {image, tensor("4, 2, 3, 3")}, "(batch, 4, 5, 4) float32"},
      {"jax.lax.conv", "{window_strides: [1, 1], padding: VALID}", {image, tensor("6, 8, 3, 3")}, "(batch, 6, 8, 8) float32"},
      // Layouts and input dilations the rule does not model leave the shape unknown.
      {"jax.lax.conv_general_dilated", "{window_strides: [1, 1], padding: SAME, dimension_numbers: [NHWC, HWIO, NHWC]}",
       {image, tensor("3, 3, 8, 6")}, "(unknown rank) float32"},
      {"jax.lax.conv_general_dilated", "{window_strides: [1, 1], padding: SAME, lhs_dilation: [2, 2]}",
       {image, tensor("6, 8, 3, 3")}, "(unknown rank) float32"},
  });
}

TEST_CASE("depthwise_conv multiplies the channels by the kernel's last dim", "[shape][ops]") {
  checkCases({
      {"keras.ops.depthwise_conv", "{}", {tensor("batch, 9, 9, 4"), tensor("3, 3, 4, 2")}, "(batch, 7, 7, 8) float32"},
      {"keras.ops.depthwise_conv", "{strides: 2, padding: same, data_format: channels_first}",
       {tensor("batch, 4, 9, 9"), tensor("3, 3, 4, 1")}, "(batch, 4, 5, 5) float32"},
      {"tf.nn.depthwise_conv2d", "{strides: [1, 1, 1, 1], padding: SAME, dilations: [2, 2]}",
       {tensor("batch, 9, 9, 4"), tensor("3, 3, 4, 3")}, "(batch, 9, 9, 12) float32"},
  });
}

TEST_CASE("conv_transpose infers the output as Keras does, or takes TF's output_shape", "[shape][ops]") {
  TensorType kernel = tensor("3, 3, 5, 8");  // (kh, kw, out, in)
  checkCases({
      {"keras.ops.conv_transpose", "{strides: 2}", {tensor("batch, 4, 4, 8"), kernel}, "(batch, 9, 9, 5) float32"},
      {"keras.ops.conv_transpose", "{strides: 2, padding: same}", {tensor("batch, 4, 4, 8"), kernel},
       "(batch, 8, 8, 5) float32"},
      {"keras.ops.conv_transpose", "{strides: 2, padding: same, output_padding: 0}", {tensor("batch, 4, 4, 8"), kernel},
       "(batch, 7, 7, 5) float32"},
      {"keras.ops.conv_transpose", "{strides: 2, data_format: channels_first}", {tensor("batch, 8, h, 4"), kernel},
       "(batch, 5, 2*h + 1, 9) float32"},
      // tf.nn.conv2d_transpose pads 'SAME' unless told otherwise, and its output_shape decides.
      {"tf.nn.conv2d_transpose", "{output_shape: [2, 8, 8, 5], strides: 2}", {tensor("batch, 4, 4, 8"), kernel},
       "(batch, 8, 8, 5) float32"},
      {"tf.nn.conv2d_transpose", "{output_shape: [2, 7, 8, 5], strides: 2}", {tensor("batch, 4, 4, 8"), kernel},
       "(batch, 7, 8, 5) float32"},
      {"tf.nn.conv2d_transpose", "{output_shape: [2, 9, 9, 5], strides: 2, padding: VALID}",
       {tensor("batch, 4, 4, 8"), kernel}, "(batch, 9, 9, 5) float32"},
      // torch: (in, out/groups, k...) weight, channels first, numeric padding.
      {"F.conv_transpose2d", "{stride: 2, padding: 1, output_padding: 1}", {tensor("2, 8, 5, 5"), tensor("8, 3, 3, 3")},
       "(2, 3, 10, 10) float32"},
      {"F.conv_transpose2d", "{}", {tensor("2, 8, 5, 5"), tensor("8, 3, 2, 4")}, "(2, 3, 6, 8) float32"},
  });
}

TEST_CASE("max_pool and avg_pool slide pool_size windows", "[shape][ops]") {
  TensorType image = tensor("batch, 7, 7, 3");
  checkCases({
      {"keras.ops.max_pool", "{pool_size: 2}", {image}, "(batch, 3, 3, 3) float32"},
      {"keras.ops.average_pool", "{pool_size: 3, strides: 2, padding: same}", {image}, "(batch, 4, 4, 3) float32"},
      {"keras.ops.max_pool", "{pool_size: [2], data_format: channels_first}", {tensor("batch, 4, 9")}, "(batch, 4, 4) float32"},
      {"tf.nn.max_pool2d", "{ksize: [1, 3, 3, 1], strides: [1, 2, 2, 1], padding: VALID}", {image}, "(batch, 3, 3, 3) float32"},
      {"tf.nn.avg_pool", "{ksize: 2, strides: 2, padding: SAME, data_format: NCHW}", {tensor("batch, 3, 7, 7")},
       "(batch, 3, 4, 4) float32"},
      {"tf.nn.max_pool2d", "{ksize: 3, strides: 1, padding: [[0, 0], [1, 1], [0, 0], [0, 0]]}", {image},
       "(batch, 7, 5, 3) float32"},
      // torch: channels first, numeric padding, ceil_mode, stride defaulting to the window.
      {"F.max_pool2d", "{kernel_size: 3, stride: 2, padding: 1, ceil_mode: true}", {tensor("2, 3, 7, 7")},
       "(2, 3, 4, 4) float32"},
      {"F.max_pool2d", "{kernel_size: 3, stride: 2, ceil_mode: true}", {tensor("2, 3, 6, 6")}, "(2, 3, 3, 3) float32"},
      {"F.avg_pool2d", "{kernel_size: 2}", {tensor("2, 3, 7, 7")}, "(2, 3, 3, 3) float32"},
      {"F.avg_pool2d", "{kernel_size: [3, 2], stride: 1, padding: [1, 0]}", {tensor("2, 3, 7, 7")}, "(2, 3, 7, 6) float32"},
      // A dilated torch window is not modelled.
      {"F.max_pool2d", "{kernel_size: 2, dilation: 2}", {tensor("2, 3, 7, 7")}, "(unknown rank) float32"},
  });
}

TEST_CASE("conv reports kernels and arguments that cannot apply", "[shape][ops]") {
  TensorType image = tensor("batch, 28, 28, 3");
  TensorType kernel = tensor("3, 3, 3, 16");
  checkCases({
      {"keras.ops.conv", "{}", {image, tensor("3, 3, 4, 16")},
       "error: conv: the input (batch, 28, 28, 3) has 3 channels, but the kernel (3, 3, 4, 16) expects 4"},
      {"keras.ops.conv", "{}", {tensor("batch, 28, 28, 8"), tensor("3, 3, 2, 6")},
       "error: conv: the kernel (3, 3, 2, 6) has 6 output channels, which do not divide into 4 groups"},
      {"keras.ops.conv", "{}", {image, tensor("3, 3, 16")},
       "error: conv: the kernel (3, 3, 16) must have the rank of the input (batch, 28, 28, 3) (spatial..., "
       "in_channels, out_channels), got 3 != 4"},
      {"keras.ops.conv", "{}", {tensor("5, 5, 3"), tensor("7, 3, 8")},
       "error: conv: output size is not positive: with padding 'valid', steps = "
       "(in - dilation*(kernel-1) - 1)//stride + 1 = (5 - 1*(7-1) - 1)//1 + 1 = -1"},
      {"keras.ops.conv", "{padding: full}", {image, kernel}, "error: conv: padding 'full' is not 'valid' or 'same'"},
      {"keras.ops.conv", "{data_format: NHCW}", {image, kernel},
       "error: conv: data_format \"NHCW\" is not 'channels_last' or 'channels_first'"},
      {"keras.ops.conv", "{strides: [1, 2, 3]}", {image, kernel},
       "error: conv: strides [1, 2, 3] must be one int or 2 (one per spatial axis)"},
      {"keras.ops.conv", "{strides: 0}", {image, kernel}, "error: conv: strides 0 must be positive"},
      {"tf.nn.conv2d", "{strides: [2, 2, 2, 1], padding: SAME}", {image, kernel},
       "error: conv: strides [2, 2, 2, 1] must be 1 on the batch and channel axes"},
      {"tf.nn.conv2d", "{strides: 1, padding: [[1, 1], [1, 1], [1, 1], [0, 0]]}", {image, kernel},
       "error: conv: padding [[1, 1], [1, 1], [1, 1], [0, 0]] must be [0, 0] on the batch and channel axes"},
      {"tf.nn.conv2d", "{strides: 1, padding: [[1, 1], [1, 1], [0, 0]]}", {image, kernel},
       "error: conv: padding [[1, 1], [1, 1], [0, 0]] must have 2 (before, after) pairs (or 4 with the batch and "
       "channel axes)"},
      {"keras.ops.conv", "{}", {tensor("batch, 3"), tensor("3, 16")},
       "error: conv: needs an input of rank 3 or more (batch, spatial..., channels), got (batch, 3)"},
  });
}

TEST_CASE("torch and jax convolutions report both sides of a channel conflict", "[shape][ops]") {
  TensorType image = tensor("batch, 8, 10, 10");
  checkCases({
      {"F.conv2d", "{}", {image, tensor("6, 3, 3, 3")},
       "error: conv: the input (batch, 8, 10, 10) has 8 channels, but the weight (6, 3, 3, 3) expects 3"},
      {"F.conv2d", "{groups: 2}", {image, tensor("6, 3, 3, 3")},
       "error: conv: the input (batch, 8, 10, 10) has 8 channels, but the weight (6, 3, 3, 3) expects 6 "
       "(3 per group * groups 2)"},
      {"F.conv2d", "{groups: 4}", {image, tensor("6, 2, 3, 3")},
       "error: conv: the weight (6, 2, 3, 3) has 6 output channels, which do not divide into 4 groups"},
      {"F.conv2d", "{stride: 2, padding: same}", {image, tensor("6, 8, 3, 3")},
       "error: conv: padding 'same' is not supported for strided convolutions (strides 2), as in PyTorch"},
      {"F.conv2d", "{padding: -1}", {image, tensor("6, 8, 3, 3")}, "error: conv: padding -1 must not be negative"},
      {"jax.lax.conv", "{window_strides: [1, 1], padding: VALID}", {image, tensor("6, 4, 3, 3")},
       "error: conv: the input (batch, 8, 10, 10) has 8 channels, but the weight (6, 4, 3, 3) expects 4"},
      {"keras.ops.depthwise_conv", "{}", {tensor("batch, 9, 9, 4"), tensor("3, 3, 2, 2")},
       "error: depthwise_conv: the input (batch, 9, 9, 4) has 4 channels, but the kernel (3, 3, 2, 2) expects 2"},
      {"keras.ops.conv_transpose", "{}", {tensor("batch, 4, 4, 8"), tensor("3, 3, 8, 5")},
       "error: conv_transpose: the input (batch, 4, 4, 8) has 8 channels, but the kernel (3, 3, 8, 5) expects 5"},
      {"tf.nn.conv2d_transpose", "{output_shape: [2, 10, 8, 5], strides: 2}", {tensor("batch, 4, 4, 8"), tensor("3, 3, 5, 8")},
       "error: conv_transpose: output_shape [2, 10, 8, 5] does not fit the input (batch, 4, 4, 8): its rows 10 "
       "convolve back to 5, not 4"},
      {"F.conv2d", "{padding: 1}", {tensor("1, 8, 2, 2"), tensor("6, 8, 5, 5")},
       "error: conv: output size is not positive: with padding 'explicit', rows = "
       "(in - dilation*(kernel-1) - 1)//stride + 1 = (4 - 1*(5-1) - 1)//1 + 1 = 0"},
      {"F.max_pool2d", "{kernel_size: 2, padding: 2}", {tensor("2, 3, 7, 7")},
       "error: max_pool: padding 2 must be at most half of kernel_size 2, as in PyTorch"},
  });
}
