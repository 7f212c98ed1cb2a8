#pragma once
// How a key in a weights file names a layer's weight, across Keras 2, Keras 3 and TF.js:
// the name matching behind matchWeights() (WeightFile.h), apart from reading and checking.

#include <cstddef>
#include <string>
#include <vector>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include "executor/WeightFile.h"

namespace graphlint {

/// One weight of the model: expected[layer].names[weight].
struct WeightRef {
  size_t layer = 0;
  size_t weight = 0;
  bool operator==(const WeightRef& other) const { return layer == other.layer && weight == other.weight; }
};

/// What a key names: nothing, one weight, or several equally well.
struct KeyMatch {
  std::vector<WeightRef> weights;
  /// The layers whose names the key holds, even when none of their weights fit.
  std::vector<size_t> layers;
};

/// The weights `key` names best (exact names before loose ones; see matchWeights()).
KeyMatch matchKey(llvm::StringRef key, llvm::ArrayRef<ExpectedWeights> expected);

/// `key` without a trailing `:N` (TensorFlow's output index: `dense/kernel:0`).
llvm::StringRef stripOutputIndex(llvm::StringRef key);

/// Whether the key is an unnamed, numbered array (`arr_3`, `3`); sets `index` if so.
bool isNumberedKey(llvm::StringRef key, size_t& index);

}  // namespace graphlint
