#include "frontends/keras/Keras1Layers.h"

#include "llvm/ADT/StringMap.h"

#include "frontends/keras/Keras1Rules.h"

namespace graphlint {
namespace {

/// Wrappers nested deeper than this are refused rather than followed (hostile input).
constexpr unsigned kMaxWrapperDepth = 32;

const Keras1Rule* findRule(llvm::StringRef keras1Class) {
  static const llvm::StringMap<const Keras1Rule*> rules = [] {
    llvm::StringMap<const Keras1Rule*> byName;
    for (llvm::ArrayRef<Keras1Rule> family : {keras1CoreRules(), keras1ConvolutionRules()})
      for (const Keras1Rule& rule : family) byName[rule.keras1Class] = &rule;
    return byName;
  }();
  auto it = rules.find(keras1Class);
  return it == rules.end() ? nullptr : it->second;
}

Keras1Translation translate(llvm::StringRef className, const Value& config, const Keras1Settings& settings,
                            unsigned depth);

/// The wrapped layer's class key: "class_name" as files write it, "layer" as specs do.
const char* wrappedClassKey(const Value& layer) { return layer.find("class_name") ? "class_name" : "layer"; }

/// Translates the layer a TimeDistributed or Bidirectional wraps, in place; its lines are
/// prefixed with where they apply.
void translateWrapped(Keras1Rewrite& r, const Keras1Settings& settings, unsigned depth) {
  const Value* layer = r.find("layer");
  if (!layer || !layer->isMap()) return;  // the catalogue reports it
  const char* classKey = wrappedClassKey(*layer);
  const Value* className = layer->find(classKey);
  if (!className || !className->isString()) return;
  std::string where = "in the layer " + r.className().str() + " wraps, ";
  if (depth >= kMaxWrapperDepth) {
    r.fail(where + "wrappers nest more than " + std::to_string(kMaxWrapperDepth) + " deep");
    return;
  }
  static const Value kNoConfig = Value::map({});
  const Value* config = layer->find("config");
  Keras1Translation inner = translate(className->asString(), config ? *config : kNoConfig, settings, depth + 1);
  for (const std::string& line : inner.changes) r.note(where + line);
  if (inner.unsupported) r.fail(where + *inner.unsupported);

  std::vector<Value::Entry> entries = layer->entries();
  for (Value::Entry& e : entries) {
    if (e.key == classKey) e.value = Value::string(inner.className, e.value.loc());
    if (e.key == "config") e.value = std::move(inner.config);
  }
  r.setValue("layer", Value::map(std::move(entries), layer->loc()));
}

/// The arguments of TimeDistributedDense that stay on the TimeDistributed wrapper.
bool staysOnWrapper(llvm::StringRef key) {
  return key == "name" || key == "trainable" || isKeras1InputDeclaration("TimeDistributed", key);
}

/// TimeDistributedDense(output_dim, ...) -> TimeDistributed(Dense(units, ...)).
Keras1Translation timeDistributedDense(const Value& config, const Keras1Settings& settings, unsigned depth) {
  std::vector<Value::Entry> outer, denseArgs;
  for (const Value::Entry& e : config.entries()) (staysOnWrapper(e.key) ? outer : denseArgs).push_back(e);
  Keras1Translation dense = translate("Dense", Value::map(std::move(denseArgs), config.loc()), settings, depth + 1);

  SourceLoc loc = config.loc();
  outer.push_back({"layer",
                   Value::map({{"class_name", Value::string("Dense", loc), {}}, {"config", std::move(dense.config), {}}},
                              loc),
                   {}});
  Keras1Translation result{"TimeDistributed", Value::map(std::move(outer), loc),
                           {"TimeDistributedDense is TimeDistributed(Dense) today"}, std::nullopt};
  const std::string where = "in the layer TimeDistributed wraps, ";
  for (const std::string& line : dense.changes) result.changes.push_back(where + line);
  if (dense.unsupported) result.unsupported = where + *dense.unsupported;
  return result;
}

Keras1Translation translate(llvm::StringRef className, const Value& config, const Keras1Settings& settings,
                            unsigned depth) {
  bool wrapper = className == "TimeDistributed" || className == "Bidirectional";
  const Keras1Rule* rule = findRule(className);
  if (!wrapper && !rule && className != "TimeDistributedDense") return {className.str(), config, {}, std::nullopt};
  if (!config.isMap())
    return {className.str(), config, {},
            className.str() + "'s config must be a mapping, got " + Value::kindName(config.kind()).str()};
  if (className == "TimeDistributedDense") return timeDistributedDense(config, settings, depth);

  Keras1Rewrite r(className, config);
  if (wrapper) {
    translateWrapped(r, settings, depth);
  } else {
    if (rule->todayClass) r.setClass(rule->todayClass, className.str() + " is " + rule->todayClass + " today");
    rule->translate(r, settings);
  }
  return std::move(r).finish();
}

}  // namespace

Keras1Translation translateKeras1Layer(llvm::StringRef className, const Value& config,
                                       const Keras1Settings& settings) {
  return translate(className, config, settings, 0);
}

bool isKeras1InputDeclaration(llvm::StringRef className, llvm::StringRef key) {
  if (key == "batch_input_shape") return className != "InputLayer";
  if (key == "input_dtype") return className != "InputLayer";
  if (key == "input_dim" || key == "input_length") return className != "Embedding";
  return false;
}

}  // namespace graphlint
