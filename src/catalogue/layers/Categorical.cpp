// Preprocessing layers that turn values into category ids or encodings: Hashing, HashedCrossing
// and Discretization (keras/src/layers/preprocessing/, Keras 3.15). None has weights. Their
// "int" mode keeps the input's shape; the other modes encode into a last axis of num_bins (or
// bin) entries, each layer by its own compute_output_shape. Keras decides on static shapes, where
// a symbolic dim is None, so only a literal 1 counts as a trailing 1.

#include "catalogue/ShapeRules.h"

namespace graphlint {
namespace {

/// The layer's dtype: its `dtype` attribute when it names one, else `fallback`.
DType dtypeOr(const LayerCall& call, DType fallback) {
  const Value* dtype = call.config.find("dtype");
  return dtype && dtype->isString() ? computeDType(call) : fallback;
}

bool lastIsOne(const Dims& dims) { return !dims.empty() && dims.back().constantValue() == 1; }

std::optional<Error> checkSparseMode(const LayerCall& call) {
  if (!call.boolAttr("sparse") || call.stringAttr("output_mode") != "int") return std::nullopt;
  return makeError(call.schema.className +
                   " takes sparse=True only with output_mode one_hot, multi_hot or count, "
                   "got output_mode \"int\"");
}

/// Hashing's `salt`: null, an integer, or a list of two integers.
std::string saltDomain(const Value& v) {
  bool ok =
      v.isNull() || v.isInt() || (v.isList() && v.items().size() == 2 && v.items()[0].isInt() && v.items()[1].isInt());
  return ok ? "" : "must be null, an integer or a list of two integers, got " + v.str();
}

LayerSchema hashing() {
  LayerSchema s;
  s.className = "Hashing";
  s.family = "preprocessing";
  s.doc = "hashes values (strings or integers) into num_bins bins";
  s.attrs = {
      required("num_bins", AttrType::Int, "number of bins, the mask bin included").within(atLeast(1)),
      optional("mask_value", AttrType::Any, Value::null(), "the value hashed to bin 0; null: none"),
      optional("salt", AttrType::Any, Value::null(), "the key of a keyed (SipHash) hash; null: FarmHash")
          .within(saltDomain),
      oneOf("output_mode", {"int", "one_hot", "multi_hot", "count"}, Value::string("int"),
            "int: a bin per value; the others: a num_bins vector per sample"),
      optional("sparse", AttrType::Bool, Value::boolean(false), "whether the encoded output is sparse"),
  };
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    bool intMode = call.stringAttr("output_mode") == "int";
    // The dtype defaults to int64 in "int" mode, which needs an integer dtype.
    DType dtype = dtypeOr(call, intMode ? DType::Int64 : DType::Float32);
    if (intMode && dtype != DType::Int32 && dtype != DType::Int64)
      return makeError("Hashing with output_mode \"int\" needs the dtype int32 or int64, got " +
                       dtypeName(dtype).str());
    if (auto e = checkSparseMode(call)) return *e;
    const TensorType& in = call.inputs[0];
    if (intMode || !in.hasRank()) return single(TensorType{dtype, intMode ? in.dims : std::nullopt});
    // compute_output_spec: every encoding mode replaces the last axis, one_hot included.
    Dims dims = *in.dims;
    if (!dims.empty()) dims.pop_back();
    dims.push_back(Dim::constant(call.intAttr("num_bins")));
    return single(TensorType::of(dtype, std::move(dims)));
  };
  return s;
}

LayerSchema hashedCrossing() {
  LayerSchema s;
  s.className = "HashedCrossing";
  s.family = "preprocessing";
  s.doc = "hashes pairs of values of two inputs (a feature cross) into num_bins bins";
  s.attrs = {
      required("num_bins", AttrType::Int, "number of bins").within(atLeast(1)),
      oneOf("output_mode", {"int", "one_hot"}, Value::string("int"), "int: a bin per pair; one_hot: a vector"),
      optional("sparse", AttrType::Bool, Value::boolean(false), "whether the one_hot output is sparse"),
  };
  s.minInputs = 2;
  s.maxInputs = 2;
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    bool intMode = call.stringAttr("output_mode") == "int";
    DType dtype = dtypeOr(call, intMode ? DType::Int64 : DType::Float32);
    const TensorType& a = call.inputs[0];
    const TensorType& b = call.inputs[1];
    if (!a.hasRank() || !b.hasRank()) return single(TensorType{dtype, intMode ? a.dims : std::nullopt});
    if (a.dims->empty() != b.dims->empty() ||
        (!a.dims->empty() && !mayBeEqual(a.dims->back(), b.dims->back(), call.assumptions,
                                         "the last dims of the inputs of HashedCrossing")))
      return makeError("HashedCrossing expects two inputs of the same shape, got " + a.shapeStr() + " and " +
                       b.shapeStr());
    if (intMode) return single(TensorType{dtype, a.dims});
    Dims dims = *a.dims;
    if (!dims.empty() && lastIsOne(dims)) dims.pop_back();
    dims.push_back(Dim::constant(call.intAttr("num_bins")));
    return single(TensorType::of(dtype, std::move(dims)));
  };
  return s;
}

