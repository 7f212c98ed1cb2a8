// Kernels of the recurrent layers and their wrappers: SimpleRNN, GRU and LSTM (one loop,
// RecurrentCell.cpp), Bidirectional (two runs of that loop, merged) and TimeDistributed
// (time folded into the batch around the wrapped layer's own kernel).

#include <algorithm>
#include <cstring>

#include "executor/kernels/KernelUtil.h"
#include "executor/kernels/RecurrentCell.h"

namespace graphlint {
namespace {

MaskRef firstMask(const KernelArgs& args) { return args.inputMasks.empty() ? nullptr : args.inputMasks[0]; }

/// Fails unless output `index` holds `count` float32 elements (what the kernel will write).
std::optional<Error> requireOutput(const KernelArgs& args, size_t index, int64_t count) {
  if (index >= args.outputs.size())
    return makeError("expected at least " + std::to_string(index + 1) + " outputs, got " +
                     std::to_string(args.outputs.size()));
  const HostTensor& out = args.outputs[index];
  if (out.elementType() != ElementType::Float32 || out.elementCount() != count)
    return makeError("output " + std::to_string(index) + " is " + out.describe() + ", expected float32 with " +
                     std::to_string(count) + " elements");
  return std::nullopt;
}

/// Elements of a recurrent layer's main output for this sequence.
int64_t sequenceOutputCount(const RecurrentConfig& config, const HostTensor& sequence) {
  int64_t batch = sequence.shape()[0], steps = sequence.shape()[1];
  return (config.returnSequences ? batch * steps : batch) * config.units;
}

std::optional<Error> requireSequence(const KernelArgs& args) {
  const HostTensor& x = *args.inputs[0];
  if (x.elementType() != ElementType::Float32 || x.rank() != 3)
    return makeError("input 0 is " + x.describe() + "; expected float32 (batch, timesteps, features)");
  return std::nullopt;
}

/// SimpleRNN, GRU, LSTM: outputs are the sequence (or last) output, then the final states
/// with return_state. Inputs after the first are initial states (zeros otherwise, which is
/// also what a stateful layer starts from).
std::optional<Error> recurrentLayer(KernelArgs& args) {
  Result<RecurrentConfig> config = readRecurrentConfig(*args.layer);
  if (!config) return config.error();
  if (auto e = requireSequence(args)) return e;
  const HostTensor& x = *args.inputs[0];
  if (auto e = requireOutput(args, 0, sequenceOutputCount(*config, x))) return e;
  std::vector<float*> finals;
  for (size_t i = 1; i < args.outputs.size(); ++i) {
    if (auto e = requireOutput(args, i, x.shape()[0] * config->units)) return e;
    finals.push_back(outputData(args, i));
  }
  RecurrentRun run;
  run.sequence = &x;
  run.mask = firstMask(args);
  run.weights = args.weights;
  run.initialStates = args.inputs.drop_front(1);
  run.output = outputData(args, 0);
  run.finalStates = finals;
  if (auto e = runRecurrent(*config, run, args.options.kerasMajor)) return e;
  // Keras: the output keeps the input's mask only as a sequence; states carry none.
  for (auto& m : args.outputMasks) m.reset();
  if (config->returnSequences && run.mask) args.outputMasks[0] = *run.mask;
  return std::nullopt;
}

/// The configuration of one direction of a Bidirectional: the wrapped layer's (or the given
/// backward layer's) config, read with its schema's defaults.
Result<RecurrentConfig> directionConfig(const KernelArgs& args, const Value& wrapped) {
  const Value* className = wrapped.find("layer");
  if (!className || !className->isString()) return makeError("the wrapped layer has no class name");
  const LayerSchema* schema = args.layer->catalogue.find(className->asString());
  if (!schema) return makeError("no schema for the wrapped layer class " + className->asString().str());
  static const Value kEmpty = Value::map({});
  const Value* config = wrapped.find("config");
  LayerCall call(*schema, config ? *config : kEmpty, args.layer->inputs.take_front(1), args.layer->catalogue);
  return readRecurrentConfig(call);
}

enum class MergeMode { Concat, Sum, Mul, Ave, None };

Result<MergeMode> mergeModeOf(const Value& mode) {
  if (mode.isNull()) return MergeMode::None;
  llvm::StringRef name = mode.isString() ? mode.asString() : "";
  if (name == "concat") return MergeMode::Concat;
  if (name == "sum") return MergeMode::Sum;
  if (name == "mul") return MergeMode::Mul;
  if (name == "ave") return MergeMode::Ave;
  return makeError("unknown merge_mode " + mode.str() + "; expected concat, sum, mul, ave or null");
}

/// Keras' Bidirectional: the backward copy is the wrapped layer with go_backwards flipped
/// (or the given backward_layer), both copies output zeros at masked steps when they return
/// sequences (the wrapper forces zero_output_for_mask to return_sequences), and the backward
/// sequence is reversed back into input order before the merge. Initial states: the first
/// half goes to the forward copy, the second half to the backward one.
std::optional<Error> bidirectional(KernelArgs& args) {
  if (auto e = requireSequence(args)) return e;
  const Value& forwardValue = args.layer->attr("layer");
  const Value& given = args.layer->attr("backward_layer");
  bool hasBackwardLayer = given.isMap() && given.find("layer");
  Result<RecurrentConfig> forward = directionConfig(args, forwardValue);
  if (!forward) return forward.error();
  Result<RecurrentConfig> backward = directionConfig(args, hasBackwardLayer ? given : forwardValue);
  if (!backward) return backward.error();
  if (!hasBackwardLayer) backward->goBackwards = !forward->goBackwards;
  if (forward->returnSequences != backward->returnSequences || forward->units != backward->units)
    return makeError("the forward and backward layers differ in return_sequences or units");
  forward->zeroOutputForMask = forward->returnSequences;
  backward->zeroOutputForMask = backward->returnSequences;
  Result<MergeMode> mode = mergeModeOf(args.layer->attr("merge_mode"));
  if (!mode) return mode.error();

  size_t forwardWeights = forward->weightCount();
  if (args.weights.size() != forwardWeights + backward->weightCount())
    return makeError("expected " + std::to_string(forwardWeights + backward->weightCount()) +
                     " weights (forward, then backward), got " + std::to_string(args.weights.size()));
  llvm::ArrayRef<const HostTensor*> states = args.inputs.drop_front(1);
  if (states.size() % 2 != 0)
    return makeError("got " + std::to_string(states.size()) +
                     " initial states; the forward and backward layers take half each");

  const HostTensor& x = *args.inputs[0];
  const int64_t batch = x.shape()[0], steps = x.shape()[1], units = forward->units;
  const int64_t count = sequenceOutputCount(*forward, x);
  const size_t stateStart = *mode == MergeMode::None ? 2 : 1;
  const size_t stateCount = forward->stateCount();
  if (args.outputs.size() != stateStart && args.outputs.size() != stateStart + 2 * stateCount)
    return makeError("got " + std::to_string(args.outputs.size()) + " outputs, expected " +
                     std::to_string(stateStart) + " or " + std::to_string(stateStart + 2 * stateCount));
  const bool returnState = args.outputs.size() > stateStart;
  for (size_t i = stateStart; i < args.outputs.size(); ++i)
    if (auto e = requireOutput(args, i, batch * units)) return e;

  std::vector<float> y(static_cast<size_t>(count)), yReversed(static_cast<size_t>(count));
  for (int direction = 0; direction < 2; ++direction) {
    const RecurrentConfig& config = direction == 0 ? *forward : *backward;
    std::vector<float*> finals;
    if (returnState)
      for (size_t i = 0; i < stateCount; ++i) finals.push_back(outputData(args, stateStart + direction * stateCount + i));
    RecurrentRun run;
    run.sequence = &x;
    run.mask = firstMask(args);
    run.weights = direction == 0 ? args.weights.take_front(forwardWeights) : args.weights.drop_front(forwardWeights);
    run.initialStates = direction == 0 ? states.take_front(states.size() / 2) : states.drop_front(states.size() / 2);
    run.output = direction == 0 ? y.data() : yReversed.data();
    run.finalStates = finals;
    if (auto e = runRecurrent(config, run, args.options.kerasMajor))
      return makeError(std::string(direction == 0 ? "forward" : "backward") + " layer: " + e->message);
  }

  // Back into input order: Keras flips the backward output whenever it is a sequence.
  if (forward->returnSequences)
    for (int64_t b = 0; b < batch; ++b)
      for (int64_t t = 0; t < steps / 2; ++t)
        std::swap_ranges(&yReversed[(b * steps + t) * units], &yReversed[(b * steps + t + 1) * units],
                         &yReversed[(b * steps + steps - 1 - t) * units]);

  const int64_t rows = count / units;
  switch (*mode) {
    case MergeMode::Concat: {
      if (auto e = requireOutput(args, 0, 2 * count)) return e;
      float* out = outputData(args, 0);
      for (int64_t r = 0; r < rows; ++r) {
        std::memcpy(out + r * 2 * units, &y[r * units], sizeof(float) * units);
        std::memcpy(out + r * 2 * units + units, &yReversed[r * units], sizeof(float) * units);
      }
      break;
    }
    case MergeMode::None: {
      if (auto e = requireOutput(args, 0, count)) return e;
      if (auto e = requireOutput(args, 1, count)) return e;
      std::memcpy(outputData(args, 0), y.data(), sizeof(float) * count);
      std::memcpy(outputData(args, 1), yReversed.data(), sizeof(float) * count);
      break;
    }
    default: {
      if (auto e = requireOutput(args, 0, count)) return e;
      float* out = outputData(args, 0);
      for (int64_t i = 0; i < count; ++i)
        out[i] = *mode == MergeMode::Sum   ? y[i] + yReversed[i]
                 : *mode == MergeMode::Mul ? y[i] * yReversed[i]
                                           : (y[i] + yReversed[i]) / 2.0f;
    }
  }

  for (auto& m : args.outputMasks) m.reset();
  if (forward->returnSequences && firstMask(args))
    for (size_t i = 0; i < stateStart; ++i) args.outputMasks[i] = *firstMask(args);
  return std::nullopt;
}

/// `t` with its first two axes merged (batch * timesteps, ...), as a copy.
Result<HostTensor> foldTime(const HostTensor& t) {
  std::vector<int64_t> shape = t.shape();
  shape[1] *= shape[0];
  shape.erase(shape.begin());
  HostTensor folded = t;
  if (auto e = folded.reshape(std::move(shape))) return *e;
  return folded;
}

/// TimeDistributed: the wrapped layer runs once on (batch * timesteps, ...) with the
/// wrapper's weights. A mask over (batch, timesteps) passes through (Keras 3; Keras 2 also
/// when the wrapped layer computes none); a wrapped layer's own mask is unfolded for Keras 2.
std::optional<Error> timeDistributed(KernelArgs& args) {
  const HostTensor& x = *args.inputs[0];
  if (x.rank() < 3) return makeError("input 0 is " + x.describe() + "; expected rank >= 3 (batch, timesteps, ...)");
  const Value& wrapped = args.layer->attr("layer");
  const Value* className = wrapped.find("layer");
  if (!className || !className->isString()) return makeError("the wrapped layer has no class name");
  const LayerSchema* schema = args.layer->catalogue.find(className->asString());
  if (!schema) return makeError("no schema for the wrapped layer class " + className->asString().str());
  static const Value kEmpty = Value::map({});
  const Value* config = wrapped.find("config");

  Result<HostTensor> folded = foldTime(x);
  if (!folded) return folded.error();
  MaskRef mask = firstMask(args);
  std::optional<HostTensor> foldedMask;
  if (mask && mask->rank() >= 3) {
    Result<HostTensor> m = foldTime(*mask);
    if (!m) return m.error();
    foldedMask = std::move(*m);
  }
  const HostTensor* innerInputs[] = {&*folded};
  MaskRef innerMasks[] = {foldedMask ? &*foldedMask : nullptr};
  std::vector<std::optional<HostTensor>> innerOutputMasks;
  Result<std::vector<HostTensor>> outputs =
      runInnerLayer(args, *schema, config ? *config : kEmpty, innerInputs, innerMasks, args.weights, innerOutputMasks);
  if (!outputs) return outputs.error();
  if (outputs->size() != args.outputs.size())
    return makeError("the wrapped " + schema->className + " gave " + std::to_string(outputs->size()) +
                     " outputs, expected " + std::to_string(args.outputs.size()));
  for (size_t i = 0; i < outputs->size(); ++i) {
    const HostTensor& inner = (*outputs)[i];
    HostTensor& out = args.outputs[i];
    if (inner.elementType() != out.elementType() || inner.elementCount() != out.elementCount())
      return makeError("the wrapped " + schema->className + "'s output " + inner.describe() +
                       " does not unfold into " + out.describe());
    std::memcpy(out.bytes().data(), inner.bytes().data(), inner.byteSize());
  }
  for (size_t i = 0; i < args.outputMasks.size(); ++i) {
    args.outputMasks[i].reset();
    if (args.options.kerasMajor < 3 && i < innerOutputMasks.size() && innerOutputMasks[i]) {
      HostTensor unfolded = *innerOutputMasks[i];
      std::vector<int64_t> shape = unfolded.shape();
      if (shape.empty()) continue;
      shape[0] = x.shape()[1];
      shape.insert(shape.begin(), x.shape()[0]);
      if (unfolded.reshape(shape)) continue;
      args.outputMasks[i] = std::move(unfolded);
    } else if (mask) {
      args.outputMasks[i] = *mask;
    }
  }
  return std::nullopt;
}

}  // namespace

void registerRecurrentKernels(KernelRegistry& registry) {
  for (const char* name : {"SimpleRNN", "GRU", "LSTM"}) registry.addLayer(name, {recurrentLayer, MaskRule::Computed});
  registry.addLayer("Bidirectional", {bidirectional, MaskRule::Computed});
  registry.addLayer("TimeDistributed", {timeDistributed, MaskRule::Computed});
}

}  // namespace graphlint
