#pragma once
// What the convolution, pooling and spatial kernels share: a (batch, spatial..., channels)
// tensor seen with exactly three spatial axes (1-D and 2-D layers get leading axes of size 1),
// channels_first data moved to channels_last and back, and TF's split of "same" padding.

#include <array>
#include <cstdint>
#include <vector>

#include "executor/kernels/KernelUtil.h"

namespace graphlint {

/// A channels-last tensor (batch, depth, rows, cols, channels); lower ranks have leading
/// spatial sizes of 1.
struct SpatialShape {
  int64_t batch = 1;
  std::array<int64_t, 3> size = {1, 1, 1};
  int64_t channels = 1;

  int64_t positions() const { return size[0] * size[1] * size[2]; }
  int64_t elements() const { return batch * positions() * channels; }
};

/// The shape of a rank spatialRank + 2 tensor in its own data format.
SpatialShape spatialShapeOf(const std::vector<int64_t>& shape, bool channelsFirst);

/// The same tensor seen as independent channels: a channels_first (N, C, spatial...) tensor
/// is (N*C, spatial..., 1), channels_last is unchanged. Layers that treat every channel
/// alike (pooling, padding, resizing) run on channels_first data in place with it.
SpatialShape perChannelShapeOf(const std::vector<int64_t>& shape, bool channelsFirst);

/// The channels-last floats of an input: its own data, or for channels_first a transposed
/// copy.
class ChannelsLastInput {
 public:
  ChannelsLastInput(const HostTensor& tensor, bool channelsFirst);
  const float* data() const { return data_; }

 private:
  std::vector<float> moved_;
  const float* data_;
};

/// Where a kernel writes channels-last results: the output itself, or for channels_first a
/// scratch buffer that finish() transposes into the output.
class ChannelsLastOutput {
 public:
  ChannelsLastOutput(HostTensor& tensor, bool channelsFirst);
  float* data() { return data_; }
  void finish();

 private:
  HostTensor& tensor_;
  bool channelsFirst_;
  std::vector<float> scratch_;
  float* data_;
};

/// One spatial axis of a sliding window: input position o*stride - padBefore + k*dilation
/// feeds output position o through tap k.
struct WindowAxis {
  int64_t in = 1, out = 1, kernel = 1, stride = 1, dilation = 1, padBefore = 0;

  int64_t span() const { return dilation * (kernel - 1) + 1; }
};
using Window3 = std::array<WindowAxis, 3>;

/// TF's split of "same" padding (also Keras 3's on every backend): the total is what makes
/// `out` windows of `span` at `stride` cover `in`, and the odd one goes at the end.
int64_t samePadBefore(int64_t in, int64_t out, int64_t span, int64_t stride);

/// Reads a per-axis attribute into three axes, right-aligned (1-D: the last one); the leading
/// axes keep `fill`.
std::array<int64_t, 3> threeAxes(llvm::ArrayRef<int64_t> values, int64_t fill);

/// Adds bias[c] to every row of `channels` values.
void addBias(float* data, int64_t rows, int64_t channels, const float* bias);

}  // namespace graphlint
