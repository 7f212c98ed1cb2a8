#include "catalogue/ops/OpShapes.h"

#include "llvm/ADT/StringSwitch.h"

#include "catalogue/ShapeRules.h"

namespace graphlint {
namespace {

using Outputs = Result<std::vector<TensorType>>;

Outputs one(TensorType type) { return std::vector<TensorType>{std::move(type)}; }

DType outputDType(const OpEntry& entry, const KerasArgs& args, llvm::ArrayRef<TensorType> tensors) {
  llvm::StringRef rule = entry.dtype;
  if (rule == "arg") {
    const Value* dtype = args.find("dtype");
    if (dtype && dtype->isString())
      if (std::optional<DType> parsed = parseDType(dtype->asString())) return *parsed;
    return DType::Float32;
  }
  if (rule == "same") return tensors.empty() ? DType::Unknown : tensors.front().dtype;
  return parseDType(rule).value_or(DType::Unknown);
}

/// Axes from an `axis` argument (int, list of ints, or null for "all"), normalized.
std::optional<std::vector<size_t>> axesOf(const Value* axis, size_t rank, std::string& error) {
  std::vector<size_t> axes;
  if (!axis || axis->isNull()) {
    for (size_t i = 0; i < rank; ++i) axes.push_back(i);
    return axes;
  }
  std::vector<Value> items = axis->isList() ? axis->items() : std::vector<Value>{*axis};
  for (const Value& a : items) {
    if (!a.isInt()) return std::nullopt;
    std::optional<size_t> n = normalizeAxis(a.asInt(), rank);
    if (!n) {
      error = "axis " + std::to_string(a.asInt()) + " is out of range for rank " + std::to_string(rank);
      return std::nullopt;
    }
    axes.push_back(*n);
  }
  return axes;
}

int64_t intArg(const KerasArgs& args, const OpEntry& entry, llvm::StringRef name, int64_t fallback) {
  if (const Value* v = args.find(name); v && v->isInt()) return v->asInt();
  if (const OpParam* p = entry.findParam(name); p && p->defaultText) {
    int64_t parsed = 0;
    if (!llvm::StringRef(*p->defaultText).getAsInteger(10, parsed)) return parsed;
  }
  return fallback;
}

bool boolArg(const KerasArgs& args, const OpEntry& entry, llvm::StringRef name) {
  if (const Value* v = args.find(name); v && v->isBool()) return v->asBool();
  const OpParam* p = entry.findParam(name);
  return p && p->defaultText && *p->defaultText == "True";
}

Outputs oneHot(const OpEntry& entry, const KerasArgs& args, llvm::ArrayRef<TensorType> tensors, DType dtype) {
  const Value* classes = args.find("num_classes");
  Dim depth = classes && classes->isInt() ? Dim::constant(classes->asInt()) : Dim::unknown();
  if (classes && classes->isInt() && classes->asInt() <= 0)
    return makeError("one_hot needs num_classes >= 1, got " + classes->str());
  const TensorType& in = tensors.front();
  if (!in.hasRank()) return one(TensorType{dtype, std::nullopt});
  Dims dims = *in.dims;
  int64_t axis = intArg(args, entry, "axis", -1);
  std::optional<size_t> at = normalizeAxis(axis, dims.size() + 1);
  if (!at) return makeError("one_hot axis " + std::to_string(axis) + " is out of range for a " +
                            std::to_string(dims.size()) + "-D input");
  dims.insert(dims.begin() + *at, depth);
  return one(TensorType::of(dtype, std::move(dims)));
}

Outputs reduce(const OpEntry& entry, const KerasArgs& args, const TensorType& in, DType dtype) {
  if (!in.hasRank()) return one(TensorType{dtype, std::nullopt});
  std::string error;
  std::optional<std::vector<size_t>> axes = axesOf(args.find("axis"), in.rank(), error);
  if (!axes) return error.empty() ? one(TensorType{dtype, std::nullopt}) : Outputs(makeError(entry.op + ": " + error));
  bool keep = boolArg(args, entry, "keepdims");
  Dims out;
  for (size_t i = 0; i < in.rank(); ++i) {
    bool reduced = llvm::is_contained(*axes, i);
    if (!reduced) out.push_back((*in.dims)[i]);
    else if (keep) out.push_back(Dim::constant(1));
  }
  return one(TensorType::of(dtype, std::move(out)));
}

Outputs matmul(const TensorType& a, const TensorType& b, DType dtype) {
  if (!a.hasRank() || !b.hasRank() || a.rank() < 2 || b.rank() < 2) return one(TensorType{dtype, std::nullopt});
  const Dim& inner = (*a.dims)[a.rank() - 1];
  const Dim& other = (*b.dims)[b.rank() - 2];
  if (Dim::relation(inner, other) == DimRelation::Different)
    return makeError("cannot multiply " + a.shapeStr() + " by " + b.shapeStr() + ": inner dims differ (" +
                     inner.str() + " vs " + other.str() + ")");
  Dims batchA(a.dims->begin(), a.dims->end() - 2), batchB(b.dims->begin(), b.dims->end() - 2);
  Result<Dims> batch = broadcastShapes(batchA, batchB, "broadcast the batch dims of");
  if (!batch) return batch.error();
  Dims out = *batch;
  out.push_back((*a.dims)[a.rank() - 2]);
  out.push_back((*b.dims)[b.rank() - 1]);
  return one(TensorType::of(dtype, std::move(out)));
}

Outputs concatenate(const OpEntry& entry, const KerasArgs& args, llvm::ArrayRef<TensorType> tensors, DType dtype, bool stack) {
  const TensorType& first = tensors.front();
  if (!llvm::all_of(tensors, [](const TensorType& t) { return t.hasRank(); })) return one(TensorType{dtype, std::nullopt});
  size_t rank = first.rank();
  int64_t axis = intArg(args, entry, "axis", 0);
  std::optional<size_t> at = normalizeAxis(axis, stack ? rank + 1 : rank);
  if (!at) return makeError(entry.op + " axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank));
  Dims out = *first.dims;
  Dim joined = Dim::constant(0);
  for (const TensorType& t : tensors) {
    if (t.rank() != rank)
      return makeError("cannot " + entry.op + " " + first.shapeStr() + " and " + t.shapeStr() + ": ranks differ");
    for (size_t d = 0; d < rank; ++d) {
      if (!stack && d == *at) continue;
      if (Dim::relation(out[d], (*t.dims)[d]) == DimRelation::Different)
        return makeError("cannot " + entry.op + " " + first.shapeStr() + " and " + t.shapeStr() + ": dim " +
                         std::to_string(d) + " differs (" + out[d].str() + " vs " + (*t.dims)[d].str() + ")");
    }
    if (!stack) joined = joined + (*t.dims)[*at];
  }
  if (stack) out.insert(out.begin() + *at, Dim::constant(static_cast<int64_t>(tensors.size())));
  else out[*at] = joined;
  return one(TensorType::of(dtype, std::move(out)));
}

Outputs expandDims(const OpEntry& entry, const KerasArgs& args, const TensorType& in, DType dtype) {
  if (!in.hasRank()) return one(TensorType{dtype, std::nullopt});
  int64_t axis = intArg(args, entry, "axis", 0);
  std::optional<size_t> at = normalizeAxis(axis, in.rank() + 1);
  if (!at) return makeError("expand_dims axis " + std::to_string(axis) + " is out of range for " + in.shapeStr());
  Dims out = *in.dims;
  out.insert(out.begin() + *at, Dim::constant(1));
  return one(TensorType::of(dtype, std::move(out)));
}

Outputs squeeze(const KerasArgs& args, const TensorType& in, DType dtype) {
  if (!in.hasRank()) return one(TensorType{dtype, std::nullopt});
  const Value* axis = args.find("axis");
  Dims out;
  std::string error;
  if (!axis || axis->isNull()) {
    for (const Dim& d : *in.dims) {
      if (d.constantValue() == 1) continue;
      if (!d.constantValue()) return one(TensorType{dtype, std::nullopt});  // might be 1
      out.push_back(d);
    }
    return one(TensorType::of(dtype, std::move(out)));
  }
  std::optional<std::vector<size_t>> axes = axesOf(axis, in.rank(), error);
  if (!axes) return error.empty() ? one(TensorType{dtype, std::nullopt}) : Outputs(makeError("squeeze: " + error));
  for (size_t i = 0; i < in.rank(); ++i) {
    const Dim& d = (*in.dims)[i];
    if (!llvm::is_contained(*axes, i)) { out.push_back(d); continue; }
    if (d.isKnown() && d.constantValue() != 1 && Dim::relation(d, Dim::constant(1)) == DimRelation::Different)
      return makeError("cannot squeeze axis " + std::to_string(i) + " of " + in.shapeStr() + ": its size is " + d.str() + ", not 1");
  }
  return one(TensorType::of(dtype, std::move(out)));
}

Outputs transpose(const KerasArgs& args, const TensorType& in, DType dtype) {
  if (!in.hasRank()) return one(TensorType{dtype, std::nullopt});
  const Value* axes = args.find("axes");
  Dims out;
  if (!axes || axes->isNull()) {
    out.assign(in.dims->rbegin(), in.dims->rend());
    return one(TensorType::of(dtype, std::move(out)));
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
  return one(TensorType::of(dtype, std::move(out)));
}

Outputs reshape(const KerasArgs& args, const TensorType& in, DType dtype) {
  const Value* shape = args.find("newshape");
  if (!shape || !shape->isList()) return one(TensorType{dtype, std::nullopt});
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
  return one(TensorType::of(dtype, std::move(out)));
}

}  // namespace

bool knowsOutputCount(const OpEntry& entry) {
  llvm::StringRef family = entry.shape;
  return family != "split" && family != "top_k" && family != "unknown";
}

bool isKnownShapeFamily(llvm::StringRef family) {
  return llvm::StringSwitch<bool>(family)
      .Cases("same", "flip", "cast", "broadcast", "where", "one_hot", "reduce", "arg_reduce", true)
      .Cases("matmul", "concatenate", "stack", "expand_dims", "squeeze", "transpose", "reshape", true)
      .Cases("tile", "split", "take", "pad", "top_k", "shape", "arange", "einsum", true)
      .Cases("conv", "unknown", true)
      .Default(false);
}

Outputs inferOpOutputs(const OpEntry& entry, const KerasArgs& args, llvm::ArrayRef<TensorType> tensors,
                       AssumptionLog* log) {
  DType dtype = outputDType(entry, args, tensors);
  llvm::StringRef family = entry.shape;
  if (tensors.empty()) return one(TensorType{dtype, std::nullopt});
  const TensorType& in = tensors.front();
  if (family == "same" || family == "flip" || family == "cast") return one(TensorType{dtype, in.dims});
  if (family == "broadcast" || family == "where") {
    std::optional<Dims> dims = in.dims;
    for (const TensorType& t : tensors.drop_front()) {
      if (!dims || !t.hasRank()) return one(TensorType{dtype, std::nullopt});
      Result<Dims> merged = broadcastShapes(*dims, *t.dims, "broadcast", log);
      if (!merged) return makeError(entry.op + ": " + merged.error().message);
      dims = std::move(*merged);
    }
    if (family == "where" && tensors.size() == 3) dtype = tensors[1].dtype;
    return one(TensorType{dtype, std::move(dims)});
  }
  if (family == "one_hot") return oneHot(entry, args, tensors, dtype);
  if (family == "reduce") return reduce(entry, args, in, dtype);
  if (family == "arg_reduce") return reduce(entry, args, in, dtype);
  if (family == "matmul" && tensors.size() >= 2) return matmul(tensors[0], tensors[1], dtype);
  if (family == "concatenate") return concatenate(entry, args, tensors, dtype, /*stack=*/false);
  if (family == "stack") return concatenate(entry, args, tensors, dtype, /*stack=*/true);
  if (family == "expand_dims") return expandDims(entry, args, in, dtype);
  if (family == "squeeze") return squeeze(args, in, dtype);
  if (family == "transpose") return transpose(args, in, dtype);
  if (family == "reshape") return reshape(args, in, dtype);
  return one(TensorType{dtype, std::nullopt});
}

}  // namespace graphlint
