// The recurrent loop with Keras' numerics. The input projection of every timestep is one
// matrix product, (batch * timesteps, features) @ kernel, done before the loop; each step
// then multiplies the (batch, units) state by the recurrent kernel. Gate pre-activations are
// gathered gate by gate into (batch, units) blocks so that one activation call covers a gate
// (and a softmax activation normalizes over the units, as Keras' would).
//
// Masking follows the backend rnn() of Keras 2 and 3: at a masked step every state keeps
// its value and the step's output is the previous step's output (zeros before the first
// step), or zeros when zero_output_for_mask; the last output is the final step's output.

#include "executor/kernels/RecurrentCell.h"

#include <cstring>
#include <string>
#include <vector>

#include "executor/Gemm.h"
#include "executor/kernels/ActivationMath.h"
#include "executor/kernels/KernelUtil.h"

namespace graphlint {
namespace {

std::string shapeOf(const HostTensor& t) { return formatShape(t.shape()); }

std::optional<Error> requireShape(const HostTensor& t, const std::vector<int64_t>& expected, const std::string& what) {
  if (t.elementType() != ElementType::Float32)
    return makeError(what + " is " + t.describe() + "; recurrent layers compute in float32");
  if (t.shape() != expected)
    return makeError(what + " has shape " + shapeOf(t) + ", expected " + formatShape(expected));
  return std::nullopt;
}

/// The per-step work buffers, each (batch, units) unless noted.
struct StepBuffers {
  std::vector<float> recurrent;  // (batch, gates * units): state @ recurrent_kernel
  std::vector<std::vector<float>> gate;
  std::vector<float> h, c, newH, newC, previousOutput, scratch;
};

}  // namespace

Result<RecurrentConfig> readRecurrentConfig(const LayerCall& call) {
  RecurrentConfig config;
  const std::string& name = call.schema.className;
  if (name == "LSTM")
    config.cell = CellKind::LSTM;
  else if (name == "GRU")
    config.cell = CellKind::GRU;
  else if (name == "SimpleRNN")
    config.cell = CellKind::SimpleRNN;
  else
    return makeError("the recurrent kernel runs SimpleRNN, GRU and LSTM, not " + name);
  if (call.attr("time_major").isBool() && call.attr("time_major").asBool())
    return makeError("time_major=True (inputs as (timesteps, batch, features)) is not supported");
  config.units = call.intAttr("units");
  config.activation = call.attr("activation");
  if (config.cell != CellKind::SimpleRNN) config.recurrentActivation = call.attr("recurrent_activation");
  config.useBias = call.boolAttr("use_bias");
  config.resetAfter = config.cell == CellKind::GRU && call.boolAttr("reset_after");
  config.goBackwards = call.boolAttr("go_backwards");
  config.returnSequences = call.boolAttr("return_sequences");
  config.zeroOutputForMask = call.boolAttr("zero_output_for_mask");
  return config;
}

std::optional<Error> runRecurrent(const RecurrentConfig& config, const RecurrentRun& run, int kerasMajor) {
  const HostTensor& x = *run.sequence;
  if (x.elementType() != ElementType::Float32 || x.rank() != 3)
    return makeError("the sequence is " + x.describe() + "; expected float32 (batch, timesteps, features)");
  const int64_t batch = x.shape()[0], steps = x.shape()[1], features = x.shape()[2];
  const int64_t units = config.units, gates = config.gates(), width = gates * units;

  if (run.weights.size() != config.weightCount())
    return makeError("expected " + std::to_string(config.weightCount()) + " weights, got " +
                     std::to_string(run.weights.size()));
  if (auto e = requireShape(*run.weights[0], {features, width}, "the kernel")) return e;
  if (auto e = requireShape(*run.weights[1], {units, width}, "the recurrent kernel")) return e;
  if (config.useBias) {
    std::vector<int64_t> biasShape = config.resetAfter ? std::vector<int64_t>{2, width} : std::vector<int64_t>{width};
    if (auto e = requireShape(*run.weights[2], biasShape, "the bias")) return e;
  }
  if (!run.initialStates.empty() && run.initialStates.size() != config.stateCount())
    return makeError("expected " + std::to_string(config.stateCount()) + " initial states, got " +
                     std::to_string(run.initialStates.size()));
  for (size_t i = 0; i < run.initialStates.size(); ++i)
    if (auto e = requireShape(*run.initialStates[i], {batch, units}, "initial state " + std::to_string(i))) return e;
  const bool* mask = nullptr;
  if (run.mask) {
    if (run.mask->elementType() != ElementType::Bool || run.mask->shape() != std::vector<int64_t>{batch, steps})
      return makeError("the mask is " + run.mask->describe() + ", expected bool " + formatShape({batch, steps}));
    mask = run.mask->data<bool>().data();
  }
  if (batch == 0) return std::nullopt;

  const float* kernel = run.weights[0]->data<float>().data();
  const float* recurrentKernel = run.weights[1]->data<float>().data();
  const float* inputBias = config.useBias ? run.weights[2]->data<float>().data() : nullptr;
  const float* recurrentBias = config.resetAfter && inputBias ? inputBias + width : nullptr;

  // Input projection of every timestep at once: row b * steps + t.
  const int64_t rows = batch * steps, block = batch * units;
  std::vector<float> projected(static_cast<size_t>(rows * width));
  if (rows > 0 && width > 0)
    sgemm(false, false, rows, width, features, 1.0f, x.data<float>().data(), features, kernel, width, 0.0f,
          projected.data(), width);
  if (inputBias)
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t j = 0; j < width; ++j) projected[r * width + j] += inputBias[j];

