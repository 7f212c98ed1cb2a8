// Kernels of the convolutional LSTM layers, ConvLSTM1D/2D/3D (keras/src/layers/rnn/conv_lstm.py):
// an LSTM whose input and recurrent transformations are convolutions over the spatial axes.
//
// Every step computes, with gate order i, f, c, o in the kernels' last axis,
//   x_g = conv(x_t, kernel_g) + bias_g       (the layer's strides, padding, dilation)
//   h_g = conv(h, recurrent_kernel_g)        (stride 1, "same", no dilation)
//   i = rec_act(x_i + h_i), f = rec_act(x_f + h_f), o = rec_act(x_o + h_o)
//   c = f * c + i * act(x_c + h_c),  h = o * act(c).
// The four gates are one convolution with 4 * filters output channels. The input one runs for
// many time steps at once (time folded into the batch; all of them unless their output passes
// 4 MB), the recurrent one once per step, added into that step's rows by the product itself;
// both go through the Conv layers' im2col + sgemm (Convolution.h). Data runs channels last
// inside; channels_first inputs, initial states and outputs are moved on the way in and out.
//
// Masks over (batch, time) follow Keras' backend rnn() as the LSTM kernel does: a masked step
// keeps h and c and repeats the previous output (zeros before the first step). Keras 3 outputs
// zeros there instead when zero_output_for_mask is set; Keras 2's ConvRNN never passes that flag
// to rnn() (tf_keras/layers/rnn/base_conv_rnn.py), so Keras 2 files always repeat.

#include <algorithm>
#include <cstring>
#include <numeric>
#include <vector>

#include "catalogue/ShapeRules.h"
#include "executor/kernels/ActivationMath.h"
#include "executor/kernels/Convolution.h"

