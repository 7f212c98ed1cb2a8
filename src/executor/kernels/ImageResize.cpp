// Image resizing with TensorFlow 2's numerics (see ImageResize.h). Sample positions and weights
// are computed in float32 from the same expressions TensorFlow's CPU kernels evaluate, in the
// same order of summation, so results agree with tf.image.resize to float32 rounding; where a
// kernel takes a shortcut that changes numbers (resize_bicubic reads its weights from a table of
// 1025 fractions), this does too.

#include "executor/kernels/ImageResize.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "llvm/ADT/StringSwitch.h"

namespace graphlint {

std::optional<ResizeMethod> resizeMethodNamed(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<ResizeMethod>>(name)
      .Case("bilinear", ResizeMethod::Bilinear)
      .Case("nearest", ResizeMethod::Nearest)
      .Case("bicubic", ResizeMethod::Bicubic)
      .Case("area", ResizeMethod::Area)
      .Case("lanczos3", ResizeMethod::Lanczos3)
      .Case("lanczos5", ResizeMethod::Lanczos5)
      .Case("gaussian", ResizeMethod::Gaussian)
      .Case("mitchellcubic", ResizeMethod::MitchellCubic)
      .Default(std::nullopt);
}

namespace {

/// Input cells per output cell along an axis, as TF computes it without align_corners.
float inputCellsPerOutput(int64_t in, int64_t out) { return static_cast<float>(in) / static_cast<float>(out); }

/// TF's half-pixel-centre position of output cell o in input coordinates.
float halfPixelPosition(int64_t o, float scale) { return (static_cast<float>(o) + 0.5f) * scale - 0.5f; }

int64_t clampIndex(int64_t i, int64_t size) { return std::min(size - 1, std::max<int64_t>(0, i)); }

// ---------------------------------------------------------------------------------------------
// Separable resampling: each output cell of an axis is a weighted sum of input cells.
// ---------------------------------------------------------------------------------------------

/// For each output cell of one axis, the input cells it sums and their weights:
/// taps begin[o] .. begin[o + 1] of `index` and `weight`.
struct AxisTaps {
  std::vector<size_t> begin = {0};
  std::vector<int64_t> index;
  std::vector<float> weight;

