#pragma once
// Helpers shared by the layer families' shape rules.

#include <string>
#include <vector>

#include "catalogue/LayerSchema.h"

namespace graphlint {

/// The dtype a layer computes in: its `dtype` attribute when it names one, else float32
/// (Keras' default policy).
DType computeDType(const LayerCall& call);

/// Fails unless input `index` has a known rank within [minRank, maxRank]; an unknown rank
/// passes (nothing is provable). `what` names the expectation for the message, e.g.
/// "a 3-D input (batch, timesteps, features)".
std::optional<Error> checkRank(const LayerCall& call, size_t index, size_t minRank, size_t maxRank,
                               llvm::StringRef what);

/// Resolves a possibly negative axis against a rank; nullopt if out of range.
std::optional<size_t> normalizeAxis(int64_t axis, size_t rank);

/// A single output.
inline Result<std::vector<TensorType>> single(TensorType type) {
  return std::vector<TensorType>{std::move(type)};
}

/// `(batch, 32)` style, for messages about input `index`.
std::string inputShapeStr(const LayerCall& call, size_t index);

/// NumPy / Keras-merge broadcasting of two shapes. Fails with both shapes when two dims are
/// provably different and neither is 1.
Result<Dims> broadcastShapes(const Dims& a, const Dims& b, llvm::StringRef verb);

}  // namespace graphlint
