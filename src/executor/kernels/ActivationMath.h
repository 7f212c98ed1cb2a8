#pragma once
// Keras' activation functions on float32 data, by the name a config writes: one definition
// used by the Activation layer and by every layer with an `activation` argument (Dense,
// convolutions, recurrent cells).

#include <cstdint>
#include <optional>

#include "llvm/ADT/StringRef.h"

#include "ir/Value.h"
#include "support/Result.h"

namespace graphlint {

/// Applies activation `name` in place to `count` values laid out as rows of `rowLength`
/// (the last axis, over which softmax, log_softmax and sparsemax normalize). `kerasMajor`
/// picks the version's definition where Keras 2 and 3 differ (hard_sigmoid, hard_silu).
/// Fails naming the activation when it is unknown or needs arguments a name cannot give.
std::optional<Error> applyActivation(llvm::StringRef name, float* data, int64_t count, int64_t rowLength,
                                     int kerasMajor);

/// The same for a config value: a name, or null for linear.
std::optional<Error> applyActivation(const Value& activation, float* data, int64_t count, int64_t rowLength,
                                     int kerasMajor);

/// Whether `name` is a per-element function (all but softmax, log_softmax and sparsemax), so a
/// caller may apply it to any slice, e.g. one gate of a recurrent cell.
bool isElementwiseActivation(llvm::StringRef name);

/// Softmax over rows of `rowLength`, subtracting each row's maximum first (as Keras' backends do).
void softmaxRows(float* data, int64_t count, int64_t rowLength);

}  // namespace graphlint