  void add(int64_t i, float w) {
    index.push_back(i);
    weight.push_back(w);
  }
  void endOutput() { begin.push_back(index.size()); }
  int64_t outputs() const { return static_cast<int64_t>(begin.size()) - 1; }
};

/// Resamples the rows of every image: out(b, o, x, c) = sum over taps of w * in(b, i, x, c),
/// accumulated from 0 in tap order (TF's GatherRows).
void resampleRows(const float* in, const ImageBatch& from, const AxisTaps& rows, float* out) {
  int64_t rowSize = from.width * from.channels;
  int64_t outHeight = rows.outputs();
  for (int64_t b = 0; b < from.count; ++b)
    for (int64_t o = 0; o < outHeight; ++o) {
      float* dst = out + (b * outHeight + o) * rowSize;
      std::fill(dst, dst + rowSize, 0.0f);
      for (size_t t = rows.begin[o]; t < rows.begin[o + 1]; ++t) {
        const float* src = in + (b * from.height + rows.index[t]) * rowSize;
        float w = rows.weight[t];
        for (int64_t k = 0; k < rowSize; ++k) dst[k] += w * src[k];
      }
    }
}

/// Resamples the columns of every image the same way (TF's GatherColumns).
void resampleColumns(const float* in, const ImageBatch& from, const AxisTaps& columns, float* out) {
  int64_t channels = from.channels, outWidth = columns.outputs();
  for (int64_t row = 0; row < from.count * from.height; ++row) {
    const float* src = in + row * from.width * channels;
    float* dst = out + row * outWidth * channels;
    for (int64_t o = 0; o < outWidth; ++o) {
      float* cell = dst + o * channels;
      std::fill(cell, cell + channels, 0.0f);
      for (size_t t = columns.begin[o]; t < columns.begin[o + 1]; ++t) {
        const float* source = src + columns.index[t] * channels;
        float w = columns.weight[t];
        for (int64_t c = 0; c < channels; ++c) cell[c] += w * source[c];
      }
    }
  }
}

/// Rows first, then columns (resize_bicubic and scale_and_translate sum in this order).
void resampleRowsThenColumns(const float* in, const ImageBatch& from, const AxisTaps& rows, const AxisTaps& columns,
                             float* out) {
  ImageBatch between = from.resized(rows.outputs(), from.width);
  std::vector<float> scratch(static_cast<size_t>(between.elements()));
  resampleRows(in, from, rows, scratch.data());
  resampleColumns(scratch.data(), between, columns, out);
}

// ---------------------------------------------------------------------------------------------
// resize_nearest_neighbor and resize_bilinear (half_pixel_centers=True)
// ---------------------------------------------------------------------------------------------

/// The input cell each output cell copies: floor((o + 0.5) * scale), within the input (TF leaves
/// the -0.5 of the half-pixel centre out, the floor absorbing it).
std::vector<int64_t> nearestSources(int64_t in, int64_t out) {
  float scale = inputCellsPerOutput(in, out);
  std::vector<int64_t> sources(static_cast<size_t>(out));
  for (int64_t o = 0; o < out; ++o) {
    auto i = static_cast<int64_t>(std::floor((static_cast<float>(o) + 0.5f) * scale));
    sources[o] = clampIndex(i, in);
  }
  return sources;
}

void resizeNearest(const float* in, const ImageBatch& from, float* out, int64_t height, int64_t width) {
  std::vector<int64_t> rows = nearestSources(from.height, height), columns = nearestSources(from.width, width);
  size_t cellBytes = static_cast<size_t>(from.channels) * sizeof(float);
  for (int64_t b = 0; b < from.count; ++b)
    for (int64_t y = 0; y < height; ++y) {
      const float* src = in + (b * from.height + rows[y]) * from.width * from.channels;
      float* dst = out + (b * height + y) * width * from.channels;
      for (int64_t x = 0; x < width; ++x) std::memcpy(dst + x * from.channels, src + columns[x] * from.channels, cellBytes);
    }
}

/// Where a bilinear output cell samples one axis: between cells lower and upper, `fraction` of
/// the way to upper.
struct LinearSample {
  int64_t lower, upper;
  float fraction;
};

std::vector<LinearSample> linearSamples(int64_t in, int64_t out) {
  float scale = inputCellsPerOutput(in, out);
  std::vector<LinearSample> samples;
  for (int64_t o = 0; o < out; ++o) {
    float position = halfPixelPosition(o, scale);
    float below = std::floor(position);
    samples.push_back({std::max<int64_t>(static_cast<int64_t>(below), 0),
                       std::min<int64_t>(static_cast<int64_t>(std::ceil(position)), in - 1), position - below});
  }
  return samples;
}

void resizeBilinear(const float* in, const ImageBatch& from, float* out, int64_t height, int64_t width) {
  std::vector<LinearSample> rows = linearSamples(from.height, height), columns = linearSamples(from.width, width);
  int64_t channels = from.channels, inRow = from.width * channels;
  for (int64_t b = 0; b < from.count; ++b)
    for (int64_t y = 0; y < height; ++y) {
      const float* top = in + (b * from.height + rows[y].lower) * inRow;
      const float* bottom = in + (b * from.height + rows[y].upper) * inRow;
      float down = rows[y].fraction;
      float* dst = out + (b * height + y) * width * channels;
      for (int64_t x = 0; x < width; ++x) {
        int64_t left = columns[x].lower * channels, right = columns[x].upper * channels;
        float across = columns[x].fraction;
        for (int64_t c = 0; c < channels; ++c) {
          // TF's order of operations: interpolate along the row, then between the rows.
          float upper = top[left + c] + (top[right + c] - top[left + c]) * across;
          float lower = bottom[left + c] + (bottom[right + c] - bottom[left + c]) * across;
          dst[x * channels + c] = upper + (lower - upper) * down;
        }
      }
    }
}

// ---------------------------------------------------------------------------------------------
// resize_bicubic (half_pixel_centers=True: Keys' cubic with a = -0.5, taps outside the image
// dropped and the rest renormalized)
// ---------------------------------------------------------------------------------------------

constexpr int64_t kCubicTableSize = 1024;

/// resize_bicubic's weights of Keys' cubic (a = -0.5) at the fractions i / 1024, i = 0..1024:
/// entry 2i for a tap at distance i/1024, entry 2i + 1 for one at distance 1 + i/1024. Computed
/// in double and stored as float, as TF does.
const std::vector<float>& keysCubicTable() {
  static const std::vector<float> table = [] {
    const double a = -0.5;
    std::vector<float> values(2 * (kCubicTableSize + 1));
    for (int64_t i = 0; i <= kCubicTableSize; ++i) {
      double near = static_cast<float>(static_cast<double>(i) / kCubicTableSize);
      double far = near + 1.0;
      values[2 * i] = static_cast<float>(((a + 2) * near - (a + 3)) * near * near + 1);
      values[2 * i + 1] = static_cast<float>(((a * far - 5 * a) * far + 8 * a) * far - 4 * a);
    }
    return values;
  }();
  return table;
}

AxisTaps bicubicTaps(int64_t in, int64_t out) {
  const std::vector<float>& table = keysCubicTable();
  float scale = inputCellsPerOutput(in, out);
  AxisTaps taps;
  for (int64_t o = 0; o < out; ++o) {
    float position = halfPixelPosition(o, scale);
    auto base = static_cast<int64_t>(std::floor(position));
    float fraction = position - static_cast<float>(base);
    auto step = static_cast<int64_t>(std::lrint(fraction * static_cast<float>(kCubicTableSize)));
    float weights[4] = {table[2 * step + 1], table[2 * step], table[2 * (kCubicTableSize - step)],
                        table[2 * (kCubicTableSize - step) + 1]};
    int64_t indices[4];
    for (int64_t k = 0; k < 4; ++k) {
      indices[k] = clampIndex(base - 1 + k, in);
      if (indices[k] != base - 1 + k) weights[k] = 0.0f;
    }
    float sum = weights[0] + weights[1] + weights[2] + weights[3];
    if (std::fabs(sum) >= 1000.0f * std::numeric_limits<float>::min())
      for (float& w : weights) w *= 1.0f / sum;
    for (int64_t k = 0; k < 4; ++k) taps.add(indices[k], weights[k]);
    taps.endOutput();
  }
  return taps;
}

// ---------------------------------------------------------------------------------------------
// resize_area (no half-pixel centres: output cell o covers input [o * scale, (o + 1) * scale))
// ---------------------------------------------------------------------------------------------

/// Each input cell the output cell overlaps, weighted by the overlap (in input cells).
AxisTaps areaTaps(int64_t in, int64_t out) {
  float scale = inputCellsPerOutput(in, out);
  AxisTaps taps;
  for (int64_t o = 0; o < out; ++o) {
    float start = static_cast<float>(o) * scale, end = static_cast<float>(o + 1) * scale;
    auto first = static_cast<int64_t>(std::floor(start)), last = static_cast<int64_t>(std::ceil(end));
    for (int64_t i = first; i < last; ++i) {
      float cellEnd = static_cast<float>(i + 1);
      float overlap = static_cast<float>(i) < start ? (cellEnd > end ? scale : cellEnd - start)
                                                    : (cellEnd > end ? end - static_cast<float>(i) : 1.0f);
      taps.add(clampIndex(i, in), overlap);
    }
    taps.endOutput();
  }
  return taps;
}

void resizeArea(const float* in, const ImageBatch& from, float* out, int64_t height, int64_t width) {
  AxisTaps rows = areaTaps(from.height, height), columns = areaTaps(from.width, width);
  // resize_area sums along each row first, then over rows, and divides by the cell area last.
  ImageBatch between = from.resized(from.height, width);
  std::vector<float> scratch(static_cast<size_t>(between.elements()));
  resampleColumns(in, from, columns, scratch.data());
  resampleRows(scratch.data(), between, rows, out);
  auto perArea = static_cast<float>(1.0 / (inputCellsPerOutput(from.height, height) *
                                           inputCellsPerOutput(from.width, width)));
  int64_t count = from.resized(height, width).elements();
  for (int64_t i = 0; i < count; ++i) out[i] *= perArea;
}

// ---------------------------------------------------------------------------------------------
// scale_and_translate (sampling kernels; with antialias the kernel widens by the downscale)
// ---------------------------------------------------------------------------------------------

enum class SamplingKernel { Triangle, KeysCubic, MitchellCubic, Lanczos3, Lanczos5, Gaussian };

float kernelRadius(SamplingKernel kernel) {
  switch (kernel) {
    case SamplingKernel::Triangle: return 1.0f;
    case SamplingKernel::KeysCubic:
    case SamplingKernel::MitchellCubic: return 2.0f;
    case SamplingKernel::Lanczos3: return 3.0f;
    case SamplingKernel::Lanczos5: return 5.0f;
    case SamplingKernel::Gaussian: return 1.5f;
  }
  return 1.0f;
}

float lanczos(float x, float radius) {
  const float pi = 3.14159265359f;
  if (x > radius) return 0.0f;
  if (static_cast<double>(x) <= 1e-3) return 1.0f;  // the limit of sin(x)/x at 0
  return radius * std::sin(pi * x) * std::sin(pi * x / radius) / (pi * pi * x * x);
}

/// The kernel's value at distance x >= 0, in TF's float expressions.
float kernelAt(SamplingKernel kernel, float x) {
  switch (kernel) {
    case SamplingKernel::Triangle: return x < 1.0f ? 1.0f - x : 0.0f;
    case SamplingKernel::KeysCubic:
      if (x >= 2.0f) return 0.0f;
      if (x >= 1.0f) return ((-0.5f * x + 2.5f) * x - 4.0f) * x + 2.0f;
      return ((1.5f * x - 2.5f) * x) * x + 1.0f;
    case SamplingKernel::MitchellCubic:
      if (x >= 2.0f) return 0.0f;
      if (x >= 1.0f) return (((-7.0f / 18.0f) * x + 2.0f) * x - 10.0f / 3.0f) * x + 16.0f / 9.0f;
      return (((7.0f / 6.0f) * x - 2.0f) * x) * x + 8.0f / 9.0f;
    case SamplingKernel::Lanczos3: return lanczos(x, 3.0f);
    case SamplingKernel::Lanczos5: return lanczos(x, 5.0f);
    case SamplingKernel::Gaussian: {
      // Radius 1.5 with sigma = radius / 3; the exponent is taken in double.
      const float radius = 1.5f, sigma = radius / 3.0f;
      if (x >= radius) return 0.0f;
      return static_cast<float>(std::exp(-static_cast<double>(x * x) / (2.0 * sigma * sigma)));
    }
  }
  return 0.0f;
}

/// scale_and_translate's taps of one axis (scale out/in, no translation): the input cells within
/// the kernel's reach of the output cell's centre, weights normalized to sum 1.
AxisTaps samplingTaps(SamplingKernel kernel, int64_t in, int64_t out, bool antialias) {
  float scale = static_cast<float>(out) / static_cast<float>(in);
  auto inverseScale = static_cast<float>(1.0 / scale);
  // Downsampling with antialias widens the kernel to low-pass filter; upsampling never does.
  float kernelScale = antialias ? std::max(inverseScale, 1.0f) : 1.0f;
  float reach = kernelRadius(kernel) * kernelScale;
  float toKernel = 1.0f / kernelScale;
  AxisTaps taps;
  std::vector<float> weights;
  for (int64_t o = 0; o < out; ++o) {
    float centre = (static_cast<float>(o) + 0.5f) * inverseScale;
    if (centre < 0 || centre > static_cast<float>(in)) {  // outside the image: no taps, a zero
      taps.endOutput();
      continue;
    }
    int64_t first = clampIndex(static_cast<int64_t>(std::ceil(centre - reach - 0.5f)), in);
    int64_t end = clampIndex(static_cast<int64_t>(std::floor(centre + reach - 0.5f)), in) + 1;
    weights.clear();
    float total = 0.0f;
    for (int64_t i = first; i < end; ++i) {
      float distance = static_cast<float>(i) + 0.5f - centre;
      weights.push_back(kernelAt(kernel, std::fabs(distance * toKernel)));
      total += weights.back();
    }
    bool normalizable = std::fabs(total) >= 1000.0f * std::numeric_limits<float>::min();
    float perTotal = normalizable ? 1.0f / total : 0.0f;
    for (int64_t i = first; i < end; ++i)
      taps.add(i, normalizable ? weights[static_cast<size_t>(i - first)] * perTotal : 0.0f);
    taps.endOutput();
  }
  return taps;
}

void resizeSampled(const float* in, const ImageBatch& from, float* out, int64_t height, int64_t width,
                   SamplingKernel kernel, bool antialias) {
  resampleRowsThenColumns(in, from, samplingTaps(kernel, from.height, height, antialias),
                          samplingTaps(kernel, from.width, width, antialias), out);
}

}  // namespace

void resizeImages(const float* in, const ImageBatch& from, float* out, int64_t height, int64_t width,
                  ResizeMethod method, bool antialias) {
  switch (method) {
    case ResizeMethod::Nearest: return resizeNearest(in, from, out, height, width);  // antialias ignored
    case ResizeMethod::Area: return resizeArea(in, from, out, height, width);        // antialias ignored
    case ResizeMethod::Bilinear:
      if (antialias) return resizeSampled(in, from, out, height, width, SamplingKernel::Triangle, true);
      return resizeBilinear(in, from, out, height, width);
    case ResizeMethod::Bicubic:
      if (antialias) return resizeSampled(in, from, out, height, width, SamplingKernel::KeysCubic, true);
      return resampleRowsThenColumns(in, from, bicubicTaps(from.height, height), bicubicTaps(from.width, width), out);
    case ResizeMethod::Lanczos3:
      return resizeSampled(in, from, out, height, width, SamplingKernel::Lanczos3, antialias);
    case ResizeMethod::Lanczos5:
      return resizeSampled(in, from, out, height, width, SamplingKernel::Lanczos5, antialias);
    case ResizeMethod::Gaussian:
      return resizeSampled(in, from, out, height, width, SamplingKernel::Gaussian, antialias);
    case ResizeMethod::MitchellCubic:
      return resizeSampled(in, from, out, height, width, SamplingKernel::MitchellCubic, antialias);
  }
}

ImageWindow aspectCropWindow(int64_t height, int64_t width, int64_t targetHeight, int64_t targetWidth) {
  // Keras computes width * targetHeight / targetWidth in float and truncates; for images below
  // 2^24 cells per side product that is the integer quotient.
  int64_t cropHeight = std::max<int64_t>(std::min(height, width * targetHeight / targetWidth), 1);
  int64_t cropWidth = std::max<int64_t>(std::min(width, height * targetWidth / targetHeight), 1);
  return {(height - cropHeight) / 2, (width - cropWidth) / 2, cropHeight, cropWidth};
}

std::vector<float> cropImages(const float* in, const ImageBatch& from, const ImageWindow& window) {
  std::vector<float> out(static_cast<size_t>(from.resized(window.height, window.width).elements()));
  size_t rowBytes = static_cast<size_t>(window.width * from.channels) * sizeof(float);
  float* dst = out.data();
  for (int64_t b = 0; b < from.count; ++b)
    for (int64_t y = 0; y < window.height; ++y, dst += window.width * from.channels)
      std::memcpy(dst, in + ((b * from.height + window.top + y) * from.width + window.left) * from.channels, rowBytes);
  return out;
}

namespace {

/// Keras' pad_to_aspect_ratio (TensorFlow backend): the image gets the same number of rows of
/// fill above and below, (paddedHeight - height) // 2 each where paddedHeight is the height of
/// the target's aspect ratio at this width, so an odd difference loses one row; columns alike.
std::vector<float> padToAspect(const float* in, const ImageBatch& from, int64_t targetHeight, int64_t targetWidth,
                               float fill, ImageBatch& padded) {
  int64_t rows = (std::max(from.height, from.width * targetHeight / targetWidth) - from.height) / 2;
  int64_t columns = (std::max(from.width, from.height * targetWidth / targetHeight) - from.width) / 2;
  padded = from.resized(from.height + 2 * rows, from.width + 2 * columns);
  std::vector<float> out(static_cast<size_t>(padded.elements()), fill);
  size_t rowBytes = static_cast<size_t>(from.width * from.channels) * sizeof(float);
  for (int64_t b = 0; b < from.count; ++b)
    for (int64_t y = 0; y < from.height; ++y)
      std::memcpy(out.data() + ((b * padded.height + rows + y) * padded.width + columns) * from.channels,
                  in + (b * from.height + y) * from.width * from.channels, rowBytes);
  return out;
}

}  // namespace

void kerasResize(const float* in, const ImageBatch& from, float* out, int64_t height, int64_t width,
                 const ResizeSpec& spec) {
  switch (spec.fit) {
    case AspectFit::Stretch: return resizeImages(in, from, out, height, width, spec.method, spec.antialias);
    case AspectFit::Crop: {
      ImageWindow window = aspectCropWindow(from.height, from.width, height, width);
      std::vector<float> cropped = cropImages(in, from, window);
      return resizeImages(cropped.data(), from.resized(window.height, window.width), out, height, width, spec.method,
                          spec.antialias);
    }
    case AspectFit::Pad: {
      ImageBatch padded;
      std::vector<float> filled = padToAspect(in, from, height, width, spec.fillValue, padded);
      return resizeImages(filled.data(), padded, out, height, width, spec.method, spec.antialias);
    }
  }
}

}  // namespace graphlint
