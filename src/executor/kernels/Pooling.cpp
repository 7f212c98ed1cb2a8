// Kernels of the pooling layers: Max/AveragePooling1D/2D/3D, their global forms and the
// adaptive ones, in either data format.
//
// Pooling treats every channel alike, so channels_first data is pooled where it lies, seen as
// (batch*channels, spatial..., 1). Every window is a box of input cells per axis; padding
// cells take no part ("same" average pooling divides by the real cells only, as TF does).

#include <algorithm>
#include <cmath>
#include <limits>

#include "catalogue/ShapeRules.h"
#include "executor/kernels/Pooling.h"

namespace graphlint {

void poolBoxes(const SpatialShape& in, const SpatialShape& out, const std::array<AxisBins, 3>& bins, PoolMode mode,
               const float* x, float* y) {
  // What an average divides by at position o of axis a.
  auto divisor = [&](size_t a, int64_t o) {
    return bins[a].divisor.empty() ? bins[a].end[o] - bins[a].begin[o] : bins[a].divisor[o];
  };
  int64_t channels = in.channels;
  for (int64_t b = 0; b < out.batch; ++b)
    for (int64_t od = 0; od < out.size[0]; ++od)
      for (int64_t oh = 0; oh < out.size[1]; ++oh)
        for (int64_t ow = 0; ow < out.size[2]; ++ow) {
          float* acc = y + (((b * out.size[0] + od) * out.size[1] + oh) * out.size[2] + ow) * channels;
          std::fill(acc, acc + channels, mode == PoolMode::Max ? -std::numeric_limits<float>::infinity() : 0.0f);
          for (int64_t id = bins[0].begin[od]; id < bins[0].end[od]; ++id)
            for (int64_t ih = bins[1].begin[oh]; ih < bins[1].end[oh]; ++ih)
              for (int64_t iw = bins[2].begin[ow]; iw < bins[2].end[ow]; ++iw) {
                const float* cell = x + (((b * in.size[0] + id) * in.size[1] + ih) * in.size[2] + iw) * channels;
                if (mode == PoolMode::Max)
                  for (int64_t c = 0; c < channels; ++c) acc[c] = std::max(acc[c], cell[c]);
                else
                  for (int64_t c = 0; c < channels; ++c) acc[c] += cell[c];
              }
          if (mode == PoolMode::Average) {
            int64_t cells = divisor(0, od) * divisor(1, oh) * divisor(2, ow);
            float scale = 1.0f / static_cast<float>(std::max<int64_t>(cells, 1));
            for (int64_t c = 0; c < channels; ++c) acc[c] *= scale;
          }
        }
}

namespace {

using Mode = PoolMode;

std::optional<Error> requireRank(const KernelArgs& args, size_t rank) {
  const HostTensor& x = *args.inputs[0];
  const HostTensor& y = args.outputs[0];
  if (x.rank() == rank + 2 && y.rank() >= 2) return std::nullopt;
  return makeError("expected a rank-" + std::to_string(rank + 2) + " input, got " + x.describe());
}

std::optional<Error> pool(KernelArgs& args, Mode mode, size_t rank) {
  if (auto e = requireFloat32(args)) return e;
  if (auto e = requireRank(args, rank)) return e;
  const LayerCall& call = *args.layer;
  auto poolSize = spatialInts(call, call.attr("pool_size"), "pool_size", rank, 1);
  if (!poolSize) return poolSize.error();
  const Value& stridesValue = call.attr("strides");
  auto strides = stridesValue.isNull() ? poolSize : spatialInts(call, stridesValue, "strides", rank, 1);
  if (!strides) return strides.error();
  bool channelsFirst = isChannelsFirst(call);
  SpatialShape in = perChannelShapeOf(args.inputs[0]->shape(), channelsFirst);
  SpatialShape out = perChannelShapeOf(args.outputs[0].shape(), channelsFirst);
  std::array<int64_t, 3> size = threeAxes(*poolSize, 1), step = threeAxes(*strides, 1);
  bool same = call.stringAttr("padding") == "same";
  std::array<AxisBins, 3> bins;
  for (size_t a = 0; a < 3; ++a) {
    int64_t pad = same ? samePadBefore(in.size[a], out.size[a], size[a], step[a]) : 0;
    for (int64_t o = 0; o < out.size[a]; ++o) {
      int64_t begin = o * step[a] - pad;
      bins[a].begin.push_back(std::clamp<int64_t>(begin, 0, in.size[a]));
      bins[a].end.push_back(std::clamp<int64_t>(begin + size[a], 0, in.size[a]));
    }
  }
  poolBoxes(in, out, bins, mode, inputData(args, 0), outputData(args, 0));
  return std::nullopt;
}

/// Keras 3's adaptive bins (PyTorch's): output o of n over an axis of length L pools
/// [floor(o*L/n), ceil((o+1)*L/n)).
std::optional<Error> adaptivePool(KernelArgs& args, Mode mode, size_t rank) {
  if (auto e = requireFloat32(args)) return e;
  if (auto e = requireRank(args, rank)) return e;
  bool channelsFirst = isChannelsFirst(*args.layer);
  SpatialShape in = perChannelShapeOf(args.inputs[0]->shape(), channelsFirst);
  SpatialShape out = perChannelShapeOf(args.outputs[0].shape(), channelsFirst);
  std::array<AxisBins, 3> bins;
  for (size_t a = 0; a < 3; ++a) {
    int64_t length = in.size[a], count = out.size[a];
    for (int64_t o = 0; o < count; ++o) {
      bins[a].begin.push_back(o * length / count);
      bins[a].end.push_back(((o + 1) * length + count - 1) / count);
    }
  }
  poolBoxes(in, out, bins, mode, inputData(args, 0), outputData(args, 0));
  return std::nullopt;
}

/// Global pooling; GlobalAveragePooling1D with a (batch, steps) mask averages the unmasked
/// steps only, as Keras does (a sample with every step masked divides 0 by 0).
std::optional<Error> globalPool(KernelArgs& args, Mode mode, size_t rank) {
  if (auto e = requireFloat32(args)) return e;
  if (auto e = requireRank(args, rank)) return e;
  const HostTensor& x = *args.inputs[0];
  bool channelsFirst = isChannelsFirst(*args.layer);
  SpatialShape in = spatialShapeOf(x.shape(), channelsFirst);
  int64_t positions = in.positions(), channels = in.channels;
  const HostTensor* mask = args.inputMasks.empty() ? nullptr : args.inputMasks[0];
  if (mask && (mode != Mode::Average || rank != 1)) mask = nullptr;  // only GlobalAveragePooling1D reads it
  if (mask && (mask->elementType() != ElementType::Bool || mask->elementCount() != in.batch * positions))
    return makeError("the mask " + mask->describe() + " does not fit the input " + x.describe());
  const float* data = inputData(args, 0);
  float* y = outputData(args, 0);
  if (args.outputs[0].elementCount() != in.batch * channels)
    return makeError("the output " + args.outputs[0].describe() + " does not hold batch * channels values");
  // Where step p of channel c of sample b lies.
  auto at = [&](int64_t b, int64_t p, int64_t c) {
    return channelsFirst ? data[(b * channels + c) * positions + p] : data[(b * positions + p) * channels + c];
  };
  for (int64_t b = 0; b < in.batch; ++b) {
    float* acc = y + b * channels;
    std::fill(acc, acc + channels, mode == Mode::Max ? -std::numeric_limits<float>::infinity() : 0.0f);
    int64_t counted = 0;
    for (int64_t p = 0; p < positions; ++p) {
      if (mask && !mask->bytes()[static_cast<size_t>(b * positions + p)]) continue;  // bools are bytes
      ++counted;
      for (int64_t c = 0; c < channels; ++c)
        acc[c] = mode == Mode::Max ? std::max(acc[c], at(b, p, c)) : acc[c] + at(b, p, c);
    }
    if (mode == Mode::Average)
      for (int64_t c = 0; c < channels; ++c) acc[c] /= static_cast<float>(counted);
  }
  return std::nullopt;
}

}  // namespace

void registerPoolingKernels(KernelRegistry& registry) {
  for (Mode mode : {Mode::Max, Mode::Average})
    for (size_t rank : {1, 2, 3}) {
      std::string name = std::string(mode == Mode::Max ? "Max" : "Average") + "Pooling" + std::to_string(rank) + "D";
      // Keras' pooling layers output no mask (GlobalAveragePooling1D consumes its input's).
      registry.addLayer(name, {[mode, rank](KernelArgs& args) { return pool(args, mode, rank); }, MaskRule::Drop});
      registry.addLayer("Global" + name,
                        {[mode, rank](KernelArgs& args) { return globalPool(args, mode, rank); }, MaskRule::Drop});
      registry.addLayer("Adaptive" + name,
                        {[mode, rank](KernelArgs& args) { return adaptivePool(args, mode, rank); }, MaskRule::Drop});
    }
}

}  // namespace graphlint
