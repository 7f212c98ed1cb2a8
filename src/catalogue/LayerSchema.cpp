#include "catalogue/LayerSchema.h"

#include <algorithm>
#include <cassert>

#include "llvm/ADT/STLExtras.h"

#include "catalogue/WeightRules.h"
#include "ir/Graph.h"

namespace graphlint {

llvm::StringRef attrTypeDescription(AttrType type) {
  switch (type) {
    case AttrType::Any: return "any value";
    case AttrType::Bool: return "a boolean";
    case AttrType::Int: return "an integer";
    case AttrType::Float: return "a number";
    case AttrType::String: return "a string";
    case AttrType::Enum: return "one of the allowed strings";
    case AttrType::Activation: return "an activation name";
    case AttrType::OptionalInt: return "an integer or null";
    case AttrType::IntList: return "a list of integers";
    case AttrType::IntOrList: return "an integer or a list of integers";
    case AttrType::Shape: return "a list of dims";
    case AttrType::LayerConfig: return "a layer ({layer: ClassName, config: {...}})";
  }
  return "a value";
}

AttrSpec required(std::string name, AttrType type, std::string doc) {
  return AttrSpec{std::move(name), type, std::nullopt, std::move(doc)};
}

AttrSpec optional(std::string name, AttrType type, Value defaultValue, std::string doc) {
  return AttrSpec{std::move(name), type, std::move(defaultValue), std::move(doc)};
}

AttrSpec oneOf(std::string name, std::vector<std::string> choices, Value defaultValue, std::string doc) {
  return AttrSpec{std::move(name), AttrType::Enum, std::move(defaultValue), std::move(doc),
                  std::move(choices)};
}

namespace {

/// Applies `bad` to a number or to every number of a list; the first complaint wins.
std::string checkNumbers(const Value& v, const std::function<std::string(double)>& bad) {
  if (v.isNumber()) return bad(v.asNumber());
  if (v.isList())
    for (const Value& item : v.items())
      if (item.isNumber())
        if (std::string problem = bad(item.asNumber()); !problem.empty()) return problem;
  return "";
}

std::string numberText(double d) { return Value::number(d).str(); }

}  // namespace

std::function<std::string(const Value&)> atLeast(double minimum) {
  return [minimum](const Value& v) {
    return checkNumbers(v, [minimum](double d) {
      return d >= minimum ? std::string() : "must be >= " + Value::integer(static_cast<int64_t>(minimum)).str() +
                                                ", got " + (d == static_cast<int64_t>(d) ? Value::integer(static_cast<int64_t>(d)).str() : numberText(d));
    });
  };
}

std::function<std::string(const Value&)> fraction() {
  return [](const Value& v) {
    return checkNumbers(v, [](double d) {
      return d >= 0 && d < 1 ? std::string() : "must be in [0, 1), got " + numberText(d);
    });
  };
}

std::function<std::string(const Value&)> unitInterval() {
  return [](const Value& v) {
    return checkNumbers(v, [](double d) {
      return d >= 0 && d <= 1 ? std::string() : "must be in [0, 1], got " + numberText(d);
    });
  };
}

std::function<std::string(const Value&)> numberOrNull(std::function<std::string(const Value&)> inner) {
  return [inner = std::move(inner)](const Value& v) -> std::string {
    if (v.isNull()) return "";
    if (!v.isNumber()) return "must be a number or null, got " + v.str();
    return inner ? inner(v) : "";
  };
}

std::string boolOrNull(const Value& v) {
  return v.isNull() || v.isBool() ? std::string() : "must be a boolean or null, got " + v.str();
}

const AttrSpec* LayerSchema::findAttr(llvm::StringRef name) const {
  for (const AttrSpec& spec : attrs)
    if (spec.name == name) return &spec;
  return nullptr;
}

const Value& LayerCall::attr(llvm::StringRef name) const {
  if (const Value* v = config.find(name)) return *v;
  const AttrSpec* spec = schema.findAttr(name);
  assert(spec && spec->defaultValue && "shape rule read an attribute its schema lacks");
  return *spec->defaultValue;
}

LayerCall LayerCall::ofNode(const LayerSchema& schema, const Node& node, llvm::ArrayRef<TensorType> inputTypes,
                            const LayerCatalogue& catalogue) {
  size_t positional = std::min(node.positionalInputCount(), inputTypes.size());
  LayerCall call(schema, node.config, inputTypes.take_front(positional), catalogue);
  call.keywordInputs = inputTypes.drop_front(positional);
  // inputKeywords is empty when every input is positional.
  llvm::ArrayRef<std::string> keywords = node.inputKeywords;
  if (keywords.size() > positional)
    call.keywords = keywords.drop_front(positional).take_front(call.keywordInputs.size());
  if (node.callArgs.isMap()) call.callArgs = &node.callArgs;
  return call;
}

std::optional<size_t> LayerCall::keywordInputIndex(llvm::StringRef keyword) const {
  for (size_t i = 0; i < keywords.size(); ++i)
    if (keywords[i] == keyword) return inputs.size() + i;
  return std::nullopt;
}

const TensorType* LayerCall::keywordInput(llvm::StringRef keyword) const {
  std::optional<size_t> index = keywordInputIndex(keyword);
  return index ? &keywordInputs[*index - inputs.size()] : nullptr;
}

bool LayerCall::callFlag(llvm::StringRef name) const {
  const Value* v = callArgs ? callArgs->find(name) : nullptr;
  return v && v->isBool() && v->asBool();
}

int64_t LayerCall::intAttr(llvm::StringRef name) const { return attr(name).asInt(); }
bool LayerCall::boolAttr(llvm::StringRef name) const { return attr(name).asBool(); }
double LayerCall::floatAttr(llvm::StringRef name) const { return attr(name).asNumber(); }
std::string LayerCall::stringAttr(llvm::StringRef name) const { return attr(name).asString().str(); }

CallInputOrder orderCallInputs(const LayerSchema* schema, llvm::ArrayRef<std::string> keywords) {
  // Rank 0: by position, in the order written; 1: a positional parameter's name, by its
  // place; 2: another keyword, in the order written; 3: taken by keyword.
  auto rankOf = [&](const std::string& keyword) -> std::pair<int, size_t> {
    if (keyword.empty() || !schema) return {0, 0};
    const std::vector<std::string>& positional = schema->positionalInputs;
    if (auto it = llvm::find(positional, keyword); it != positional.end()) return {1, size_t(it - positional.begin())};
    if (llvm::is_contained(schema->keywordInputs, keyword)) return {3, 0};
    return {2, 0};
  };
  CallInputOrder result;
  for (size_t i = 0; i < keywords.size(); ++i) result.order.push_back(i);
  std::stable_sort(result.order.begin(), result.order.end(),
                   [&](size_t a, size_t b) { return rankOf(keywords[a]) < rankOf(keywords[b]); });
  for (size_t i : result.order)
    result.keywords.push_back(rankOf(keywords[i]).first == 3 ? keywords[i] : std::string());
  return result;
}

std::vector<WeightSpec> layerWeights(const LayerCall& call) {
  if (!call.schema.weights) return {};
  std::vector<WeightSpec> weights = call.schema.weights(call);
  // A frozen layer's weights are all non-trainable; Keras 2 then lists them as created.
  const Value* trainable = call.config.find("trainable");
  if (trainable && trainable->isBool() && !trainable->asBool())
    for (WeightSpec& w : weights) w.trainable = false;
  return weights;
}

WeightCounts countWeights(llvm::ArrayRef<WeightSpec> weights) {
  WeightCounts counts;
  for (const WeightSpec& w : weights) {
    Dim size = elementCount(w.shape);
    counts.total = counts.total + size;
    if (!w.trainable) counts.nonTrainable = counts.nonTrainable + size;
  }
  return counts;
}

const LayerCatalogue& LayerCatalogue::builtin() {
  static const LayerCatalogue catalogue = [] {
    LayerCatalogue c;
    registerCoreLayers(c);
    registerRecurrentLayers(c);
    registerMergeLayers(c);
    registerReshapeLayers(c);
    registerConvolutionLayers(c);
    registerPoolingLayers(c);
    registerActivationLayers(c);
    registerRegularizationLayers(c);
    registerSpatialLayers(c);
    registerNormalizationLayers(c);
    registerPreprocessingLayers(c);
    registerCategoricalLayers(c);
    registerAugmentationLayers(c);
    registerColorAugmentationLayers(c);
    registerEinsumDenseLayers(c);
    registerDotLayers(c);
    registerAttentionLayers(c);
    registerConvRecurrentLayers(c);
    registerSpecialLayers(c);
    return c;
  }();
  return catalogue;
}

const LayerSchema* LayerCatalogue::find(llvm::StringRef className) const {
  auto it = schemas_.find(className);
  return it == schemas_.end() ? nullptr : it->second.get();
}

std::vector<std::string> LayerCatalogue::classNames() const {
  std::vector<std::string> names;
  for (const auto& entry : schemas_) names.push_back(entry.getKey().str());
  std::sort(names.begin(), names.end());
  return names;
}

void LayerCatalogue::add(LayerSchema schema) {
  // Every Keras layer accepts these base-class arguments (keras/src/layers/layer.py); the
  // last three only for layers that do not take them as their own.
  schema.attrs.push_back(optional("name", AttrType::String, Value::null(), "layer name (the node name wins)"));
  if (schema.takesLayerKwargs)
    schema.attrs.push_back(optional("trainable", AttrType::Bool, Value::boolean(true), "whether the weights are trained"));
  schema.attrs.push_back(optional("dtype", AttrType::Any, Value::null(), "dtype policy (default float32)"));
  if (schema.takesLayerKwargs) {
    if (!schema.findAttr("autocast"))
      schema.attrs.push_back(optional("autocast", AttrType::Bool, Value::boolean(true), "cast inputs to the compute dtype"));
    if (!schema.findAttr("input_dim"))
      schema.attrs.push_back(
          optional("input_dim", AttrType::Any, Value::null(), "ignored: a Sequential input's size (Keras 3 warns)")
              .discardedByKeras());
    if (!schema.findAttr("input_shape"))
      schema.attrs.push_back(
          optional("input_shape", AttrType::Any, Value::null(), "ignored: a Sequential input's shape (Keras 3 warns)")
              .discardedByKeras());
  }
  if (schema.takesLayerKwargs && schema.takesActivityRegularizer && !schema.findAttr("activity_regularizer"))
    schema.attrs.push_back(optional("activity_regularizer", AttrType::Any, Value::null(), "regularizer of the output"));
  std::string name = schema.className;
  bool inserted = schemas_.try_emplace(name, std::make_unique<LayerSchema>(std::move(schema))).second;
  assert(inserted && "layer registered twice");
  (void)inserted;
}

void LayerCatalogue::addAlias(llvm::StringRef alias, llvm::StringRef className) {
  const LayerSchema* target = find(className);
  assert(target && "alias of an unregistered layer");
  auto copy = std::make_unique<LayerSchema>(*target);
  copy->className = alias.str();
  bool inserted = schemas_.try_emplace(alias, std::move(copy)).second;
  assert(inserted && "layer registered twice");
  (void)inserted;
}

llvm::ArrayRef<std::string> activationNames() {
  // keras/src/activations/__init__.py (Keras 3.x), plus Keras 2 spellings still found in files.
  static const std::vector<std::string> names = {
      "celu",       "elu",        "exponential", "gelu",      "glu",        "hard_shrink",
      "hard_sigmoid", "hard_silu", "hard_swish",  "hard_tanh", "leaky_relu", "linear",
      "log_sigmoid", "log_softmax", "mish",       "relu",      "relu6",      "selu",
      "sigmoid",    "silu",       "soft_shrink", "softmax",   "softplus",   "softsign",
      "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish",  "tanh",
      "tanh_shrink", "threshold",
      // TF.js' name for the tanh approximation of gelu.
      "gelu_new"};
  return names;
}

}  // namespace graphlint