  StepBuffers buf;
  buf.recurrent.resize(static_cast<size_t>(batch * width));
  buf.gate.assign(static_cast<size_t>(gates), std::vector<float>(static_cast<size_t>(block)));
  for (auto* v : {&buf.h, &buf.c, &buf.newH, &buf.newC, &buf.previousOutput, &buf.scratch})
    v->assign(static_cast<size_t>(block), 0.0f);
  if (!run.initialStates.empty()) {
    std::memcpy(buf.h.data(), run.initialStates[0]->data<float>().data(), sizeof(float) * block);
    if (config.cell == CellKind::LSTM)
      std::memcpy(buf.c.data(), run.initialStates[1]->data<float>().data(), sizeof(float) * block);
  }

  const Value& activation = config.activation;
  const Value& gateActivation = config.recurrentActivation;
  auto gatePreActivation = [&](int64_t t, int64_t g, bool withRecurrent) {
    float* out = buf.gate[g].data();
    for (int64_t b = 0; b < batch; ++b) {
      const float* in = &projected[(b * steps + t) * width + g * units];
      const float* rec = &buf.recurrent[b * width + g * units];
      for (int64_t j = 0; j < units; ++j) out[b * units + j] = in[j] + (withRecurrent ? rec[j] : 0.0f);
    }
  };

