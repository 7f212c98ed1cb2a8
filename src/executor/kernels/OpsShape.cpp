// Kernels of the ops that move elements without computing: reshape, expand_dims, squeeze,
// transpose, concatenate, stack, split, tile, pad, flip and getitem (NumPy basic indexing as
// tf.__operators__.getitem's slice_spec records it). They work on bytes, so every element
// type runs; the output shapes come from shape inference, and the kernels only decide which
// input element lands where.

#include <cstring>
#include <functional>

#include "catalogue/ops/SliceSpec.h"
#include "executor/kernels/OpUtil.h"

namespace graphlint {
namespace {

/// Writes the elements of `in` picked by `maps` into `out` in C order: the output walks the
/// product of the maps, and along input axis d, output position i reads input index
/// maps[d][i]; -1 writes `fill` (one element's bytes) instead. Covers flip, tile, pad and
/// slicing.
void gatherAxes(const HostTensor& in, const std::vector<std::vector<int64_t>>& maps, const uint8_t* fill,
                uint8_t* out) {
  size_t size = elementByteSize(in.elementType());
  std::vector<int64_t> strides = stridesOf(in.shape());
  const uint8_t* src = in.bytes().data();
  size_t rank = maps.size();
  std::function<void(size_t, int64_t)> walk = [&](size_t d, int64_t offset) {
    if (d == rank) {
      std::memcpy(out, offset < 0 ? fill : src + offset * static_cast<int64_t>(size), size);
      out += size;
      return;
    }
    for (int64_t v : maps[d]) walk(d + 1, offset < 0 || v < 0 ? -1 : offset + v * strides[d]);
  };
  walk(0, 0);
}

/// The output is the input's bytes under another shape (inferred already).
std::optional<Error> sameBytes(KernelArgs& args) {
  if (args.inputs[0]->elementCount() != args.outputs[0].elementCount() ||
      args.inputs[0]->elementType() != args.outputs[0].elementType())
    return makeError("cannot view " + args.inputs[0]->describe() + " as " + args.outputs[0].describe());
  copyInputToOutput(args);
  return std::nullopt;
}

std::optional<Error> transpose(KernelArgs& args) {
  const HostTensor& x = *args.inputs[0];
  std::vector<size_t> perm;
  const Value* axes = opArg(args, "axes");
  if (!axes || axes->isNull()) {
    for (size_t i = x.rank(); i-- > 0;) perm.push_back(i);
  } else {
    std::vector<bool> seen(x.rank());
    for (const Value& a : axes->isList() ? axes->items() : std::vector<Value>{}) {
      Result<size_t> at = a.isInt() ? resolveAxis(a.asInt(), x.rank()) : Result<size_t>(makeError("not an integer"));
      if (!at || seen[*at]) break;
      seen[*at] = true;
      perm.push_back(*at);
    }
    if (perm.size() != x.rank())
      return makeError("transpose axes " + axes->str() + " are not a permutation of the axes of " + x.describe());
  }
  transposeInto(x.bytes().data(), x.shape(), perm, elementByteSize(x.elementType()), args.outputs[0].bytes().data());
  return std::nullopt;
}

/// The inputs, each in the output's element type (Keras promotes mixed lists).
Result<std::vector<TypedInput>> inOutputType(const KernelArgs& args) {
  std::vector<TypedInput> typed;
  for (const HostTensor* t : args.inputs) {
    Result<TypedInput> one = TypedInput::of(*t, args.outputs[0].elementType());
    if (!one) return one.error();
    typed.push_back(std::move(*one));
  }
  return typed;
}

/// concatenate along an existing axis, or stack along a new one (the output's rank counts it):
/// either way each input gives `outer` blocks of its bytes from the axis on, laid side by side.
std::optional<Error> join(KernelArgs& args) {
  {
    HostTensor& y = args.outputs[0];
    if (args.inputs.empty()) return makeError(args.op->op + " of no tensors");
    Result<size_t> axis = resolveAxis(opIntArg(args, "axis", 0), y.rank());
    if (!axis) return axis.error();
    Result<std::vector<TypedInput>> typed = inOutputType(args);
    if (!typed) return typed.error();
    int64_t itemSize = static_cast<int64_t>(elementByteSize(y.elementType()));
    int64_t outer = productOf(y.shape(), 0, *axis);
    int64_t outRow = productOf(y.shape(), *axis, y.rank()) * itemSize;
    int64_t offset = 0;
    for (const TypedInput& in : *typed) {
      int64_t row = (outer == 0 ? 0 : in.elementCount() / outer) * itemSize;
      if (offset + row > outRow) return makeError("the inputs of " + args.op->op + " do not fit the output " + y.describe());
      for (int64_t o = 0; o < outer; ++o)
        std::memcpy(y.bytes().data() + o * outRow + offset, in.bytes().data() + o * row, static_cast<size_t>(row));
      offset += row;
    }
    return std::nullopt;
  }
}

/// split: the pieces' sizes along the axis are the outputs' (shape inference resolved sections,
/// cut indices and tf.split's sizes alike).
std::optional<Error> split(KernelArgs& args) {
  const HostTensor& x = *args.inputs[0];
  Result<size_t> axis = resolveAxis(opIntArg(args, "axis", 0), x.rank());
  if (!axis) return axis.error();
  int64_t itemSize = static_cast<int64_t>(elementByteSize(x.elementType()));
  int64_t outer = productOf(x.shape(), 0, *axis);
  int64_t inRow = productOf(x.shape(), *axis, x.rank()) * itemSize;
  int64_t offset = 0;
  for (HostTensor& piece : args.outputs) {
    if (piece.elementType() != x.elementType()) return makeError("split output " + piece.describe() + " differs in type from " + x.describe());
    int64_t row = productOf(piece.shape(), *axis, piece.rank()) * itemSize;
    if (offset + row > inRow) return makeError("the pieces of split do not fit in " + x.describe());
    for (int64_t o = 0; o < outer; ++o)
      std::memcpy(piece.bytes().data() + o * row, x.bytes().data() + o * inRow + offset, static_cast<size_t>(row));
    offset += row;
  }
  return std::nullopt;
}

/// tile: the input, padded with leading axes of 1 to the output's rank, repeated.
std::optional<Error> tile(KernelArgs& args) {
  HostTensor x = *args.inputs[0];
  HostTensor& y = args.outputs[0];
  if (x.rank() > y.rank()) return makeError("cannot tile " + x.describe() + " into " + y.describe());
  std::vector<int64_t> padded(y.rank() - x.rank(), 1);
  padded.insert(padded.end(), x.shape().begin(), x.shape().end());
  if (auto e = x.reshape(padded)) return e;
  std::vector<std::vector<int64_t>> maps;
  for (size_t d = 0; d < y.rank(); ++d) {
    if (padded[d] == 0 || y.shape()[d] % padded[d] != 0)
      return makeError("cannot tile " + args.inputs[0]->describe() + " into " + y.describe());
    std::vector<int64_t> map;
    for (int64_t i = 0; i < y.shape()[d]; ++i) map.push_back(i % padded[d]);
    maps.push_back(std::move(map));
  }
  gatherAxes(x, maps, nullptr, y.bytes().data());
  return std::nullopt;
}

/// flip / reverse along the given axes (all when None).
std::optional<Error> flip(KernelArgs& args) {
  const HostTensor& x = *args.inputs[0];
  Result<std::vector<size_t>> axes = resolveAxes(opArg(args, "axis"), x.rank());
  if (!axes) return axes.error();
  std::vector<std::vector<int64_t>> maps;
  for (size_t d = 0; d < x.rank(); ++d) {
    std::vector<int64_t> map;
    bool reversed = llvm::is_contained(*axes, d);
    for (int64_t i = 0; i < x.shape()[d]; ++i) map.push_back(reversed ? x.shape()[d] - 1 - i : i);
    maps.push_back(std::move(map));
  }
  gatherAxes(x, maps, nullptr, args.outputs[0].bytes().data());
  return std::nullopt;
}

/// NumPy's pad_width forms: n; (before, after) or (n,) for every axis; one pair per axis.
Result<std::vector<std::pair<int64_t, int64_t>>> padWidths(const Value* width, size_t rank) {
  auto pairOf = [](const Value& v) -> std::optional<std::pair<int64_t, int64_t>> {
    if (v.isInt()) return std::make_pair(v.asInt(), v.asInt());
    if (!v.isList() || v.items().empty() || v.items().size() > 2) return std::nullopt;
    for (const Value& item : v.items())
      if (!item.isInt()) return std::nullopt;
    return std::make_pair(v.items().front().asInt(), v.items().back().asInt());
  };
  if (!width) return makeError("pad needs pad_width");
  std::vector<std::pair<int64_t, int64_t>> pairs;
  if (auto all = pairOf(*width)) {
    pairs.assign(rank, *all);
  } else if (width->isList()) {
    for (const Value& item : width->items()) {
      auto p = item.isList() ? pairOf(item) : std::nullopt;
      if (!p) return makeError("pad_width " + width->str() + " is not a list of (before, after) pairs");
      pairs.push_back(*p);
    }
    if (pairs.size() == 1) pairs.assign(rank, pairs.front());
  }
  if (pairs.size() != rank)
    return makeError("pad_width " + width->str() + " does not give one (before, after) pair per axis of rank " +
                     std::to_string(rank));
  for (auto [before, after] : pairs)
    if (before < 0 || after < 0) return makeError("pad_width " + width->str() + " has a negative width");
  return pairs;
}

/// The input index output position `i` of a padded axis reads (-1 for the constant), NumPy's modes.
Result<int64_t> paddedSource(int64_t i, int64_t before, int64_t n, llvm::StringRef mode) {
  int64_t j = i - before;
  if (j >= 0 && j < n) return j;
  if (mode == "constant") return -1;
  if (n == 0) return makeError("cannot pad an empty axis in mode '" + mode.str() + "'");
  if (mode == "edge") return j < 0 ? 0 : n - 1;
  if (mode == "reflect" || mode == "symmetric") {
    // Reflect mirrors about the edge elements, symmetric about the edges themselves.
    bool symmetric = mode == "symmetric";
    int64_t period = symmetric ? 2 * n : 2 * (n - 1);
    if (period == 0) return 0;
    int64_t k = ((j % period) + period) % period;
    if (symmetric) return k < n ? k : period - 1 - k;
    return k < n ? k : period - k;
  }
  return makeError("pad mode '" + mode.str() + "' is not supported (constant, edge, reflect, symmetric)");
}

std::optional<Error> pad(KernelArgs& args) {
  const HostTensor& x = *args.inputs[0];
  HostTensor& y = args.outputs[0];
  auto widths = padWidths(opArg(args, "pad_width"), x.rank());
  if (!widths) return widths.error();
  const Value* modeArg = opArg(args, "mode");
  std::string mode = modeArg && modeArg->isString() ? modeArg->asString().lower() : "constant";
  const Value* constant = opArg(args, "constant_values");
  if (constant && !constant->isNull() && !constant->isNumber())
    return makeError("constant_values " + constant->str() + " is not a number");
  Result<HostTensor> fillValue = HostTensor::fromValues<double>({}, {constant && constant->isNumber() ? constant->asNumber() : 0.0});
  if (!fillValue) return fillValue.error();
  Result<HostTensor> fill = HostTensor::zeros(x.elementType(), {});
  if (!fill) return fill.error();
  convertElements(*fillValue, *fill);
  std::vector<std::vector<int64_t>> maps;
  for (size_t d = 0; d < x.rank(); ++d) {
    std::vector<int64_t> map;
    for (int64_t i = 0; i < y.shape()[d]; ++i) {
      Result<int64_t> from = paddedSource(i, (*widths)[d].first, x.shape()[d], mode);
      if (!from) return from.error();
      map.push_back(*from);
    }
    maps.push_back(std::move(map));
  }
  gatherAxes(x, maps, fill->bytes().data(), y.bytes().data());
  return std::nullopt;
}

/// The indices range(n)[start:stop:step] picks, as Python's slice.indices resolves them.
std::vector<int64_t> sliceIndices(int64_t n, const IndexItem& item) {
  int64_t step = item.step.value_or(1);
  auto resolve = [&](std::optional<int64_t> bound, int64_t none) {
    if (!bound) return none;
    int64_t v = *bound < 0 ? *bound + n : *bound;
    if (step > 0) return std::min(std::max<int64_t>(v, 0), n);
    return std::min(std::max<int64_t>(v, -1), n - 1);
  };
  int64_t start = resolve(item.start, step > 0 ? 0 : n - 1);
  int64_t stop = resolve(item.stop, step > 0 ? n : -1);
  std::vector<int64_t> out;
  for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) out.push_back(i);
  return out;
}

/// x[slice_spec]: integers pick (and drop an axis), slices select, None and ... add or cover axes.
std::optional<Error> getItem(KernelArgs& args) {
  const HostTensor& x = *args.inputs[0];
  const Value* spec = opArg(args, "slice_spec");
  std::optional<std::vector<IndexItem>> items = spec ? parseSliceSpec(*spec) : std::nullopt;
  if (!items) return makeError("slice_spec " + (spec ? spec->str() : std::string("(none)")) + " is not a basic index");
  size_t consumed = 0;
  for (const IndexItem& item : *items)
    if (item.kind == IndexItem::Kind::Index || item.kind == IndexItem::Kind::Slice) ++consumed;
  if (consumed > x.rank()) return makeError("too many indices for " + x.describe());
  std::vector<std::vector<int64_t>> maps;
  auto full = [&](size_t axis) {
    std::vector<int64_t> all;
    for (int64_t i = 0; i < x.shape()[axis]; ++i) all.push_back(i);
    return all;
  };
  for (const IndexItem& item : *items) {
    size_t axis = maps.size();
    switch (item.kind) {
      case IndexItem::Kind::NewAxis: break;  // a size-1 output axis: no effect on the element order
      case IndexItem::Kind::Ellipsis:
        for (size_t i = 0; i < x.rank() - consumed; ++i) maps.push_back(full(maps.size()));
        break;
      case IndexItem::Kind::Index: {
        int64_t n = x.shape()[axis];
        int64_t at = item.index < 0 ? item.index + n : item.index;
        if (at < 0 || at >= n)
          return makeError("index " + std::to_string(item.index) + " is out of range for axis " + std::to_string(axis) +
                           " of size " + std::to_string(n));
        maps.push_back({at});
        break;
      }
      case IndexItem::Kind::Slice:
        if (item.step == 0) return makeError("slice step cannot be zero");
        maps.push_back(sliceIndices(x.shape()[axis], item));
        break;
    }
  }
  while (maps.size() < x.rank()) maps.push_back(full(maps.size()));
  int64_t count = 1;
  for (const auto& m : maps) count *= static_cast<int64_t>(m.size());
  HostTensor& y = args.outputs[0];
  if (count != y.elementCount() || y.elementType() != x.elementType())
    return makeError("the selection holds " + std::to_string(count) + " elements, the output is " + y.describe());
  gatherAxes(x, maps, nullptr, y.bytes().data());
  return std::nullopt;
}

}  // namespace

void registerOpShapeKernels(KernelRegistry& registry) {
  for (const char* name : {"reshape", "expand_dims", "squeeze"})
    registry.addOp(name, {sameBytes, MaskRule::Drop, /*inPlace=*/true});
  registry.addOp("transpose", {transpose});
  registry.addOp("concat", {join});
  registry.addOp("stack", {join});
  registry.addOp("split", {split});
  registry.addOp("tile", {tile});
  registry.addOp("reverse", {flip});
  registry.addOp("pad", {pad});
  registry.addOp("getitem", {getItem});
}

}  // namespace graphlint