namespace graphlint {
namespace {

/// The most floats the input convolution's output may hold at once (4 MB); longer sequences
/// run it in chunks of time steps.
constexpr int64_t kProjectionBudget = int64_t{1} << 20;

/// Which output channels of the fused gate convolution each gate is (ConvLSTMCell's split).
enum Gate : int64_t { kInput = 0, kForget = 1, kCandidate = 2, kOutput = 3, kGates = 4 };

/// A ConvLSTM call's geometry, channels last.
struct CellSetup {
  size_t rank = 0;
  bool channelsFirst = false;
  int64_t batch = 0, steps = 0, filters = 0;
  /// Every time step of the input as one batch of batch * steps images.
  SpatialShape frames;
  /// h and c: (batch, state spatial..., filters).
  SpatialShape state;
  Window3 inputWindow, recurrentWindow;
};

/// The shape `shape` gets when axis `from` moves to position `to`.
std::vector<int64_t> movedShape(std::vector<int64_t> shape, size_t from, size_t to) {
  int64_t size = shape[from];
  shape.erase(shape.begin() + static_cast<std::ptrdiff_t>(from));
  shape.insert(shape.begin() + static_cast<std::ptrdiff_t>(to), size);
  return shape;
}

/// Writes `in` (C order, `shape`) with axis `from` moved to position `to` into `out`.
void moveAxis(const float* in, const std::vector<int64_t>& shape, size_t from, size_t to, float* out) {
  std::vector<size_t> perm(shape.size());
  std::iota(perm.begin(), perm.end(), size_t{0});
  perm.erase(perm.begin() + static_cast<std::ptrdiff_t>(from));
  perm.insert(perm.begin() + static_cast<std::ptrdiff_t>(to), from);
  transposeInto(reinterpret_cast<const uint8_t*>(in), shape, perm, sizeof(float), reinterpret_cast<uint8_t*>(out));
}

/// The layer-layout shape of a channels-last (batch, spatial..., channels) tensor, with `lead`
/// (the batch, or batch and time) in front.
std::vector<int64_t> layerLayout(const CellSetup& s, std::vector<int64_t> lead, int64_t channels) {
  std::vector<int64_t> shape = std::move(lead);
  if (s.channelsFirst) shape.push_back(channels);
  for (size_t a = 3 - s.rank; a < 3; ++a) shape.push_back(s.state.size[a]);
  if (!s.channelsFirst) shape.push_back(channels);
  return shape;
}

std::optional<Error> requireShape(const HostTensor& t, const std::vector<int64_t>& expected, const std::string& what) {
  if (t.shape() == expected) return std::nullopt;
  return makeError(what + " has shape " + formatShape(t.shape()) + ", expected " + formatShape(expected));
}

Result<CellSetup> readSetup(const KernelArgs& args, size_t rank) {
  const LayerCall& call = *args.layer;
  const HostTensor& x = *args.inputs[0];
  if (x.rank() != rank + 3)
    return makeError("input 0 is " + x.describe() + "; expected rank " + std::to_string(rank + 3) +
                     " (batch, time, spatial..., channels)");
  CellSetup s;
  s.rank = rank;
  s.channelsFirst = isChannelsFirst(call);
  s.batch = x.shape()[0];
  s.steps = x.shape()[1];
  s.filters = call.intAttr("filters");
  if (s.filters < 1) return makeError("filters is " + std::to_string(s.filters) + ", expected at least 1");
  std::vector<int64_t> stepShape = x.shape();
  stepShape.erase(stepShape.begin() + 1);
  s.frames = spatialShapeOf(stepShape, s.channelsFirst);
  s.frames.batch = s.batch * s.steps;

  Result<ConvWindow> window = convWindow(call, rank);
  if (!window) return window.error();
  std::array<int64_t, 3> k = threeAxes(window->kernel, 1), st = threeAxes(window->strides, 1),
                         d = threeAxes(window->dilation, 1);
  std::string padding = call.stringAttr("padding");
  if (padding != "valid" && padding != "same")
    return makeError("unknown padding '" + padding + "'; ConvLSTM takes valid or same");
  s.state.batch = s.batch;
  s.state.channels = s.filters;
  for (size_t a = 0; a < 3; ++a) {
    WindowAxis& w = s.inputWindow[a];
    w.in = s.frames.size[a];
    w.kernel = k[a];
    w.stride = st[a];
    w.dilation = d[a];
    w.out = padding == "same" ? (w.in + w.stride - 1) / w.stride : (w.in - w.span()) / w.stride + 1;
    if (padding == "valid" && w.in < w.span())
      return makeError("spatial axis " + std::to_string(a - (3 - rank)) + " of size " + std::to_string(w.in) +
                       " is smaller than the kernel's span " + std::to_string(w.span()) + " under valid padding");
    if (padding == "same") w.padBefore = samePadBefore(w.in, w.out, w.span(), w.stride);
    s.state.size[a] = w.out;
    // The state convolution keeps the state's size: "same", stride 1, no dilation.
    WindowAxis& r = s.recurrentWindow[a];
    r.in = r.out = w.out;
    r.kernel = k[a];
    r.padBefore = samePadBefore(r.in, r.out, r.span(), 1);
  }
  return s;
}

/// Checks everything the loop reads against the setup: outputs, weights, initial states.
std::optional<Error> checkTensors(const KernelArgs& args, const CellSetup& s) {
  const LayerCall& call = *args.layer;
  bool returnSequences = call.boolAttr("return_sequences");
  size_t expectedOutputs = call.boolAttr("return_state") ? 3 : 1;
  if (args.outputs.size() != expectedOutputs)
    return makeError("got " + std::to_string(args.outputs.size()) + " outputs, expected " +
                     std::to_string(expectedOutputs) + (expectedOutputs == 3 ? " (output, h, c)" : ""));
  std::vector<int64_t> stateShape = layerLayout(s, {s.batch}, s.filters);
  std::vector<int64_t> outputShape = returnSequences ? layerLayout(s, {s.batch, s.steps}, s.filters) : stateShape;
  if (auto e = requireShape(args.outputs[0], outputShape, "output 0")) return e;
  for (size_t i = 1; i < args.outputs.size(); ++i)
    if (auto e = requireShape(args.outputs[i], stateShape, "output " + std::to_string(i))) return e;

  bool useBias = call.boolAttr("use_bias");
  if (auto e = requireWeights(args, useBias ? 3 : 2)) return e;
  std::vector<int64_t> kernel(s.rank), recurrent;
  for (size_t a = 0; a < s.rank; ++a) kernel[a] = s.inputWindow[3 - s.rank + a].kernel;
  recurrent = kernel;
  kernel.insert(kernel.end(), {s.frames.channels, kGates * s.filters});
  recurrent.insert(recurrent.end(), {s.filters, kGates * s.filters});
  if (auto e = requireShape(*args.weights[0], kernel, "the kernel")) return e;
  if (auto e = requireShape(*args.weights[1], recurrent, "the recurrent kernel")) return e;
  if (useBias)
    if (auto e = requireShape(*args.weights[2], {kGates * s.filters}, "the bias")) return e;

  size_t initial = args.inputs.size() - 1;
  if (initial != 0 && initial != 2)
    return makeError("got " + std::to_string(initial) + " initial states, expected none or 2 (h, c)");
  for (size_t i = 1; i < args.inputs.size(); ++i)
    if (auto e = requireShape(*args.inputs[i], stateShape, std::string("initial state ") + (i == 1 ? "h" : "c")))
      return e;
  return std::nullopt;
}

/// The mask as (batch, time) bools, or null. Keras' rnn() also runs a mask with trailing axes
/// of size 1 (a Masking layer's on a 1x1 image); any other shape cannot tile to the output.
Result<const bool*> readMask(const KernelArgs& args, const CellSetup& s) {
  MaskRef mask = args.inputMasks.empty() ? nullptr : args.inputMasks[0];
  if (!mask) return static_cast<const bool*>(nullptr);
  const std::vector<int64_t>& shape = mask->shape();
  bool fits = mask->elementType() == ElementType::Bool && shape.size() >= 2 && shape[0] == s.batch &&
              shape[1] == s.steps && std::all_of(shape.begin() + 2, shape.end(), [](int64_t d) { return d == 1; });
  if (!fits)
    return makeError("the mask is " + mask->describe() + ", expected bool " + formatShape({s.batch, s.steps}) +
                     " (batch, time): Keras cannot tile a mask over positions onto the state");
  return mask->data<bool>().data();
}

/// Applies `activation` to a channels-last (batch, spatial..., filters) block as Keras applies
/// it to the layer-layout tensor: softmax-like activations normalize the layout's last axis,
/// which for channels_first is the last spatial axis, not the filters.
class GateActivation {
 public:
  GateActivation(const CellSetup& s, int kerasMajor) : s_(s), kerasMajor_(kerasMajor) {}

