// The string hashes of support/Fingerprint.h against published values: farmhash's own
// self-test table, SipHash's reference vectors, and the examples in TensorFlow's and Keras'
// documentation and tests (which fix the bins users see).

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/Fingerprint.h"

using namespace graphlint;

namespace {

/// The pseudo-random bytes farmhash's self-test hashes (farmhash.cc, Setup()), the first
/// `count` of its 1 MiB.
std::string farmhashTestData(size_t count) {
  constexpr uint64_t kMul = 0xc3a5c85c97cb3127ULL;
  std::string data(count, '\0');
  uint64_t a = 9, b = 777;
  for (size_t i = 0; i < count; ++i) {
    a += b;
    b += a;
    a = (a ^ (a >> 41)) * kMul;
    b = (b ^ (b >> 41)) * kMul + i;
    data[i] = static_cast<char>(static_cast<uint8_t>(b >> 37));
  }
  return data;
}

/// The bytes 0, 1, ..., n - 1: SipHash's reference messages.
std::string countingBytes(size_t n) {
  std::string bytes;
  for (size_t i = 0; i < n; ++i) bytes.push_back(static_cast<char>(i));
  return bytes;
}

std::vector<int64_t> bucketsFast(const std::vector<std::string>& words, uint64_t buckets) {
  std::vector<int64_t> out;
  for (const std::string& w : words) out.push_back(static_cast<int64_t>(fingerprint64(w) % buckets));
  return out;
}

std::vector<int64_t> bucketsStrong(const std::vector<std::string>& words, uint64_t buckets, uint64_t key0,
                                   uint64_t key1) {
  std::vector<int64_t> out;
  for (const std::string& w : words) out.push_back(static_cast<int64_t>(sipHash24(key0, key1, w) % buckets));
  return out;
}

// tf.sparse.cross_hashed's default hash_key (tensorflow/python/ops/sparse_ops.py).
constexpr uint64_t kDefaultCrossKey = 0xDECAFCAFFEULL;

}  // namespace

TEST_CASE("fingerprint64 matches farmhash's self-test table in every length class", "[fingerprint]") {
  // farmhashnaTest in farmhash.cc checks Hash64(data + i * i, i) for i < 299; its `expected`
  // table holds each as two 32-bit halves (entries 6i + 4 and 6i + 5). Lengths 0-16, 17-32,
  // 33-64 and the long path (one, two and five 64-byte blocks) are all here.
  auto [length, expected] = GENERATE(table<size_t, uint64_t>({
      {0, 0x9ae16a3b2f90404fULL},   {1, 0x541150e87f415e96ULL},   {2, 0x0f3786a4b25827c1ULL},
      {3, 0xef923a7a1af78eabULL},   {4, 0x11df592596f41d88ULL},   {5, 0x831f448bdc5600b3ULL},
      {7, 0x1b5a063fb4c7f9f1ULL},   {8, 0xa0f10149a0e538d6ULL},   {9, 0xfb8d9c70660b910bULL},
      {15, 0x44473e03be306c88ULL},  {16, 0x03ead5f21d344056ULL},  {17, 0x6abbfde37ee03b5bULL},
      {24, 0x36a097aa49519d97ULL},  {31, 0x55bdb0e71e3edebdULL},  {32, 0x0782fa1b08b475e7ULL},
      {33, 0x09deb3da5e16b5b8ULL},  {40, 0x01596fbb269fb44eULL},  {63, 0xa8edbff858475437ULL},
      {64, 0xdef74bf4c9f1bc1bULL},  {65, 0x3cceab392bc39b3fULL},  {66, 0x9b97f76002f66a94ULL},
      {100, 0x05ad36f677825ce0ULL}, {127, 0x99096f55f2e75eb0ULL}, {128, 0xf4a9a248b462909dULL},
      {129, 0xd4f7c858d78153b6ULL}, {200, 0x40f32eb90e5caa01ULL}, {298, 0x2031c84bc57a1a9fULL},
  }));
  static const std::string data = farmhashTestData(298 * 298 + 298);
  INFO("length " << length << " at offset " << length * length);
  CHECK(fingerprint64(llvm::StringRef(data.data() + length * length, length)) == expected);
}

TEST_CASE("fingerprint64 buckets match tf.strings.to_hash_bucket_fast's documented example", "[fingerprint]") {
  // tf.strings.to_hash_bucket_fast(["Hello", "TensorFlow", "2.x"], 3) -> [0, 2, 2].
  CHECK(bucketsFast({"Hello", "TensorFlow", "2.x"}, 3) == std::vector<int64_t>{0, 2, 2});
}

TEST_CASE("fingerprint64 buckets match Keras' Hashing examples on strings", "[fingerprint]") {
  // keras.layers.Hashing docstring: num_bins=3 on A..E.
  CHECK(bucketsFast({"A", "B", "C", "D", "E"}, 3) == std::vector<int64_t>{1, 0, 1, 1, 2});
  // With mask_value='': two hash bins, shifted by one past the mask bin 0.
  std::vector<int64_t> masked;
  for (const char* w : {"A", "B", "", "C", "D"})
    masked.push_back(*w == '\0' ? 0 : static_cast<int64_t>(fingerprint64(w) % 2) + 1);
  CHECK(masked == std::vector<int64_t>{1, 1, 0, 2, 2});
  // Keras' hashing tests: num_bins=2.
  CHECK(bucketsFast({"omar", "stringer", "marlo", "wire", "skywalker"}, 2) == std::vector<int64_t>{0, 0, 1, 0, 0});
}

