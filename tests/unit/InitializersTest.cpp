#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "executor/Initializers.h"

using namespace graphlint;

namespace {

Value entries(std::vector<std::pair<std::string, Value>> items) {
  std::vector<Value::Entry> mapped;
  for (auto& [key, value] : items) mapped.push_back(Value::Entry{key, std::move(value), {}});
  return Value::map(std::move(mapped));
}

/// `{"class_name": name, "config": {...}}`, as Keras 2 and TF.js serialize an initializer.
Value keras(const std::string& name, std::vector<std::pair<std::string, Value>> config = {}) {
  return entries({{"class_name", Value::string(name)}, {"config", entries(std::move(config))}});
}

std::vector<float> draw(const Value& initializer, std::vector<int64_t> shape, uint64_t seed = 7) {
  Rng rng(seed);
  Result<HostTensor> tensor = initializeWeight(initializer, std::move(shape), rng);
  if (!tensor) FAIL("initializer error: " << tensor.error().message);
  REQUIRE(tensor->elementType() == ElementType::Float32);
  llvm::ArrayRef<float> values = tensor->data<float>();
  return {values.begin(), values.end()};
}

std::string drawError(const Value& initializer, std::vector<int64_t> shape) {
  Rng rng(7);
  Result<HostTensor> tensor = initializeWeight(initializer, std::move(shape), rng);
  return tensor ? "initialized " + tensor->describe() : tensor.error().message;
}

struct Moments {
  double mean = 0, stddev = 0, maxAbs = 0;
};

Moments moments(const std::vector<float>& values) {
  Moments m;
  for (float v : values) m.mean += v;
  m.mean /= values.size();
  for (float v : values) {
    m.stddev += (v - m.mean) * (v - m.mean);
    m.maxAbs = std::max(m.maxAbs, std::abs(static_cast<double>(v)));
  }
  m.stddev = std::sqrt(m.stddev / values.size());
  return m;
}

/// The Gram matrix of the rows (byRows) or columns of a rows x cols matrix.
std::vector<double> gram(const std::vector<float>& m, size_t rows, size_t cols, bool byRows) {
  size_t n = byRows ? rows : cols, len = byRows ? cols : rows;
  std::vector<double> g(n * n, 0);
  for (size_t a = 0; a < n; ++a)
    for (size_t b = 0; b < n; ++b)
      for (size_t k = 0; k < len; ++k)
        g[a * n + b] += byRows ? double(m[a * cols + k]) * m[b * cols + k] : double(m[k * cols + a]) * m[k * cols + b];
  return g;
}

double maxDeviationFromScaledIdentity(const std::vector<double>& g, size_t n, double diagonal) {
  double worst = 0;
  for (size_t a = 0; a < n; ++a)
    for (size_t b = 0; b < n; ++b) worst = std::max(worst, std::abs(g[a * n + b] - (a == b ? diagonal : 0)));
  return worst;
}

}  // namespace

TEST_CASE("zeros, ones and constant are exact", "[initializers]") {
  CHECK(draw(Value::string("zeros"), {2, 3}) == std::vector<float>(6, 0.0f));
  CHECK(draw(Value::string("Ones"), {4}) == std::vector<float>(4, 1.0f));
  CHECK(draw(keras("Constant", {{"value", Value::number(0.25)}}), {2, 2}) == std::vector<float>(4, 0.25f));
  CHECK(draw(keras("Constant", {{"value", Value::integer(-3)}}), {3}) == std::vector<float>(3, -3.0f));
  CHECK(draw(Value::string("zeros"), {}) == std::vector<float>{0.0f});
  CHECK(draw(Value::string("ones"), {0, 5}).empty());
}

TEST_CASE("fans follow Keras: rank 1, rank 2 and convolution receptive fields", "[initializers]") {
  using Case = std::tuple<std::vector<int64_t>, double, double>;
  auto [shape, fanIn, fanOut] = GENERATE(table<std::vector<int64_t>, double, double>({
      Case{{}, 1, 1},
      Case{{7}, 7, 7},
      Case{{64, 32}, 64, 32},
      Case{{5, 16, 8}, 80, 40},
      Case{{3, 3, 64, 128}, 576, 1152},
      Case{{2, 3, 3, 4, 6}, 72, 108},
  }));
  Fans fans = computeFans(shape);
  CHECK(fans.in == fanIn);
  CHECK(fans.out == fanOut);
}

