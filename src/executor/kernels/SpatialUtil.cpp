// Shapes, data-format moves and padding arithmetic of the sliding-window kernels.

#include "executor/kernels/SpatialUtil.h"

#include <algorithm>

namespace graphlint {

SpatialShape spatialShapeOf(const std::vector<int64_t>& shape, bool channelsFirst) {
  SpatialShape s;
  size_t spatialRank = shape.size() - 2;
  s.batch = shape[0];
  s.channels = channelsFirst ? shape[1] : shape.back();
  size_t first = channelsFirst ? 2 : 1;
  for (size_t i = 0; i < spatialRank; ++i) s.size[3 - spatialRank + i] = shape[first + i];
  return s;
}

SpatialShape perChannelShapeOf(const std::vector<int64_t>& shape, bool channelsFirst) {
  SpatialShape s = spatialShapeOf(shape, channelsFirst);
  if (channelsFirst) {
    s.batch *= s.channels;
    s.channels = 1;
  }
  return s;
}

namespace {

/// (N, C, spatial...) -> (N, spatial..., C), or back with `toFirst`.
void moveChannels(const float* in, const std::vector<int64_t>& shapeOfIn, bool toFirst, float* out) {
  size_t rank = shapeOfIn.size();
  std::vector<size_t> perm = {0};
  if (toFirst) {
    perm.push_back(rank - 1);
    for (size_t d = 1; d + 1 < rank; ++d) perm.push_back(d);
  } else {
    for (size_t d = 2; d < rank; ++d) perm.push_back(d);
    perm.push_back(1);
  }
  transposeInto(reinterpret_cast<const uint8_t*>(in), shapeOfIn, perm, sizeof(float),
                reinterpret_cast<uint8_t*>(out));
}

}  // namespace

ChannelsLastInput::ChannelsLastInput(const HostTensor& tensor, bool channelsFirst) {
  const float* own = tensor.data<float>().data();
  if (!channelsFirst || tensor.rank() < 3) {
    data_ = own;
    return;
  }
  moved_.resize(static_cast<size_t>(tensor.elementCount()));
  moveChannels(own, tensor.shape(), /*toFirst=*/false, moved_.data());
  data_ = moved_.data();
}

ChannelsLastOutput::ChannelsLastOutput(HostTensor& tensor, bool channelsFirst)
    : tensor_(tensor), channelsFirst_(channelsFirst && tensor.rank() >= 3) {
  if (!channelsFirst_) {
    data_ = tensor.data<float>().data();
    return;
  }
  scratch_.resize(static_cast<size_t>(tensor.elementCount()));
  data_ = scratch_.data();
}

void ChannelsLastOutput::finish() {
  if (!channelsFirst_) return;
  // The scratch holds (N, spatial..., C) of the output's (N, C, spatial...).
  const std::vector<int64_t>& shape = tensor_.shape();
  std::vector<int64_t> lastShape = {shape[0]};
  lastShape.insert(lastShape.end(), shape.begin() + 2, shape.end());
  lastShape.push_back(shape[1]);
  moveChannels(scratch_.data(), lastShape, /*toFirst=*/true, tensor_.data<float>().data());
}

int64_t samePadBefore(int64_t in, int64_t out, int64_t span, int64_t stride) {
  int64_t total = std::max<int64_t>((out - 1) * stride + span - in, 0);
  return total / 2;
}

std::array<int64_t, 3> threeAxes(llvm::ArrayRef<int64_t> values, int64_t fill) {
  std::array<int64_t, 3> axes = {fill, fill, fill};
  size_t offset = 3 - std::min<size_t>(values.size(), 3);
  for (size_t i = 0; i < values.size() && i < 3; ++i) axes[offset + i] = values[i];
  return axes;
}

void addBias(float* data, int64_t rows, int64_t channels, const float* bias) {
  for (int64_t r = 0; r < rows; ++r) {
    float* row = data + r * channels;
    for (int64_t c = 0; c < channels; ++c) row[c] += bias[c];
  }
}

}  // namespace graphlint
