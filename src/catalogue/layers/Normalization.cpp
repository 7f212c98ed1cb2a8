// Normalization layers: BatchNormalization, LayerNormalization, GroupNormalization,
// UnitNormalization, RMSNormalization. Each keeps its input's shape; they differ in the axes they normalize and
// the weights they build (keras/src/layers/normalization/). And SpectralNormalization, which
// wraps a layer and normalizes its kernel.

#include "catalogue/ShapeRules.h"
#include "catalogue/WeightRules.h"

#include <optional>

#include "llvm/ADT/STLExtras.h"

namespace graphlint {
namespace {

/// center/scale and the beta/gamma initializers, regularizers and constraints.
std::vector<AttrSpec> affineAttrs() {
  std::vector<AttrSpec> attrs = {
      optional("center", AttrType::Bool, Value::boolean(true), "whether to add the offset beta"),
      optional("scale", AttrType::Bool, Value::boolean(true), "whether to multiply by gamma"),
  };
  for (const char* weight : {"beta", "gamma"}) {
    std::string w = weight;
    attrs.push_back(optional(w + "_initializer", AttrType::Any, Value::string(w == "beta" ? "zeros" : "ones"),
                             "initializer of " + w));
    attrs.push_back(optional(w + "_regularizer", AttrType::Any, Value::null(), "regularizer of " + w));
    attrs.push_back(optional(w + "_constraint", AttrType::Any, Value::null(), "constraint on " + w));
  }
  return attrs;
}

/// The output of a layer that keeps its input's shape, once the axes have been checked.
Result<std::vector<TensorType>> sameShape(const LayerCall& call) {
  return single(TensorType{computeDType(call), call.inputs[0].dims});
}

/// The input's dim at `axis`, or unknown when the rank is unknown or the axis out of range.
Dim dimAt(const LayerCall& call, int64_t axis) {
  const TensorType& in = call.inputs[0];
  if (!in.hasRank()) return Dim::unknown();
  std::optional<size_t> d = normalizeAxis(axis, in.rank());
  return d ? (*in.dims)[*d] : Dim::unknown();
}

/// The input's dims at the axes of `axis` in increasing order, as build() shapes the weights
/// of the layers normalizing over several axes; one unknown dim per axis when the input's rank
/// is unknown or the axes do not fit it.
Dims dimsAtAxes(const LayerCall& call, bool allowDuplicates) {
  const TensorType& in = call.inputs[0];
  const Value& axis = call.attr("axis");
  if (in.hasRank())
    if (Result<llvm::SmallVector<size_t, 4>> axes = resolveAxes(call, 0, axis, allowDuplicates)) {
      llvm::sort(*axes);
      Dims dims;
      for (size_t a : *axes) dims.push_back((*in.dims)[a]);
      return dims;
    }
  return Dims(axis.isList() ? axis.items().size() : 1, Dim::unknown());
}

/// Checks that the `axis` attribute fits the input; unknown rank passes.
std::optional<Error> checkAxes(const LayerCall& call, bool allowDuplicates) {
  if (!call.inputs[0].hasRank()) return std::nullopt;
  Result<llvm::SmallVector<size_t, 4>> axes = resolveAxes(call, 0, call.attr("axis"), allowDuplicates);
  if (!axes) return axes.error();
  return std::nullopt;
}

/// renorm_clipping as BatchNormalization.__init__ checks it when renorm is on.
std::optional<Error> checkRenormClipping(const LayerCall& call) {
  const Value& clipping = call.attr("renorm_clipping");
  if (!call.boolAttr("renorm") || !clipping.isMap()) return std::nullopt;
  for (const Value::Entry& entry : clipping.entries())
    if (entry.key != "rmax" && entry.key != "rmin" && entry.key != "dmax")
      return makeError("BatchNormalization renorm_clipping has the key '" + entry.key +
                       "'; the keys are rmax, rmin and dmax");
  const Value* rmax = clipping.find("rmax");
  const Value* rmin = clipping.find("rmin");
  const Value* dmax = clipping.find("dmax");
  if (rmax && rmin && rmax->isNumber() && rmin->isNumber() && rmax->asNumber() < rmin->asNumber())
    return makeError("BatchNormalization renorm_clipping needs rmax >= rmin, got rmax " + rmax->str() + " and rmin " +
                     rmin->str());
  if (dmax && dmax->isNumber() && dmax->asNumber() < 0)
    return makeError("BatchNormalization renorm_clipping needs dmax >= 0, got " + dmax->str());
  return std::nullopt;
}

LayerSchema batchNormalization() {
  LayerSchema s;
  s.className = "BatchNormalization";
  s.family = "normalization";
  s.doc = "normalizes each channel of `axis` with batch statistics (training) or moving averages (inference)";
  s.attrs = {
      optional("axis", AttrType::Int, Value::integer(-1), "the channel axis to normalize"),
      optional("momentum", AttrType::Float, Value::number(0.99), "momentum of the moving averages"),
      optional("epsilon", AttrType::Float, Value::number(1e-3), "added to the variance"),
      optional("moving_mean_initializer", AttrType::Any, Value::string("zeros"), "initializer of the moving mean"),
      optional("moving_variance_initializer", AttrType::Any, Value::string("ones"),
               "initializer of the moving variance"),
      optional("renorm", AttrType::Bool, Value::boolean(false),
               "batch renormalization (three more moving statistics)"),
      optional("renorm_clipping", AttrType::Any, Value::null(), "rmax, rmin, dmax clipping of the renorm correction"),
      optional("renorm_momentum", AttrType::Float, Value::number(0.99), "momentum of the renorm statistics"),
      optional("synchronized", AttrType::Bool, Value::boolean(false),
               "synchronize batch statistics across replicas (TensorFlow only)"),
  };
  for (AttrSpec& spec : affineAttrs()) s.attrs.push_back(std::move(spec));
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    if (auto e = checkRenormClipping(call)) return *e;
    if (auto e = checkAxes(call, true)) return *e;
    return sameShape(call);
  };
  // build(): gamma and beta (if scale / center), then the non-trainable moving_mean and
  // moving_variance, and with renorm moving_stddev, renorm_mean and renorm_stddev, each of
  // shape (channels,). The two standard deviations start at the square root of what the
  // moving variance starts at: written as the initializer class `SquareRoot`,
  // `{class_name: SquareRoot, config: {initializer: <moving_variance_initializer>}}`.
  s.weights = [](const LayerCall& call) {
    Dims channels = {dimAt(call, call.intAttr("axis"))};
    std::vector<WeightSpec> weights;
    if (call.boolAttr("scale")) weights.push_back({"gamma", channels, true, call.attr("gamma_initializer")});
    if (call.boolAttr("center")) weights.push_back({"beta", channels, true, call.attr("beta_initializer")});
    const Value& meanInit = call.attr("moving_mean_initializer");
    const Value& varianceInit = call.attr("moving_variance_initializer");
    weights.push_back({"moving_mean", channels, false, meanInit});
    weights.push_back({"moving_variance", channels, false, varianceInit});
    if (call.boolAttr("renorm")) {
      Value stddevInit = initializerValue("SquareRoot", {{"initializer", varianceInit, {}}});
      weights.push_back({"moving_stddev", channels, false, stddevInit});
      weights.push_back({"renorm_mean", channels, false, meanInit});
      weights.push_back({"renorm_stddev", channels, false, stddevInit});
    }
    return weights;
  };
  return s;
}

LayerSchema layerNormalization() {
  LayerSchema s;
  s.className = "LayerNormalization";
  s.family = "normalization";
  s.doc = "normalizes each sample over `axis`";
  s.attrs = {
      optional("axis", AttrType::IntOrList, Value::integer(-1), "the axis or axes to normalize over"),
      optional("epsilon", AttrType::Float, Value::number(1e-3), "added to the variance"),
      optional("rms_scaling", AttrType::Bool, Value::boolean(false),
               "deprecated: scale by the variance only (gamma, no beta)"),
  };
  for (AttrSpec& spec : affineAttrs()) s.attrs.push_back(std::move(spec));
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    if (auto e = checkAxes(call, false)) return *e;
    return sameShape(call);
  };
  // build(): gamma (if scale or rms_scaling) and beta (if center and not rms_scaling), each
  // shaped like the input's dims at the normalized axes.
  s.weights = [](const LayerCall& call) {
    Dims shape = dimsAtAxes(call, false);
    bool rms = call.boolAttr("rms_scaling");
    std::vector<WeightSpec> weights;
    if (call.boolAttr("scale") || rms) weights.push_back({"gamma", shape, true, call.attr("gamma_initializer")});
    if (call.boolAttr("center") && !rms) weights.push_back({"beta", shape, true, call.attr("beta_initializer")});
    return weights;
  };
  return s;
}

