#pragma once
// Keras' weight initializers, for runs without a weights file: a layer's configured (or
// default) initializer turned into a float32 tensor drawn from the same distribution Keras
// would draw it from. The values differ from Keras' (see Rng.h); the distributions do not.

#include <cstdint>
#include <string>
#include <vector>

#include "executor/Rng.h"
#include "ir/Value.h"
#include "runtime/HostTensor.h"
#include "support/Result.h"

namespace graphlint {

/// A float32 tensor of `shape` from `initializer`, as a layer config writes it:
/// - a name: Keras 2/3 snake_case (`glorot_uniform`, `he_normal`, `zeros`, `orthogonal`),
///   class names (`GlorotUniform`, `LecunNormal`) or TF.js camelCase (`glorotUniform`,
///   `leCunNormal`); names compare without case and underscores, so all of these are accepted;
/// - a `{"class_name": ..., "config": {...}}` map (Keras 2, Keras 3 with `module` and
///   `registered_name`, TF.js), the config's arguments as Keras names them (`mean`, `stddev`,
///   `minval`, `maxval`, `scale`, `mode`, `distribution`, `gain`, `value`); a missing argument
///   takes Keras' default. The config's `seed` is ignored: `rng` decides the values;
/// - `{"class_name": "UnitForgetBias", "config": {"units": N, "initializer": <init>}}`, an LSTM
///   bias of shape (4N,) whose forget-gate quarter [N, 2N) is ones and whose other quarters
///   come from the inner initializer, called on shapes (N,) and (2N,) as Keras' LSTM calls it.
///
/// Fans follow Keras: a rank-1 shape has fan_in = fan_out = its dim, rank 2 is (fan_in,
/// fan_out), and a convolution kernel multiplies its last two dims by the receptive field (the
/// product of the others). Truncated normals are cut at two standard deviations and resampled;
/// variance scaling divides the truncated normal's stddev by 0.8796, the stddev of a standard
/// normal truncated to [-2, 2], so the variance is the one asked for.
///
/// Fails on an unknown initializer (naming it and listing the known ones), a malformed config,
/// or a shape the initializer cannot fill (orthogonal below rank 2, identity other than rank 2).
Result<HostTensor> initializeWeight(const Value& initializer, std::vector<int64_t> shape, Rng& rng);

/// The fan_in and fan_out Keras computes for a weight of `shape`.
struct Fans {
  double in = 1;
  double out = 1;
};
Fans computeFans(llvm::ArrayRef<int64_t> shape);

/// The initializer names initializeWeight() accepts, snake_case, sorted.
std::vector<std::string> knownInitializers();

}  // namespace graphlint
