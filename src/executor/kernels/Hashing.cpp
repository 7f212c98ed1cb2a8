// Kernels of the hashing preprocessing layers, Hashing and HashedCrossing, with TensorFlow's
// hashes (support/Fingerprint.h) so that the bins are Keras' bins.
//
// Keras hashes strings; the executor has no string tensors, so these kernels run on numeric
// inputs, which Keras turns into strings (Hashing: the decimal text tf.as_string writes) or
// hashes as they are (HashedCrossing: tf.sparse.cross_hashed takes an integer feature as its
// own fingerprint). A model with a string input is refused before any kernel runs.
// Keras 2 (tf.keras) and Keras 3 differ in which inputs they accept and in the ranks they
// encode; each kernel follows the file's version (ExecOptions::kerasMajor).

#include <algorithm>
#include <charconv>
#include <cmath>

#include "executor/kernels/KernelUtil.h"
#include "support/Fingerprint.h"

namespace graphlint {
namespace {

// tf.sparse.cross_hashed's key when none is given (_DEFAULT_HASH_KEY in TensorFlow's
// python/ops/sparse_ops.py); HashedCrossing gives none.
constexpr uint64_t kDefaultCrossHashKey = 0xDECAFCAFFEULL;

bool isIntegerType(ElementType type) {
  switch (type) {
    case ElementType::Int8:
    case ElementType::Int16:
    case ElementType::Int32:
    case ElementType::Int64:
    case ElementType::UInt8: return true;
    default: return false;
  }
}

bool isFloatType(ElementType type) {
  return type == ElementType::Float16 || type == ElementType::Float32 || type == ElementType::Float64;
}

/// The elements of `tensor` converted to `type` (exact for the widenings used here).
Result<HostTensor> widened(const HostTensor& tensor, ElementType type) {
  Result<HostTensor> wide = HostTensor::zeros(type, tensor.shape());
  if (!wide) return wide.error();
  convertElements(tensor, *wide);
  return wide;
}

/// The integers Hashing turns into text: an integer input as it is, a float input (Keras 3
/// only) cast to int64 as tf.cast does, truncating toward zero.
Result<std::vector<int64_t>> hashedIntegers(const HostTensor& input, int kerasMajor) {
  ElementType type = input.elementType();
  if (isIntegerType(type)) {
    Result<HostTensor> wide = widened(input, ElementType::Int64);
    if (!wide) return wide.error();
    llvm::ArrayRef<int64_t> values = wide->data<int64_t>();
    return std::vector<int64_t>(values.begin(), values.end());
  }
  if (kerasMajor < 3)
    return makeError("tf.keras' Hashing hashes strings and integers, got the input " + input.describe() +
                     " (Keras 3 casts floats to int64 first; this file is Keras " + std::to_string(kerasMajor) + ")");
  Result<HostTensor> wide = widened(input, ElementType::Float64);
  if (!wide) return wide.error();
  llvm::ArrayRef<double> values = wide->data<double>();
  std::vector<int64_t> integers(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    double v = values[i];
    // int64 holds exactly the truncations of [-2^63, 2^63); beyond that tf.cast is undefined.
    if (!std::isfinite(v) || v < -9223372036854775808.0 || v >= 9223372036854775808.0)
      return makeError("Hashing casts its float input to int64 first, but the value " + std::to_string(v) +
                       " at flat index " + std::to_string(i) + " has no int64 value");
    integers[i] = static_cast<int64_t>(v);
  }
  return integers;
}

/// Which elements equal `maskValue`, compared as tf.equal compares a tensor with a Python
/// scalar: the scalar becomes the tensor's type, and must have a value there.
Result<std::vector<bool>> maskedElements(const HostTensor& input, const Value& maskValue) {
  ElementType type = input.elementType();
  bool floating = isFloatType(type);
  if (!(maskValue.isNumber() || maskValue.isBool()) || (!floating && maskValue.isNumber() && !maskValue.isInt()))
    return makeError("mask_value " + maskValue.str() + " cannot be compared with the " + elementTypeName(type).str() +
                     " values of " + input.describe());
  // The scalar as given, then in the input's type (a float rounds to it), then back: an
  // integer the type cannot hold (300 for uint8, 2 for bool) is refused, as TensorFlow refuses
  // to convert it.
  ElementType givenType = floating ? ElementType::Float64 : ElementType::Int64;
  Result<HostTensor> given = HostTensor::zeros(givenType, {1});
  Result<HostTensor> asInput = HostTensor::zeros(type, {1});
  Result<HostTensor> back = HostTensor::zeros(givenType, {1});
  if (!given || !asInput || !back) return makeError("cannot allocate the mask_value scalar");
  if (floating)
    given->data<double>()[0] = maskValue.isBool() ? (maskValue.asBool() ? 1.0 : 0.0) : maskValue.asNumber();
  else
    given->data<int64_t>()[0] = maskValue.isBool() ? (maskValue.asBool() ? 1 : 0) : maskValue.asInt();
  convertElements(*given, *asInput);
  convertElements(*asInput, *back);
  if (!floating && back->bytes() != given->bytes())
    return makeError("mask_value " + maskValue.str() + " is not a " + elementTypeName(type).str() +
                     " value, so it cannot mask " + input.describe());
  Result<HostTensor> values = widened(input, givenType);
  if (!values) return values.error();
  std::vector<bool> masked(static_cast<size_t>(input.elementCount()));
  for (size_t i = 0; i < masked.size(); ++i)
    masked[i] = floating ? values->data<double>()[i] == back->data<double>()[0]
                         : values->data<int64_t>()[i] == back->data<int64_t>()[0];
  return masked;
}

/// The 128-bit SipHash key of `salt`: a list [a, b] gives (a, b), an integer s gives (s, s)
/// (Keras' Hashing.__init__); TensorFlow reads each int64 as a uint64.
std::pair<uint64_t, uint64_t> saltKey(const Value& salt) {
  if (salt.isInt()) return {static_cast<uint64_t>(salt.asInt()), static_cast<uint64_t>(salt.asInt())};
  return {static_cast<uint64_t>(salt.items()[0].asInt()), static_cast<uint64_t>(salt.items()[1].asInt())};
}

/// Writes ids (one per output element) into output 0, in its integer type.
std::optional<Error> writeIds(KernelArgs& args, const std::vector<int64_t>& ids) {
  HostTensor& out = args.outputs[0];
  if (out.elementCount() != static_cast<int64_t>(ids.size()))
    return makeError("cannot write " + std::to_string(ids.size()) + " bins into the output " + out.describe());
  Result<HostTensor> values = HostTensor::fromValues<int64_t>(out.shape(), ids);
  if (!values) return values.error();
  convertElements(*values, out);
  return std::nullopt;
}

enum class Encoding { OneHot, MultiHot, Count };

std::optional<Encoding> encodingOf(llvm::StringRef mode) {
  if (mode == "one_hot") return Encoding::OneHot;
  if (mode == "multi_hot") return Encoding::MultiHot;
  if (mode == "count") return Encoding::Count;
  return std::nullopt;
}

/// Writes `bins` (each in [0, depth)) encoded into output 0: one row of `depth` per bin
/// (one_hot), or per group of `groupSize` consecutive bins (multi_hot: 1 where a bin occurs,
/// count: how often). Fails unless the output has exactly those rows.
std::optional<Error> writeEncoded(KernelArgs& args, const std::vector<int64_t>& bins, Encoding encoding,
                                  int64_t groupSize, int64_t depth, llvm::StringRef layerName) {
  HostTensor& out = args.outputs[0];
  int64_t count = static_cast<int64_t>(bins.size());
  int64_t rows = groupSize > 0 ? count / groupSize : out.elementCount() / depth;
  if (rows * depth != out.elementCount())
    return makeError(layerName.str() + " encodes the " + std::to_string(count) + " values of " +
                     args.inputs[0]->describe() + " into " + std::to_string(rows) + " rows of " +
                     std::to_string(depth) + " bins, but its output is " + out.describe() +
                     "; Keras' call and its output shape disagree for this input");
  std::vector<float> encoded(static_cast<size_t>(out.elementCount()), 0.0f);
  for (int64_t i = 0; i < count; ++i) {
    float& cell = encoded[static_cast<size_t>((i / groupSize) * depth + bins[static_cast<size_t>(i)])];
    cell = encoding == Encoding::Count ? cell + 1.0f : 1.0f;
  }
  Result<HostTensor> values = HostTensor::fromValues<float>(out.shape(), encoded);
  if (!values) return values.error();
  convertElements(*values, out);
  return std::nullopt;
}

/// Fails where Keras refuses to encode an input of this shape: tf.keras encodes into at most
/// rank 2 (one_hot appends an axis unless the last is 1), Keras 3 counts over at most rank 2.
std::optional<Error> checkEncodedRank(const std::vector<int64_t>& shape, Encoding encoding, int kerasMajor,
                                      llvm::StringRef layerName) {
  size_t rank = std::max<size_t>(shape.size(), 1);
  if (kerasMajor < 3 && encoding == Encoding::OneHot && (shape.empty() || shape.back() != 1)) ++rank;
  bool refused = kerasMajor < 3 ? rank > 2 : (encoding == Encoding::Count && shape.size() > 2);
  if (!refused) return std::nullopt;
  return makeError(layerName.str() + " encodes inputs of rank 2 at most in Keras " + std::to_string(kerasMajor) +
                   " (this mode), got an input of rank " + std::to_string(shape.size()));
}

std::optional<Error> hashing(KernelArgs& args) {
  const LayerCall& layer = *args.layer;
  const HostTensor& input = *args.inputs[0];
  if (layer.boolAttr("sparse"))
    return makeError("Hashing with sparse=True makes a SparseTensor, which the executor does not run");
  int64_t numBins = layer.intAttr("num_bins");
  if (numBins < 1) return makeError("Hashing needs num_bins >= 1, got " + std::to_string(numBins));
  std::string mode = layer.stringAttr("output_mode");
  std::optional<Encoding> encoding = encodingOf(mode);
  if (mode != "int" && !encoding)
    return makeError("Hashing output_mode '" + mode + "' is not int, one_hot, multi_hot or count");
  if (encoding)
    if (auto e = checkEncodedRank(input.shape(), *encoding, args.options.kerasMajor, "Hashing")) return e;

  // bin 0 is mask_value's when there is one (and more than one bin); the hash picks among the rest.
  const Value& maskValue = layer.attr("mask_value");
  bool masking = !maskValue.isNull() && numBins > 1;
  uint64_t hashBins = static_cast<uint64_t>(masking ? numBins - 1 : numBins);
  std::vector<bool> masked;
  if (masking) {
    Result<std::vector<bool>> m = maskedElements(input, maskValue);
    if (!m) return m.error();
    masked = std::move(*m);
  }

  // Keras hashes tf.as_string's text: "true"/"false" for bools (Keras 3 only; tf.keras passes
  // bools on and TensorFlow refuses them), decimal digits for integers.
  std::vector<std::string> boolTexts;
  std::vector<int64_t> integers;
  if (input.elementType() == ElementType::Bool) {
    if (args.options.kerasMajor < 3)
      return makeError("tf.keras' Hashing hashes strings and integers, got the input " + input.describe());
    for (bool b : input.data<bool>()) boolTexts.push_back(b ? "true" : "false");
  } else {
    Result<std::vector<int64_t>> ints = hashedIntegers(input, args.options.kerasMajor);
    if (!ints) return ints.error();
    integers = std::move(*ints);
  }
  const Value& salt = layer.attr("salt");
  std::optional<std::pair<uint64_t, uint64_t>> key;
  if (!salt.isNull()) key = saltKey(salt);
  auto hashText = [&](llvm::StringRef text) {
    return key ? sipHash24(key->first, key->second, text) : fingerprint64(text);
  };

  size_t count = static_cast<size_t>(input.elementCount());
  std::vector<int64_t> bins(count);
  char digits[24];
  for (size_t i = 0; i < count; ++i) {
    uint64_t hash;
    if (!boolTexts.empty()) {
      hash = hashText(boolTexts[i]);
    } else {
      std::to_chars_result end = std::to_chars(digits, digits + sizeof digits, integers[i]);
      hash = hashText(llvm::StringRef(digits, static_cast<size_t>(end.ptr - digits)));
    }
    int64_t bin = static_cast<int64_t>(hash % hashBins);
    bins[i] = masking ? (masked[i] ? 0 : bin + 1) : bin;
  }

  if (!encoding) return writeIds(args, bins);
  const std::vector<int64_t>& shape = input.shape();
  int64_t groupSize = *encoding == Encoding::OneHot || shape.empty() ? 1 : shape.back();
  return writeEncoded(args, bins, *encoding, groupSize, numBins, "Hashing");
}

std::optional<Error> hashedCrossing(KernelArgs& args) {
  const LayerCall& layer = *args.layer;
  if (layer.boolAttr("sparse"))
    return makeError("HashedCrossing with sparse=True makes a SparseTensor, which the executor does not run");
  if (args.inputs.size() != 2)
    return makeError("HashedCrossing crosses two inputs, got " + std::to_string(args.inputs.size()));
  const HostTensor& a = *args.inputs[0];
  const HostTensor& b = *args.inputs[1];
  for (const HostTensor* x : {&a, &b})
    if (!isIntegerType(x->elementType()))
      return makeError("HashedCrossing crosses integer or string features, got " + x->describe());
  // Keras crosses scalars or batches of scalars only: shapes (), (batch,) and (batch, 1).
  const std::vector<int64_t>& shape = a.shape();
  if (shape.size() > 2 || (shape.size() == 2 && shape[1] != 1))
    return makeError("HashedCrossing inputs must have shape (), (batch,) or (batch, 1), got " + a.describe());
  if (b.shape() != shape)
    return makeError("HashedCrossing inputs must have equal shapes, got " + a.describe() + " and " + b.describe());
  int64_t numBins = layer.intAttr("num_bins");
  if (numBins < 1) return makeError("HashedCrossing needs num_bins >= 1, got " + std::to_string(numBins));

  // tf.sparse.cross_hashed casts integer features to int64 and uses each value itself as the
  // feature's fingerprint (strings would enter as their Fingerprint64), chained from the key.
  Result<HostTensor> first = widened(a, ElementType::Int64);
  Result<HostTensor> second = widened(b, ElementType::Int64);
  if (!first) return first.error();
  if (!second) return second.error();
  std::vector<int64_t> bins(static_cast<size_t>(a.elementCount()));
  for (size_t i = 0; i < bins.size(); ++i) {
    uint64_t hash = fingerprintCat64(kDefaultCrossHashKey, static_cast<uint64_t>(first->data<int64_t>()[i]));
    hash = fingerprintCat64(hash, static_cast<uint64_t>(second->data<int64_t>()[i]));
    bins[i] = static_cast<int64_t>(hash % static_cast<uint64_t>(numBins));
  }

  std::string mode = layer.stringAttr("output_mode");
  if (mode == "int") return writeIds(args, bins);
  if (mode != "one_hot") return makeError("HashedCrossing output_mode '" + mode + "' is not int or one_hot");
  return writeEncoded(args, bins, Encoding::OneHot, 1, numBins, "HashedCrossing");
}

}  // namespace

void registerHashingKernels(KernelRegistry& registry) {
  // Neither layer supports masking: their outputs carry no mask.
  registry.addLayer("Hashing", {hashing, MaskRule::Drop});
  registry.addLayer("HashedCrossing", {hashedCrossing, MaskRule::Drop});
}

}  // namespace graphlint
