// Kernels of the ops that select or generate by index: one_hot, take (tf.gather,
// embedding lookups), arange, and the ones that describe a tensor: shape (tf.shape) and rank.

#include <cmath>
#include <cstring>

#include "executor/kernels/OpUtil.h"

namespace graphlint {
namespace {

/// A backend argument keras.ops has no name for, read from the node itself (tf.one_hot's
/// on_value and off_value); null when not given by name.
const Value* backendArg(const KernelArgs& args, llvm::StringRef name) {
  if (!args.opArgs || !llvm::is_contained(args.opArgs->dropped, name)) return nullptr;
  return args.node.config.find(name);
}

/// The ids of an index tensor as int64 (floats truncate, as a cast would).
std::vector<int64_t> indicesOf(const HostTensor& ids) {
  if (ids.elementType() == ElementType::Int64) return ids.data<int64_t>().vec();
  Result<HostTensor> wide = HostTensor::zeros(ElementType::Int64, ids.shape());
  if (!wide) return {};
  convertElements(ids, *wide);
  return wide->data<int64_t>().vec();
}

/// one_hot(x, num_classes, axis): a new axis of num_classes entries, 1 at the id and 0
/// elsewhere; an id outside [0, num_classes) gives an all-zero row, as Keras' backends do.
/// tf.one_hot's on_value and off_value replace 1 and 0.
std::optional<Error> oneHot(KernelArgs& args) {
  const HostTensor& ids = *args.inputs[0];
  HostTensor& out = args.outputs[0];
  if (isFloatElement(ids.elementType()) || ids.elementType() == ElementType::Bool)
    return makeError("one_hot needs integer ids, got " + ids.describe());
  Result<size_t> axis = resolveAxis(opIntArg(args, "axis", -1), ids.rank() + 1);
  if (!axis) return axis.error();
  if (out.rank() != ids.rank() + 1) return makeError("the output " + out.describe() + " is not one axis more than " + ids.describe());
  int64_t depth = out.shape()[*axis];
  int64_t outer = productOf(ids.shape(), 0, *axis), inner = productOf(ids.shape(), *axis, ids.rank());
  double values[2] = {0.0, 1.0};
  const char* names[2] = {"off_value", "on_value"};
  for (int k = 0; k < 2; ++k)
    if (const Value* v = backendArg(args, names[k]); v && !v->isNull()) {
      if (!v->isNumber()) return makeError(std::string(names[k]) + " " + v->str() + " is not a number");
      values[k] = v->asNumber();
    }
  Result<HostTensor> both = HostTensor::fromValues<double>({2}, {values[0], values[1]});
  if (!both) return both.error();
  Result<HostTensor> typed = HostTensor::zeros(out.elementType(), {2});
  if (!typed) return typed.error();
  convertElements(*both, *typed);
  size_t size = elementByteSize(out.elementType());
  const uint8_t* off = typed->bytes().data();
  const uint8_t* on = off + size;
  uint8_t* o = out.bytes().data();
  for (int64_t i = 0; i < out.elementCount(); ++i) std::memcpy(o + i * static_cast<int64_t>(size), off, size);
  std::vector<int64_t> id = indicesOf(ids);
  for (int64_t a = 0; a < outer; ++a)
    for (int64_t b = 0; b < inner; ++b) {
      int64_t c = id[static_cast<size_t>(a * inner + b)];
      if (c < 0 || c >= depth) continue;
      std::memcpy(o + ((a * depth + c) * inner + b) * static_cast<int64_t>(size), on, size);
    }
  return std::nullopt;
}

/// take(x, indices, axis): the slices of x along `axis` at the indices (x flattened when axis
/// is None); negative indices count from the end, as Keras' take resolves them; others out of
/// range are an error (TensorFlow's CPU kernel refuses them too).
std::optional<Error> take(KernelArgs& args) {
  if (args.inputs.size() != 2) return makeError("take needs x and indices");
  HostTensor x = *args.inputs[0];
  const HostTensor& indices = *args.inputs[1];
  HostTensor& out = args.outputs[0];
  if (isFloatElement(indices.elementType()) || indices.elementType() == ElementType::Bool)
    return makeError("take needs integer indices, got " + indices.describe());
  const Value* axisArg = opArg(args, "axis");
  size_t axis = 0;
  if (!axisArg || axisArg->isNull()) {
    if (auto e = x.reshape({x.elementCount()})) return e;
  } else {
    if (!axisArg->isInt()) return makeError("take's axis " + axisArg->str() + " is not an integer");
    Result<size_t> at = resolveAxis(axisArg->asInt(), x.rank());
    if (!at) return at.error();
    axis = *at;
  }
  Result<TypedInput> typed = TypedInput::of(x, out.elementType());
  if (!typed) return typed.error();
  AxisSplit s = splitAround(x.shape(), axis);
  int64_t rowBytes = s.inner * static_cast<int64_t>(elementByteSize(out.elementType()));
  std::vector<int64_t> id = indicesOf(indices);
  int64_t n = static_cast<int64_t>(id.size());
  if (s.outer * n * rowBytes != static_cast<int64_t>(out.byteSize()))
    return makeError("taking " + std::to_string(n) + " entries of " + x.describe() + " does not fill " + out.describe());
  for (int64_t& i : id) {
    int64_t resolved = i < 0 ? i + s.size : i;
    if (resolved < 0 || resolved >= s.size)
      return makeError("index " + std::to_string(i) + " is out of range for axis " + std::to_string(axis) + " of " +
                       x.describe() + " (valid: " + std::to_string(-s.size) + " to " + std::to_string(s.size - 1) + ")");
    i = resolved;
  }
  const uint8_t* src = typed->bytes().data();
  uint8_t* o = out.bytes().data();
  for (int64_t a = 0; a < s.outer; ++a)
    for (int64_t k = 0; k < n; ++k)
      std::memcpy(o + (a * n + k) * rowBytes, src + (a * s.size + id[static_cast<size_t>(k)]) * rowBytes,
                  static_cast<size_t>(rowBytes));
  return std::nullopt;
}

/// arange(start, stop, step): start + i * step for each output position.
std::optional<Error> arange(KernelArgs& args) {
  const Value* start = opArg(args, "start");
  const Value* stop = opArg(args, "stop");
  const Value* step = opArg(args, "step");
  if (!stop || stop->isNull()) std::swap(start, stop);
  auto number = [](const Value* v, double fallback) { return v && v->isNumber() ? v->asNumber() : fallback; };
  double from = number(start, 0), by = number(step, 1);
  HostTensor& out = args.outputs[0];
  std::vector<double> values;
  for (int64_t i = 0; i < out.elementCount(); ++i) values.push_back(from + static_cast<double>(i) * by);
  Result<HostTensor> all = HostTensor::fromValues<double>({out.elementCount()}, values);
  if (!all) return all.error();
  convertElements(*all, out);
  return std::nullopt;
}

/// Writes `values` into `out` in its element type, which must hold exactly that many.
std::optional<Error> writeInts(const std::vector<int64_t>& values, HostTensor& out, const std::string& what) {
  if (out.elementCount() != static_cast<int64_t>(values.size()))
    return makeError(what + " gives " + std::to_string(values.size()) + " values, the output is " + out.describe());
  Result<HostTensor> all = HostTensor::fromValues<int64_t>(out.shape(), values);
  if (!all) return all.error();
  convertElements(*all, out);
  return std::nullopt;
}

/// tf.shape: the input's dims as a 1-D tensor (keras.ops.shape gives a tuple, which shape
/// inference leaves without a tensor type, so it never reaches a kernel).
std::optional<Error> tensorShape(KernelArgs& args) {
  return writeInts(args.inputs[0]->shape(), args.outputs[0], "the shape of " + args.inputs[0]->describe());
}

/// keras.ops.ndim / tf.rank: the input's rank as a scalar.
std::optional<Error> rank(KernelArgs& args) {
  return writeInts({static_cast<int64_t>(args.inputs[0]->rank())}, args.outputs[0],
                   "the rank of " + args.inputs[0]->describe());
}

}  // namespace

void registerOpIndexingKernels(KernelRegistry& registry) {
  registry.addOp("one_hot", {oneHot});
  registry.addOp("gather", {take});
  registry.addOp("embedding_lookup", {take});
  registry.addOp("range", {arange});
  registry.addOp("shape", {tensorShape});
  registry.addOp("rank", {rank});
}

}  // namespace graphlint
