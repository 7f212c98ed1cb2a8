// Kernels of Hashing and HashedCrossing on numeric inputs (the executor has no strings): bins
// from Keras' own tests where they exist, otherwise from support/Fingerprint (checked against
// published vectors in FingerprintTest.cpp); the mask bin, salts, the encodings, the
// Keras 2/3 differences, and the inputs each refuses.

#include <cmath>
#include <cstdint>

#include "ExecutorTestUtil.h"
#include "runtime/Convert.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

std::string hashingSpec(const std::string& config, const std::string& input) {
  return "inputs: [" + input + "]\nnodes:\n  - {name: n, layer: Hashing, config: " + config +
         ", inputs: [x]}\noutputs: [n]\n";
}

std::string crossingSpec(const std::string& config, const std::string& shape, const std::string& dtype = "int64") {
  return "inputs:\n  - {name: a, shape: " + shape + ", dtype: " + dtype + "}\n  - {name: b, shape: " + shape +
         ", dtype: " + dtype + "}\nnodes:\n  - {name: n, layer: HashedCrossing, config: " + config +
         ", inputs: [a, b]}\noutputs: [n]\n";
}

template <class T>
HostTensor tensor(std::vector<int64_t> shape, std::vector<T> values) {
  Result<HostTensor> t = HostTensor::fromValues<T>(std::move(shape), values);
  REQUIRE(t);
  return std::move(*t);
}

/// The 5 x 1 column 0, 1, 2, 3, 4 of Keras' integer Hashing tests, as `T`.
template <class T>
HostTensor zeroToFour() {
  return tensor<T>({5, 1}, {0, 1, 2, 3, 4});
}

/// Runs `spec` and returns output 0 as int64 values, with its element type.
std::pair<std::vector<int64_t>, ElementType> runIds(const std::string& spec, std::vector<HostTensor> inputs,
                                                    ExecOptions options = {}) {
  Result<RunResult> result = runSpec(spec, std::move(inputs), {}, options);
  if (!result) FAIL("run failed: " << result.error().message);
  const HostTensor& out = result->outputs[0];
  Result<HostTensor> wide = HostTensor::zeros(ElementType::Int64, out.shape());
  REQUIRE(wide);
  convertElements(out, *wide);
  llvm::ArrayRef<int64_t> ids = wide->data<int64_t>();
  return {{ids.begin(), ids.end()}, out.elementType()};
}

std::string runError(const std::string& spec, std::vector<HostTensor> inputs, ExecOptions options = {}) {
  Result<RunResult> result = runSpec(spec, std::move(inputs), {}, options);
  REQUIRE_FALSE(result);
  return result.error().message;
}

ExecOptions kerasMajor(int major) {
  ExecOptions options;
  options.kerasMajor = major;
  return options;
}

}  // namespace

TEST_CASE("Hashing hashes the decimal text of integers of every width", "[executor][hashing]") {
  // Keras' test_hash_dense_int_input_farmhash: num_bins=3 on [[0], [1], [2], [3], [4]].
  std::vector<int64_t> expected = {1, 0, 1, 0, 2};
  std::string config = "{num_bins: 3}";
  CHECK(runIds(hashingSpec(config, "{name: x, shape: [5, 1], dtype: int64}"), {zeroToFour<int64_t>()}).first ==
        expected);
  CHECK(runIds(hashingSpec(config, "{name: x, shape: [5, 1], dtype: int32}"), {zeroToFour<int32_t>()}).first ==
        expected);
  CHECK(runIds(hashingSpec(config, "{name: x, shape: [5, 1], dtype: int8}"), {zeroToFour<int8_t>()}).first == expected);
  CHECK(runIds(hashingSpec(config, "{name: x, shape: [5, 1], dtype: uint8}"), {zeroToFour<uint8_t>()}).first ==
        expected);
  CHECK(runIds(hashingSpec(config, "{name: x, shape: [5, 1], dtype: int16}"), {zeroToFour<int16_t>()}).first ==
        expected);
}