  for (int64_t s = 0; s < steps; ++s) {
    const int64_t t = config.goBackwards ? steps - 1 - s : s;
    switch (config.cell) {
      case CellKind::SimpleRNN: {
        sgemm(false, false, batch, units, units, 1.0f, buf.h.data(), units, recurrentKernel, width, 0.0f,
              buf.recurrent.data(), width);
        gatePreActivation(t, 0, true);
        if (auto e = applyActivation(activation, buf.gate[0].data(), block, units, kerasMajor)) return e;
        buf.newH = buf.gate[0];
        break;
      }
      case CellKind::LSTM: {
        sgemm(false, false, batch, width, units, 1.0f, buf.h.data(), units, recurrentKernel, width, 0.0f,
              buf.recurrent.data(), width);
        for (int64_t g = 0; g < 4; ++g) {
          gatePreActivation(t, g, true);
          const Value& f = g == 2 ? activation : gateActivation;
          if (auto e = applyActivation(f, buf.gate[g].data(), block, units, kerasMajor)) return e;
        }
        const float *in = buf.gate[0].data(), *forget = buf.gate[1].data(), *candidate = buf.gate[2].data();
        for (int64_t i = 0; i < block; ++i) buf.newC[i] = forget[i] * buf.c[i] + in[i] * candidate[i];
        buf.scratch = buf.newC;
        if (auto e = applyActivation(activation, buf.scratch.data(), block, units, kerasMajor)) return e;
        const float* out = buf.gate[3].data();
        for (int64_t i = 0; i < block; ++i) buf.newH[i] = out[i] * buf.scratch[i];
        break;
      }
      case CellKind::GRU: {
        if (config.resetAfter) {
          // r * (h @ U_h + b_rh): the whole recurrent product (with its bias) comes first.
          sgemm(false, false, batch, width, units, 1.0f, buf.h.data(), units, recurrentKernel, width, 0.0f,
                buf.recurrent.data(), width);
          if (recurrentBias)
            for (int64_t b = 0; b < batch; ++b)
              for (int64_t j = 0; j < width; ++j) buf.recurrent[b * width + j] += recurrentBias[j];
        } else {
          // z and r from h @ U_zr; the candidate's product takes the reset state r * h.
          sgemm(false, false, batch, 2 * units, units, 1.0f, buf.h.data(), units, recurrentKernel, width, 0.0f,
                buf.recurrent.data(), width);
        }
        for (int64_t g = 0; g < 2; ++g) {
          gatePreActivation(t, g, true);
          if (auto e = applyActivation(gateActivation, buf.gate[g].data(), block, units, kerasMajor)) return e;
        }
        const float *update = buf.gate[0].data(), *reset = buf.gate[1].data();
        float* candidate = buf.gate[2].data();
        if (config.resetAfter) {
          gatePreActivation(t, 2, false);
          for (int64_t b = 0; b < batch; ++b)
            for (int64_t j = 0; j < units; ++j)
              candidate[b * units + j] += reset[b * units + j] * buf.recurrent[b * width + 2 * units + j];
        } else {
          for (int64_t i = 0; i < block; ++i) buf.scratch[i] = reset[i] * buf.h[i];
          gatePreActivation(t, 2, false);
          sgemm(false, false, batch, units, units, 1.0f, buf.scratch.data(), units, recurrentKernel + 2 * units, width,
                1.0f, candidate, units);
        }
        if (auto e = applyActivation(activation, candidate, block, units, kerasMajor)) return e;
        for (int64_t i = 0; i < block; ++i) buf.newH[i] = update[i] * buf.h[i] + (1.0f - update[i]) * candidate[i];
        break;
      }
    }

    // Masked rows keep their states; their output repeats the previous one (or is zero).
    for (int64_t b = 0; b < batch; ++b) {
      float* previous = &buf.previousOutput[b * units];
      if (mask && !mask[b * steps + t]) {
        if (config.zeroOutputForMask) std::fill(previous, previous + units, 0.0f);
      } else {
        std::memcpy(&buf.h[b * units], &buf.newH[b * units], sizeof(float) * units);
        if (config.cell == CellKind::LSTM) std::memcpy(&buf.c[b * units], &buf.newC[b * units], sizeof(float) * units);
        std::memcpy(previous, &buf.newH[b * units], sizeof(float) * units);
      }
      if (config.returnSequences) std::memcpy(run.output + (b * steps + s) * units, previous, sizeof(float) * units);
    }
  }

  if (!config.returnSequences) std::memcpy(run.output, buf.previousOutput.data(), sizeof(float) * block);
  const std::vector<float>* finals[2] = {&buf.h, &buf.c};
  for (size_t i = 0; i < run.finalStates.size() && i < config.stateCount(); ++i)
    if (run.finalStates[i]) std::memcpy(run.finalStates[i], finals[i]->data(), sizeof(float) * block);
  return std::nullopt;
}

}  // namespace graphlint