TEST_CASE("variance-scaling initializers have Keras' spread", "[initializers]") {
  // glorot_uniform on (256, 512): uniform in +-sqrt(6 / (256 + 512)), stddev limit / sqrt(3).
  double limit = std::sqrt(6.0 / 768);
  Moments glorot = moments(draw(Value::string("glorot_uniform"), {256, 512}));
  CHECK(glorot.mean == Approx(0).margin(0.002));
  CHECK(glorot.stddev == Approx(limit / std::sqrt(3.0)).epsilon(0.01));
  CHECK(glorot.maxAbs <= limit);
  CHECK(glorot.maxAbs > 0.99 * limit);

  // he_normal on a 3x3 conv kernel: fan_in 576, stddev sqrt(2 / 576) after the truncation
  // correction, values within two (corrected) stddevs.
  double heStddev = std::sqrt(2.0 / 576);
  Moments he = moments(draw(Value::string("he_normal"), {3, 3, 64, 128}));
  CHECK(he.mean == Approx(0).margin(0.001));
  CHECK(he.stddev == Approx(heStddev).epsilon(0.01));
  CHECK(he.maxAbs <= 2 * heStddev / 0.87962566103423978 + 1e-6);

  // lecun_uniform: fan_in only.
  Moments lecun = moments(draw(Value::string("LecunUniform"), {400, 300}));
  CHECK(lecun.stddev == Approx(std::sqrt(3.0 / 400) / std::sqrt(3.0)).epsilon(0.01));

  // glorot_normal: fan average, truncated.
  Moments glorotNormal = moments(draw(Value::string("glorot_normal"), {300, 500}));
  CHECK(glorotNormal.stddev == Approx(std::sqrt(2.0 / 800)).epsilon(0.01));

  // he_uniform: limit sqrt(6 / fan_in).
  Moments heUniform = moments(draw(Value::string("HeUniform"), {100, 2000}));
  CHECK(heUniform.maxAbs <= std::sqrt(6.0 / 100));
  CHECK(heUniform.stddev == Approx(std::sqrt(6.0 / 100) / std::sqrt(3.0)).epsilon(0.01));

  // An explicit VarianceScaling config: fan_out, untruncated normal, scale 3.
  Value untruncated = keras("VarianceScaling", {{"scale", Value::number(3)},
                                                {"mode", Value::string("fan_out")},
                                                {"distribution", Value::string("untruncated_normal")}});
  Moments scaled = moments(draw(untruncated, {200, 100}));
  CHECK(scaled.stddev == Approx(std::sqrt(3.0 / 100)).epsilon(0.02));
  CHECK(scaled.maxAbs > 3 * std::sqrt(3.0 / 100));  // not truncated: 20000 draws reach 3 sigma

  // Keras 2's "normal" distribution is the truncated one, corrected.
  Value keras2Normal = keras("VarianceScaling", {{"scale", Value::number(1)},
                                                 {"mode", Value::string("fan_avg")},
                                                 {"distribution", Value::string("normal")}});
  Moments truncated = moments(draw(keras2Normal, {200, 200}));
  CHECK(truncated.stddev == Approx(std::sqrt(1.0 / 200)).epsilon(0.02));
  CHECK(truncated.maxAbs <= 2 * std::sqrt(1.0 / 200) / 0.87962566103423978 + 1e-6);
}