TEST_CASE("Hashing writes int64 ids by default and int32 when its dtype says so", "[executor][hashing]") {
  auto [ids64, type64] =
      runIds(hashingSpec("{num_bins: 3}", "{name: x, shape: [5, 1], dtype: int64}"), {zeroToFour<int64_t>()});
  CHECK(type64 == ElementType::Int64);
  auto [ids32, type32] = runIds(hashingSpec("{num_bins: 3, dtype: int32}", "{name: x, shape: [5, 1], dtype: int64}"),
                                {zeroToFour<int64_t>()});
  CHECK(type32 == ElementType::Int32);
  CHECK(ids32 == ids64);
}

TEST_CASE("Hashing hashes negative and extreme integers as their signed decimal text", "[executor][hashing]") {
  // fingerprint64 % 5 of "-1", "-5", "300", "9223372036854775807", "-9223372036854775808".
  HostTensor x = tensor<int64_t>({5}, {-1, -5, 300, INT64_MAX, INT64_MIN});
  CHECK(runIds(hashingSpec("{num_bins: 5}", "{name: x, shape: [5], dtype: int64}"), {x}).first ==
        std::vector<int64_t>{0, 1, 0, 4, 2});
  // int8's -128 is "-128", not the byte 0x80 read unsigned.
  HostTensor small = tensor<int8_t>({2}, {-128, -1});
  CHECK(runIds(hashingSpec("{num_bins: 5}", "{name: x, shape: [2], dtype: int8}"), {small}).first ==
        std::vector<int64_t>{4, 0});
}

TEST_CASE("Hashing with a salt hashes with SipHash keyed by it; one integer keys both halves", "[executor][hashing]") {
  std::string input = "{name: x, shape: [5, 1], dtype: int64}";
  // Keras' test_hash_dense_int_input_siphash: salt=[133, 137].
  CHECK(runIds(hashingSpec("{num_bins: 3, salt: [133, 137]}", input), {zeroToFour<int64_t>()}).first ==
        std::vector<int64_t>{1, 1, 2, 0, 1});
  // salt=133 is salt=[133, 133] (Hashing.__init__).
  std::vector<int64_t> single = runIds(hashingSpec("{num_bins: 3, salt: 133}", input), {zeroToFour<int64_t>()}).first;
  CHECK(single == std::vector<int64_t>{1, 2, 0, 1, 2});
  CHECK(single == runIds(hashingSpec("{num_bins: 3, salt: [133, 133]}", input), {zeroToFour<int64_t>()}).first);
}

TEST_CASE("Hashing reserves bin 0 for mask_value and shifts the hash bins by one", "[executor][hashing]") {
  std::string input = "{name: x, shape: [5, 1], dtype: int64}";
  // num_bins=5 leaves 4 hash bins: fingerprint64 % 4 of "0".."4" is 3, 1, 3, 1, 3.
  CHECK(runIds(hashingSpec("{num_bins: 5, mask_value: 1}", input), {zeroToFour<int64_t>()}).first ==
        std::vector<int64_t>{4, 0, 4, 2, 4});
  // A mask_value that never occurs still shifts.
  CHECK(runIds(hashingSpec("{num_bins: 5, mask_value: 99}", input), {zeroToFour<int64_t>()}).first ==
        std::vector<int64_t>{4, 2, 4, 2, 4});
  // With one bin there is no room for a mask bin: Keras masks only when num_bins > 1.
  CHECK(runIds(hashingSpec("{num_bins: 1, mask_value: 1}", input), {zeroToFour<int64_t>()}).first ==
        std::vector<int64_t>{0, 0, 0, 0, 0});
  // With a salt, the mask bin still comes first: SipHash % 2 of "0".."4" is 1, 0, 1, 0, 1.
  CHECK(runIds(hashingSpec("{num_bins: 3, mask_value: 4, salt: [133, 137]}", input), {zeroToFour<int64_t>()}).first ==
        std::vector<int64_t>{2, 1, 2, 1, 0});
}