  std::optional<Error> apply(const Value& activation, float* block) {
    int64_t count = s_.state.elements();
    bool layoutMatters = activation.isString() && !isElementwiseActivation(activation.asString());
    if (!s_.channelsFirst || !layoutMatters) return applyActivation(activation, block, count, s_.filters, kerasMajor_);
    std::vector<int64_t> last = {s_.batch};
    for (size_t a = 3 - s_.rank; a < 3; ++a) last.push_back(s_.state.size[a]);
    last.push_back(s_.filters);
    moved_.resize(static_cast<size_t>(count));
    moveAxis(block, last, last.size() - 1, 1, moved_.data());
    if (auto e = applyActivation(activation, moved_.data(), count, last[last.size() - 2], kerasMajor_)) return e;
    moveAxis(moved_.data(), movedShape(last, last.size() - 1, 1), 1, last.size() - 1, block);
    return std::nullopt;
  }

 private:
  const CellSetup& s_;
  int kerasMajor_;
  std::vector<float> moved_;
};

std::optional<Error> runConvLSTM(KernelArgs& args, size_t rank) {
  if (auto e = requireFloat32(args)) return e;
  Result<CellSetup> setup = readSetup(args, rank);
  if (!setup) return setup.error();
  const CellSetup& s = *setup;
  if (auto e = checkTensors(args, s)) return e;
  Result<const bool*> mask = readMask(args, s);
  if (!mask) return mask.error();
  const LayerCall& call = *args.layer;
  const bool returnSequences = call.boolAttr("return_sequences");
  const bool goBackwards = call.boolAttr("go_backwards");
  const bool zeroOutputForMask = args.options.kerasMajor >= 3 && call.boolAttr("zero_output_for_mask");
  const Value& activation = call.attr("activation");
  const Value& gateActivation = call.attr("recurrent_activation");
  for (auto& m : args.outputMasks) m.reset();
  if (s.state.elements() == 0) return std::nullopt;  // every output is empty too

  const int64_t batch = s.batch, steps = s.steps, filters = s.filters, width = kGates * filters;
  const int64_t positions = s.state.positions(), block = s.state.elements(), perSample = positions * filters;

  // The input convolution of many steps at once, time major: row (t * batch + b) * positions + p,
  // so that each step's rows are one block the recurrent convolution then adds into.
  const HostTensor& x = *args.inputs[0];
  std::vector<float> timeMajor;
  const float* frames = x.data<float>().data();
  if (batch > 1 || s.channelsFirst) {
    std::vector<size_t> perm = {1, 0};
    for (size_t d = s.channelsFirst ? 3 : 2; d < x.rank(); ++d) perm.push_back(d);
    if (s.channelsFirst) perm.push_back(2);
    timeMajor.resize(static_cast<size_t>(x.elementCount()));
    transposeInto(reinterpret_cast<const uint8_t*>(frames), x.shape(), perm, sizeof(float),
                  reinterpret_cast<uint8_t*>(timeMajor.data()));
    frames = timeMajor.data();
  }
  // In chunks of steps within kProjectionBudget (one product when they fit): fresh memory costs
  // the kernel a page clear, more than the product's loss from splitting its rows.
  const int64_t stepFloats = batch * positions * width, frameFloats = s.frames.positions() * s.frames.channels;
  const int64_t chunkSteps = std::clamp<int64_t>(kProjectionBudget / stepFloats, 1, std::max<int64_t>(steps, 1));
  std::vector<float> projected(static_cast<size_t>(chunkSteps * stepFloats));
  int64_t chunkFirst = -1;  // the first time step `projected` holds, or -1
  auto project = [&](int64_t t) {
    // A chunk of the steps that follow t in processing order: [t, t + n) or, backwards, (t - n, t].
    int64_t first = goBackwards ? std::max<int64_t>(t - chunkSteps + 1, 0) : t;
    int64_t count = std::min(chunkSteps, steps - first);
    SpatialShape chunkShape = s.state, chunkFrames = s.frames;
    chunkShape.batch = chunkFrames.batch = count * batch;
    chunkShape.channels = width;
    convolve(ConvGeometry{chunkFrames, chunkShape, s.inputWindow}, 1, frames + first * batch * frameFloats,
             weightData(args, 0), projected.data());
    if (call.boolAttr("use_bias")) addBias(projected.data(), count * batch * positions, width, weightData(args, 2));
    chunkFirst = first;
  };

  std::vector<float> h(static_cast<size_t>(block), 0.0f), c(h), newH(h), newC(h), activatedC(h), previousOutput(h);
  bool stateIsZero = args.inputs.size() == 1;
  if (!stateIsZero) {
    for (size_t i = 0; i < 2; ++i) {
      const HostTensor& given = *args.inputs[1 + i];
      float* into = i == 0 ? h.data() : c.data();
      if (s.channelsFirst)
        moveAxis(given.data<float>().data(), given.shape(), 1, given.rank() - 1, into);
      else
        std::memcpy(into, given.data<float>().data(), sizeof(float) * block);
    }
  }
  SpatialShape recurrentShape = s.state;
  recurrentShape.channels = width;
  std::vector<std::vector<float>> gate(kGates, std::vector<float>(static_cast<size_t>(block)));
  GateActivation activate(s, args.options.kerasMajor);

  // The channels-last sequence output; channels_first moves it into the output at the end.
  std::vector<float> sequenceScratch;
  float* sequence = nullptr;
  if (returnSequences) {
    if (s.channelsFirst) sequenceScratch.resize(static_cast<size_t>(batch * steps * perSample));
    sequence = s.channelsFirst ? sequenceScratch.data() : args.outputs[0].data<float>().data();
  }

  for (int64_t step = 0; step < steps; ++step) {
    const int64_t t = goBackwards ? steps - 1 - step : step;
    // Gate pre-activations: the step's input rows plus the state's convolution (a zero state,
    // the first step's without initial states, convolves to zero), then split by gate.
    if (chunkFirst < 0 || t < chunkFirst || t >= chunkFirst + chunkSteps) project(t);
    float* preActivation = projected.data() + (t - chunkFirst) * stepFloats;
    if (!stateIsZero)
      convolve(ConvGeometry{s.state, recurrentShape, s.recurrentWindow}, 1, h.data(), weightData(args, 1), preActivation,
               /*accumulate=*/true);
    for (int64_t r = 0; r < batch * positions; ++r)
      for (int64_t g = 0; g < kGates; ++g)
        std::memcpy(&gate[g][r * filters], preActivation + r * width + g * filters, sizeof(float) * filters);
    for (int64_t g = 0; g < kGates; ++g)
      if (auto e = activate.apply(g == kCandidate ? activation : gateActivation, gate[g].data())) return e;
    const float *in = gate[kInput].data(), *forget = gate[kForget].data(), *candidate = gate[kCandidate].data(),
                *output = gate[kOutput].data();
    for (int64_t i = 0; i < block; ++i) newC[i] = forget[i] * c[i] + in[i] * candidate[i];
    activatedC = newC;
    if (auto e = activate.apply(activation, activatedC.data())) return e;
    for (int64_t i = 0; i < block; ++i) newH[i] = output[i] * activatedC[i];

    // Masked samples keep their states; their output repeats the previous one (or is zero).
    for (int64_t b = 0; b < batch; ++b) {
      const size_t offset = static_cast<size_t>(b * perSample), bytes = sizeof(float) * perSample;
      float* previous = &previousOutput[offset];
      if (*mask && !(*mask)[b * steps + t]) {
        if (zeroOutputForMask) std::fill(previous, previous + perSample, 0.0f);
      } else {
        std::memcpy(&h[offset], &newH[offset], bytes);
        std::memcpy(&c[offset], &newC[offset], bytes);
        std::memcpy(previous, &newH[offset], bytes);
        stateIsZero = false;
      }
      if (sequence) std::memcpy(sequence + (b * steps + step) * perSample, previous, bytes);
    }
  }

  // Outputs in the layer's layout: (output, h, c).
  auto writeState = [&](const std::vector<float>& state, HostTensor& out) {
    if (s.channelsFirst)
      moveAxis(state.data(), movedShape(out.shape(), 1, out.rank() - 1), out.rank() - 1, 1, out.data<float>().data());
    else
      std::memcpy(out.data<float>().data(), state.data(), sizeof(float) * block);
  };
  HostTensor& first = args.outputs[0];
  if (!returnSequences)
    writeState(previousOutput, first);
  else if (s.channelsFirst)
    moveAxis(sequenceScratch.data(), movedShape(first.shape(), 2, first.rank() - 1), first.rank() - 1, 2,
             first.data<float>().data());
  if (args.outputs.size() == 3) {
    writeState(h, args.outputs[1]);
    writeState(c, args.outputs[2]);
  }
  // Keras: the output keeps the input's mask only as a sequence; the states carry none.
  if (returnSequences && *mask) args.outputMasks[0] = *args.inputMasks[0];
  return std::nullopt;
}

}  // namespace

void registerConvRecurrentKernels(KernelRegistry& registry) {
  for (size_t rank : {1, 2, 3})
    registry.addLayer("ConvLSTM" + std::to_string(rank) + "D",
                      {[rank](KernelArgs& args) { return runConvLSTM(args, rank); }, MaskRule::Computed});
}

}  // namespace graphlint