TEST_CASE("random normal, uniform and truncated normal take their config", "[initializers]") {
  Moments normal = moments(draw(keras("RandomNormal", {{"mean", Value::number(1)}, {"stddev", Value::number(2)}}), {100000}));
  CHECK(normal.mean == Approx(1).margin(0.03));
  CHECK(normal.stddev == Approx(2).epsilon(0.01));

  Moments defaults = moments(draw(Value::string("random_normal"), {100000}));
  CHECK(defaults.stddev == Approx(0.05).epsilon(0.01));

  std::vector<float> uniform = draw(keras("RandomUniform", {{"minval", Value::number(2)}, {"maxval", Value::number(4)}}), {100000});
  Moments u = moments(uniform);
  CHECK(u.mean == Approx(3).margin(0.01));
  CHECK(u.stddev == Approx(2 / std::sqrt(12.0)).epsilon(0.01));
  CHECK(*std::min_element(uniform.begin(), uniform.end()) >= 2.0f);
  CHECK(*std::max_element(uniform.begin(), uniform.end()) <= 4.0f);

  // TruncatedNormal is not corrected: a standard normal cut at +-2 has stddev 0.8796.
  Moments cut = moments(draw(keras("TruncatedNormal", {{"stddev", Value::number(1)}}), {100000}));
  CHECK(cut.stddev == Approx(0.87962566103423978).epsilon(0.01));
  CHECK(cut.maxAbs <= 2.0);
}

TEST_CASE("orthogonal gives orthonormal columns or rows, times the gain", "[initializers]") {
  // Square, tall (a conv kernel flattened to 48 x 8) and wide (an LSTM recurrent kernel).
  std::vector<float> square = draw(Value::string("orthogonal"), {64, 64});
  CHECK(maxDeviationFromScaledIdentity(gram(square, 64, 64, false), 64, 1) < 1e-5);
  CHECK(maxDeviationFromScaledIdentity(gram(square, 64, 64, true), 64, 1) < 1e-5);

  std::vector<float> tall = draw(keras("Orthogonal", {{"gain", Value::number(2)}}), {3, 16, 8});
  CHECK(maxDeviationFromScaledIdentity(gram(tall, 48, 8, false), 8, 4) < 1e-5);

  std::vector<float> wide = draw(keras("OrthogonalInitializer", {{"gain", Value::number(1)}, {"seed", Value::null()}}), {16, 64});
  CHECK(maxDeviationFromScaledIdentity(gram(wide, 16, 64, true), 16, 1) < 1e-5);
  // Not the identity or a permutation: the values are spread.
  CHECK(moments(wide).maxAbs < 0.9);

  CHECK(drawError(Value::string("orthogonal"), {8}) ==
        "initializer orthogonal needs a shape of rank 2 or more, got (8,)");
}

TEST_CASE("identity is the gain on the diagonal, rank 2 only", "[initializers]") {
  CHECK(draw(keras("Identity", {{"gain", Value::number(2)}}), {2, 3}) == std::vector<float>{2, 0, 0, 0, 2, 0});
  CHECK(draw(Value::string("identity"), {3, 2}) == std::vector<float>{1, 0, 0, 1, 0, 0});
  CHECK(drawError(Value::string("identity"), {2, 2, 2}) == "initializer identity needs a rank-2 shape, got (2, 2, 2)");
}

TEST_CASE("unit forget bias sets the forget gate to ones", "[initializers]") {
  Value zerosInside = keras("UnitForgetBias", {{"units", Value::integer(2)}, {"initializer", Value::string("zeros")}});
  CHECK(draw(zerosInside, {8}) == std::vector<float>{0, 0, 1, 1, 0, 0, 0, 0});
  Value constantInside =
      keras("UnitForgetBias", {{"units", Value::integer(3)}, {"initializer", keras("Constant", {{"value", Value::number(0.5)}})}});
  CHECK(draw(constantInside, {12}) == std::vector<float>{0.5, 0.5, 0.5, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5});
  // A random inner initializer fills every quarter but the forget gate.
  std::vector<float> random = draw(keras("UnitForgetBias", {{"units", Value::integer(4)}, {"initializer", Value::string("random_normal")}}), {16});
  for (int i = 4; i < 8; ++i) CHECK(random[i] == 1.0f);
  CHECK(random[0] != random[1]);
  CHECK(random[12] != 1.0f);

  CHECK(drawError(zerosInside, {12}) ==
        "initializer UnitForgetBias: units 2 does not fit the bias shape (12,), which holds 4 * 3");
  CHECK(drawError(zerosInside, {2, 4}) ==
        "initializer UnitForgetBias fills an LSTM bias of shape (4 * units,), got (2, 4)");
}