TEST_CASE("Hashing encodes its bins one-hot, multi-hot and as counts", "[executor][hashing]") {
  // Bins of 0..4 with num_bins=3: 1, 0, 1, 0, 2.
  SECTION("one_hot: a row per value, over a last axis of 1") {
    std::vector<float> y =
        runSpecOutput(hashingSpec("{num_bins: 3, output_mode: one_hot}", "{name: x, shape: [5, 1], dtype: int64}"),
                      {zeroToFour<int64_t>()});
    requireClose(y, {0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1});
  }
  SECTION("multi_hot: a row per sample (the last axis)") {
    std::vector<float> y =
        runSpecOutput(hashingSpec("{num_bins: 3, output_mode: multi_hot}", "{name: x, shape: [1, 5], dtype: int64}"),
                      {tensor<int64_t>({1, 5}, {0, 1, 2, 3, 4})});
    requireClose(y, {1, 1, 1});
  }
  SECTION("count") {
    std::vector<float> y =
        runSpecOutput(hashingSpec("{num_bins: 3, output_mode: count}", "{name: x, shape: [1, 5], dtype: int64}"),
                      {tensor<int64_t>({1, 5}, {0, 1, 2, 3, 4})});
    requireClose(y, {2, 2, 1});
  }
  SECTION("count with the mask bin") {
    std::vector<float> y = runSpecOutput(
        hashingSpec("{num_bins: 5, mask_value: 1, output_mode: count}", "{name: x, shape: [1, 5], dtype: int64}"),
        {tensor<int64_t>({1, 5}, {0, 1, 2, 3, 4})});
    requireClose(y, {1, 0, 1, 0, 3});
  }
}

TEST_CASE("Hashing casts float inputs to int64 in Keras 3 and refuses them in tf.keras", "[executor][hashing]") {
  std::string spec = hashingSpec("{num_bins: 3}", "{name: x, shape: [4], dtype: float32}");
  // Truncation toward zero: 0.5 -> 0, 1.9 -> 1, -0.7 -> 0, 4.2 -> 4.
  HostTensor x = floats({4}, {0.5f, 1.9f, -0.7f, 4.2f});
  CHECK(runIds(spec, {x}, kerasMajor(3)).first == std::vector<int64_t>{1, 0, 1, 2});
  CHECK_THAT(runError(spec, {x}, kerasMajor(2)), Catch::Contains("hashes strings and integers"));
  CHECK_THAT(runError(spec, {floats({4}, {0, 1, std::nanf(""), 2})}, kerasMajor(3)),
             Catch::Contains("has no int64 value"));
}

TEST_CASE("Hashing hashes bools as tf.as_string's true and false in Keras 3", "[executor][hashing]") {
  std::string spec = hashingSpec("{num_bins: 5}", "{name: x, shape: [2], dtype: bool}");
  const bool values[] = {true, false};  // not a std::vector<bool>, which has no data()
  Result<HostTensor> x = HostTensor::fromValues<bool>({2}, llvm::ArrayRef<bool>(values));
  REQUIRE(x);
  CHECK(runIds(spec, {*x}, kerasMajor(3)).first == std::vector<int64_t>{0, 2});
  CHECK_THAT(runError(spec, {*x}, kerasMajor(2)), Catch::Contains("hashes strings and integers"));
}

TEST_CASE("Hashing refuses what Keras refuses", "[executor][hashing]") {
  std::string input = "{name: x, shape: [5, 1], dtype: int64}";
  SECTION("a string mask_value on integers") {
    CHECK_THAT(runError(hashingSpec("{num_bins: 3, mask_value: ''}", input), {zeroToFour<int64_t>()}),
               Catch::Contains("mask_value \"\" cannot be compared with the int64 values"));
  }
  SECTION("a mask_value the input's type cannot hold") {
    CHECK_THAT(runError(hashingSpec("{num_bins: 3, mask_value: 300}", "{name: x, shape: [5, 1], dtype: uint8}"),
                        {zeroToFour<uint8_t>()}),
               Catch::Contains("mask_value 300 is not a uint8 value"));
  }
  SECTION("sparse output") {
    CHECK_THAT(
        runError(hashingSpec("{num_bins: 3, output_mode: one_hot, sparse: true}", input), {zeroToFour<int64_t>()}),
        Catch::Contains("sparse=True"));
  }
  SECTION("one_hot of values whose last axis is not 1: Keras' call and output shape disagree") {
    CHECK_THAT(runError(hashingSpec("{num_bins: 3, output_mode: one_hot}", "{name: x, shape: [1, 5], dtype: int64}"),
                        {tensor<int64_t>({1, 5}, {0, 1, 2, 3, 4})}),
               Catch::Contains("disagree"));
  }
  SECTION("count over rank 3") {
    CHECK_THAT(runError(hashingSpec("{num_bins: 3, output_mode: count}", "{name: x, shape: [1, 5, 1], dtype: int64}"),
                        {tensor<int64_t>({1, 5, 1}, {0, 1, 2, 3, 4})}),
               Catch::Contains("rank 2 at most"));
  }
  SECTION("tf.keras encodes into rank 2 at most") {
    std::string spec =
        hashingSpec("{num_bins: 3, output_mode: multi_hot}", "{name: x, shape: [1, 1, 5], dtype: int64}");
    HostTensor x = tensor<int64_t>({1, 1, 5}, {0, 1, 2, 3, 4});
    CHECK_THAT(runError(spec, {x}, kerasMajor(2)), Catch::Contains("rank 2 at most in Keras 2"));
    requireClose(runSpecOutput(spec, {x}, {}, 0, kerasMajor(3)), {1, 1, 1});
  }
}

