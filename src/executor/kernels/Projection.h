#pragma once
// The product of a tensor's last axis with a weight matrix, the step Dense, matmul and the
// recurrent layers' input projection share: sgemm for a real tensor, a row gather for the ids
// of a one_hot the executor did not build (executor/Fusion.h).

#include <cstdint>
#include <optional>

#include "runtime/HostTensor.h"
#include "support/Result.h"

namespace graphlint {

/// out (rows x width) = x (rows x features) @ w (features x width), row-major. With
/// oneHotDepth > 0, x instead holds `rows` integer ids of a one-hot tensor of that depth
/// (features must equal it) and row r of out is row ids[r] of w, zeros for an id outside
/// [0, depth): exactly what the product with the one-hot rows gives, for finite weights.
/// Fails when x does not hold rows * features floats (or rows integer ids).
std::optional<Error> projectRows(const HostTensor& x, int64_t oneHotDepth, const float* w, int64_t rows,
                                 int64_t features, int64_t width, float* out);

}  // namespace graphlint