/// GroupNormalization's `groups`: a positive integer, or -1 for one group per channel.
std::string groupsDomain(const Value& v) {
  if (v.isInt() && v.asInt() <= 0 && v.asInt() != -1)
    return "must be >= 1 (or -1 for one group per channel), got " + v.str();
  return "";
}

/// A dim as an operand of `%` in a message: parenthesized unless it is one term.
std::string operand(const Dim& d) {
  std::string text = d.str();
  return text.find(' ') == std::string::npos ? text : "(" + text + ")";
}

/// The number of groups: `groups`, or the channel count for -1.
Dim groupCount(const LayerCall& call, const Dim& channels) {
  int64_t groups = call.intAttr("groups");
  return groups == -1 ? channels : Dim::constant(groups);
}

LayerSchema groupNormalization() {
  LayerSchema s;
  s.className = "GroupNormalization";
  s.family = "normalization";
  s.doc = "splits the channels of `axis` into groups and normalizes each group per sample";
  s.attrs = {
      optional("groups", AttrType::Int, Value::integer(32), "number of groups; -1 is instance normalization")
          .within(groupsDomain),
      optional("axis", AttrType::Int, Value::integer(-1), "the channel axis"),
      optional("epsilon", AttrType::Float, Value::number(1e-3), "added to the variance"),
  };
  for (AttrSpec& spec : affineAttrs()) s.attrs.push_back(std::move(spec));
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    if (auto e = checkAxes(call, true)) return *e;
    const TensorType& in = call.inputs[0];
    if (!in.hasRank()) return sameShape(call);
    Dim channels = dimAt(call, call.intAttr("axis"));
    Dim groups = groupCount(call, channels);
    if ((channels - groups).isProvablyNegative())
      return makeError("GroupNormalization groups (" + groups.str() + ") cannot be more than the channels (" +
                       channels.str() + ") of the input " + in.shapeStr());
    Dim remainder = Dim::mod(channels, groups);
    if (!mayBeEqual(remainder, Dim::constant(0), call.assumptions, "GroupNormalization channels divisible by groups"))
      return makeError("GroupNormalization channels (" + channels.str() + ") must be divisible by groups (" +
                       groups.str() + "): " + operand(channels) + " % " + operand(groups) + " = " + remainder.str() +
                       " for the input " + in.shapeStr());
    return sameShape(call);
  };
  // build(): gamma and beta of shape (channels,), if scale / center.
  s.weights = [](const LayerCall& call) {
    Dims channels = {dimAt(call, call.intAttr("axis"))};
    std::vector<WeightSpec> weights;
    if (call.boolAttr("scale")) weights.push_back({"gamma", channels, true, call.attr("gamma_initializer")});
    if (call.boolAttr("center")) weights.push_back({"beta", channels, true, call.attr("beta_initializer")});
    return weights;
  };
  return s;
}

