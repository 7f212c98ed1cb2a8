// Kernels of Keras 3's deterministic contrast layers: AutoContrast, Equalization and
// ContrastLimitedAdaptiveHistogramEqualization (keras/src/layers/preprocessing/
// image_preprocessing/, Keras 3.16; tf.keras has none of them). Values are float32, computed in
// the order Keras' TensorFlow backend computes them.

#include <algorithm>
#include <array>
#include <cmath>

#include "catalogue/ShapeRules.h"
#include "executor/kernels/ImageTensor.h"

namespace graphlint {
namespace {

/// A layer's `value_range` as [low, high].
Result<std::pair<float, float>> valueRangeOf(const LayerCall& layer, bool sorted) {
  const Value& range = layer.attr("value_range");
  if (!range.isList() || range.items().size() != 2 || !range.items()[0].isNumber() || !range.items()[1].isNumber())
    return makeError("value_range must be a list of two numbers, got " + range.str());
  auto low = static_cast<float>(range.items()[0].asNumber()), high = static_cast<float>(range.items()[1].asNumber());
  if (sorted && high < low) std::swap(low, high);
  return std::make_pair(low, high);
}

/// BaseImagePreprocessingLayer._transform_value_range: maps [fromLow, fromHigh] linearly onto
/// [toLow, toHigh] in float32, unless the ranges are equal.
void mapValueRange(std::vector<float>& values, std::pair<float, float> from, std::pair<float, float> to) {
  if (from == to) return;
  float span = from.second - from.first, targetSpan = to.second - to.first;
  for (float& v : values) v = (v - from.first) / span * targetSpan + to.first;
}

const std::pair<float, float> kByteRange = {0.0f, 255.0f};

/// AutoContrast: stretches the values of each image to the whole value_range, per slice of the
/// 4-D input (a 3-D image is a batch of one) along axes 0 and 3, the min and max taken over
/// axes 1 and 2. For channels_last that is per image and channel; for channels_first it is
/// Keras' own reduction over (channels, rows), reproduced as is. A constant slice (0 / 0 gives
/// NaN) keeps its input values, as Keras does.
std::optional<Error> autoContrast(KernelArgs& args) {
  const HostTensor& input = *args.inputs[0];
  if ((input.rank() != 3 && input.rank() != 4) || input.shape() != args.outputs[0].shape())
    return makeError("AutoContrast expects a 3-D image or a 4-D batch and an output of its shape, got " +
                     input.describe() + " -> " + args.outputs[0].describe());
  Result<std::pair<float, float>> range = valueRangeOf(*args.layer, /*sorted=*/true);
  if (!range) return range.error();
  const std::vector<int64_t>& s = input.shape();
  size_t first = input.rank() - 3;
  int64_t images = input.rank() == 4 ? s[0] : 1, reduced = s[first] * s[first + 1], kept = s[first + 2];
  std::vector<float> original = toFloats(input);
  std::vector<float> values = original;
  mapValueRange(values, *range, kByteRange);
  for (int64_t image = 0; image < images && reduced > 0; ++image)
    for (int64_t k = 0; k < kept; ++k) {
      float* base = values.data() + image * reduced * kept + k;
      float low = base[0], high = base[0];
      for (int64_t r = 1; r < reduced; ++r) {
        low = std::min(low, base[r * kept]);
        high = std::max(high, base[r * kept]);
      }
      float scale = 255.0f / (high - low), offset = -low * scale;
      for (int64_t r = 0; r < reduced; ++r) {
        float v = base[r * kept] * scale + offset;
        base[r * kept] = std::isnan(v) ? v : std::min(std::max(v, 0.0f), 255.0f);
      }
    }
  mapValueRange(values, kByteRange, *range);
  ImageOutput y(args.outputs[0], ToInteger::RoundHalfToEven);
  for (size_t i = 0; i < values.size(); ++i) y.data()[i] = std::isnan(values[i]) ? original[i] : values[i];
  y.finish();
  return std::nullopt;
}

/// Equalization transforms only when training (Keras 3.8 on, every version that has the layer):
/// at inference it returns its input.
std::optional<Error> equalization(KernelArgs& args) {
  if (args.inputs[0]->elementType() == args.outputs[0].elementType())
    copyInputToOutput(args);
  else
    convertElements(*args.inputs[0], args.outputs[0]);
  return std::nullopt;
}


// ContrastLimitedAdaptiveHistogramEqualization.

/// The tiling of CLAHE: a grid of rows x columns tiles of tileHeight x tileWidth cells, covering
/// the image padded at its bottom and right by mirroring.
struct TileGrid {
  int64_t rows, columns, tileHeight, tileWidth;

