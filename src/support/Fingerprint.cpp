// FarmHash Fingerprint64, TensorFlow's FingerprintCat64 and SipHash-2-4, written from the
// published algorithms (farmhash's farmhashna::Hash64 of 2014, TensorFlow's
// core/platform/fingerprint.h, the SipHash paper). Unsigned arithmetic wraps modulo 2^64,
// as the algorithms intend.

#include "support/Fingerprint.h"

#include <utility>

namespace graphlint {
namespace {

/// Reads bytes as a little-endian unsigned word, whatever the host's byte order.
uint64_t readLittle64(const char* p) {
  uint64_t word = 0;
  for (int i = 7; i >= 0; --i) word = (word << 8) | static_cast<uint8_t>(p[i]);
  return word;
}

uint64_t readLittle32(const char* p) {
  uint64_t word = 0;
  for (int i = 3; i >= 0; --i) word = (word << 8) | static_cast<uint8_t>(p[i]);
  return word;
}

/// `bits` in [1, 63].
uint64_t rotateRight(uint64_t value, int bits) { return (value >> bits) | (value << (64 - bits)); }
uint64_t rotateLeft(uint64_t value, int bits) { return (value << bits) | (value >> (64 - bits)); }

// ---- FarmHash Fingerprint64 ---------------------------------------------------------------

// FarmHash's three odd 64-bit multipliers (inherited from CityHash, where they are k0-k2).
constexpr uint64_t kFarmPrime0 = 0xc3a5c85c97cb3127ULL;
constexpr uint64_t kFarmPrime1 = 0xb492b66fbe98f273ULL;
constexpr uint64_t kFarmPrime2 = 0x9ae16a3b2f90404fULL;
// The fixed seed and offset the long-input loop starts from.
constexpr uint64_t kFarmLongSeed = 81;
constexpr uint64_t kFarmLongOffset = 113;

/// Folds the high bits down (farmhash's ShiftMix).
uint64_t foldHigh(uint64_t value) { return value ^ (value >> 47); }

/// Hashes two words into one with the multiplier `mul` (Murmur-style; farmhash's HashLen16).
uint64_t mixPair(uint64_t u, uint64_t v, uint64_t mul) {
  uint64_t a = foldHigh((u ^ v) * mul);
  uint64_t b = foldHigh((v ^ a) * mul);
  return b * mul;
}

/// The multiplier the short paths derive from the length.
uint64_t lengthMultiplier(size_t length) { return kFarmPrime2 + 2 * static_cast<uint64_t>(length); }

/// 0 to 16 bytes: the first and last word of the widest size that fits.
uint64_t farmUpTo16(const char* s, size_t n) {
  if (n == 0) return kFarmPrime2;
  if (n < 4) {
    // The first, middle and last bytes, with the length.
    uint64_t firstAndMiddle = static_cast<uint8_t>(s[0]) | (static_cast<uint64_t>(static_cast<uint8_t>(s[n / 2])) << 8);
    uint64_t lengthAndLast = n + (static_cast<uint64_t>(static_cast<uint8_t>(s[n - 1])) << 2);
    return foldHigh(firstAndMiddle * kFarmPrime2 ^ lengthAndLast * kFarmPrime0) * kFarmPrime2;
  }
  uint64_t mul = lengthMultiplier(n);
  if (n < 8) return mixPair(n + (readLittle32(s) << 3), readLittle32(s + n - 4), mul);
  uint64_t head = readLittle64(s) + kFarmPrime2;
  uint64_t tail = readLittle64(s + n - 8);
  return mixPair(rotateRight(tail, 37) * mul + head, (rotateRight(head, 25) + tail) * mul, mul);
}

/// 17 to 32 bytes: the first two and the last two words.
uint64_t farm17To32(const char* s, size_t n) {
  uint64_t mul = lengthMultiplier(n);
  uint64_t a = readLittle64(s) * kFarmPrime1;
  uint64_t b = readLittle64(s + 8);
  uint64_t c = readLittle64(s + n - 8) * mul;
  uint64_t d = readLittle64(s + n - 16) * kFarmPrime2;
  return mixPair(rotateRight(a + b, 43) + rotateRight(c, 30) + d, a + rotateRight(b + kFarmPrime2, 18) + c, mul);
}

/// 33 to 64 bytes: the first four and the last four words, in two rounds.
uint64_t farm33To64(const char* s, size_t n) {
  uint64_t mul = lengthMultiplier(n);
  uint64_t a = readLittle64(s) * kFarmPrime2;
  uint64_t b = readLittle64(s + 8);
  uint64_t c = readLittle64(s + n - 8) * mul;
  uint64_t d = readLittle64(s + n - 16) * kFarmPrime2;
  uint64_t first = rotateRight(a + b, 43) + rotateRight(c, 30) + d;
  uint64_t second = mixPair(first, a + rotateRight(b + kFarmPrime2, 18) + c, mul);
  uint64_t e = readLittle64(s + 16) * mul;
  uint64_t f = readLittle64(s + 24);
  uint64_t g = (first + readLittle64(s + n - 32)) * mul;
  uint64_t h = (second + readLittle64(s + n - 24)) * mul;
  return mixPair(rotateRight(e + f, 43) + rotateRight(g, 30) + h, e + rotateRight(f + a, 18) + g, mul);
}

/// Two words of state (farmhash keeps them as a pair).
struct WordPair {
  uint64_t low = 0, high = 0;
};

/// A quick 16-byte hash of the 32 bytes at `p` and two seeds (farmhash's WeakHashLen32WithSeeds).
WordPair weakHash32(const char* p, uint64_t a, uint64_t b) {
  uint64_t w = readLittle64(p), x = readLittle64(p + 8), y = readLittle64(p + 16), z = readLittle64(p + 24);
  a += w;
  b = rotateRight(b + a + z, 21);
  uint64_t before = a;
  a += x + y;
  b += rotateRight(a, 44);
  return {a + z, b + before};
}

/// The 56 bytes of state farmhash carries through 64-byte blocks of a long input.
struct LongState {
  uint64_t x, y, z;
  WordPair v, w;

