// Kernels of the ops that move or copy elements into another layout: swapaxes, unstack,
// repeat and broadcast_to. Like OpsShape.cpp's they work on bytes, so every element type
// runs, and the output shapes come from shape inference.

#include <cstring>

#include "executor/kernels/OpUtil.h"

namespace graphlint {
namespace {

/// Fails unless output `index` holds the input's element type (the ops only move elements).
std::optional<Error> requireSameType(const KernelArgs& args, size_t index) {
  const HostTensor& x = *args.inputs[0];
  const HostTensor& y = args.outputs[index];
  if (y.elementType() != x.elementType())
    return makeError(args.op->op + " output " + y.describe() + " differs in element type from its input " + x.describe());
  return std::nullopt;
}

std::optional<Error> swapaxes(KernelArgs& args) {
  const HostTensor& x = *args.inputs[0];
  if (auto e = requireSameType(args, 0)) return e;
  Result<size_t> a = resolveAxis(opIntArg(args, "axis1", 0), x.rank());
  if (!a) return a.error();
  Result<size_t> b = resolveAxis(opIntArg(args, "axis2", 0), x.rank());
  if (!b) return b.error();
  std::vector<size_t> perm;
  for (size_t i = 0; i < x.rank(); ++i) perm.push_back(i);
  std::swap(perm[*a], perm[*b]);
  HostTensor& y = args.outputs[0];
  if (y.elementCount() != x.elementCount()) return makeError("cannot swap the axes of " + x.describe() + " into " + y.describe());
  transposeInto(x.bytes().data(), x.shape(), perm, elementByteSize(x.elementType()), y.bytes().data());
  return std::nullopt;
}

/// unstack: output k is the input at index k of the axis.
std::optional<Error> unstack(KernelArgs& args) {
  const HostTensor& x = *args.inputs[0];
  if (x.rank() == 0) return makeError("cannot unstack the scalar " + x.describe());
  Result<size_t> axis = resolveAxis(opIntArg(args, "axis", 0), x.rank());
  if (!axis) return axis.error();
  AxisSplit s = splitAround(x.shape(), *axis);
  if (static_cast<int64_t>(args.outputs.size()) != s.size)
    return makeError("unstack of " + x.describe() + " along axis " + std::to_string(*axis) + " gives " +
                     std::to_string(s.size) + " tensors, but the node has " + std::to_string(args.outputs.size()) +
                     " outputs");
  int64_t row = s.inner * static_cast<int64_t>(elementByteSize(x.elementType()));
  for (int64_t k = 0; k < s.size; ++k) {
    HostTensor& piece = args.outputs[static_cast<size_t>(k)];
    if (auto e = requireSameType(args, static_cast<size_t>(k))) return e;
    if (piece.elementCount() != s.outer * s.inner)
      return makeError("unstack output " + piece.describe() + " does not hold one slice of " + x.describe());
    for (int64_t o = 0; o < s.outer; ++o)
      std::memcpy(piece.bytes().data() + o * row, x.bytes().data() + (o * s.size + k) * row, static_cast<size_t>(row));
  }
  return std::nullopt;
}

/// repeat: along the axis (of x flattened when None), entry i appears repeats[i] times in a row;
/// one count repeats every entry.
std::optional<Error> repeat(KernelArgs& args) {
  HostTensor x = *args.inputs[0];
  HostTensor& y = args.outputs[0];
  if (auto e = requireSameType(args, 0)) return e;
  const Value* axisArg = opArg(args, "axis");
  size_t axis = 0;
  if (!axisArg || axisArg->isNull()) {
    if (auto e = x.reshape({x.elementCount()})) return e;
  } else {
    if (!axisArg->isInt()) return makeError("repeat's axis " + axisArg->str() + " is not an integer");
    Result<size_t> at = resolveAxis(axisArg->asInt(), x.rank());
    if (!at) return at.error();
    axis = *at;
  }
  AxisSplit s = splitAround(x.shape(), axis);
  const Value* given = opArg(args, "repeats");
  std::vector<int64_t> counts;
  for (const Value& v : !given ? std::vector<Value>{} : given->isList() ? given->items() : std::vector<Value>{*given}) {
    if (!v.isInt() || v.asInt() < 0)
      return makeError("repeats " + given->str() + " must be a count >= 0 or a list of them");
    counts.push_back(v.asInt());
  }
  if (counts.size() == 1) counts.assign(static_cast<size_t>(s.size), counts.front());
  if (static_cast<int64_t>(counts.size()) != s.size)
    return makeError("repeats " + (given ? given->str() : std::string("(none)")) + " does not give one count for each of the " +
                     std::to_string(s.size) + " entries along axis " + std::to_string(axis) + " of " + x.describe());
  int64_t total = 0;
  for (int64_t c : counts) total += c;
  if (s.outer * total * s.inner != y.elementCount())
    return makeError("repeating " + x.describe() + " does not fill " + y.describe());
  int64_t row = s.inner * static_cast<int64_t>(elementByteSize(x.elementType()));
  const uint8_t* src = x.bytes().data();
  uint8_t* o = y.bytes().data();
  for (int64_t a = 0; a < s.outer; ++a)
    for (int64_t i = 0; i < s.size; ++i)
      for (int64_t r = 0; r < counts[static_cast<size_t>(i)]; ++r) {
        std::memcpy(o, src + (a * s.size + i) * row, static_cast<size_t>(row));
        o += row;
      }
  return std::nullopt;
}

/// broadcast_to: the output's shape (inferred, torch's -1 resolved) read through NumPy's
/// broadcast strides of the input.
std::optional<Error> broadcastTo(KernelArgs& args) {
  const HostTensor& x = *args.inputs[0];
  HostTensor& y = args.outputs[0];
  if (auto e = requireSameType(args, 0)) return e;
  const std::vector<int64_t>& out = y.shape();
  bool fits = x.rank() <= out.size();
  for (size_t i = 0; fits && i < x.rank(); ++i) {
    int64_t mine = x.shape()[i], theirs = out[out.size() - x.rank() + i];
    fits = mine == theirs || mine == 1;
  }
  if (!fits) return makeError("cannot broadcast " + x.describe() + " to " + y.describe());
  size_t size = elementByteSize(x.elementType());
  std::vector<int64_t> strides = broadcastStrides(x.shape(), out), none(out.size(), 0);
  const uint8_t* src = x.bytes().data();
  uint8_t* o = y.bytes().data();
  forEachBroadcast(out, strides, none, [&](int64_t i, int64_t j, int64_t) {
    std::memcpy(o + i * static_cast<int64_t>(size), src + j * static_cast<int64_t>(size), size);
  });
  return std::nullopt;
}

}  // namespace

void registerOpRearrangeKernels(KernelRegistry& registry) {
  registry.addOp("swapaxes", {swapaxes});
  registry.addOp("unstack", {unstack});
  registry.addOp("repeat", {repeat});
  registry.addOp("broadcast_to", {broadcastTo});
}

}  // namespace graphlint