  int64_t paddedHeight() const { return rows * tileHeight; }
  int64_t paddedWidth() const { return columns * tileWidth; }
};

/// numpy.pad's "symmetric" index: the image, then its mirror image edge included.
int64_t mirrored(int64_t i, int64_t size) { return i < size ? i : 2 * size - 1 - i; }

/// The 256-bin histogram bin of a value in [0, 255] (a float-to-int cast, then clipped).
int64_t byteBin(float v) {
  if (!(v > 0.0f)) return 0;
  return v >= 255.0f ? 255 : static_cast<int64_t>(v);
}

/// The equalizing map of one tile: its clipped histogram's cumulative distribution, scaled to
/// [0, 255].
void tileMap(const float* image, int64_t width, int64_t channels, const TileGrid& grid, int64_t tileRow,
             int64_t tileColumn, int64_t channel, double clipLimit, float* map) {
  std::array<float, 256> histogram{};
  for (int64_t y = 0; y < grid.tileHeight; ++y)
    for (int64_t x = 0; x < grid.tileWidth; ++x) {
      int64_t row = tileRow * grid.tileHeight + y, column = tileColumn * grid.tileWidth + x;
      histogram[static_cast<size_t>(byteBin(image[(row * width + column) * channels + channel]))] += 1.0f;
    }
  int64_t cells = grid.tileHeight * grid.tileWidth;
  if (clipLimit > 0) {
    auto limit = static_cast<float>(clipLimit * static_cast<double>(cells) / 256.0);
    float excess = 0.0f;
    for (float& count : histogram) {
      float clipped = std::min(count, limit);
      excess += count - clipped;
      count = clipped;
    }
    for (float& count : histogram) count += excess / 256.0f;
  }
  float cumulative = 0.0f, lowest = 0.0f;
  for (size_t bin = 0; bin < 256; ++bin) {
    cumulative += histogram[bin];
    map[bin] = cumulative;
    lowest = bin == 0 ? cumulative : std::min(lowest, cumulative);
  }
  float denominator = static_cast<float>(cells) - lowest;
  if (denominator == 0.0f) denominator = 1.0f;
  for (size_t bin = 0; bin < 256; ++bin)
    map[bin] = std::min(std::max((map[bin] - lowest) * 255.0f / denominator, 0.0f), 255.0f);
}

/// Where a cell sits between tile centres along one axis: the two tiles of the grid (with a
/// border tile repeated on each side, so indices 0..tiles+1) and the weight of the second.
struct TileBlend {
  int64_t first, second;
  float weight;
};

TileBlend tileBlend(int64_t cell, int64_t tileSize, int64_t tiles) {
  float position = (static_cast<float>(cell) - static_cast<float>(tileSize) / 2.0f) / static_cast<float>(tileSize) + 1.0f;
  float below = std::floor(position);
  auto first = static_cast<int64_t>(std::min(std::max(below, 0.0f), static_cast<float>(tiles + 1)));
  auto second = static_cast<int64_t>(std::min(std::max(below + 1.0f, 0.0f), static_cast<float>(tiles + 1)));
  // Border index 0 and tiles + 1 repeat the first and last tile.
  return {std::clamp<int64_t>(first - 1, 0, tiles - 1), std::clamp<int64_t>(second - 1, 0, tiles - 1), position - below};
}

/// CLAHE of one channels-last image in [0, 255], in place.
void equalizeTiles(float* image, int64_t height, int64_t width, int64_t channels, const TileGrid& grid,
                   double clipLimit) {
  int64_t paddedHeight = grid.paddedHeight(), paddedWidth = grid.paddedWidth();
  std::vector<float> padded(static_cast<size_t>(paddedHeight * paddedWidth * channels));
  for (int64_t y = 0; y < paddedHeight; ++y)
    for (int64_t x = 0; x < paddedWidth; ++x)
      for (int64_t c = 0; c < channels; ++c)
        padded[static_cast<size_t>((y * paddedWidth + x) * channels + c)] =
            image[(mirrored(y, height) * width + mirrored(x, width)) * channels + c];
  // maps[((tileRow * columns + tileColumn) * channels + c) * 256 + bin]
  std::vector<float> maps(static_cast<size_t>(grid.rows * grid.columns * channels * 256));
  for (int64_t r = 0; r < grid.rows; ++r)
    for (int64_t t = 0; t < grid.columns; ++t)
      for (int64_t c = 0; c < channels; ++c)
        tileMap(padded.data(), paddedWidth, channels, grid, r, t, c, clipLimit,
                maps.data() + ((r * grid.columns + t) * channels + c) * 256);
  auto mapOf = [&](int64_t r, int64_t t, int64_t c, int64_t bin) {
    return maps[static_cast<size_t>(((r * grid.columns + t) * channels + c) * 256 + bin)];
  };
  for (int64_t y = 0; y < height; ++y) {
    TileBlend down = tileBlend(y, grid.tileHeight, grid.rows);
    for (int64_t x = 0; x < width; ++x) {
      TileBlend across = tileBlend(x, grid.tileWidth, grid.columns);
      for (int64_t c = 0; c < channels; ++c) {
        float& v = image[(y * width + x) * channels + c];
        int64_t bin = byteBin(v);
        float top = mapOf(down.first, across.first, c, bin) * (1.0f - across.weight) +
                    mapOf(down.first, across.second, c, bin) * across.weight;
        float bottom = mapOf(down.second, across.first, c, bin) * (1.0f - across.weight) +
                       mapOf(down.second, across.second, c, bin) * across.weight;
        v = top * (1.0f - down.weight) + bottom * down.weight;
      }
    }
  }
}

/// Keras 3's CLAHE: each image is padded by mirroring at its bottom and right to whole tiles,
/// each tile's histogram of the values (cast to integers in [0, 255]) clipped at clip_limit
/// times the uniform count with the excess spread over all bins, and each value mapped through
/// the four nearest tiles' distributions blended bilinearly. It always applies, training or not.
std::optional<Error> clahe(KernelArgs& args) {
  const LayerCall& layer = *args.layer;
  const HostTensor& input = *args.inputs[0];
  if ((input.rank() != 3 && input.rank() != 4) || input.shape() != args.outputs[0].shape())
    return makeError("ContrastLimitedAdaptiveHistogramEqualization expects a 3-D image or a 4-D batch and an output "
                     "of its shape, got " + input.describe() + " -> " + args.outputs[0].describe());
  Result<std::pair<float, float>> range = valueRangeOf(layer, /*sorted=*/false);
  if (!range) return range.error();
  const Value& tiles = layer.attr("tile_grid_size");
  if (!tiles.isList() || tiles.items().size() != 2 || !tiles.items()[0].isInt() || !tiles.items()[1].isInt() ||
      tiles.items()[0].asInt() < 1 || tiles.items()[1].asInt() < 1)
    return makeError("tile_grid_size must be two positive integers, got " + tiles.str());
  bool channelsFirst = isChannelsFirst(layer);
  // Channels-last (N, H, W, C), as Keras transposes channels_first input first.
  std::vector<int64_t> shape = input.shape();
  if (shape.size() == 3) shape.insert(shape.begin(), 1);
  std::vector<float> values = toFloats(input);
  if (channelsFirst) {
    std::vector<float> moved(values.size());
    transposeInto(reinterpret_cast<const uint8_t*>(values.data()), shape, {0, 2, 3, 1}, sizeof(float),
                  reinterpret_cast<uint8_t*>(moved.data()));
    values.swap(moved);
    shape = {shape[0], shape[2], shape[3], shape[1]};
  }
  int64_t height = shape[1], width = shape[2], channels = shape[3];
  int64_t rows = tiles.items()[0].asInt(), columns = tiles.items()[1].asInt();
  TileGrid grid{rows, columns, (height + rows - 1) / rows, (width + columns - 1) / columns};
  // TensorFlow's symmetric pad cannot pad more than the image has.
  if (grid.paddedHeight() - height > height || grid.paddedWidth() - width > width)
    return makeError("a " + std::to_string(height) + "x" + std::to_string(width) + " image cannot be padded to a " +
                     std::to_string(rows) + "x" + std::to_string(columns) + " tile grid of " +
                     std::to_string(grid.tileHeight) + "x" + std::to_string(grid.tileWidth) +
                     " tiles: TensorFlow's symmetric padding is at most the image size");
  mapValueRange(values, *range, kByteRange);
  for (int64_t image = 0; image < shape[0]; ++image)
    equalizeTiles(values.data() + image * height * width * channels, height, width, channels, grid,
                  layer.floatAttr("clip_limit"));
  mapValueRange(values, kByteRange, *range);
  ImageOutput y(args.outputs[0], ToInteger::Truncate);
  if (channelsFirst)
    transposeInto(reinterpret_cast<const uint8_t*>(values.data()), shape, {0, 3, 1, 2}, sizeof(float),
                  reinterpret_cast<uint8_t*>(y.data()));
  else
    std::copy(values.begin(), values.end(), y.data());
  y.finish();
  return std::nullopt;
}

}  // namespace

void registerImageContrastKernels(KernelRegistry& registry) {
  registry.addLayer("AutoContrast", {autoContrast});
  registry.addLayer("Equalization", {equalization});
  registry.addLayer("ContrastLimitedAdaptiveHistogramEqualization", {clahe});
}

}  // namespace graphlint