TEST_CASE("fingerprint64 of decimal text matches Keras' Hashing tests on integers", "[fingerprint]") {
  // Hashing(num_bins=3) on [[0], [1], [2], [3], [4]]: integers hash as their tf.as_string text.
  CHECK(bucketsFast({"0", "1", "2", "3", "4"}, 3) == std::vector<int64_t>{1, 0, 1, 0, 2});
  // ... and with salt=[133, 137].
  CHECK(bucketsStrong({"0", "1", "2", "3", "4"}, 3, 133, 137) == std::vector<int64_t>{1, 1, 2, 0, 1});
}

TEST_CASE("sipHash24 matches the SipHash paper's reference vectors", "[fingerprint]") {
  // Key 00 01 .. 0f, message 00 01 .. (n-1); the outputs are listed as little-endian bytes in
  // the reference implementation's vectors.h, here read as words. n = 15 is the paper's
  // Appendix A example.
  auto [length, expected] = GENERATE(table<size_t, uint64_t>({
      {0, 0x726fdb47dd0e0e31ULL},  {1, 0x74f839c593dc67fdULL},  {2, 0x0d6c8009d9a94f5aULL},
      {3, 0x85676696d7fb7e2dULL},  {4, 0xcf2794e0277187b7ULL},  {5, 0x18765564cd99a68dULL},
      {6, 0xcbc9466e58fee3ceULL},  {7, 0xab0200f58b01d137ULL},  {8, 0x93f5f5799a932462ULL},
      {9, 0x9e0082df0ba9e4b0ULL},  {10, 0x7a5dbbc594ddb9f3ULL}, {11, 0xf4b32f46226bada7ULL},
      {12, 0x751e8fbc860ee5fbULL}, {13, 0x14ea5627c0843d90ULL}, {14, 0xf723ca908e7af2eeULL},
      {15, 0xa129ca6149be45e5ULL},
  }));
  INFO("length " << length);
  CHECK(sipHash24(0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL, countingBytes(length)) == expected);
}

TEST_CASE("sipHash24 buckets match tf.strings.to_hash_bucket_strong and Keras' salted Hashing", "[fingerprint]") {
  // tf.strings.to_hash_bucket_strong(["Hello", "TF"], 3, [1, 2]) -> [2, 0].
  CHECK(bucketsStrong({"Hello", "TF"}, 3, 1, 2) == std::vector<int64_t>{2, 0});
  // keras.layers.Hashing docstring: salt=[133, 137], and salt=133 meaning [133, 133].
  CHECK(bucketsStrong({"A", "B", "C", "D", "E"}, 3, 133, 137) == std::vector<int64_t>{1, 2, 1, 0, 2});
  CHECK(bucketsStrong({"A", "B", "C", "D", "E"}, 3, 133, 133) == std::vector<int64_t>{0, 0, 2, 1, 0});
  // Keras' hashing tests: the key order matters.
  std::vector<std::string> words = {"omar", "stringer", "marlo", "wire", "skywalker"};
  CHECK(bucketsStrong(words, 2, 133, 137) == std::vector<int64_t>{0, 1, 0, 1, 0});
  CHECK(bucketsStrong(words, 2, 211, 137) == std::vector<int64_t>{1, 0, 1, 0, 1});
}

TEST_CASE("fingerprintCat64 chains match tf.sparse.cross_hashed's tests", "[fingerprint]") {
  // TensorFlow's sparse_cross_op_test: three string features crossed from the hash key.
  auto cross = [](uint64_t key) {
    uint64_t h = key;
    for (const char* feature : {"batch1-FC1-F1", "batch1-FC2-F1", "batch1-FC3-F1"})
      h = fingerprintCat64(h, fingerprint64(feature));
    return h;
  };
  // With no buckets the op reduces modulo the largest int64.
  constexpr uint64_t kInt64Max = 0x7fffffffffffffffULL;
  CHECK(cross(kDefaultCrossKey) % kInt64Max == 1971693436396284976ULL);
  CHECK(cross(kDefaultCrossKey) % 100 == 83);
  CHECK(cross(kDefaultCrossKey + 1) % kInt64Max == 4847552627144134031ULL);
}

TEST_CASE("fingerprintCat64 matches HashedCrossing's documented example", "[fingerprint]") {
  // keras.layers.HashedCrossing(num_bins=5) on ['A', 'B', 'A', 'B', 'A'] x [101, 101, 101, 102,
  // 102] -> [1, 4, 1, 1, 3]: a string feature enters as its Fingerprint64, an integer as itself.
  std::vector<int64_t> bins;
  const char* strings[] = {"A", "B", "A", "B", "A"};
  int64_t ints[] = {101, 101, 101, 102, 102};
  for (int i = 0; i < 5; ++i) {
    uint64_t h = fingerprintCat64(kDefaultCrossKey, fingerprint64(strings[i]));
    h = fingerprintCat64(h, static_cast<uint64_t>(ints[i]));
    bins.push_back(static_cast<int64_t>(h % 5));
  }
  CHECK(bins == std::vector<int64_t>{1, 4, 1, 1, 3});
}