LayerSchema unitNormalization() {
  LayerSchema s;
  s.className = "UnitNormalization";
  s.family = "normalization";
  s.doc = "scales each sample to unit L2 norm over `axis`";
  s.attrs = {optional("axis", AttrType::IntOrList, Value::integer(-1), "the axis or axes to normalize over")};
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    if (auto e = checkAxes(call, true)) return *e;
    return sameShape(call);
  };
  return s;
}

LayerSchema rmsNormalization() {
  LayerSchema s;
  s.className = "RMSNormalization";
  s.family = "normalization";
  s.doc = "divides each sample by its root mean square over `axis`, times a learned scale";
  s.attrs = {
      optional("axis", AttrType::IntOrList, Value::integer(-1), "the axis or axes to normalize over"),
      optional("epsilon", AttrType::Float, Value::number(1e-6), "added to the mean square"),
  };
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    if (auto e = checkAxes(call, true)) return *e;
    return sameShape(call);
  };
  // build(): scale (Keras 3 only), shaped like the input's dims at the axes, starting at ones.
  s.weights = [](const LayerCall& call) {
    return std::vector<WeightSpec>{{"scale", dimsAtAxes(call, true), true, Value::string("ones")}};
  };
  return s;
}

/// The layer SpectralNormalization wraps, called on the wrapper's input.
struct WrappedLayer {
  const LayerSchema* schema = nullptr;
  std::optional<LayerCall> call;
};

