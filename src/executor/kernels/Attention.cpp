// Kernels of the attention layers: Attention (dot or concat scores), AdditiveAttention and
// MultiHeadAttention, at inference (no dropout). Matrix products go through sgemm, one per
// batch index (and head).
//
// Masks as Keras applies them: the value's mask (and, for MultiHeadAttention, the query's and a
// separate key's) hides key positions from the softmax; Attention also zeroes the output rows
// of masked query steps. A causal mask comes from the call argument `use_causal_mask` (or the
// constructor argument `causal` of Keras 2.4-2.9's Attention). MultiHeadAttention also takes
// masks by keyword: `attention_mask` over (batch, query positions, key positions), and
// `query_mask`, `value_mask`, `key_mask` in place of the masks its inputs carry; all of them
// combine by logical and. A layer given a second output receives the attention scores
// (return_attention_scores).
// A query row whose keys are all masked gets a uniform distribution, as Keras' default paths
// (masked scores pushed to -1e9, then softmax) give it.

#include <algorithm>
#include <cmath>

#include "executor/Gemm.h"
#include "executor/kernels/ActivationMath.h"
#include "executor/kernels/KernelUtil.h"
#include "runtime/Convert.h"

namespace graphlint {
namespace {

constexpr float kMaskedScore = 1.0e9f;

/// Whether the call asks for a causal mask (`use_causal_mask=True`; Keras 2.4-2.9's Attention
/// took `causal` in its constructor instead).
bool causalRequested(const KernelArgs& args) {
  if (args.layer->callFlag("use_causal_mask")) return true;
  const Value* causal = args.layer->config.find("causal");
  return causal && causal->isBool() && causal->asBool();
}

/// The positional inputs, outputs and weights must be float32; masks passed by keyword may
/// be bool or numbers.
std::optional<Error> requireFloat32Positional(const KernelArgs& args) {
  for (size_t i = 0; i < args.layer->inputs.size(); ++i)
    if (args.inputs[i]->elementType() != ElementType::Float32)
      return makeError("input " + std::to_string(i) + " is " + args.inputs[i]->describe() +
                       "; this kernel computes in float32");
  for (const HostTensor& out : args.outputs)
    if (out.elementType() != ElementType::Float32)
      return makeError("output " + out.describe() + " is not float32; this kernel computes in float32");
  for (const HostTensor* w : args.weights)
    if (w->elementType() != ElementType::Float32)
      return makeError("weight " + w->describe() + " is not float32; this kernel computes in float32");
  return std::nullopt;
}

/// A mask passed by keyword, as one byte per element (nonzero: visible), or null when the call
/// passes none.
Result<std::optional<std::vector<uint8_t>>> keywordMask(const KernelArgs& args, llvm::StringRef keyword) {
  std::optional<size_t> index = args.layer->keywordInputIndex(keyword);
  if (!index) return std::optional<std::vector<uint8_t>>();
  const HostTensor& mask = *args.inputs[*index];
  std::vector<uint8_t> visible(static_cast<size_t>(mask.elementCount()));
  if (mask.elementType() == ElementType::Bool) {
    llvm::ArrayRef<uint8_t> bytes = mask.bytes();
    for (size_t i = 0; i < visible.size(); ++i) visible[i] = bytes[i] != 0;
  } else {
    std::vector<float> values = toFloats(mask);
    for (size_t i = 0; i < visible.size(); ++i) visible[i] = values[i] != 0.0f;
  }
  return std::optional<std::vector<uint8_t>>(std::move(visible));
}

/// A mask over (batch, steps) as one bool per position, or empty when absent; fails when it
/// does not cover exactly `batches * steps` positions.
Result<std::vector<uint8_t>> stepMask(MaskRef mask, int64_t batches, int64_t steps, llvm::StringRef input) {
  std::vector<uint8_t> out;
  if (!mask) return out;
  if (mask->elementType() != ElementType::Bool || mask->elementCount() != batches * steps)
    return makeError("the " + input.str() + "'s mask " + mask->describe() + " does not cover its " +
                     std::to_string(batches) + " x " + std::to_string(steps) + " (batch, step) positions");
  // Bools are stored one byte each, 0 or 1.
  llvm::ArrayRef<uint8_t> bytes = mask->bytes();
  out.assign(bytes.begin(), bytes.end());
  return out;
}

/// Leading (batch) positions of a tensor whose last `trailing` dims are not batch dims.
int64_t leading(const HostTensor& t, size_t trailing) { return productOf(t.shape(), 0, t.rank() - trailing); }

// Attention and AdditiveAttention -------------------------------------------------------

enum class Scores { Dot, Concat, Additive };

std::optional<Error> luongAttention(KernelArgs& args, Scores mode) {
  if (auto e = requireFloat32(args)) return e;
  const HostTensor& q = *args.inputs[0];
  const HostTensor& v = *args.inputs[1];
  const HostTensor& k = *args.inputs[args.inputs.size() > 2 ? 2 : 1];
  for (const HostTensor* t : {&q, &v, &k})
    if (t->rank() < 2) return makeError("expected inputs of rank >= 2 (batch..., steps, dim), got " + t->describe());
  int64_t batches = leading(q, 2);
  if (leading(v, 2) != batches || leading(k, 2) != batches)
    return makeError("the query " + q.describe() + ", value " + v.describe() + " and key " + k.describe() +
                     " must have the same batch dims");
  int64_t tq = q.shape()[q.rank() - 2], tv = v.shape()[v.rank() - 2];
  int64_t dq = q.shape().back(), dk = k.shape().back(), dv = v.shape().back();
  if (k.shape()[k.rank() - 2] != tv)
    return makeError("the key " + k.describe() + " and value " + v.describe() + " have different steps");
  if (mode == Scores::Dot ? dq != dk : (dq != dk && dq != 1 && dk != 1))
    return makeError("the query's last dim " + std::to_string(dq) + " and the key's " + std::to_string(dk) +
                     " do not fit the scores");

  const LayerCall& layer = *args.layer;
  bool useScale = layer.boolAttr("use_scale");
  size_t expected = (useScale ? 1 : 0) + (mode == Scores::Concat ? 1 : 0);
  if (auto e = requireWeights(args, expected)) return e;
  const float* scale = useScale ? weightData(args, 0) : nullptr;
  int64_t features = std::max(dq, dk);
  if (scale && args.weights[0]->elementCount() != (mode == Scores::Additive ? dq : 1))
    return makeError("scale " + args.weights[0]->describe() + " does not fit the query's last dim " + std::to_string(dq));
  float concatWeight = mode == Scores::Concat ? weightData(args, useScale ? 1 : 0)[0] : 1.0f;

  Result<std::vector<uint8_t>> qMask = stepMask(args.inputMasks[0], batches, tq, "query");
  if (!qMask) return qMask.error();
  Result<std::vector<uint8_t>> vMask = stepMask(args.inputMasks[1], batches, tv, "value");
  if (!vMask) return vMask.error();
  bool causal = causalRequested(args);

  std::vector<float> scoresStorage;
  float* scores = nullptr;
  if (args.outputs.size() > 1) {
    if (args.outputs[1].elementCount() != batches * tq * tv)
      return makeError("the scores output " + args.outputs[1].describe() + " does not hold " + std::to_string(batches) +
                       " x " + std::to_string(tq) + " x " + std::to_string(tv) + " scores");
    scores = outputData(args, 1);
  } else {
    scoresStorage.resize(static_cast<size_t>(batches * tq * tv));
    scores = scoresStorage.data();
  }
  const float* qd = inputData(args, 0);
  const float* vd = inputData(args, 1);
  const float* kd = inputData(args, args.inputs.size() > 2 ? 2 : 1);
  float* out = outputData(args, 0);
  for (int64_t b = 0; b < batches; ++b) {
    float* s = scores + b * tq * tv;
    const float* qb = qd + b * tq * dq;
    const float* kb = kd + b * tv * dk;
    if (mode == Scores::Dot) {
      sgemm(false, true, tq, tv, dq, 1.0f, qb, dq, kb, dk, 0.0f, s, tv);
      if (scale)
        for (int64_t i = 0; i < tq * tv; ++i) s[i] *= scale[0];
    } else {
      // sum over features of tanh(query + key), scaled inside (concat) or per feature (additive).
      for (int64_t i = 0; i < tq; ++i)
        for (int64_t j = 0; j < tv; ++j) {
          float sum = 0;
          for (int64_t d = 0; d < features; ++d) {
            float sumQK = qb[i * dq + (dq == 1 ? 0 : d)] + kb[j * dk + (dk == 1 ? 0 : d)];
            if (mode == Scores::Concat) {
              sum += std::tanh(scale ? scale[0] * sumQK : sumQK);
            } else {
              float t = std::tanh(sumQK);
              sum += scale ? scale[dq == 1 ? 0 : d] * t : t;
            }
          }
          s[i * tv + j] = mode == Scores::Concat ? concatWeight * sum : sum;
        }
    }
    for (int64_t i = 0; i < tq; ++i)
      for (int64_t j = 0; j < tv; ++j) {
        bool visible = (vMask->empty() || (*vMask)[b * tv + j]) && (!causal || j <= i);
        if (!visible) s[i * tv + j] -= kMaskedScore;
      }
    softmaxRows(s, tq * tv, tv);
    float* ob = out + b * tq * dv;
    sgemm(false, false, tq, dv, tv, 1.0f, s, tv, vd + b * tv * dv, dv, 0.0f, ob, dv);
    if (!qMask->empty())
      for (int64_t i = 0; i < tq; ++i)
        if (!(*qMask)[b * tq + i]) std::fill(ob + i * dv, ob + (i + 1) * dv, 0.0f);
  }
  return std::nullopt;
}

// MultiHeadAttention ----------------------------------------------------------------------

/// One projection's kernel and optional bias, flattened to (in, out) and (out,).
struct Projection {
  const HostTensor* kernel = nullptr;
  const HostTensor* bias = nullptr;
};

/// rows x in @ kernel (in, out) + bias into `y` (rows x out).
std::optional<Error> project(const float* x, int64_t rows, int64_t in, const Projection& p, int64_t out, float* y,
                             llvm::StringRef name) {
  if (p.kernel->elementCount() != in * out)
    return makeError("the " + name.str() + " kernel " + p.kernel->describe() + " does not map " + std::to_string(in) +
                     " features to " + std::to_string(out));
  if (p.bias && p.bias->elementCount() != out)
    return makeError("the " + name.str() + " bias " + p.bias->describe() + " does not have " + std::to_string(out) +
                     " elements");
  sgemm(false, false, rows, out, in, 1.0f, x, in, p.kernel->data<float>().data(), out, 0.0f, y, out);
  if (p.bias) {
    const float* bias = p.bias->data<float>().data();
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t j = 0; j < out; ++j) y[r * out + j] += bias[j];
  }
  return std::nullopt;
}

/// Whether `attention_axes` is null or names exactly the axes between batch and features.
bool defaultAttentionAxes(const Value& axes, size_t rank) {
  if (axes.isNull()) return true;
  std::vector<int64_t> given;
  if (axes.isInt()) given.push_back(axes.asInt());
  if (axes.isList())
    for (const Value& a : axes.items()) given.push_back(a.isInt() ? a.asInt() : -1000);
  if (given.size() != rank - 2) return false;
  for (size_t i = 0; i < given.size(); ++i) {
    int64_t a = given[i] < 0 ? given[i] + static_cast<int64_t>(rank) : given[i];
    if (a != static_cast<int64_t>(i + 1)) return false;
  }
  return true;
}

/// The explicit `attention_mask` broadcast to (batch, query positions, key positions), one
/// byte per score; empty when the call passes none.
Result<std::vector<uint8_t>> attentionMask(const KernelArgs& args, const HostTensor& q, const HostTensor& k) {
  Result<std::optional<std::vector<uint8_t>>> given = keywordMask(args, "attention_mask");
  if (!given) return given.error();
  if (!*given) return std::vector<uint8_t>();
  const HostTensor& mask = *args.inputs[*args.layer->keywordInputIndex("attention_mask")];
  std::vector<int64_t> scores{q.shape()[0]};
  scores.insert(scores.end(), q.shape().begin() + 1, q.shape().end() - 1);
  scores.insert(scores.end(), k.shape().begin() + 1, k.shape().end() - 1);
  const std::vector<int64_t>& shape = mask.shape();
  bool fits = shape.size() <= scores.size();
  for (size_t d = 0; fits && d < shape.size(); ++d) {
    int64_t want = scores[scores.size() - shape.size() + d];
    fits = shape[d] == want || shape[d] == 1;
  }
  if (!fits)
    return makeError("the attention_mask " + mask.describe() + " does not broadcast to the scores' (batch, query " +
                     "positions..., key positions...) " + formatShape(scores));
  std::vector<uint8_t> full(static_cast<size_t>(productOf(scores, 0, scores.size())));
  std::vector<int64_t> maskStrides = broadcastStrides(shape, scores);
  std::vector<int64_t> none(scores.size(), 0);
  forEachBroadcast(scores, maskStrides, none,
                   [&](int64_t out, int64_t in, int64_t) { full[static_cast<size_t>(out)] = (**given)[static_cast<size_t>(in)]; });
  return full;
}

/// A step mask passed by keyword (`query_mask=`) in place of the one the input carries.
MaskRef maskFor(const KernelArgs& args, size_t input, llvm::StringRef keyword) {
  if (std::optional<size_t> index = args.layer->keywordInputIndex(keyword)) return args.inputs[*index];
  return input < args.inputMasks.size() ? args.inputMasks[input] : nullptr;
}

std::optional<Error> multiHeadAttention(KernelArgs& args) {
  if (auto e = requireFloat32Positional(args)) return e;
  const LayerCall& layer = *args.layer;
  const HostTensor& q = *args.inputs[0];
  const HostTensor& v = *args.inputs[1];
  bool separateKey = layer.inputs.size() > 2;
  const HostTensor& k = *args.inputs[separateKey ? 2 : 1];
  size_t rank = q.rank();
  if (rank < 3 || v.rank() != rank || k.rank() != rank)
    return makeError("expected a query, value and key of one rank >= 3, got " + q.describe() + ", " + v.describe() +
                     " and " + k.describe());
  if (!defaultAttentionAxes(layer.attr("attention_axes"), rank))
    return makeError("attention_axes " + layer.attr("attention_axes").str() +
                     " other than all axes between batch and features are not supported");
  if (!layer.attr("sliding_window").isNull()) return makeError("sliding_window is not supported");
  int64_t batch = q.shape()[0];
  if (v.shape()[0] != batch || k.shape()[0] != batch)
    return makeError("the query " + q.describe() + ", value " + v.describe() + " and key " + k.describe() +
                     " must have the same batch size");
  int64_t tq = productOf(q.shape(), 1, rank - 1), tv = productOf(v.shape(), 1, rank - 1);
  if (productOf(k.shape(), 1, rank - 1) != tv)
    return makeError("the key " + k.describe() + " and value " + v.describe() + " have different positions");
  int64_t dq = q.shape().back(), dv = v.shape().back(), dk = k.shape().back();
  int64_t heads = layer.intAttr("num_heads"), keyDim = layer.intAttr("key_dim");
  const Value& valueDimAttr = layer.attr("value_dim");
  int64_t valueDim = valueDimAttr.isInt() ? valueDimAttr.asInt() : keyDim;
  int64_t outFeatures = args.outputs[0].elementCount() / std::max<int64_t>(batch * tq, 1);

  bool useBias = layer.boolAttr("use_bias"), useGate = layer.boolAttr("use_gate");
  size_t perProjection = useBias ? 2 : 1;
  if (auto e = requireWeights(args, perProjection * (useGate ? 5 : 4))) return e;
  std::vector<Projection> projections;
  for (size_t i = 0; i < args.weights.size(); i += perProjection)
    projections.push_back({args.weights[i], useBias ? args.weights[i + 1] : nullptr});
  const Projection& queryP = projections[0];
  const Projection& keyP = projections[1];
  const Projection& valueP = projections[useGate ? 3 : 2];
  const Projection& outputP = projections.back();

  int64_t qk = heads * keyDim, vw = heads * valueDim;
  std::vector<float> query(static_cast<size_t>(batch * tq * qk)), key(static_cast<size_t>(batch * tv * qk)),
      value(static_cast<size_t>(batch * tv * vw)), context(static_cast<size_t>(batch * tq * vw));
  if (auto e = project(inputData(args, 0), batch * tq, dq, queryP, qk, query.data(), "query")) return e;
  if (auto e = project(inputData(args, separateKey ? 2 : 1), batch * tv, dk, keyP, qk, key.data(), "key")) return e;
  if (auto e = project(inputData(args, 1), batch * tv, dv, valueP, vw, value.data(), "value")) return e;

  // The attention mask: query mask [B, T, 1] & value mask [B, 1, S] & key mask [B, 1, S] (a
  // separate key only) & causal [1, T, S].
  Result<std::vector<uint8_t>> qMask = stepMask(maskFor(args, 0, "query_mask"), batch, tq, "query");
  if (!qMask) return qMask.error();
  Result<std::vector<uint8_t>> vMask = stepMask(maskFor(args, 1, "value_mask"), batch, tv, "value");
  if (!vMask) return vMask.error();
  Result<std::vector<uint8_t>> kMask =
      stepMask(separateKey || layer.keywordInputIndex("key_mask") ? maskFor(args, 2, "key_mask") : nullptr, batch, tv, "key");
  if (!kMask) return kMask.error();
  Result<std::vector<uint8_t>> given = attentionMask(args, q, k);
  if (!given) return given.error();
  bool causal = causalRequested(args);
  if (causal && rank != 3) return makeError("a causal mask needs rank-3 inputs (batch, steps, features)");
  bool masked = causal || !qMask->empty() || !vMask->empty() || !kMask->empty() || !given->empty();

  std::vector<float> scoresStorage;
  float* scores = nullptr;
  if (args.outputs.size() > 1) {
    if (args.outputs[1].elementCount() != batch * heads * tq * tv)
      return makeError("the scores output " + args.outputs[1].describe() + " does not hold (batch, heads, T, S) = (" +
                       std::to_string(batch) + ", " + std::to_string(heads) + ", " + std::to_string(tq) + ", " +
                       std::to_string(tv) + ") scores");
    scores = outputData(args, 1);
  } else {
    scoresStorage.resize(static_cast<size_t>(batch * heads * tq * tv));
    scores = scoresStorage.data();
  }
  float inverseSqrt = 1.0f / std::sqrt(static_cast<float>(keyDim));
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t h = 0; h < heads; ++h) {
      float* s = scores + (b * heads + h) * tq * tv;
      // Heads are interleaved in the projections' rows: head h is columns [h * dim, (h+1) * dim).
      sgemm(false, true, tq, tv, keyDim, inverseSqrt, query.data() + b * tq * qk + h * keyDim, qk,
            key.data() + b * tv * qk + h * keyDim, qk, 0.0f, s, tv);
      if (masked)
        for (int64_t i = 0; i < tq; ++i)
          for (int64_t j = 0; j < tv; ++j) {
            bool visible = (qMask->empty() || (*qMask)[b * tq + i]) && (vMask->empty() || (*vMask)[b * tv + j]) &&
                           (kMask->empty() || (*kMask)[b * tv + j]) && (!causal || j <= i) &&
                           (given->empty() || (*given)[(b * tq + i) * tv + j]);
            if (!visible) s[i * tv + j] = -kMaskedScore;
          }
      softmaxRows(s, tq * tv, tv);
      sgemm(false, false, tq, valueDim, tv, 1.0f, s, tv, value.data() + b * tv * vw + h * valueDim, vw, 0.0f,
            context.data() + b * tq * vw + h * valueDim, vw);
    }
  if (useGate) {
    std::vector<float> gate(context.size());
    if (auto e = project(inputData(args, 0), batch * tq, dq, projections[2], vw, gate.data(), "gate")) return e;
    if (auto e = applyActivation("sigmoid", gate.data(), static_cast<int64_t>(gate.size()), vw, args.options.kerasMajor))
      return e;
    for (size_t i = 0; i < gate.size(); ++i) context[i] *= gate[i];
  }
  return project(context.data(), batch * tq, vw, outputP, outFeatures, outputData(args, 0), "attention_output");
}

}  // namespace

void registerAttentionKernels(KernelRegistry& registry) {
  // Attention's compute_mask and MultiHeadAttention both give the query's mask to the output.
  registry.addLayer("Attention", {[](KernelArgs& args) {
                                    return luongAttention(args, args.layer->stringAttr("score_mode") == "concat"
                                                                    ? Scores::Concat
                                                                    : Scores::Dot);
                                  },
                                  MaskRule::PassThrough});
  registry.addLayer("AdditiveAttention",
                    {[](KernelArgs& args) { return luongAttention(args, Scores::Additive); }, MaskRule::PassThrough});
  registry.addLayer("MultiHeadAttention", {multiHeadAttention, MaskRule::PassThrough});
}

}  // namespace graphlint
