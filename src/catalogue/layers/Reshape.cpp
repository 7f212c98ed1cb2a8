// Reshaping layers: Flatten, Reshape, Permute, RepeatVector.

#include "catalogue/ShapeRules.h"

#include "llvm/ADT/STLExtras.h"

namespace graphlint {
namespace {

/// The product of all dims after the batch dim.
Dim featureCount(const Dims& dims) {
  Dim count = Dim::constant(1);
  for (size_t i = 1; i < dims.size(); ++i) count = count * dims[i];
  return count;
}

LayerSchema flatten() {
  LayerSchema s;
  s.className = "Flatten";
  s.family = "reshape";
  s.doc = "flattens every dim after the batch dim into one";
  s.attrs = {oneOf("data_format", {"channels_last", "channels_first"}, Value::null(),
                   "layout of the input; only changes the element order")};
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    if (auto e = checkRank(call, 0, 1, SIZE_MAX, "an input with a batch dim")) return *e;
    const TensorType& in = call.inputs[0];
    if (!in.hasRank()) return single(TensorType{in.dtype, Dims{Dim::unknown(), Dim::unknown()}});
    return single(TensorType::of(in.dtype, Dims{(*in.dims)[0], featureCount(*in.dims)}));
  };
  return s;
}

LayerSchema reshape() {
  LayerSchema s;
  s.className = "Reshape";
  s.family = "reshape";
  s.doc = "reshapes the dims after the batch dim to target_shape (one entry may be -1)";
  s.attrs = {required("target_shape", AttrType::Shape, "new shape without the batch dim; -1 is inferred")};
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    const TensorType& in = call.inputs[0];
    const Value& target = call.attr("target_shape");
    Dims out;
    out.push_back(in.hasRank() && in.rank() > 0 ? (*in.dims)[0] : Dim::unknown());
    std::optional<size_t> inferred;
    Dim known = Dim::constant(1);
    for (const Value& v : target.items()) {
      if (v.isInt() && v.asInt() == -1) {
        if (inferred) return makeError("Reshape target_shape " + target.str() + " has more than one -1");
        inferred = out.size();
        out.push_back(Dim::unknown());
        continue;
      }
      if (v.isInt() && v.asInt() < 0)
        return makeError("Reshape target_shape " + target.str() + " has the negative dim " + v.str());
      Dim d = v.isInt() ? Dim::constant(v.asInt()) : Dim::unknown();
      known = known * d;
      out.push_back(d);
    }
    if (!in.hasRank()) return single(TensorType::of(in.dtype, std::move(out)));

    Dim count = featureCount(*in.dims);
    if (inferred) {
      Dim rest = Dim::mod(count, known);
      if (rest.isKnown() && rest.isProvablyPositive())
        return makeError("cannot reshape " + in.shapeStr() + " to (batch,) + " + target.str() +
                         ": its " + count.str() + " elements per sample are not divisible by " + known.str());
      out[*inferred] = rest.constantValue() == 0 ? Dim::floorDiv(count, known) : Dim::unknown();
    } else if (Dim::relation(count, known) == DimRelation::Different) {
      return makeError("cannot reshape " + in.shapeStr() + " to (batch,) + " + target.str() + ": " +
                       count.str() + " elements per sample vs " + known.str());
    }
    return single(TensorType::of(in.dtype, std::move(out)));
  };
  return s;
}

/// Keras: `sorted(dims) == list(range(1, len(dims) + 1))`.
std::string permutationProblem(const Value& v) {
  std::vector<int64_t> sorted;
  for (const Value& item : v.items()) sorted.push_back(item.asInt());
  llvm::sort(sorted);
  for (size_t i = 0; i < sorted.size(); ++i)
    if (sorted[i] != static_cast<int64_t>(i) + 1)
      return "must be a permutation of 1.." + std::to_string(sorted.size()) + " (the axes after the batch dim), got " +
             v.str();
  return "";
}

LayerSchema permute() {
  LayerSchema s;
  s.className = "Permute";
  s.family = "reshape";
  s.doc = "reorders the dims after the batch dim: output dim i is input dim dims[i-1]";
  s.attrs = {required("dims", AttrType::IntList, "a permutation of 1..rank-1; the batch dim stays first")
                 .within(permutationProblem)};
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    const Value& dims = call.attr("dims");
    if (std::string problem = permutationProblem(dims); !problem.empty())
      return makeError("Permute 'dims' " + problem);
    size_t rank = dims.items().size() + 1;
    if (auto e = checkRank(call, 0, rank, rank, "a " + std::to_string(rank) + "-D input for dims " + dims.str()))
      return *e;
    const TensorType& in = call.inputs[0];
    // Keras' Permute keeps the input's dtype (its compute_output_spec).
    if (!in.hasRank()) return single(TensorType::of(in.dtype, Dims(rank, Dim::unknown())));
    Dims out{(*in.dims)[0]};
    for (const Value& axis : dims.items()) out.push_back((*in.dims)[axis.asInt()]);
    return single(TensorType::of(in.dtype, std::move(out)));
  };
  return s;
}

LayerSchema repeatVector() {
  LayerSchema s;
  s.className = "RepeatVector";
  s.family = "reshape";
  s.doc = "repeats a (batch, features) input n times: (batch, n, features)";
  s.attrs = {required("n", AttrType::Int, "number of repetitions").within(atLeast(1))};
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    if (auto e = checkRank(call, 0, 2, 2, "a 2-D input (batch, features)")) return *e;
    const TensorType& in = call.inputs[0];
    Dim batch = in.hasRank() ? (*in.dims)[0] : Dim::unknown();
    Dim features = in.hasRank() ? (*in.dims)[1] : Dim::unknown();
    return single(TensorType::of(computeDType(call), Dims{batch, Dim::constant(call.intAttr("n")), features}));
  };
  return s;
}

}  // namespace

void registerReshapeLayers(LayerCatalogue& catalogue) {
  catalogue.add(flatten());
  catalogue.add(reshape());
  catalogue.add(permute());
  catalogue.add(repeatVector());
}

}  // namespace graphlint