std::string binBoundariesDomain(const Value& v) {
  bool ok = v.isNull() || (v.isList() && llvm::all_of(v.items(), [](const Value& b) { return b.isNumber(); }));
  return ok ? "" : "must be a list of numbers or null, got " + v.str();
}

LayerSchema discretization() {
  LayerSchema s;
  s.className = "Discretization";
  s.family = "preprocessing";
  s.doc = "buckets numbers by bin_boundaries (given, or learned by adapt() for num_bins bins)";
  s.attrs = {
      optional("bin_boundaries", AttrType::Any, Value::null(), "sorted bin edges; n edges make n + 1 bins")
          .within(binBoundariesDomain),
      optional("num_bins", AttrType::OptionalInt, Value::null(), "number of bins adapt() learns").within(atLeast(0)),
      optional("epsilon", AttrType::Float, Value::number(0.01), "error tolerance of adapt()'s quantiles"),
      oneOf("output_mode", {"int", "one_hot", "multi_hot", "count"}, Value::string("int"),
            "int: a bin per value; the others: a vector of bins"),
      optional("sparse", AttrType::Bool, Value::boolean(false), "whether the encoded output is sparse"),
  };
  // __init__ names its arguments: no trainable, no activity_regularizer.
  s.takesLayerKwargs = false;
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    const Value& boundaries = call.attr("bin_boundaries");
    const Value& bins = call.attr("num_bins");
    // Both are set after adapt(); from_config then applies the boundaries after construction.
    if (boundaries.isNull() && bins.isNull())
      return makeError("Discretization needs num_bins or bin_boundaries, got neither");
    if (auto e = checkSparseMode(call)) return *e;
    std::string mode = call.stringAttr("output_mode");
    const TensorType& in = call.inputs[0];
    if (mode == "int") return single(TensorType{DType::Int32, in.dims});
    DType dtype = computeDType(call);
    if (!in.hasRank()) return single(TensorType{dtype, std::nullopt});
    Dim depth = Dim::constant(boundaries.isNull() ? bins.asInt() : static_cast<int64_t>(boundaries.items().size()) + 1);
    Dims dims = *in.dims;
    if (mode == "one_hot") {
      if (dims.size() > 1 && lastIsOne(dims)) dims.pop_back();
      dims.push_back(depth);
    } else if (dims.size() >= 2) {
      // multi_hot and count: compute_output_shape drops axis 1 (the samples of a batch row).
      dims.erase(dims.begin() + 1);
      dims.push_back(depth);
    } else {
      dims = {depth};
    }
    return single(TensorType::of(dtype, std::move(dims)));
  };
  return s;
}

}  // namespace

void registerCategoricalLayers(LayerCatalogue& catalogue) {
  catalogue.add(hashing());
  catalogue.add(hashedCrossing());
  catalogue.add(discretization());
}

}  // namespace graphlint
