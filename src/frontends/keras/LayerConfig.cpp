#include "frontends/keras/LayerConfig.h"

#include "llvm/ADT/StringSwitch.h"

namespace graphlint {
namespace {

/// `{"class_name": C, "config": {...}}` -> `{layer: C, config: {...}}`.
Value wrappedLayer(const Value& layer) {
  const Value* className = layer.find("class_name");
  const Value* config = layer.find("config");
  if (!className || !className->isString()) return layer;
  std::vector<Value::Entry> entries;
  entries.push_back({"layer", *className, className->loc()});
  if (config) entries.push_back({"config", normalizeLayerConfig(className->asString(), *config), config->loc()});
  return Value::map(std::move(entries), layer.loc());
}

}  // namespace

std::string dtypeName(const Value& dtype) {
  std::string name;
  if (dtype.isString()) {
    name = dtype.asString().str();
  } else if (dtype.isMap()) {
    const Value* config = dtype.find("config");
    const Value* inner = config && config->isMap() ? config->find("name") : nullptr;
    if (inner && inner->isString()) name = inner->asString().str();
  }
  return llvm::StringSwitch<std::string>(name)
      .Case("mixed_float16", "float16")
      .Case("mixed_bfloat16", "bfloat16")
      .Default(name);
}

Value normalizeLayerConfig(llvm::StringRef className, const Value& config) {
  if (!config.isMap()) return config;
  std::vector<Value::Entry> entries;
  for (const Value::Entry& e : config.entries()) {
    Value::Entry kept = e;
    if (e.key == "batch_input_shape") {
      kept.key = className == "InputLayer" ? "batch_shape" : "input_shape";
      if (config.find(kept.key)) continue;
    } else if (e.key == "axis" && e.value.isList() && e.value.items().size() == 1 && e.value.items()[0].isInt()) {
      kept.value = e.value.items()[0];
    } else if (e.key == "dtype" && e.value.isMap()) {
      std::string name = dtypeName(e.value);
      kept.value = name.empty() ? Value::null(e.value.loc()) : Value::string(name, e.value.loc());
    } else if ((e.key == "layer" || e.key == "backward_layer") && e.value.isMap()) {
      kept.value = wrappedLayer(e.value);
    }
    entries.push_back(std::move(kept));
  }
  return Value::map(std::move(entries), config.loc());
}

}  // namespace graphlint