WrappedLayer wrappedLayer(const LayerCall& call) {
  const Value& layer = call.attr("layer");
  const Value* className = layer.find("layer");
  const Value* config = layer.find("config");
  static const Value kEmpty = Value::map({});
  WrappedLayer inner;
  if (className && className->isString()) inner.schema = call.catalogue.find(className->asString());
  if (inner.schema) {
    inner.call.emplace(*inner.schema, config ? *config : kEmpty, call.inputs, call.catalogue);
    inner.call->assumptions = call.assumptions;
  }
  return inner;
}

/// Families whose layers have neither a `kernel` nor `embeddings` weight.
bool hasNoKernel(const LayerSchema& schema) {
  static const char* const kFamilies[] = {"pooling", "reshape",      "spatial",       "regularization",
                                          "merge",   "normalization", "augmentation", "activations"};
  return llvm::is_contained(kFamilies, schema.family) || schema.className.rfind("SeparableConv", 0) == 0;
}

/// The last dim of the weight SpectralNormalization normalizes: the wrapped layer's `kernel`
/// (`depthwise_kernel` for DepthwiseConv, which Keras 3 calls `kernel`) or `embeddings`;
/// unknown when it has none of them.
Dim kernelColumns(llvm::ArrayRef<WeightSpec> inner) {
  for (const WeightSpec& w : inner)
    if ((w.name == "kernel" || w.name == "depthwise_kernel" || w.name == "embeddings") && !w.shape.empty())
      return w.shape.back();
  return Dim::unknown();
}

LayerSchema spectralNormalization() {
  LayerSchema s;
  s.className = "SpectralNormalization";
  s.family = "normalization";
  s.doc = "divides the kernel of the layer it wraps by its largest singular value, by power iteration";
  s.attrs = {
      required("layer", AttrType::LayerConfig, "the layer whose kernel (or embeddings) is normalized"),
      optional("power_iterations", AttrType::Int, Value::integer(1), "power iterations per call")
          .within(atLeast(1)),
  };
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    WrappedLayer inner = wrappedLayer(call);
    if (!inner.schema) return std::vector<TensorType>{TensorType::unknown()};
    if (hasNoKernel(*inner.schema))
      return makeError("SpectralNormalization wraps a layer with a kernel or embeddings (Dense, Conv2D, Embedding, "
                       "...), got " + inner.schema->className);
    Result<std::vector<TensorType>> outputs = inner.schema->shape(*inner.call);
    if (!outputs) return makeError("in the layer SpectralNormalization wraps: " + outputs.error().message);
    return outputs;
  };
  // The wrapped layer's weights, built in the wrapper's name scope as TimeDistributed's are
  // (`kernel`, `bias`), and vector_u (1, kernel columns), not trainable. Keras 2 lists the
  // trainable ones first (kernel, bias, vector_u); Keras 3's layer.weights starts with the
  // kernel, which the wrapper also holds, then vector_u, then the rest (kernel, vector_u, bias).
  s.weights = [](const LayerCall& call) {
    std::vector<WeightSpec> inner = nestedLayerWeights(call.attr("layer"), call.inputs, call);
    Value truncatedNormal = initializerValue(
        "TruncatedNormal", {{"mean", Value::number(0.0), {}}, {"stddev", Value::number(0.02), {}}, {"seed", Value::null(), {}}});
    WeightSpec vectorU{"vector_u", {Dim::constant(1), kernelColumns(inner)}, false, std::move(truncatedNormal)};
    std::vector<WeightSpec> weights;
    for (const WeightSpec& w : inner)
      if (w.trainable) weights.push_back(w);
    weights.push_back(std::move(vectorU));
    for (const WeightSpec& w : inner)
      if (!w.trainable) weights.push_back(w);
    return weights;
  };
  return s;
}

}  // namespace

void registerNormalizationLayers(LayerCatalogue& catalogue) {
  catalogue.add(batchNormalization());
  catalogue.add(layerNormalization());
  catalogue.add(groupNormalization());
  catalogue.add(unitNormalization());
  catalogue.add(rmsNormalization());
  catalogue.add(spectralNormalization());
}

}  // namespace graphlint
