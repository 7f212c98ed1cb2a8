#pragma once
// The executor's seeded random numbers (initial weights, generated inputs): a small, fast
// generator whose stream depends only on the seed, the same on every platform and compiler,
// unlike std::normal_distribution, whose algorithm each standard library picks.
//
// Keras' own random streams (TensorFlow's Philox, JAX's threefry, NumPy's PCG64 behind them)
// are not reproduced: a seeded graphlint run matches Keras' distributions, not its values.

#include <cmath>
#include <cstdint>

#include "llvm/ADT/StringRef.h"

namespace graphlint {

/// xoshiro256** (Blackman and Vigna), its state filled from the seed by splitmix64.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t mixer = seed;
    for (uint64_t& word : state_) word = splitMix64(mixer);
  }

  /// A generator for one named use (a layer's weight, a model input), so that each stream
  /// depends on the seed and the name only, not on what was drawn before it.
  static Rng forStream(uint64_t seed, llvm::StringRef name) {
    uint64_t hash = 0xcbf29ce484222325ull;  // FNV-1a
    for (char c : name) hash = (hash ^ static_cast<uint8_t>(c)) * 0x100000001b3ull;
    uint64_t mixer = seed ^ hash;
    return Rng(splitMix64(mixer));
  }

  /// 64 uniformly random bits.
  uint64_t next() {
    uint64_t result = rotateLeft(state_[1] * 5, 7) * 9;
    uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = rotateLeft(state_[3], 45);
    return result;
  }

  /// Uniform in [0, 1), with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Uniform in [low, high).
  double uniform(double low, double high) { return low + (high - low) * uniform(); }

  /// Standard normal, by Marsaglia's polar method (no trigonometry, whose last bits vary
  /// between math libraries); the second value of each pair is kept for the next call.
  double normal() {
    if (hasSpare_) {
      hasSpare_ = false;
      return spare_;
    }
    double u, v, radius;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      radius = u * u + v * v;
    } while (radius >= 1 || radius == 0);
    double factor = std::sqrt(-2 * std::log(radius) / radius);
    spare_ = v * factor;
    hasSpare_ = true;
    return u * factor;
  }

 private:
  static uint64_t rotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t splitMix64(uint64_t& state) {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

  uint64_t state_[4];
  double spare_ = 0;
  bool hasSpare_ = false;
};

}  // namespace graphlint
