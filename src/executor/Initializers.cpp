#include "executor/Initializers.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>

#include "llvm/ADT/StringExtras.h"

namespace graphlint {
namespace {

enum class Kind { Zeros, Ones, Constant, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling,
                  Orthogonal, Identity, UnitForgetBias };
enum class FanMode { In, Out, Average };
enum class Distribution { TruncatedNormal, UntruncatedNormal, Uniform };

/// The preset arguments of the variance-scaling family (glorot, he, lecun).
struct VarianceScalingArgs {
  double scale = 1;
  FanMode mode = FanMode::In;
  Distribution distribution = Distribution::TruncatedNormal;
};

struct InitializerName {
  const char* name;  // snake_case, as Keras 3 registers it
  Kind kind;
  VarianceScalingArgs preset = {};
};

const InitializerName kInitializers[] = {
    {"constant", Kind::Constant},
    {"glorot_normal", Kind::VarianceScaling, {1, FanMode::Average, Distribution::TruncatedNormal}},
    {"glorot_uniform", Kind::VarianceScaling, {1, FanMode::Average, Distribution::Uniform}},
    {"he_normal", Kind::VarianceScaling, {2, FanMode::In, Distribution::TruncatedNormal}},
    {"he_uniform", Kind::VarianceScaling, {2, FanMode::In, Distribution::Uniform}},
    {"identity", Kind::Identity},
    {"lecun_normal", Kind::VarianceScaling, {1, FanMode::In, Distribution::TruncatedNormal}},
    {"lecun_uniform", Kind::VarianceScaling, {1, FanMode::In, Distribution::Uniform}},
    {"ones", Kind::Ones},
    {"orthogonal", Kind::Orthogonal},
    {"random_normal", Kind::RandomNormal},
    {"random_uniform", Kind::RandomUniform},
    {"truncated_normal", Kind::TruncatedNormal},
    {"unit_forget_bias", Kind::UnitForgetBias},
    {"variance_scaling", Kind::VarianceScaling},
    {"zeros", Kind::Zeros},
};

/// Lowercase without underscores, so `glorot_uniform`, `GlorotUniform` and TF.js'
/// `glorotUniform` compare equal.
std::string normalizeName(llvm::StringRef name) {
  std::string normal;
  for (char c : name)
    if (c != '_') normal += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return normal;
}

const InitializerName* findInitializer(llvm::StringRef name) {
  std::string wanted = normalizeName(name);
  // Older spellings: Keras 2's short aliases and Keras 3's *Initializer class names.
  static const std::pair<const char*, const char*> kAliases[] = {
      {"normal", "random_normal"}, {"uniform", "random_uniform"},    {"one", "ones"},
      {"zero", "zeros"},           {"orthogonalinitializer", "orthogonal"},
      {"identityinitializer", "identity"},
  };
  for (const auto& [alias, target] : kAliases)
    if (wanted == alias) wanted = normalizeName(target);
  for (const InitializerName& entry : kInitializers)
    if (normalizeName(entry.name) == wanted) return &entry;
  return nullptr;
}

Error unknownInitializer(const std::string& name) {
  return makeError("unknown initializer '" + name + "'; known initializers: " +
                   llvm::join(knownInitializers(), ", "));
}

/// A config's numeric argument, or its default when absent or null.
Result<double> numberArg(const Value* config, llvm::StringRef key, double fallback, llvm::StringRef initializer) {
  const Value* value = config ? config->find(key) : nullptr;
  if (!value || value->isNull()) return fallback;
  if (!value->isNumber())
    return makeError("initializer " + initializer.str() + ": '" + key.str() + "' must be a number, got " +
                     value->str());
  return value->asNumber();
}

Result<VarianceScalingArgs> varianceScalingArgs(const Value* config, VarianceScalingArgs args) {
  Result<double> scale = numberArg(config, "scale", args.scale, "variance_scaling");
  if (!scale) return scale.error();
  if (!(*scale > 0))
    return makeError("initializer variance_scaling: 'scale' must be positive, got " + Value::number(*scale).str());
  args.scale = *scale;
  if (const Value* mode = config ? config->find("mode") : nullptr; mode && !mode->isNull()) {
    std::string name = mode->isString() ? normalizeName(mode->asString()) : "";
    if (name == "fanin") args.mode = FanMode::In;
    else if (name == "fanout") args.mode = FanMode::Out;
    else if (name == "fanavg") args.mode = FanMode::Average;
    else
      return makeError("initializer variance_scaling: unknown mode " + mode->str() +
                       "; expected \"fan_in\", \"fan_out\" or \"fan_avg\"");
  }
  if (const Value* distribution = config ? config->find("distribution") : nullptr;
      distribution && !distribution->isNull()) {
    std::string name = distribution->isString() ? normalizeName(distribution->asString()) : "";
    // Keras 2 and TF.js call the truncated normal "normal".
    if (name == "truncatednormal" || name == "normal") args.distribution = Distribution::TruncatedNormal;
    else if (name == "untruncatednormal") args.distribution = Distribution::UntruncatedNormal;
    else if (name == "uniform") args.distribution = Distribution::Uniform;
    else
      return makeError("initializer variance_scaling: unknown distribution " + distribution->str() +
                       "; expected \"truncated_normal\", \"untruncated_normal\" or \"uniform\"");
  }
  return args;
}

Result<HostTensor> filled(std::vector<int64_t> shape, const std::function<double()>& draw) {
  Result<HostTensor> tensor = HostTensor::zeros(ElementType::Float32, std::move(shape));
  if (!tensor) return tensor;
  for (float& element : tensor->data<float>()) element = static_cast<float>(draw());
  return tensor;
}

/// A normal value cut at two standard deviations by resampling, as Keras and TensorFlow do.
double truncatedNormal(Rng& rng, double mean, double stddev) {
  double z;
  do z = rng.normal();
  while (std::abs(z) > 2);
  return mean + stddev * z;
}

// The stddev of a standard normal truncated to [-2, 2].
constexpr double kTruncatedStddev = 0.87962566103423978;

Result<HostTensor> varianceScaling(std::vector<int64_t> shape, const VarianceScalingArgs& args, Rng& rng) {
  Fans fans = computeFans(shape);
  double fan = args.mode == FanMode::In ? fans.in : args.mode == FanMode::Out ? fans.out : (fans.in + fans.out) / 2;
  double scale = args.scale / std::max(1.0, fan);
  switch (args.distribution) {
    case Distribution::TruncatedNormal: {
      double stddev = std::sqrt(scale) / kTruncatedStddev;
      return filled(std::move(shape), [&] { return truncatedNormal(rng, 0, stddev); });
    }
    case Distribution::UntruncatedNormal: {
      double stddev = std::sqrt(scale);
      return filled(std::move(shape), [&] { return stddev * rng.normal(); });
    }
    case Distribution::Uniform: {
      double limit = std::sqrt(3 * scale);
      return filled(std::move(shape), [&] { return rng.uniform(-limit, limit); });
    }
  }
  return makeError("unreachable variance scaling distribution");
}

/// Householder QR of the rows x cols matrix `a` (row-major, rows >= cols): returns the thin
/// Q (rows x cols) with each column's sign chosen so that R's diagonal is positive, which
/// makes Q of a Gaussian matrix uniformly distributed over the orthogonal matrices.
std::vector<double> orthonormalColumns(std::vector<double> a, size_t rows, size_t cols) {
  std::vector<std::vector<double>> reflectors;
  std::vector<double> diagonal(cols);
  for (size_t k = 0; k < cols; ++k) {
    std::vector<double> v(rows - k);
    double norm = 0;
    for (size_t i = k; i < rows; ++i) norm += a[i * cols + k] * a[i * cols + k];
    norm = std::sqrt(norm);
    double alpha = a[k * cols + k] > 0 ? -norm : norm;
    diagonal[k] = alpha;
    for (size_t i = k; i < rows; ++i) v[i - k] = a[i * cols + k];
    v[0] -= alpha;
    double vNorm = 0;
    for (double x : v) vNorm += x * x;
    if (vNorm > 0)
      for (size_t j = k; j < cols; ++j) {
        double dot = 0;
        for (size_t i = k; i < rows; ++i) dot += v[i - k] * a[i * cols + j];
        double factor = 2 * dot / vNorm;
        for (size_t i = k; i < rows; ++i) a[i * cols + j] -= factor * v[i - k];
      }
    reflectors.push_back(vNorm > 0 ? std::move(v) : std::vector<double>());
  }
  // Q = H_0 H_1 ... H_{cols-1} applied to the first cols columns of the identity.
  std::vector<double> q(rows * cols, 0);
  for (size_t j = 0; j < cols; ++j) q[j * cols + j] = 1;
  for (size_t k = cols; k-- > 0;) {
    const std::vector<double>& v = reflectors[k];
    if (v.empty()) continue;
    double vNorm = 0;
    for (double x : v) vNorm += x * x;
    for (size_t j = 0; j < cols; ++j) {
      double dot = 0;
      for (size_t i = k; i < rows; ++i) dot += v[i - k] * q[i * cols + j];
      double factor = 2 * dot / vNorm;
      for (size_t i = k; i < rows; ++i) q[i * cols + j] -= factor * v[i - k];
    }
  }
  for (size_t j = 0; j < cols; ++j)
    if (diagonal[j] < 0)
      for (size_t i = 0; i < rows; ++i) q[i * cols + j] = -q[i * cols + j];
  return q;
}

Result<HostTensor> orthogonal(std::vector<int64_t> shape, double gain, Rng& rng) {
  if (shape.size() < 2)
    return makeError("initializer orthogonal needs a shape of rank 2 or more, got " + formatShape(shape));
  Result<HostTensor> tensor = HostTensor::zeros(ElementType::Float32, shape);
  if (!tensor || tensor->elementCount() == 0) return tensor;
  // Keras flattens all but the last dim into rows and makes the smaller side orthonormal.
  size_t cols = static_cast<size_t>(shape.back());
  size_t rows = static_cast<size_t>(tensor->elementCount()) / cols;
  size_t tall = std::max(rows, cols), narrow = std::min(rows, cols);
  std::vector<double> gaussian(tall * narrow);
  for (double& x : gaussian) x = rng.normal();
  std::vector<double> q = orthonormalColumns(std::move(gaussian), tall, narrow);
  llvm::MutableArrayRef<float> out = tensor->data<float>();
  for (size_t r = 0; r < rows; ++r)
    for (size_t c = 0; c < cols; ++c) {
      double value = rows >= cols ? q[r * narrow + c] : q[c * narrow + r];  // transposed when wide
      out[r * cols + c] = static_cast<float>(gain * value);
    }
  return tensor;
}

Result<HostTensor> identity(std::vector<int64_t> shape, double gain) {
  if (shape.size() != 2)
    return makeError("initializer identity needs a rank-2 shape, got " + formatShape(shape));
  Result<HostTensor> tensor = HostTensor::zeros(ElementType::Float32, shape);
  if (!tensor) return tensor;
  llvm::MutableArrayRef<float> out = tensor->data<float>();
  for (int64_t i = 0; i < std::min(shape[0], shape[1]); ++i) out[i * shape[1] + i] = static_cast<float>(gain);
  return tensor;
}

Result<HostTensor> unitForgetBias(const Value* config, std::vector<int64_t> shape, Rng& rng) {
  if (shape.size() != 1 || shape[0] % 4 != 0)
    return makeError("initializer UnitForgetBias fills an LSTM bias of shape (4 * units,), got " + formatShape(shape));
  int64_t units = shape[0] / 4;
  if (const Value* configured = config ? config->find("units") : nullptr; configured && !configured->isNull()) {
    if (!configured->isInt() || configured->asInt() != units)
      return makeError("initializer UnitForgetBias: units " + configured->str() + " does not fit the bias shape " +
                       formatShape(shape) + ", which holds 4 * " + std::to_string(units));
  }
  const Value* inner = config ? config->find("initializer") : nullptr;
  Value zeros = Value::string("zeros");
  if (!inner || inner->isNull()) inner = &zeros;
  Result<HostTensor> input = initializeWeight(*inner, {units}, rng);
  if (!input) return input.error();
  Result<HostTensor> rest = initializeWeight(*inner, {2 * units}, rng);
  if (!rest) return rest.error();
  Result<HostTensor> bias = HostTensor::zeros(ElementType::Float32, shape);
  if (!bias) return bias;
  llvm::MutableArrayRef<float> out = bias->data<float>();
  std::copy(input->data<float>().begin(), input->data<float>().end(), out.begin());
  std::fill(out.begin() + units, out.begin() + 2 * units, 1.0f);
  std::copy(rest->data<float>().begin(), rest->data<float>().end(), out.begin() + 2 * units);
  return bias;
}

}  // namespace

Fans computeFans(llvm::ArrayRef<int64_t> shape) {
  if (shape.empty()) return {1, 1};
  if (shape.size() == 1) return {static_cast<double>(shape[0]), static_cast<double>(shape[0])};
  double receptiveField = 1;
  for (int64_t dim : shape.drop_back(2)) receptiveField *= static_cast<double>(dim);
  return {static_cast<double>(shape[shape.size() - 2]) * receptiveField,
          static_cast<double>(shape.back()) * receptiveField};
}

std::vector<std::string> knownInitializers() {
  std::vector<std::string> names;
  for (const InitializerName& entry : kInitializers) names.push_back(entry.name);
  return names;
}

Result<HostTensor> initializeWeight(const Value& initializer, std::vector<int64_t> shape, Rng& rng) {
  std::string name;
  const Value* config = nullptr;
  if (initializer.isString()) {
    name = initializer.asString().str();
  } else if (initializer.isMap()) {
    const Value* className = initializer.find("class_name");
    if (!className || !className->isString())
      return makeError("initializer " + initializer.str() + " has no \"class_name\" string");
    name = className->asString().str();
    config = initializer.find("config");
    if (config && !config->isNull() && !config->isMap())
      return makeError("initializer " + name + ": \"config\" must be a map, got " + config->str());
  } else {
    return makeError("initializer must be a name or a {\"class_name\", \"config\"} map, got " + initializer.str());
  }
  const InitializerName* found = findInitializer(name);
  if (!found) return unknownInitializer(name);

  switch (found->kind) {
    case Kind::Zeros:
      return HostTensor::zeros(ElementType::Float32, std::move(shape));
    case Kind::Ones:
      return filled(std::move(shape), [] { return 1.0; });
    case Kind::Constant: {
      const Value* value = config ? config->find("value") : nullptr;
      if (value && !value->isNull() && !value->isNumber())
        return makeError("initializer constant: 'value' must be a number, got " + value->str());
      double constant = value && value->isNumber() ? value->asNumber() : 0;
      return filled(std::move(shape), [constant] { return constant; });
    }
    case Kind::RandomNormal: {
      Result<double> mean = numberArg(config, "mean", 0, found->name);
      Result<double> stddev = numberArg(config, "stddev", 0.05, found->name);
      if (!mean) return mean.error();
      if (!stddev) return stddev.error();
      return filled(std::move(shape), [&] { return *mean + *stddev * rng.normal(); });
    }
    case Kind::TruncatedNormal: {
      Result<double> mean = numberArg(config, "mean", 0, found->name);
      Result<double> stddev = numberArg(config, "stddev", 0.05, found->name);
      if (!mean) return mean.error();
      if (!stddev) return stddev.error();
      return filled(std::move(shape), [&] { return truncatedNormal(rng, *mean, *stddev); });
    }
    case Kind::RandomUniform: {
      Result<double> low = numberArg(config, "minval", -0.05, found->name);
      Result<double> high = numberArg(config, "maxval", 0.05, found->name);
      if (!low) return low.error();
      if (!high) return high.error();
      return filled(std::move(shape), [&] { return rng.uniform(*low, *high); });
    }
    case Kind::VarianceScaling: {
      Result<VarianceScalingArgs> args = varianceScalingArgs(config, found->preset);
      if (!args) return args.error();
      return varianceScaling(std::move(shape), *args, rng);
    }
    case Kind::Orthogonal: {
      Result<double> gain = numberArg(config, "gain", 1, found->name);
      if (!gain) return gain.error();
      return orthogonal(std::move(shape), *gain, rng);
    }
    case Kind::Identity: {
      Result<double> gain = numberArg(config, "gain", 1, found->name);
      if (!gain) return gain.error();
      return identity(std::move(shape), *gain);
    }
    case Kind::UnitForgetBias:
      return unitForgetBias(config, std::move(shape), rng);
  }
  return unknownInitializer(name);
}

}  // namespace graphlint
