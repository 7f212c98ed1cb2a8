#include "frontends/keras/KerasModelFile.h"

namespace graphlint {
namespace {

bool isModelObject(const Value& v) { return v.isMap() && v.find("class_name") && v.find("config"); }

std::string stringAt(const Value& map, llvm::StringRef key) {
  const Value* v = map.isMap() ? map.find(key) : nullptr;
  return v && v->isString() ? v->asString().str() : std::string();
}

/// The first inbound-node entry of any layer of a Functional config, if there is one.
const Value* firstInboundNode(const Value& model) {
  const Value* config = model.find("config");
  const Value* layers = config && config->isMap() ? config->find("layers") : nullptr;
  if (!layers || !layers->isList()) return nullptr;
  for (const Value& layer : layers->items()) {
    const Value* inbound = layer.isMap() ? layer.find("inbound_nodes") : nullptr;
    if (inbound && inbound->isList() && !inbound->items().empty()) return &inbound->items().front();
  }
  return nullptr;
}

/// Decides the generation from the version string when there is one, else from the shape
/// of what the file writes.
KerasGeneration generationOf(const Value& model, llvm::StringRef version) {
  if (version.startswith("1.")) return KerasGeneration::Keras1;
  if (version.startswith("2.") || version.startswith("tfjs")) return KerasGeneration::Keras2;
  if (version.startswith("3.")) return KerasGeneration::Keras3;
  // No version: Keras 3 writes `module` and `registered_name` on the model object itself.
  if (model.find("registered_name") || model.find("module")) return KerasGeneration::Keras3;
  if (const Value* call = firstInboundNode(model)) {
    if (call->isMap()) return KerasGeneration::Keras3;
    // Keras 1 entries are [layer, node, tensor]; Keras 2 adds a kwargs dict.
    if (call->isList() && !call->items().empty()) {
      const Value& entry = call->items().front();
      if (entry.isList() && entry.items().size() == 3) return KerasGeneration::Keras1;
    }
  }
  // Keras 1 Sequential configs are bare lists of layers with Keras 1 names; Keras 2.0-2.1
  // wrote bare lists too, so only the version can tell them apart: assume the newer.
  return KerasGeneration::Keras2;
}

llvm::StringRef generationName(KerasGeneration g) {
  switch (g) {
    case KerasGeneration::Keras1: return "Keras 1";
    case KerasGeneration::Keras2: return "Keras 2";
    case KerasGeneration::Keras3: return "Keras 3";
  }
  return "Keras";
}

std::string describe(llvm::StringRef container, KerasGeneration g, llvm::StringRef version) {
  std::string what = version.empty() ? generationName(g).str() : "Keras " + version.str();
  if (version.startswith("tfjs")) what = version.str();
  return container.empty() ? what + " model config" : container.str() + " (" + what + ")";
}

}  // namespace

Result<KerasModelFile> locateKerasModel(const Value& root, llvm::StringRef versionHint) {
  if (!root.isMap())
    return makeError("expected a Keras model file: a JSON object with 'class_name' and 'config' (model.to_json()), "
                     "'modelTopology' (TF.js model.json) or 'architecture' (frugally-deep); found " +
                         Value::kindName(root.kind()).str(),
                     root.loc());
  KerasModelFile file;
  std::string version = stringAt(root, "keras_version");
  std::string container;
  if (const Value* topology = root.find("modelTopology")) {
    if (!topology->isMap()) return makeError("'modelTopology' must be an object", topology->loc());
    if (const Value* config = topology->find("model_config")) {
      file.model = config;
      file.modelPath = "modelTopology.model_config";
    } else {
      file.model = topology;
      file.modelPath = "modelTopology";
    }
    if (version.empty()) version = stringAt(*topology, "keras_version");
    if (const Value* manifest = root.find("weightsManifest")) file.weightsManifest = manifest;
    container = "TF.js model.json";
  } else if (const Value* architecture = root.find("architecture")) {
    file.model = architecture;
    file.modelPath = "architecture";
    if (version.empty()) version = stringAt(*architecture, "keras_version");
    container = "frugally-deep model";
  } else if (root.find("node_config") && root.find("input_config")) {
    return makeError("this is a Keras 0.x 'Graph' container (node_config, input_config), which Keras removed in 1.0; "
                     "load it in Keras 1, rebuild it as a functional Model and save it with model.to_json()",
                     root.loc());
  } else {
    file.model = &root;
  }
  if (!isModelObject(*file.model))
    return makeError("expected a model object with 'class_name' and 'config'" +
                         (file.modelPath.empty() ? std::string() : " at '" + file.modelPath + "'") + "; found " +
                         (file.model->isMap() ? "an object without them" : Value::kindName(file.model->kind()).str()),
                     file.model->loc());
  if (version.empty()) version = versionHint.str();
  file.kerasVersion = version;
  file.generation = generationOf(*file.model, version);
  file.format = describe(container, file.generation, version);
  return file;
}

}  // namespace graphlint
