// Kernels of the convolution layers: Conv1D/2D/3D (grouped too), Conv1D/2D/3DTranspose,
// DepthwiseConv1D/2D and SeparableConv1D/2D, in either data format.
//
// Every layer runs on channels-last data with three spatial axes (1-D and 2-D layers get
// leading axes of 1; channels_first is moved to channels last and back). A convolution is an
// im2col matrix times the kernel through sgemm, built in chunks of rows so that the copy stays
// bounded (a 1x1 convolution with stride 1 needs no copy: the input already is that matrix).
// A transposed convolution is the input times the kernel, scattered back with col2im. Depthwise
// convolutions walk the windows directly: they have no reduction over channels to give sgemm.

#include <algorithm>
#include <cstring>

#include "executor/kernels/Convolution.h"

#include "catalogue/ShapeRules.h"
#include "executor/Gemm.h"
#include "executor/kernels/ActivationMath.h"
#include "executor/kernels/Convolution.h"

namespace graphlint {
namespace {

enum class Kind { Conv, Separable, Depthwise, Transpose };

/// The most floats an im2col or col2im buffer may hold (2 MB: timed faster than 8 or 32 MB,
/// the buffer stays in cache between its fill and the product); larger problems run in chunks
/// of rows.
constexpr int64_t kColumnBudget = int64_t{1} << 19;

/// A convolution's geometry, read from the layer and its tensors.
struct ConvSetup : ConvGeometry {
  bool channelsFirst = false;
};

Result<ConvSetup> readSetup(const KernelArgs& args, Kind kind, size_t rank) {
  const LayerCall& call = *args.layer;
  const HostTensor& x = *args.inputs[0];
  const HostTensor& y = args.outputs[0];
  if (x.rank() != rank + 2 || y.rank() != rank + 2)
    return makeError("expected a rank-" + std::to_string(rank + 2) + " input and output, got " + formatShape(x.shape()) +
                     " -> " + formatShape(y.shape()));
  ConvSetup s;
  s.channelsFirst = isChannelsFirst(call);
  s.in = spatialShapeOf(x.shape(), s.channelsFirst);
  s.out = spatialShapeOf(y.shape(), s.channelsFirst);
  Result<ConvWindow> window = convWindow(call, rank);
  if (!window) return window.error();
  std::array<int64_t, 3> k = threeAxes(window->kernel, 1), st = threeAxes(window->strides, 1),
                         d = threeAxes(window->dilation, 1);
  std::string padding = call.stringAttr("padding");
  for (size_t a = 0; a < 3; ++a) {
    WindowAxis& w = s.window[a];
    w.in = s.in.size[a];
    w.out = s.out.size[a];
    w.kernel = k[a];
    w.stride = st[a];
    w.dilation = d[a];
    if (padding == "causal") {
      w.padBefore = w.span() - 1;
    } else if (padding == "same") {
      // A transposed convolution is the gradient of the convolution from its output to its
      // input, whose "same" padding it shares.
      w.padBefore = kind == Kind::Transpose ? samePadBefore(w.out, w.in, w.span(), w.stride)
                                            : samePadBefore(w.in, w.out, w.span(), w.stride);
    } else if (padding != "valid") {
      return makeError("unknown padding '" + padding + "'");
    }
  }
  return s;
}

/// Fails unless weight `index` holds `expected` elements (guards every read of it).
std::optional<Error> requireWeightSize(const KernelArgs& args, size_t index, int64_t expected, llvm::StringRef what) {
  int64_t got = args.weights[index]->elementCount();
  if (got == expected) return std::nullopt;
  return makeError("the " + what.str() + " has " + std::to_string(got) + " elements, expected " +
                   std::to_string(expected) + " for the input " + formatShape(args.inputs[0]->shape()));
}

/// Output row r's batch index and window origin (output position times stride minus padding).
struct RowOrigin {
  int64_t batch;
  std::array<int64_t, 3> start;
};

RowOrigin originOf(int64_t row, const SpatialShape& out, const Window3& w) {
  int64_t positions = out.positions();
  int64_t p = row % positions;
  std::array<int64_t, 3> position = {p / (out.size[1] * out.size[2]), (p / out.size[2]) % out.size[1],
                                     p % out.size[2]};
  RowOrigin o{row / positions, {}};
  for (size_t a = 0; a < 3; ++a) o.start[a] = position[a] * w[a].stride - w[a].padBefore;
  return o;
}

/// Calls visit(tap, inputOffset) for each kernel tap of a window that lands inside the input;
/// inputOffset is the flat channels-last index of the input cell's first channel.
template <class Visit>
void forEachTap(const RowOrigin& o, const SpatialShape& in, const Window3& w, Visit visit) {
  int64_t tap = 0;
  for (int64_t kd = 0; kd < w[0].kernel; ++kd) {
    int64_t id = o.start[0] + kd * w[0].dilation;
    for (int64_t kh = 0; kh < w[1].kernel; ++kh) {
      int64_t ih = o.start[1] + kh * w[1].dilation;
      for (int64_t kw = 0; kw < w[2].kernel; ++kw, ++tap) {
        int64_t iw = o.start[2] + kw * w[2].dilation;
        if (id < 0 || id >= in.size[0] || ih < 0 || ih >= in.size[1] || iw < 0 || iw >= in.size[2]) {
          visit(tap, int64_t{-1});
          continue;
        }
        visit(tap, (((o.batch * in.size[0] + id) * in.size[1] + ih) * in.size[2] + iw) * in.channels);
      }
    }
  }
}

}  // namespace

void convolve(const ConvGeometry& s, int64_t groups, const float* x, const float* kernel, float* y, bool accumulate) {
  const float beta = accumulate ? 1.0f : 0.0f;
  int64_t inPerGroup = s.in.channels / groups, filters = s.out.channels, outPerGroup = filters / groups;
  int64_t rowsTotal = s.out.batch * s.out.positions();
  int64_t depth = s.taps() * inPerGroup;
  bool pointwise = s.taps() == 1 && std::all_of(s.window.begin(), s.window.end(), [](const WindowAxis& w) {
                     return w.stride == 1 && w.padBefore == 0 && w.in == w.out;
                   });
  if (pointwise) {
    for (int64_t g = 0; g < groups; ++g)
      sgemm(false, false, rowsTotal, outPerGroup, inPerGroup, 1.0f, x + g * inPerGroup, s.in.channels,
            kernel + g * outPerGroup, filters, beta, y + g * outPerGroup, filters);
    return;
  }
  int64_t chunk = std::clamp<int64_t>(kColumnBudget / std::max<int64_t>(depth, 1), 1, std::max<int64_t>(rowsTotal, 1));
  std::vector<float> columns(static_cast<size_t>(chunk * depth));
  for (int64_t first = 0; first < rowsTotal; first += chunk) {
    int64_t rows = std::min(chunk, rowsTotal - first);
    for (int64_t g = 0; g < groups; ++g) {
      for (int64_t r = 0; r < rows; ++r) {
        float* dst = columns.data() + r * depth;
        forEachTap(originOf(first + r, s.out, s.window), s.in, s.window, [&](int64_t tap, int64_t offset) {
          float* cell = dst + tap * inPerGroup;
          if (offset < 0)
            std::fill(cell, cell + inPerGroup, 0.0f);
          else
            std::memcpy(cell, x + offset + g * inPerGroup, static_cast<size_t>(inPerGroup) * sizeof(float));
        });
      }
      sgemm(false, false, rows, outPerGroup, depth, 1.0f, columns.data(), depth, kernel + g * outPerGroup, filters,
            beta, y + first * filters + g * outPerGroup, filters);
    }
  }
}

void convolveDepthwise(const ConvGeometry& s, int64_t multiplier, const float* x, const float* kernel, float* y) {
  int64_t in = s.in.channels, outChannels = in * multiplier;
  int64_t rowsTotal = s.out.batch * s.out.positions();
  for (int64_t r = 0; r < rowsTotal; ++r) {
    float* acc = y + r * outChannels;
    std::fill(acc, acc + outChannels, 0.0f);
    forEachTap(originOf(r, s.out, s.window), s.in, s.window, [&](int64_t tap, int64_t offset) {
      if (offset < 0) return;
      const float* cell = x + offset;
      const float* w = kernel + tap * outChannels;
      if (multiplier == 1) {
        for (int64_t c = 0; c < in; ++c) acc[c] += cell[c] * w[c];
        return;
      }
      for (int64_t c = 0; c < in; ++c)
        for (int64_t m = 0; m < multiplier; ++m) acc[c * multiplier + m] += cell[c] * w[c * multiplier + m];
    });
  }
}

// Each input cell times the kernel gives a (taps, filters) patch, added into the output where
// the window of that cell lies.
void convolveTransposed(const ConvGeometry& s, const float* x, const float* kernel, float* y) {
  int64_t in = s.in.channels, filters = s.out.channels;
  int64_t patch = s.taps() * filters;
  int64_t rowsTotal = s.in.batch * s.in.positions();
  std::fill(y, y + s.out.elements(), 0.0f);
  int64_t chunk = std::clamp<int64_t>(kColumnBudget / std::max<int64_t>(patch, 1), 1, std::max<int64_t>(rowsTotal, 1));
  std::vector<float> columns(static_cast<size_t>(chunk * patch));
  // The scatter walks the output as a convolution walks its input: input cells play the
  // role of output rows.
  for (int64_t first = 0; first < rowsTotal; first += chunk) {
    int64_t rows = std::min(chunk, rowsTotal - first);
    sgemm(false, true, rows, patch, in, 1.0f, x + first * in, in, kernel, in, 0.0f, columns.data(), patch);
    for (int64_t r = 0; r < rows; ++r) {
      const float* src = columns.data() + r * patch;
      forEachTap(originOf(first + r, s.in, s.window), s.out, s.window, [&](int64_t tap, int64_t offset) {
        if (offset < 0) return;
        float* cell = y + offset;
        const float* add = src + tap * filters;
        for (int64_t f = 0; f < filters; ++f) cell[f] += add[f];
      });
    }
  }
}

namespace {

std::optional<Error> runConvolution(KernelArgs& args, Kind kind, size_t rank) {
  if (auto e = requireFloat32(args)) return e;
  const LayerCall& call = *args.layer;
  bool useBias = call.boolAttr("use_bias");
  size_t kernels = kind == Kind::Separable ? 2 : 1;
  if (auto e = requireWeights(args, kernels + (useBias ? 1 : 0))) return e;
  Result<ConvSetup> setup = readSetup(args, kind, rank);
  if (!setup) return setup.error();
  const ConvSetup& s = *setup;
  int64_t in = s.in.channels, filters = s.out.channels;
  if (s.in.batch != s.out.batch)
    return makeError("input batch " + std::to_string(s.in.batch) + " differs from output batch " +
                     std::to_string(s.out.batch));

  ChannelsLastInput x(*args.inputs[0], s.channelsFirst);
  ChannelsLastOutput y(args.outputs[0], s.channelsFirst);
  int64_t rows = s.out.batch * s.out.positions();
  switch (kind) {
    case Kind::Conv: {
      int64_t groups = call.intAttr("groups");
      if (groups < 1 || in % groups != 0 || filters % groups != 0)
        return makeError("input channels " + std::to_string(in) + " and filters " + std::to_string(filters) +
                         " must both be divisible by groups " + std::to_string(groups));
      if (auto e = requireWeightSize(args, 0, s.taps() * (in / groups) * filters, "kernel")) return e;
      convolve(s, groups, x.data(), weightData(args, 0), y.data());
      break;
    }
    case Kind::Depthwise: {
      int64_t multiplier = call.intAttr("depth_multiplier");
      if (filters != in * multiplier)
        return makeError("output channels " + std::to_string(filters) + " are not input channels " +
                         std::to_string(in) + " * depth_multiplier " + std::to_string(multiplier));
      if (auto e = requireWeightSize(args, 0, s.taps() * filters, "depthwise kernel")) return e;
      convolveDepthwise(s, multiplier, x.data(), weightData(args, 0), y.data());
      break;
    }
    case Kind::Separable: {
      int64_t multiplier = call.intAttr("depth_multiplier"), middle = in * multiplier;
      if (auto e = requireWeightSize(args, 0, s.taps() * middle, "depthwise kernel")) return e;
      if (auto e = requireWeightSize(args, 1, middle * filters, "pointwise kernel")) return e;
      std::vector<float> depthwise(static_cast<size_t>(rows * middle));
      convolveDepthwise(s, multiplier, x.data(), weightData(args, 0), depthwise.data());
      sgemm(false, false, rows, filters, middle, 1.0f, depthwise.data(), middle, weightData(args, 1), filters, 0.0f,
            y.data(), filters);
      break;
    }
    case Kind::Transpose: {
      if (auto e = requireWeightSize(args, 0, s.taps() * filters * in, "kernel")) return e;
      convolveTransposed(s, x.data(), weightData(args, 0), y.data());
      break;
    }
  }
  if (useBias) {
    size_t bias = kernels;
    if (auto e = requireWeightSize(args, bias, filters, "bias")) return e;
    addBias(y.data(), rows, filters, weightData(args, bias));
  }
  y.finish();
  // After the move back: softmax-like activations normalize the output's last axis, as Keras'.
  HostTensor& out = args.outputs[0];
  return applyActivation(call.attr("activation"), outputData(args, 0), out.elementCount(), out.shape().back(),
                         args.options.kerasMajor);
}

void add(KernelRegistry& registry, const std::string& className, Kind kind, size_t rank) {
  // Keras' convolutions do not support masking: a mask stops here.
  registry.addLayer(className, {[kind, rank](KernelArgs& args) { return runConvolution(args, kind, rank); },
                                MaskRule::Drop});
}

}  // namespace

void registerConvolutionKernels(KernelRegistry& registry) {
  for (size_t rank : {1, 2, 3}) {
    std::string r = std::to_string(rank) + "D";
    add(registry, "Conv" + r, Kind::Conv, rank);
    add(registry, "Conv" + r + "Transpose", Kind::Transpose, rank);
    if (rank < 3) {
      add(registry, "DepthwiseConv" + r, Kind::Depthwise, rank);
      add(registry, "SeparableConv" + r, Kind::Separable, rank);
    }
  }
}

}  // namespace graphlint
