#pragma once
// Loads a model's weights from an .npz file or a directory of .npy files, matching the stored
// names to the layers' weights across the conventions Keras 2, Keras 3 and TF.js write them in.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include "runtime/HostTensor.h"
#include "support/Result.h"

namespace graphlint {

/// The weights one layer expects, in Keras' order (the order of `layer.weights`), with
/// concrete shapes.
struct ExpectedWeights {
  /// The layer's name in the model: `dense_1`, or `encoder/dense` inside a nested model.
  std::string layer;
  /// WeightSpec names: `kernel`, `lstm_cell/recurrent_kernel`, `forward_lstm/lstm_cell/bias`.
  std::vector<std::string> names;
  std::vector<std::vector<int64_t>> shapes;
};

/// Named arrays as a file holds them, in the file's order.
using NamedTensors = std::vector<std::pair<std::string, HostTensor>>;

/// Reads `path`, an .npz file or a directory of .npy files, and returns each layer's weights
/// in `expected` order, float32 (float16 and float64 arrays are converted; integer and bool
/// arrays are refused, since every Keras weight the executor reads is floating-point).
///
/// A directory is walked recursively and every `*.npy` file in it is read (other files are
/// ignored); a file's key is its path under the directory without `.npy`, with each
/// subdirectory and each `__` in a file name standing for a `/`: `dense/kernel.npy` and
/// `dense__kernel.npy` both hold `dense/kernel`. See matchWeights() for how keys are matched.
Result<std::vector<std::vector<HostTensor>>> loadWeights(llvm::StringRef path,
                                                         llvm::ArrayRef<ExpectedWeights> expected);

/// Every `*.npy` file under `directory`, keyed as loadWeights() describes, sorted by key.
Result<NamedTensors> readNpyDirectory(llvm::StringRef directory);

/// Assigns named arrays to the layers' weights. Two kinds of file are understood:
///
/// - Unnamed, in order: every key is `arr_N` or `N` (`np.savez(path, *model.get_weights())`,
///   a directory of `0.npy, 1.npy, ...`). Sorted by N, the arrays are all layers' weights
///   concatenated in `expected` order; the count must match exactly.
/// - Named: a key, after dropping a `:N` suffix, is a `/`-separated path holding a layer's
///   name as consecutive components (anything may precede it: `model/`, `sequential/`,
///   `layers/`, the h5 group of the same name). The rest of the path names the weight:
///     - exactly a WeightSpec name (`dense/kernel:0`, `sequential/lstm/lstm_cell/kernel`);
///     - or the same last component with the other components corresponding loosely, when
///       only one of the layer's weights fits: TF.js `lstm/kernel` for `lstm_cell/kernel`,
///       `bidirectional/forward_lstm_LSTM2/kernel` for `forward_lstm/lstm_cell/kernel`.
///       Components correspond when equal once Keras' `_N` and TF.js' `_ClassN` suffixes are
///       dropped, or when they share a word (`cell` and `lstm_cell`); a component with
///       `forward` or `backward` only corresponds to one with the same direction, so the two
///       halves of a Bidirectional are never swapped;
///     - or `vars/N` (Keras 3 `.weights.h5`): the Nth weight of the layer
///       (`layers/dense/vars/0`), or of the sublayer the path between names
///       (`bidirectional/forward_layer/cell/vars/1` is `forward_lstm/lstm_cell/recurrent_kernel`).
///   An exact match wins over a loose one. Every expected weight must receive one key, and
///   every key must find one weight.
///
/// Errors say what to fix and list what was expected: a missing weight (with the layer's
/// expected names and shapes, and the keys left unmatched), an unexpected key (with the
/// model's layers), two keys for one weight, a key fitting several weights, a wrong shape
/// (`dense/kernel: file has (64, 10), the layer expects (64, 32)`), a non-float array, or an
/// unnamed file with the wrong count. `source` names the file in messages.
Result<std::vector<std::vector<HostTensor>>> matchWeights(NamedTensors tensors,
                                                          llvm::ArrayRef<ExpectedWeights> expected,
                                                          llvm::StringRef source);

}  // namespace graphlint
