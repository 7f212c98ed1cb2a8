#include "frontends/keras/LayerConfig.h"

#include "llvm/ADT/STLExtras.h"
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
  return normalizeLayerConfig(className, Value(config));
}

Value normalizeLayerConfig(llvm::StringRef className, Value&& config) {
  if (!config.isMap()) return std::move(config);
  SourceLoc loc = config.loc();
  std::vector<Value::Entry> entries = config.takeEntries();
  auto has = [&](llvm::StringRef key) {
    return llvm::any_of(entries, [&](const Value::Entry& e) { return e.key == key; });
  };
  const bool hasBatchShape = has("batch_shape"), hasInputShape = has("input_shape");
  std::vector<Value::Entry> kept;
  kept.reserve(entries.size());
  for (Value::Entry& e : entries) {
    if (e.key == "batch_input_shape") {
      bool inputLayer = className == "InputLayer";
      if (inputLayer ? hasBatchShape : hasInputShape) continue;  // the newer spelling wins
      e.key = inputLayer ? "batch_shape" : "input_shape";
    } else if (e.key == "axis" && e.value.isList() && e.value.items().size() == 1 && e.value.items()[0].isInt()) {
      e.value = Value(e.value.items()[0]);
    } else if (e.key == "dtype" && e.value.isMap()) {
      std::string name = dtypeName(e.value);
      e.value = name.empty() ? Value::null(e.value.loc()) : Value::string(name, e.value.loc());
    } else if ((e.key == "layer" || e.key == "backward_layer") && e.value.isMap()) {
      e.value = wrappedLayer(e.value);
    }
    kept.push_back(std::move(e));
  }
  return Value::map(std::move(kept), loc);
}

}  // namespace graphlint