TEST_CASE("initializer names are accepted in every Keras and TF.js spelling", "[initializers]") {
  std::vector<float> reference = draw(Value::string("glorot_uniform"), {5, 6});
  Value keras3 = entries({{"module", Value::string("keras.initializers")},
                          {"class_name", Value::string("GlorotUniform")},
                          {"config", entries({{"seed", Value::null()}})},
                          {"registered_name", Value::null()}});
  CHECK(draw(Value::string("GlorotUniform"), {5, 6}) == reference);
  CHECK(draw(Value::string("glorotUniform"), {5, 6}) == reference);
  CHECK(draw(keras("GlorotUniform"), {5, 6}) == reference);
  CHECK(draw(keras3, {5, 6}) == reference);
  // TF.js' spelling of LeCun, and Keras 2's short aliases.
  CHECK(draw(Value::string("leCunNormal"), {5, 6}) == draw(Value::string("lecun_normal"), {5, 6}));
  CHECK(draw(Value::string("uniform"), {5, 6}) == draw(Value::string("RandomUniform"), {5, 6}));
  CHECK(draw(Value::string("normal"), {5, 6}) == draw(Value::string("random_normal"), {5, 6}));
}

TEST_CASE("a seed gives the same values, another seed others", "[initializers]") {
  Value init = Value::string("he_normal");
  CHECK(draw(init, {10, 10}, 1) == draw(init, {10, 10}, 1));
  CHECK(draw(init, {10, 10}, 1) != draw(init, {10, 10}, 2));
  CHECK(draw(Value::string("orthogonal"), {6, 6}, 3) == draw(Value::string("orthogonal"), {6, 6}, 3));

  Rng a = Rng::forStream(42, "dense/kernel"), b = Rng::forStream(42, "dense/kernel"),
      c = Rng::forStream(42, "dense/bias"), d = Rng::forStream(43, "dense/kernel");
  uint64_t first = a.next();
  CHECK(first == b.next());
  CHECK(first != c.next());
  CHECK(first != d.next());
  // A fixed stream: changing the generator changes every seeded run, so it is pinned.
  Rng pinned(0);
  CHECK(pinned.next() == 0x99ec5f36cb75f2b4ull);
}

TEST_CASE("unknown initializers and malformed configs are errors", "[initializers]") {
  CHECK(drawError(Value::string("glorot_uniformm"), {2}) ==
        "unknown initializer 'glorot_uniformm'; known initializers: constant, glorot_normal, glorot_uniform, "
        "he_normal, he_uniform, identity, lecun_normal, lecun_uniform, ones, orthogonal, random_normal, "
        "random_uniform, truncated_normal, unit_forget_bias, variance_scaling, zeros");
  CHECK_THAT(drawError(keras("MyInit"), {2}), Catch::StartsWith("unknown initializer 'MyInit'; known initializers: constant,"));
  CHECK(drawError(keras("RandomNormal", {{"stddev", Value::string("big")}}), {2}) ==
        "initializer random_normal: 'stddev' must be a number, got \"big\"");
  CHECK(drawError(keras("VarianceScaling", {{"mode", Value::string("fan_sideways")}}), {2}) ==
        "initializer variance_scaling: unknown mode \"fan_sideways\"; expected \"fan_in\", \"fan_out\" or \"fan_avg\"");
  CHECK(drawError(keras("VarianceScaling", {{"distribution", Value::string("cauchy")}}), {2}) ==
        "initializer variance_scaling: unknown distribution \"cauchy\"; expected \"truncated_normal\", "
        "\"untruncated_normal\" or \"uniform\"");
  CHECK(drawError(keras("VarianceScaling", {{"scale", Value::number(0)}}), {2}) ==
        "initializer variance_scaling: 'scale' must be positive, got 0.0");
  CHECK(drawError(Value::integer(3), {2}) ==
        "initializer must be a name or a {\"class_name\", \"config\"} map, got 3");
  CHECK(drawError(entries({{"config", entries({})}}), {2}) == "initializer {\"config\": {}} has no \"class_name\" string");
}