TEST_CASE("Hashing of a string input is refused by the run: the executor has no strings", "[executor][hashing]") {
  // The check passes (tests/golden/check_hashing_string_input); the run names what is missing.
  CHECK_THAT(runError(hashingSpec("{num_bins: 3}", "{name: x, shape: [5, 1], dtype: string}"), {zeroToFour<int64_t>()}),
             Catch::Contains("string tensors are not supported by the executor yet"));
}

TEST_CASE("HashedCrossing chains FingerprintCat64 over the integer values themselves", "[executor][hashing]") {
  // FingerprintCat64(FingerprintCat64(0xDECAFCAFFE, a), b) % num_bins for (1, 4), (2, 5),
  // (0, 0), (-1, 3) (a negative value enters as its two's complement) and (7, -7).
  HostTensor a = tensor<int64_t>({5}, {1, 2, 0, -1, 7});
  HostTensor b = tensor<int64_t>({5}, {4, 5, 0, 3, -7});
  SECTION("int, batch of scalars") {
    CHECK(runIds(crossingSpec("{num_bins: 5}", "[5]"), {a, b}).first == std::vector<int64_t>{0, 3, 4, 4, 1});
    CHECK(runIds(crossingSpec("{num_bins: 3}", "[5]"), {a, b}).first == std::vector<int64_t>{0, 1, 1, 0, 2});
  }
  SECTION("int, (batch, 1), from int32 features cast to int64") {
    HostTensor a32 = tensor<int32_t>({5, 1}, {1, 2, 0, -1, 7});
    HostTensor b32 = tensor<int32_t>({5, 1}, {4, 5, 0, 3, -7});
    auto [ids, type] = runIds(crossingSpec("{num_bins: 4}", "[5, 1]", "int32"), {a32, b32});
    CHECK(ids == std::vector<int64_t>{1, 2, 0, 3, 1});
    CHECK(type == ElementType::Int64);
  }
  SECTION("one_hot") {
    std::vector<float> y =
        runSpecOutput(crossingSpec("{num_bins: 3, output_mode: one_hot}", "[5, 1]"),
                      {tensor<int64_t>({5, 1}, {1, 2, 0, -1, 7}), tensor<int64_t>({5, 1}, {4, 5, 0, 3, -7})});
    requireClose(y, {1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1});
  }
  SECTION("the order of the features matters") {
    CHECK(runIds(crossingSpec("{num_bins: 5}", "[5]"), {b, a}).first != std::vector<int64_t>{0, 3, 4, 4, 1});
  }
}

TEST_CASE("HashedCrossing refuses floats, non-scalar features and sparse output", "[executor][hashing]") {
  SECTION("float features") {
    CHECK_THAT(runError(crossingSpec("{num_bins: 3}", "[2]", "float32"), {floats({2}, {1, 2}), floats({2}, {3, 4})}),
               Catch::Contains("integer or string features"));
  }
  SECTION("features that are not scalars") {
    HostTensor x = tensor<int64_t>({1, 2}, {1, 2});
    CHECK_THAT(runError(crossingSpec("{num_bins: 3}", "[1, 2]"), {x, x}), Catch::Contains("(batch, 1)"));
  }
  SECTION("sparse") {
    HostTensor x = tensor<int64_t>({2}, {1, 2});
    CHECK_THAT(runError(crossingSpec("{num_bins: 3, output_mode: one_hot, sparse: true}", "[2]"), {x, x}),
               Catch::Contains("sparse=True"));
  }
}
