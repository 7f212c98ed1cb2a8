#pragma once
// The recurrent loop SimpleRNN, GRU and LSTM share, with Keras' masking: one function that
// runs a configured cell over a (batch, timesteps, features) sequence. The layer kernels and
// the Bidirectional wrapper (which runs two of them) both call it.

#include <cstdint>
#include <optional>

#include "llvm/ADT/ArrayRef.h"

#include "executor/Kernel.h"

namespace graphlint {

enum class CellKind { SimpleRNN, GRU, LSTM };

/// What the loop needs of a recurrent layer's configuration.
struct RecurrentConfig {
  CellKind cell = CellKind::SimpleRNN;
  int64_t units = 0;
  Value activation;
  /// Gates' activation (GRU and LSTM).
  Value recurrentActivation;
  bool useBias = true;
  /// GRU only: reset gate applied after the recurrent product, with a separate recurrent bias.
  bool resetAfter = false;
  bool goBackwards = false;
  bool returnSequences = false;
  /// At a masked step, output zeros instead of repeating the previous output.
  bool zeroOutputForMask = false;

  /// Gate blocks in the kernel's columns: 1, 3 (z, r, h) or 4 (i, f, c, o).
  int64_t gates() const { return cell == CellKind::LSTM ? 4 : cell == CellKind::GRU ? 3 : 1; }
  /// States the cell carries: h, and c for LSTM.
  size_t stateCount() const { return cell == CellKind::LSTM ? 2 : 1; }
  /// kernel, recurrent_kernel and (with use_bias) bias.
  size_t weightCount() const { return useBias ? 3 : 2; }
};

/// Reads the configuration of a SimpleRNN, GRU or LSTM call (schema defaults applied); fails
/// for other classes and for settings the executor does not run (time_major).
Result<RecurrentConfig> readRecurrentConfig(const LayerCall& call);

/// One run of the loop. `output` receives (batch, timesteps, units) in the order Keras returns
/// it (the processing order, i.e. reversed for go_backwards) when returnSequences, else the
/// last output (batch, units); `finalStates` (null entries skipped) receive h (and c).
struct RecurrentRun {
  const HostTensor* sequence = nullptr;
  /// (batch, timesteps) bools, or null.
  MaskRef mask = nullptr;
  /// kernel, recurrent_kernel, bias (when used), as the layer's weight rule orders them.
  llvm::ArrayRef<const HostTensor*> weights;
  /// One (batch, units) tensor per state, or empty for zeros.
  llvm::ArrayRef<const HostTensor*> initialStates;
  float* output = nullptr;
  llvm::ArrayRef<float*> finalStates;
};

/// Runs the cell over the sequence. Checks the shapes of the sequence, mask, weights and
/// initial states, and fails naming the one that does not fit.
std::optional<Error> runRecurrent(const RecurrentConfig& config, const RecurrentRun& run, int kerasMajor);

}  // namespace graphlint
