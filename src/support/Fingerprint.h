#pragma once
// The string hashes TensorFlow's hashing ops use, so that Keras' Hashing and HashedCrossing
// layers give the same bins here: FarmHash's Fingerprint64 (tf.strings.to_hash_bucket_fast,
// tf.fingerprint), TensorFlow's FingerprintCat64 (tf.sparse.cross_hashed) and SipHash-2-4
// (tf.strings.to_hash_bucket_strong). All three are fixed forever by their definitions, and
// read bytes as little-endian words whatever the machine.

#include <cstdint>

#include "llvm/ADT/StringRef.h"

namespace graphlint {

/// FarmHash's Fingerprint64 of `bytes` (the function farmhash names farmhashna::Hash64), which
/// is TensorFlow's Fingerprint64.
uint64_t fingerprint64(llvm::StringRef bytes);

/// TensorFlow's FingerprintCat64: a fingerprint of the pair (first, second) of fingerprints.
/// Not commutative.
uint64_t fingerprintCat64(uint64_t first, uint64_t second);

/// SipHash-2-4 (Aumasson and Bernstein, 2012) of `bytes` with the 128-bit key whose
/// little-endian halves are key0 (bytes 0-7) and key1 (bytes 8-15); the 64-bit output.
uint64_t sipHash24(uint64_t key0, uint64_t key1, llvm::StringRef bytes);

}  // namespace graphlint