  /// Mixes in the 64-byte block at `p`. The loop uses mul = kFarmPrime1 and weight 1; the
  /// final block a length-derived mul and weight 9.
  void absorb(const char* p, uint64_t mul, uint64_t weight) {
    x = rotateRight(x + y + v.low + readLittle64(p + 8), 37) * mul;
    y = rotateRight(y + v.high + readLittle64(p + 48), 42) * mul;
    x ^= w.high * weight;
    y += v.low * weight + readLittle64(p + 40);
    z = rotateRight(z + w.low, 33) * mul;
    v = weakHash32(p, v.high * mul, x + w.low);
    w = weakHash32(p + 32, z + w.high, y + readLittle64(p + 16));
    std::swap(z, x);
  }
};

/// More than 64 bytes: whole 64-byte blocks, then the last 64 bytes (which may overlap the
/// last whole block), so that 1 to 64 bytes are left for the final round.
uint64_t farmLong(const char* s, size_t n) {
  LongState state;
  state.x = kFarmLongSeed * kFarmPrime2 + readLittle64(s);
  state.y = kFarmLongSeed * kFarmPrime1 + kFarmLongOffset;
  state.z = foldHigh(state.y * kFarmPrime2 + kFarmLongOffset) * kFarmPrime2;
  size_t wholeBlocks = (n - 1) / 64;
  for (size_t block = 0; block < wholeBlocks; ++block) state.absorb(s + 64 * block, kFarmPrime1, 1);
  uint64_t mul = kFarmPrime1 + ((state.z & 0xff) << 1);
  state.w.low += (n - 1) & 63;
  state.v.low += state.w.low;
  state.w.low += state.v.low;
  state.absorb(s + n - 64, mul, 9);
  return mixPair(mixPair(state.v.low, state.w.low, mul) + foldHigh(state.y) * kFarmPrime0 + state.z,
                 mixPair(state.v.high, state.w.high, mul) + state.x, mul);
}

// ---- SipHash-2-4 ----------------------------------------------------------------------------

// The initial state: the ASCII of "somepseudorandomlygeneratedbytes" as four big-endian words.
constexpr uint64_t kSipInit0 = 0x736f6d6570736575ULL;
constexpr uint64_t kSipInit1 = 0x646f72616e646f6dULL;
constexpr uint64_t kSipInit2 = 0x6c7967656e657261ULL;
constexpr uint64_t kSipInit3 = 0x7465646279746573ULL;
constexpr int kSipCompressionRounds = 2;
constexpr int kSipFinalizationRounds = 4;

struct SipState {
  uint64_t v0, v1, v2, v3;

  void round() {
    v0 += v1;
    v1 = rotateLeft(v1, 13) ^ v0;
    v0 = rotateLeft(v0, 32);
    v2 += v3;
    v3 = rotateLeft(v3, 16) ^ v2;
    v0 += v3;
    v3 = rotateLeft(v3, 21) ^ v0;
    v2 += v1;
    v1 = rotateLeft(v1, 17) ^ v2;
    v2 = rotateLeft(v2, 32);
  }

  void compress(uint64_t message) {
    v3 ^= message;
    for (int i = 0; i < kSipCompressionRounds; ++i) round();
    v0 ^= message;
  }
};

}  // namespace

uint64_t fingerprint64(llvm::StringRef bytes) {
  const char* s = bytes.data();
  size_t n = bytes.size();
  if (n <= 16) return farmUpTo16(s, n);
  if (n <= 32) return farm17To32(s, n);
  if (n <= 64) return farm33To64(s, n);
  return farmLong(s, n);
}

uint64_t fingerprintCat64(uint64_t first, uint64_t second) {
  // MurmurHash2's 64-bit multiplier.
  constexpr uint64_t kMul = 0xc6a4a7935bd1e995ULL;
  uint64_t result = first ^ kMul;
  result ^= foldHigh(second * kMul) * kMul;
  result *= kMul;
  result = foldHigh(result) * kMul;
  return foldHigh(result);
}

uint64_t sipHash24(uint64_t key0, uint64_t key1, llvm::StringRef bytes) {
  SipState state{key0 ^ kSipInit0, key1 ^ kSipInit1, key0 ^ kSipInit2, key1 ^ kSipInit3};
  const char* s = bytes.data();
  size_t n = bytes.size();
  size_t whole = n / 8 * 8;
  for (size_t i = 0; i < whole; i += 8) state.compress(readLittle64(s + i));
  // The last word: the 0-7 remaining bytes, and the length modulo 256 in the top byte.
  uint64_t last = static_cast<uint64_t>(n & 0xff) << 56;
  for (size_t i = whole; i < n; ++i) last |= static_cast<uint64_t>(static_cast<uint8_t>(s[i])) << (8 * (i - whole));
  state.compress(last);
  state.v2 ^= 0xff;
  for (int i = 0; i < kSipFinalizationRounds; ++i) state.round();
  return state.v0 ^ state.v1 ^ state.v2 ^ state.v3;
}

}  // namespace graphlint
