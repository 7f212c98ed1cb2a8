// Shape families that rearrange, join, split or grow tensors: reshape, expand_dims, squeeze,
// transpose, concatenate, stack, tile, pad, split.

#include <algorithm>

#include "catalogue/ShapeRules.h"
#include "catalogue/ops/OpFamilies.h"

namespace graphlint::ops {

Outputs reshape(const OpCall& call) {
  const TensorType& in = call.tensors.front();
  const Value* shape = call.arg("newshape");
  if (!shape || !shape->isList()) return call.unknownOutput();
  Dims out;
  std::optional<size_t> inferred;
  Dim known = Dim::constant(1);
  for (const Value& v : shape->items()) {
    if (!v.isInt()) { out.push_back(Dim::unknown()); known = Dim::unknown(); continue; }
    if (v.asInt() == -1 && !inferred) { inferred = out.size(); out.push_back(Dim::unknown()); continue; }
    if (v.asInt() < 0) return makeError("reshape target " + shape->str() + " has the invalid dim " + v.str());
    out.push_back(Dim::constant(v.asInt()));
    known = known * out.back();
  }
  Dim count = in.elementCount();
  if (inferred && count.isKnown() && known.isKnown()) {
    Dim rest = Dim::mod(count, known);
    if (rest.constantValue() == 0) out[*inferred] = Dim::floorDiv(count, known);
    else if (rest.isKnown() && rest.isProvablyPositive())
      return makeError("cannot reshape " + in.shapeStr() + " to " + shape->str() + ": " + count.str() +
                       " elements are not divisible by " + known.str());
  } else if (!inferred && Dim::relation(count, known) == DimRelation::Different) {
    return makeError("cannot reshape " + in.shapeStr() + " (" + count.str() + " elements) to " + shape->str() +
                     " (" + known.str() + " elements)");
  }
  return OpCall::one(TensorType::of(call.dtype, std::move(out)));
}

Outputs expandDims(const OpCall& call) {
  const TensorType& in = call.tensors.front();
  if (!in.hasRank()) return call.unknownOutput();
  int64_t axis = call.intArg("axis", 0);
  std::optional<size_t> at = normalizeAxis(axis, in.rank() + 1);
  if (!at) return makeError("expand_dims axis " + std::to_string(axis) + " is out of range for " + in.shapeStr());
  Dims out = *in.dims;
  out.insert(out.begin() + *at, Dim::constant(1));
  return OpCall::one(TensorType::of(call.dtype, std::move(out)));
}

Outputs squeeze(const OpCall& call) {
  const TensorType& in = call.tensors.front();
  if (!in.hasRank()) return call.unknownOutput();
  const Value* axis = call.arg("axis");
  Dims out;
  if (!axis || axis->isNull()) {
    for (const Dim& d : *in.dims) {
      if (d.constantValue() == 1) continue;
      if (!d.constantValue()) return call.unknownOutput();  // might be 1
      out.push_back(d);
    }
    return OpCall::one(TensorType::of(call.dtype, std::move(out)));
  }
  std::string error;
  std::optional<std::vector<size_t>> axes = axesOf(axis, in.rank(), error);
  if (!axes) return error.empty() ? call.unknownOutput() : Outputs(makeError("squeeze: " + error));
  for (size_t i = 0; i < in.rank(); ++i) {
    const Dim& d = (*in.dims)[i];
    if (!llvm::is_contained(*axes, i)) { out.push_back(d); continue; }
    if (d.isKnown() && d.constantValue() != 1 && Dim::relation(d, Dim::constant(1)) == DimRelation::Different)
      return makeError("cannot squeeze axis " + std::to_string(i) + " of " + in.shapeStr() + ": its size is " + d.str() + ", not 1");
  }
  return OpCall::one(TensorType::of(call.dtype, std::move(out)));
}

Outputs transpose(const OpCall& call) {
  const TensorType& in = call.tensors.front();
  if (!in.hasRank()) return call.unknownOutput();
  const Value* axes = call.arg("axes");
  Dims out;
  if (!axes || axes->isNull()) {
    out.assign(in.dims->rbegin(), in.dims->rend());
    return OpCall::one(TensorType::of(call.dtype, std::move(out)));
  }
  if (!axes->isList() || axes->items().size() != in.rank())
    return makeError("transpose axes " + axes->str() + " do not list each of the " + std::to_string(in.rank()) +
                     " axes of " + in.shapeStr() + " once");
  std::vector<bool> seen(in.rank());
  for (const Value& a : axes->items()) {
    std::optional<size_t> n = a.isInt() ? normalizeAxis(a.asInt(), in.rank()) : std::nullopt;
    if (!n || seen[*n])
      return makeError("transpose axes " + axes->str() + " are not a permutation of the axes of " + in.shapeStr());
    seen[*n] = true;
    out.push_back((*in.dims)[*n]);
  }
  return OpCall::one(TensorType::of(call.dtype, std::move(out)));
}

namespace {

/// concatenate (join along an existing axis) and stack (along a new one).
Outputs join(const OpCall& call, bool stacking) {
  const std::string& op = call.entry.op;
  const TensorType& first = call.tensors.front();
  if (!llvm::all_of(call.tensors, [](const TensorType& t) { return t.hasRank(); })) return call.unknownOutput();
  size_t rank = first.rank();
  int64_t axis = call.intArg("axis", 0);
  std::optional<size_t> at = normalizeAxis(axis, stacking ? rank + 1 : rank);
  if (!at) return makeError(op + " axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank));
  Dims out = *first.dims;
  Dim joined = Dim::constant(0);
  for (const TensorType& t : call.tensors) {
    if (t.rank() != rank)
      return makeError("cannot " + op + " " + first.shapeStr() + " and " + t.shapeStr() + ": ranks differ");
    for (size_t d = 0; d < rank; ++d) {
      if (!stacking && d == *at) continue;
      const Dim& mine = (*t.dims)[d];
      if (!mayBeEqual(out[d], mine, call.log, "dim " + std::to_string(d) + " of the inputs of " + op))
        return makeError("cannot " + op + " " + first.shapeStr() + " and " + t.shapeStr() + ": dim " +
                         std::to_string(d) + " differs (" + out[d].str() + " vs " + mine.str() + ")");
      if (out[d].isUnknown()) out[d] = mine;
    }
    if (!stacking) joined = joined + (*t.dims)[*at];
  }
  if (stacking) out.insert(out.begin() + *at, Dim::constant(static_cast<int64_t>(call.tensors.size())));
  else out[*at] = joined;
  return OpCall::one(TensorType::of(call.dtype, std::move(out)));
}

}  // namespace

Outputs concatenate(const OpCall& call) { return join(call, /*stacking=*/false); }
Outputs stack(const OpCall& call) { return join(call, /*stacking=*/true); }

Outputs tile(const OpCall& call) {
  const TensorType& in = call.tensors.front();
  const Value* given = call.arg("repeats");
  std::optional<std::vector<int64_t>> repeats = intList(given);
  if (given && given->isInt()) repeats = std::vector<int64_t>{given->asInt()};
  if (!repeats || !in.hasRank()) return call.unknownOutput();
  for (int64_t r : *repeats)
    if (r < 0) return call.error("repeats " + given->str() + " must not be negative");
  // The shorter of the shape and the repeats is padded with leading 1s (NumPy's tile).
  size_t rank = std::max(in.rank(), repeats->size());
  Dims dims(rank - in.rank(), Dim::constant(1));
  dims.append(in.dims->begin(), in.dims->end());
  repeats->insert(repeats->begin(), rank - repeats->size(), 1);
  for (size_t i = 0; i < rank; ++i)
    dims[i] = (*repeats)[i] == 0 ? Dim::constant(0) : dims[i] * Dim::constant((*repeats)[i]);
  return OpCall::one(TensorType::of(call.dtype, std::move(dims)));
}

Outputs pad(const OpCall& call) {
  const TensorType& in = call.tensors.front();
  const Value* width = call.arg("pad_width");
  if (!width || !in.hasRank()) return call.unknownOutput();
  // NumPy's forms: n; (before, after) or (n,) for every axis; one (before, after) or (n,) per axis.
  std::vector<std::pair<int64_t, int64_t>> pairs;
  auto pairOf = [](const Value& v) -> std::optional<std::pair<int64_t, int64_t>> {
    if (v.isInt()) return std::make_pair(v.asInt(), v.asInt());
    std::optional<std::vector<int64_t>> ints = intList(&v);
    if (!ints || ints->empty() || ints->size() > 2) return std::nullopt;
    return std::make_pair(ints->front(), ints->back());
  };
  if (std::optional<std::pair<int64_t, int64_t>> all = pairOf(*width)) {
    pairs.assign(in.rank(), *all);
  } else if (width->isList()) {
    for (const Value& item : width->items()) {
      std::optional<std::pair<int64_t, int64_t>> p = item.isList() ? pairOf(item) : std::nullopt;
      if (!p) return call.unknownOutput();
      pairs.push_back(*p);
    }
    if (pairs.size() == 1) pairs.assign(in.rank(), pairs.front());
  } else {
    return call.unknownOutput();
  }
  if (pairs.size() != in.rank())
    return call.error("pad_width " + width->str() + " has " + std::to_string(pairs.size()) + " (before, after) pairs, but " +
                      in.shapeStr() + " has " + std::to_string(in.rank()) + " axes");
  Dims dims;
  for (size_t i = 0; i < in.rank(); ++i) {
    auto [before, after] = pairs[i];
    if (before < 0 || after < 0) return call.error("pad_width " + width->str() + " has a negative width");
    dims.push_back((*in.dims)[i] + Dim::constant(before + after));
  }
  return OpCall::one(TensorType::of(call.dtype, std::move(dims)));
}

namespace {

/// The split axis of `in`, normalized (none when the rank is unknown); an error when out of
/// range.
Result<std::optional<size_t>> splitAxis(const OpCall& call, const TensorType& in) {
  if (!in.hasRank()) return std::optional<size_t>();
  int64_t axis = call.intArg("axis", 0);
  std::optional<size_t> at = normalizeAxis(axis, in.rank());
  if (!at) return call.error("axis " + std::to_string(axis) + " is out of range for " + in.shapeStr());
  return at;
}

/// One output per piece: `in` with the split axis set to each size.
Outputs pieces(const OpCall& call, const TensorType& in, std::optional<size_t> axis, const Dims& sizes) {
  std::vector<TensorType> outs;
  for (const Dim& size : sizes) {
    TensorType piece{call.dtype, in.dims};
    if (piece.dims && axis) (*piece.dims)[*axis] = size;
    outs.push_back(std::move(piece));
  }
  return outs;
}

/// `sections` equal pieces along the axis; the axis size must be divisible by it.
Outputs equalSections(const OpCall& call, const TensorType& in, std::optional<size_t> axis, int64_t sections) {
  if (sections < 1) return call.error("cannot split into " + std::to_string(sections) + " sections");
  Dim size = in.hasRank() ? (*in.dims)[*axis] : Dim::unknown();
  Dim count = Dim::constant(sections);
  std::string text = "cannot split " + in.shapeStr() + " into " + std::to_string(sections) + " equal sections along axis " +
                     (axis ? std::to_string(*axis) : std::string("?"));
  Dim rest = Dim::mod(size, count);
  std::string reason = "equal sections of axis " + (axis ? std::to_string(*axis) : std::string("?")) + " in " + call.entry.op;
  if (size.isKnown() && !mayBeEqual(rest, Dim::constant(0), call.log, reason))
    return call.error(text + ": " + size.str() + " is not divisible by " + count.str());
  return pieces(call, in, axis, Dims(static_cast<size_t>(sections), Dim::floorDiv(size, count)));
}

/// Python's len(range(n)[start:stop]) for a cut at `start` and `stop`, NumPy's slicing.
Dim sliceLength(int64_t start, std::optional<int64_t> stop, const Dim& size) {
  std::optional<int64_t> n = size.constantValue();
  if (n) {
    auto clamp = [&](int64_t i) { return i < 0 ? std::max<int64_t>(0, i + *n) : std::min(i, *n); };
    int64_t from = clamp(start), to = clamp(stop.value_or(*n));
    return Dim::constant(std::max<int64_t>(0, to - from));
  }
  // A symbolic axis: Keras' own arithmetic, for cuts that count from the front.
  if (start < 0 || (stop && *stop < 0)) return Dim::unknown();
  if (stop) return Dim::constant(std::max<int64_t>(0, *stop - start));
  return size - Dim::constant(start);
}

}  // namespace

Outputs split(const OpCall& call) {
  const TensorType& in = call.tensors.front();
  Result<std::optional<size_t>> at = splitAxis(call, in);
  if (!at) return at.error();
  std::optional<size_t> axis = *at;
  const Value* given = call.arg("indices_or_sections");
  if (given && given->isInt()) return equalSections(call, in, axis, given->asInt());
  std::optional<std::vector<int64_t>> cuts = intList(given);
  if (!cuts)
    return call.error("indices_or_sections must be a number of sections or a list of indices, got " +
                      (given ? given->str() : std::string("nothing")));
  Dim size = in.hasRank() ? (*in.dims)[*axis] : Dim::unknown();
  Dims sizes;
  for (size_t i = 0; i <= cuts->size(); ++i) {
    int64_t start = i == 0 ? 0 : (*cuts)[i - 1];
    std::optional<int64_t> stop = i < cuts->size() ? std::optional<int64_t>((*cuts)[i]) : std::nullopt;
    sizes.push_back(sliceLength(start, stop, size));
  }
  return pieces(call, in, axis, sizes);
}

Outputs splitSizes(const OpCall& call) {
  const TensorType& in = call.tensors.front();
  Result<std::optional<size_t>> at = splitAxis(call, in);
  if (!at) return at.error();
  std::optional<size_t> axis = *at;
  const Value* given = call.arg("indices_or_sections");
  if (given && given->isInt()) return equalSections(call, in, axis, given->asInt());
  std::optional<std::vector<int64_t>> sizes = intList(given);
  if (!sizes)
    return call.error("the split sizes must be a number of sections or a list of sizes, got " +
                      (given ? given->str() : std::string("nothing")));
  Dim size = in.hasRank() ? (*in.dims)[*axis] : Dim::unknown();
  std::optional<size_t> inferred;
  Dim total = Dim::constant(0);
  Dims dims;
  for (size_t i = 0; i < sizes->size(); ++i) {
    int64_t s = (*sizes)[i];
    if (s == -1 && !inferred) { inferred = i; dims.push_back(Dim::unknown()); continue; }
    if (s < 0) return call.error("the split sizes " + given->str() + " may hold one -1 and sizes >= 0");
    dims.push_back(Dim::constant(s));
    total = total + dims.back();
  }
  std::string text = "the split sizes " + given->str() + " of " + in.shapeStr();
  if (inferred) {
    Dim rest = size - total;
    if (rest.isProvablyNegative())
      return call.error(text + " add up to " + total.str() + ", more than the axis size " + size.str());
    dims[*inferred] = rest;
  } else if (size.isKnown() && !mayBeEqual(total, size, call.log, "the split sizes of " + call.entry.op + " and the axis size")) {
    return call.error(text + " add up to " + total.str() + ", not to the axis size " + size.str());
  }
  return pieces(call, in, axis, dims);
}

}  // namespace graphlint::ops
