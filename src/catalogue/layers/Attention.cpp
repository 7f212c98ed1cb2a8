// Attention layers: Attention, AdditiveAttention and MultiHeadAttention
// (keras/src/layers/attention/). Each takes [query, value] or [query, value, key]; without
// a key, the value is also the key.

#include "catalogue/ShapeRules.h"

#include "llvm/ADT/STLExtras.h"

namespace graphlint {
namespace {

const char* const kInputNames[] = {"query", "value", "key"};

/// The key: the third input, else the value.
const TensorType& keyOf(const LayerCall& call) { return call.inputs[call.inputs.size() > 2 ? 2 : 1]; }
size_t keyIndex(const LayerCall& call) { return call.inputs.size() > 2 ? 2 : 1; }

std::optional<Error> checkInputRanks(const LayerCall& call, size_t minRank, llvm::StringRef layout) {
  for (size_t i = 0; i < call.inputs.size(); ++i)
    if (auto e = checkRank(call, i, minRank, SIZE_MAX,
                           "a " + std::string(kInputNames[i]) + " of rank >= " + std::to_string(minRank) + " " +
                               layout.str()))
      return e;
  return std::nullopt;
}

/// "Attention query (batch, 8, 16) and key (batch, 4, 32)" for messages.
std::string pairStr(const LayerCall& call, size_t a, size_t b) {
  return call.schema.className + " " + kInputNames[a] + " " + call.inputs[a].shapeStr() + " and " +
         kInputNames[b] + " " + call.inputs[b].shapeStr();
}

/// Dims that batched matmul / einsum pair up, where a dim of 1 broadcasts: fails when they
/// are provably different and neither is 1.
bool mayBroadcast(const Dim& a, const Dim& b, AssumptionLog* log, std::string reason) {
  if (a.constantValue() == 1 || b.constantValue() == 1) return true;
  return mayBeEqual(a, b, log, std::move(reason));
}

/// The leading (batch) dims of inputs a and b, all but their last `trailing` dims, aligned
/// from the right as matmul broadcasting aligns them.
std::optional<Error> checkBatchDims(const LayerCall& call, size_t a, size_t b, size_t trailing) {
  const TensorType& ta = call.inputs[a];
  const TensorType& tb = call.inputs[b];
  if (!ta.hasRank() || !tb.hasRank()) return std::nullopt;
  size_t na = ta.rank() - trailing, nb = tb.rank() - trailing;
  for (size_t i = 1; i <= std::min(na, nb); ++i) {
    const Dim& da = (*ta.dims)[na - i];
    const Dim& db = (*tb.dims)[nb - i];
    std::string reason = "dim " + std::to_string(na - i) + " of the " + kInputNames[a] + " and dim " +
                         std::to_string(nb - i) + " of the " + kInputNames[b] + " of " + call.schema.className;
    if (!mayBroadcast(da, db, call.assumptions, reason))
      return makeError(pairStr(call, a, b) + " have different batch dims: dim " + std::to_string(na - i) +
                       " is " + da.str() + " vs " + db.str());
  }
  return std::nullopt;
}

Dim lastDim(const TensorType& t) { return t.hasRank() && t.rank() > 0 ? t.dims->back() : Dim::unknown(); }

// Attention and AdditiveAttention ---------------------------------------------------------

enum class Scores { Dot, Concat, Additive };

Scores scoresOf(const LayerCall& call) {
  if (call.schema.className == "AdditiveAttention") return Scores::Additive;
  return call.stringAttr("score_mode") == "concat" ? Scores::Concat : Scores::Dot;
}

Result<std::vector<TensorType>> luongShape(const LayerCall& call) {
  if (auto e = checkInputRanks(call, 2, "(batch..., T, dim)")) return *e;
  const std::string& name = call.schema.className;
  const TensorType& query = call.inputs[0];
  const TensorType& value = call.inputs[1];
  const TensorType& key = keyOf(call);
  size_t k = keyIndex(call);

  // Scores are (batch..., Tq, Tv): the query's and key's features meet, then the value is
  // weighted over the key's timesteps.
  Dim qFeatures = lastDim(query), kFeatures = lastDim(key);
  Scores scores = scoresOf(call);
  if (scores == Scores::Dot) {
    if (!mayBeEqual(qFeatures, kFeatures, call.assumptions, "the last dims of the query and key of " + name))
      return makeError(name + " query last dim " + qFeatures.str() + " and key last dim " + kFeatures.str() +
                       " differ: score_mode 'dot' computes query @ transpose(key), so they must be equal (query " +
                       query.shapeStr() + ", key " + key.shapeStr() + ")");
  } else if (!mayBroadcast(qFeatures, kFeatures, call.assumptions,
                           "the last dims of the query and key of " + name)) {
    std::string how = scores == Scores::Concat ? "score_mode 'concat' adds" : "additive scores add";
    return makeError(name + " query last dim " + qFeatures.str() + " and key last dim " + kFeatures.str() +
                     " differ: " + how + " query and key, so they must be equal or 1 (query " + query.shapeStr() +
                     ", key " + key.shapeStr() + ")");
  }
  if (k == 2 && key.hasRank() && value.hasRank()) {
    const Dim& kSteps = (*key.dims)[key.rank() - 2];
    const Dim& vSteps = (*value.dims)[value.rank() - 2];
    if (!mayBeEqual(kSteps, vSteps, call.assumptions, "the timesteps of the value and key of " + name))
      return makeError(pairStr(call, 1, 2) + " must have the same number of timesteps (dim -2): " + vSteps.str() +
                       " vs " + kSteps.str());
  }
  if (auto e = checkBatchDims(call, 0, k, 2)) return *e;
  if (k == 2)
    if (auto e = checkBatchDims(call, 1, 2, 2)) return *e;

  // Keras' compute_output_shape: (*query_shape[:-1], value_shape[-1]); with
  // return_attention_scores, the scores (*query_shape[:-1], Tv) follow.
  bool withScores = call.callFlag("return_attention_scores");
  if (!query.hasRank()) {
    std::vector<TensorType> outputs(withScores ? 2 : 1, TensorType{computeDType(call), std::nullopt});
    return outputs;
  }
  Dims out = *query.dims;
  out.back() = lastDim(value);
  std::vector<TensorType> outputs{TensorType::of(computeDType(call), std::move(out))};
  if (withScores) {
    Dims scores = *query.dims;
    scores.back() = value.hasRank() ? (*value.dims)[value.rank() - 2] : Dim::unknown();
    outputs.push_back(TensorType::of(computeDType(call), std::move(scores)));
  }
  return outputs;
}

LayerSchema attention() {
  LayerSchema s;
  s.className = "Attention";
  s.family = "attention";
  s.doc = "dot-product (Luong) attention; inputs [query, value] or [query, value, key] (the value is the "
          "second input; without a key the value is the key), output (batch, Tq, value dim)";
  s.attrs = {
      optional("use_scale", AttrType::Bool, Value::boolean(false), "learn a scalar that scales the scores"),
      oneOf("score_mode", {"dot", "concat"}, Value::string("dot"),
            "dot: query @ transpose(key); concat: sum(tanh(query + key)) over the features"),
      optional("dropout", AttrType::Float, Value::number(0.0), "dropout rate on the attention scores")
          .within(unitInterval()),
      optional("seed", AttrType::Any, Value::null(), "dropout seed"),
  };
  s.minInputs = 2;
  s.maxInputs = 3;
  s.shape = luongShape;
  // build(): a scalar `scale` when use_scale, a scalar `concat_score_weight` for score_mode
  // concat, both starting at one.
  s.weights = [](const LayerCall& call) {
    std::vector<WeightSpec> weights;
    if (call.boolAttr("use_scale")) weights.push_back({"scale", {}, true, Value::string("ones")});
    if (scoresOf(call) == Scores::Concat) weights.push_back({"concat_score_weight", {}, true, Value::string("ones")});
    return weights;
  };
  return s;
}

LayerSchema additiveAttention() {
  LayerSchema s;
  s.className = "AdditiveAttention";
  s.family = "attention";
  s.doc = "additive (Bahdanau) attention; inputs [query, value] or [query, value, key] (the value is the "
          "second input; without a key the value is the key), output (batch, Tq, value dim)";
  s.attrs = {
      optional("use_scale", AttrType::Bool, Value::boolean(true), "learn a vector that scales the scores"),
      optional("dropout", AttrType::Float, Value::number(0.0), "dropout rate on the attention scores")
          .within(unitInterval()),
      optional("seed", AttrType::Any, Value::null(), "dropout seed"),
  };
  s.minInputs = 2;
  s.maxInputs = 3;
  s.shape = luongShape;
  // build(): `scale` of shape (query dim,) when use_scale.
  s.weights = [](const LayerCall& call) {
    std::vector<WeightSpec> weights;
    if (call.boolAttr("use_scale"))
      weights.push_back({"scale", {lastDim(call.inputs[0])}, true, Value::string("glorot_uniform")});
    return weights;
  };
  return s;
}

// MultiHeadAttention ----------------------------------------------------------------------

/// An integer, a list of integers, or null, each integer passing `check` (which returns what
/// is wrong with it, or "").
std::function<std::string(const Value&)> intsOrNull(std::function<std::string(int64_t)> check) {
  return [check = std::move(check)](const Value& v) -> std::string {
    if (v.isNull()) return "";
    std::vector<Value> items = v.isList() ? v.items() : std::vector<Value>{v};
    for (const Value& item : items) {
      if (!item.isInt()) return "must be an integer, a list of integers or null, got " + v.str();
      if (std::string problem = check(item.asInt()); !problem.empty()) return problem + ", got " + v.str();
    }
    return "";
  };
}

std::vector<int64_t> intsOf(const Value& v) {
  std::vector<int64_t> out;
  if (v.isInt()) out.push_back(v.asInt());
  if (v.isList())
    for (const Value& item : v.items()) out.push_back(item.asInt());
  return out;
}

/// The trailing output dims: `output_shape` when given, else the query's last dim.
Dims outputFeatureDims(const LayerCall& call) {
  std::vector<int64_t> given = intsOf(call.attr("output_shape"));
  if (given.empty()) return {lastDim(call.inputs[0])};
  Dims dims;
  for (int64_t d : given) dims.push_back(Dim::constant(d));
  return dims;
}

std::string axesStr(const std::vector<int64_t>& axes) {
  std::string out = "(";
  for (size_t i = 0; i < axes.size(); ++i) out += (i ? ", " : "") + std::to_string(axes[i]);
  return out + (axes.size() == 1 ? ",)" : ")");
}

/// attention_mask must broadcast to the scores without their heads axis, (B, T..., S...):
/// Keras combines it with the query and value masks and adds the heads axis itself.
std::optional<Error> checkAttentionMask(const LayerCall& call, const TensorType& mask, const Dims& expected) {
  if (!mask.hasRank()) return std::nullopt;
  std::string both = call.schema.className + " attention_mask " + mask.shapeStr() + " does not broadcast to " +
                     formatShape(expected) + ", the (batch, query positions, key positions) of the scores it masks";
  if (mask.rank() != expected.size())
    return makeError(both + ": rank " + std::to_string(mask.rank()) + " vs " + std::to_string(expected.size()));
  for (size_t d = 0; d < expected.size(); ++d) {
    const Dim& m = (*mask.dims)[d];
    if (!mayBroadcast(m, expected[d], call.assumptions, "dim " + std::to_string(d) + " of the attention_mask of " +
                                                             call.schema.className))
      return makeError(both + ": dim " + std::to_string(d) + " differs (" + m.str() + " vs " + expected[d].str() + ")");
  }
  return std::nullopt;
}

Result<std::vector<TensorType>> multiHeadShape(const LayerCall& call) {
  const std::string& name = call.schema.className;
  if (auto e = checkInputRanks(call, 3, "(batch, T..., dim)")) return *e;
  const Value& flash = call.attr("flash_attention");
  if (flash.isBool() && flash.asBool() && call.floatAttr("dropout") > 0)
    return makeError(name + " does not support dropout with flash_attention: got dropout " +
                     call.attr("dropout").str() + " and flash_attention True");
  const TensorType& query = call.inputs[0];
  const TensorType& value = call.inputs[1];
  const TensorType& key = keyOf(call);
  size_t k = keyIndex(call);

  // Keras' build: "All dimensions of `value` and `key`, except the last one, must be equal".
  if (k == 2 && value.hasRank() && key.hasRank()) {
    if (value.rank() != key.rank())
      return makeError(pairStr(call, 1, 2) + " must have equal dims except the last: ranks differ (" +
                       std::to_string(value.rank()) + " vs " + std::to_string(key.rank()) + ")");
    for (size_t d = 0; d + 1 < value.rank(); ++d) {
      const Dim& dv = (*value.dims)[d];
      const Dim& dk = (*key.dims)[d];
      std::string reason = "dim " + std::to_string(d) + " of the value and key of " + name;
      bool ok = d == 0 ? mayBroadcast(dv, dk, call.assumptions, reason) : mayBeEqual(dv, dk, call.assumptions, reason);
      if (!ok)
        return makeError(pairStr(call, 1, 2) + " must have equal dims except the last: dim " + std::to_string(d) +
                         " differs (" + dv.str() + " vs " + dk.str() + ")");
    }
  }

  // The projected query and key meet in einsums of one rank, paired on every axis but the
  // attention axes (the query's T..., the key's S...) and the features.
  std::vector<size_t> attentionAxes;
  if (query.hasRank() && key.hasRank()) {
    size_t rank = query.rank();
    if (key.rank() != rank)
      return makeError(pairStr(call, 0, k) + " must have the same rank: " + std::to_string(rank) + " vs " +
                       std::to_string(key.rank()));
    std::vector<int64_t> given = intsOf(call.attr("attention_axes"));
    if (call.attr("attention_axes").isNull()) {
      for (size_t d = 1; d + 1 < rank; ++d) attentionAxes.push_back(d);
    } else {
      for (int64_t a : given) {
        // Keras normalizes a negative axis against the input's rank.
        int64_t axis = a < 0 ? a + static_cast<int64_t>(rank) : a;
        if (axis < 0 || axis >= static_cast<int64_t>(rank))
          return makeError(name + " attention_axes " + axesStr(given) + " are out of range for the " +
                           std::to_string(rank) + "-D query " + query.shapeStr());
        attentionAxes.push_back(static_cast<size_t>(axis));
      }
    }
    for (size_t d = 0; d + 1 < rank; ++d) {
      if (llvm::is_contained(attentionAxes, d)) continue;
      const Dim& dq = (*query.dims)[d];
      const Dim& dk = (*key.dims)[d];
      if (!mayBroadcast(dq, dk, call.assumptions, "dim " + std::to_string(d) + " of the query and key of " + name))
        return makeError(pairStr(call, 0, k) + " must agree on dim " + std::to_string(d) +
                         ", which is not an attention axis: " + dq.str() + " vs " + dk.str());
    }
  }

  // The scores: the other axes, then the heads, the query's attention axes and the key's.
  bool withScores = call.callFlag("return_attention_scores");
  // attention_mask covers the same axes but the heads.
  Dims scores, maskDims;
  bool scoresKnown = query.hasRank() && key.hasRank();
  if (scoresKnown) {
    for (size_t d = 0; d + 1 < query.rank(); ++d)
      if (!llvm::is_contained(attentionAxes, d)) scores.push_back((*query.dims)[d]);
    maskDims = scores;
    scores.push_back(Dim::constant(call.intAttr("num_heads")));
    for (size_t d : attentionAxes) scores.push_back((*query.dims)[d]);
    for (size_t d : attentionAxes) scores.push_back((*key.dims)[d]);
    maskDims.append(scores.end() - 2 * static_cast<std::ptrdiff_t>(attentionAxes.size()), scores.end());
  }
  if (const TensorType* mask = call.keywordInput("attention_mask"); mask && scoresKnown)
    if (auto e = checkAttentionMask(call, *mask, maskDims)) return *e;

  // Keras' compute_output_shape: query_shape[:-1] + output_shape (default: the query's last dim).
  std::vector<TensorType> outputs;
  if (query.hasRank()) {
    Dims out(query.dims->begin(), query.dims->end() - 1);
    for (const Dim& d : outputFeatureDims(call)) out.push_back(d);
    outputs.push_back(TensorType::of(computeDType(call), std::move(out)));
  } else {
    outputs.push_back(TensorType{computeDType(call), std::nullopt});
  }
  if (withScores)
    outputs.push_back(scoresKnown ? TensorType::of(computeDType(call), std::move(scores))
                                  : TensorType{computeDType(call), std::nullopt});
  return outputs;
}

/// The EinsumDense projections MultiHeadAttention's build() creates, in its order: `query` and
/// `key` to (num_heads, key_dim), the optional `gate` (Keras 3) and `value` to (num_heads,
/// value_dim), and `attention_output` from (num_heads, value_dim) to the output dims. Each has
/// a `kernel` (input features, projected dims...) and, with use_bias, a `bias` shaped like the
/// projected dims.
std::vector<WeightSpec> multiHeadWeights(const LayerCall& call) {
  Dim heads = Dim::constant(call.intAttr("num_heads"));
  Dim keyDim = Dim::constant(call.intAttr("key_dim"));
  const Value& valueDimAttr = call.attr("value_dim");
  Dim valueDim = valueDimAttr.isInt() ? Dim::constant(valueDimAttr.asInt()) : keyDim;
  const Value& kernelInit = call.attr("kernel_initializer");
  const Value& biasInit = call.attr("bias_initializer");
  bool bias = call.boolAttr("use_bias");
  std::vector<WeightSpec> weights;
  auto projection = [&](llvm::StringRef name, Dims from, const Dims& to) {
    Dims kernel = std::move(from);
    kernel.append(to.begin(), to.end());
    weights.push_back({name.str() + "/kernel", std::move(kernel), true, kernelInit});
    if (bias) weights.push_back({name.str() + "/bias", to, true, biasInit});
  };
  Dim queryFeatures = lastDim(call.inputs[0]);
  projection("query", {queryFeatures}, {heads, keyDim});
  projection("key", {lastDim(keyOf(call))}, {heads, keyDim});
  if (call.boolAttr("use_gate")) projection("gate", {queryFeatures}, {heads, valueDim});
  projection("value", {lastDim(call.inputs[1])}, {heads, valueDim});
  projection("attention_output", {heads, valueDim}, outputFeatureDims(call));
  return weights;
}

/// Positions of a tensor: all dims but the last (batch and sequence axes).
Dim positions(const TensorType& t) {
  if (!t.hasRank() || t.rank() == 0) return Dim::unknown();
  Dim n = Dim::constant(1);
  for (size_t i = 0; i + 1 < t.rank(); ++i) n = n * (*t.dims)[i];
  return n;
}

/// The four projections, the query-key scores and the weighted sum of values. Scores cost
/// query positions x key positions per sample: the key positions here are all but batch.
Dim multiHeadFlops(const LayerCall& call, llvm::ArrayRef<TensorType> outputs) {
  Dim two = Dim::constant(2);
  Dim heads = Dim::constant(call.intAttr("num_heads"));
  Dim keyDim = Dim::constant(call.intAttr("key_dim"));
  const Value& valueDimAttr = call.attr("value_dim");
  Dim valueDim = valueDimAttr.isInt() ? Dim::constant(valueDimAttr.asInt()) : keyDim;
  const TensorType& query = call.inputs[0];
  const TensorType& value = call.inputs[1];
  const TensorType& key = keyOf(call);
  if (!query.hasRank() || !key.hasRank() || key.rank() < 2) return Dim::unknown();
  Dim queryPositions = positions(query);
  Dim keyPositions = positions(key);
  Dim keysPerSample = Dim::floorDiv(keyPositions, (*key.dims)[0]);
  Dim projections = two * heads * (queryPositions * lastDim(query) * keyDim + keyPositions * lastDim(key) * keyDim +
                                   positions(value) * lastDim(value) * valueDim);
  Dim attention = two * heads * queryPositions * keysPerSample * (keyDim + valueDim);
  Dim output = two * heads * valueDim * totalElements(outputs);
  return projections + attention + output;
}

LayerSchema multiHeadAttention() {
  LayerSchema s;
  s.className = "MultiHeadAttention";
  s.family = "attention";
  s.doc = "multi-head attention; inputs [query, value] or [query, value, key] (the value is the second "
          "input; without a key the value is the key), output query_shape[:-1] + output_shape (default: the "
          "query's last dim)";
  s.attrs = {
      required("num_heads", AttrType::Int, "number of attention heads").within(atLeast(1)),
      required("key_dim", AttrType::Int, "size of each head for query and key").within(atLeast(1)),
      optional("value_dim", AttrType::OptionalInt, Value::null(), "size of each head for value; null: key_dim")
          .within(atLeast(1)),
      optional("dropout", AttrType::Float, Value::number(0.0), "dropout rate on the attention scores")
          .within(unitInterval()),
      optional("use_bias", AttrType::Bool, Value::boolean(true), "whether the projections have biases"),
      optional("output_shape", AttrType::Any, Value::null(),
               "trailing output dims (an integer or a list); null: the query's last dim")
          .within(intsOrNull([](int64_t d) { return d >= 1 ? std::string() : "dims must be >= 1"; })),
      optional("attention_axes", AttrType::Any, Value::null(),
               "axes attention is applied over (an integer or a list); null: all but batch and features")
          .within(intsOrNull([](int64_t) { return std::string(); })),
      optional("sliding_window", AttrType::OptionalInt, Value::null(),
               "attend only to keys fewer than this many positions away").within(atLeast(1)),
      optional("flash_attention", AttrType::Any, Value::null(),
               "use flash attention: true, false, or null for the backend's setting")
          .within([](const Value& v) {
            return v.isNull() || v.isBool() ? std::string() : "must be a boolean or null, got " + v.str();
          }),
      optional("use_gate", AttrType::Bool, Value::boolean(false), "gate the attention output with sigmoid(query)"),
      optional("kernel_initializer", AttrType::Any, Value::string("glorot_uniform"), "initializer of the kernels"),
      optional("bias_initializer", AttrType::Any, Value::string("zeros"), "initializer of the biases"),
      optional("kernel_regularizer", AttrType::Any, Value::null(), "regularizer of the kernels"),
      optional("bias_regularizer", AttrType::Any, Value::null(), "regularizer of the biases"),
      optional("activity_regularizer", AttrType::Any, Value::null(), "regularizer of the output"),
      optional("kernel_constraint", AttrType::Any, Value::null(), "constraint on the kernels"),
      optional("bias_constraint", AttrType::Any, Value::null(), "constraint on the biases"),
      optional("seed", AttrType::Any, Value::null(), "dropout seed"),
      optional("query_shape", AttrType::Any, Value::null(), "Keras 2 only; ignored"),
      optional("key_shape", AttrType::Any, Value::null(), "Keras 2 only; ignored"),
      optional("value_shape", AttrType::Any, Value::null(), "Keras 2 only; ignored"),
  };
  s.minInputs = 2;
  s.maxInputs = 3;
  s.positionalInputs = {"query", "value", "key"};
  s.keywordInputs = {"attention_mask", "query_mask", "value_mask", "key_mask"};
  s.shape = multiHeadShape;
  s.weights = multiHeadWeights;
  s.flops = multiHeadFlops;
  return s;
}

}  // namespace

void registerAttentionLayers(LayerCatalogue& catalogue) {
  catalogue.add(attention());
  catalogue.add(additiveAttention());
  catalogue.add(multiHeadAttention());
}

}  // namespace graphlint
