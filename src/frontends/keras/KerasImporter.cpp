#include "frontends/keras/KerasImporter.h"

#include <map>
#include <memory>
#include <set>

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"

#include "catalogue/LayerSchema.h"
#include "frontends/keras/InboundNodes.h"
#include "frontends/keras/Keras1Layers.h"
#include "frontends/keras/KerasModelFile.h"
#include "frontends/keras/LayerConfig.h"
#include "frontends/keras/ModelInputs.h"
#include "frontends/keras/OpLayers.h"

namespace graphlint {
namespace {

bool isModelClass(llvm::StringRef className) {
  return className == "Functional" || className == "Model" || className == "Sequential";
}

const Value* field(const Value& map, llvm::StringRef key) { return map.isMap() ? map.find(key) : nullptr; }

llvm::StringRef stringOr(const Value* v, llvm::StringRef fallback) {
  return v && v->isString() ? v->asString() : fallback;
}

/// One layer entry of a model config, with its calls decoded.
struct LayerEntry {
  std::string name;
  const Value* entry = nullptr;  // null for the implicit input of a Sequential model
  std::string path;
  /// Today's class name (a Keras 1 `Convolution2D` is `Conv2D`).
  std::string className;
  /// The Keras 3 constructor arguments (see normalizeLayerConfig); moved into the node of
  /// the layer's last call.
  Value config;
  /// What the layer's config says about the model's input, when it is an InputLayer or the
  /// first layer of a Sequential model: batch_input_shape, input_shape, input_dim, dtype.
  Value inputDeclaration = Value::map({});
  std::vector<KerasCall> calls;
  /// Nested models: the Keras node index of the first call listed (1 when the model's own
  /// node 0 was made when it was built on its own Input).
  int64_t nodeOffset = 0;
  /// Input layers: the position among the model's inputs; -1 for other layers.
  int inputIndex = -1;
  /// The implicit input of a Sequential model: the layer whose config declares its shape.
  const LayerEntry* shapeSource = nullptr;
};

class Importer;



/// One instantiation of a model's layers: the top-level model, or one call of a nested model
/// (its nodes prefixed `outer/`, and from the second call on sharing the first call's weights).
class ModelInstance {
 public:
  ModelInstance(Importer& importer, const Value& model, std::string path, std::string prefix,
                std::string sharesPrefix, std::vector<TensorRef> boundInputs, bool topLevel)
      : importer_(importer),
        model_(model),
        path_(std::move(path)),
        prefix_(std::move(prefix)),
        sharesPrefix_(std::move(sharesPrefix)),
        boundInputs_(std::move(boundInputs)),
        topLevel_(topLevel) {}

  std::optional<Error> build();
  /// The graph tensor of model output `index`.
  TensorRef output(size_t index, SourceLoc loc);
  size_t outputCount() const { return outputs_.size(); }

 private:
  std::optional<Error> indexFunctional(const Value& config);
  std::optional<Error> indexSequential(const Value& layers, const std::string& layersPath);
  std::optional<Error> addLayer(const Value& layer, std::string path);
  void readConfig(LayerEntry& entry);
  const LayerEntry* firstLayerOf(LayerEntry& head);
  void computeNodeOffsets();
  void emit(LayerEntry& layer);
  void emitInput(const LayerEntry& layer);
  void emitCall(LayerEntry& layer, size_t call);
  TensorRef resolve(const KerasTensorRef& ref);
  ModelInstance* instance(LayerEntry& layer, size_t call);
  std::string nodeName(llvm::StringRef layer, size_t call) const {
    return prefix_ + layer.str() + (call ? "@" + std::to_string(call) : std::string());
  }

  Importer& importer_;
  const Value& model_;
  std::string path_;
  std::string prefix_;
  std::string sharesPrefix_;
  std::vector<TensorRef> boundInputs_;
  bool topLevel_;
  llvm::StringMap<LayerEntry> layers_;
  std::vector<std::string> order_;
  std::vector<KerasTensorRef> outputs_;
  std::map<std::pair<std::string, size_t>, std::unique_ptr<ModelInstance>> children_;
  llvm::StringSet<> emitted_;
  /// Instances read only to find a nested first layer's input declaration.
  std::vector<std::unique_ptr<ModelInstance>> probes_;
  /// This instance is such a probe: it must leave the parsed tree as it is.
  bool probe_ = false;
  /// Nested-model calls whose inputs are being resolved: a call that (wrongly) consumes its
  /// own output stops here instead of recursing forever.
  std::set<std::pair<std::string, size_t>> resolving_;
};

class Importer {
 public:
  Importer(const KerasModelFile& file, llvm::StringRef path) : file_(file) {
    graph_.file = path.str();
    graph_.format = file.format;
    graph_.kerasMajor = file.generation == KerasGeneration::Keras1 ? 1 : file.generation == KerasGeneration::Keras2 ? 2 : 3;
  }

  Result<Graph> run() {
    const Value& model = *file_.model;
    std::string path = file_.modelPath.empty() ? "" : file_.modelPath;
    if (const Value* name = field(*field(model, "config"), "name"))
      if (name->isString()) graph_.name = name->asString().str();
    if (file_.generation == KerasGeneration::Keras1) keras1Settings_.imageDimOrdering = savedDimOrdering(model);
    // Nodes hold small vectors whose moves may throw, so a growing vector would copy them all:
    // reserve room for a node per layer call (untouched capacity costs no memory).
    graph_.nodes.reserve(2 * countLayerCalls(model) + 16);
    ModelInstance top(*this, model, path, "", "", {}, /*topLevel=*/true);
    if (auto e = top.build()) return *e;
    for (size_t i = 0; i < top.outputCount(); ++i) graph_.outputs.push_back(top.output(i, model.loc()));
    if (file_.weightsManifest) readWeightsManifest(*file_.weightsManifest);
    graph_.resolveReferences();
    return std::move(graph_);
  }

  Graph& graph() { return graph_; }
  const Keras1Settings& keras1Settings() const { return keras1Settings_; }
  KerasGeneration generation() const { return file_.generation; }
  void note(ImportNote n) { graph_.importNotes.push_back(std::move(n)); }
  /// TF.js writes some values its own way; the config is read as TF.js means it.
  bool writtenByTfjs() const { return llvm::StringRef(file_.format).startswith("TF.js"); }
  /// Guards against nesting so deep (or recursive) that it would exhaust the stack.
  static constexpr int kMaxNesting = 64;
  int depth = 0;

 private:
  /// TF.js' `weightsManifest`: groups of `{"name", "shape", "dtype"}` weights.
  void readWeightsManifest(const Value& manifest) {
    if (!manifest.isList()) return;
    for (const Value& group : manifest.items()) {
      const Value* weights = field(group, "weights");
      if (!weights || !weights->isList()) continue;
      for (const Value& w : weights->items()) {
        const Value* name = field(w, "name");
        const Value* shape = field(w, "shape");
        if (!name || !name->isString() || !shape || !shape->isList()) continue;
        FileWeight weight{name->asString().str(), {}, name->loc()};
        bool valid = true;
        for (const Value& d : shape->items()) {
          valid &= d.isInt() && d.asInt() >= 0;
          weight.shape.push_back(d.isInt() ? d.asInt() : 0);
        }
        if (valid) graph_.fileWeights.push_back(std::move(weight));
      }
    }
  }

  const KerasModelFile& file_;
  Graph graph_;
  Keras1Settings keras1Settings_;
};

std::optional<Error> ModelInstance::build() {
  if (++importer_.depth > Importer::kMaxNesting)
    return Error{"models nested more than " + std::to_string(Importer::kMaxNesting) + " deep", model_.loc()};
  llvm::StringRef className = stringOr(field(model_, "class_name"), "");
  const Value* config = field(model_, "config");
  std::string configPath = path_.empty() ? "config" : path_ + ".config";
  std::optional<Error> indexed;
  if (className == "Sequential" && config && config->isList()) {
    indexed = indexSequential(*config, configPath);  // Keras 1, Keras 2.0-2.1: a bare list
  } else if (config && config->isMap() && field(*config, "layers")) {
    const Value& layers = *field(*config, "layers");
    if (className == "Sequential" || !field(*config, "input_layers"))
      indexed = indexSequential(layers, configPath + ".layers");
    else
      indexed = indexFunctional(*config);
  } else {
    return Error{"'" + className.str() + "' has no layers in its config: " +
                     (isModelClass(className)
                          ? std::string("an empty model")
                          : "it is a subclassed Keras model, whose config holds its constructor arguments, not its "
                            "layers, so there is no graph to check; check a functional or Sequential model instead"),
                 model_.loc()};
  }
  if (indexed) return indexed;
  computeNodeOffsets();
  for (const std::string& name : order_) emit(layers_[name]);
  --importer_.depth;
  return std::nullopt;
}

std::optional<Error> ModelInstance::addLayer(const Value& layer, std::string path) {
  if (!layer.isMap()) return Error{"a layer entry must be an object, found " + layer.str().substr(0, 60), layer.loc()};
  LayerEntry entry;
  entry.entry = &layer;
  entry.path = std::move(path);
  entry.className = stringOr(field(layer, "class_name"), "").str();
  if (entry.className.empty()) return Error{"layer entry without a 'class_name'", layer.loc()};
  const Value* name = field(layer, "name");
  if (!name || !name->isString())
    if (const Value* config = field(layer, "config")) name = field(*config, "name");
  if (!name || !name->isString()) return Error{"layer entry without a 'name'", layer.loc()};
  entry.name = name->asString().str();
  if (layers_.count(entry.name))
    return Error{"two layers are named '" + entry.name + "'; Keras requires unique layer names", name->loc()};
  readConfig(entry);
  order_.push_back(entry.name);
  layers_[entry.name] = std::move(entry);
  return std::nullopt;
}

std::optional<Error> ModelInstance::indexFunctional(const Value& config) {
  const Value& layers = *field(config, "layers");
  if (!layers.isList()) return Error{"'layers' must be a list, found " + layers.str().substr(0, 60), layers.loc()};
  std::string configPath = path_.empty() ? "config" : path_ + ".config";
  for (size_t i = 0; i < layers.items().size(); ++i)
    if (auto e = addLayer(layers.items()[i], configPath + ".layers[" + std::to_string(i) + "]")) return e;

  auto isLayer = [this](llvm::StringRef name) { return layers_.count(name) != 0; };
  for (const std::string& name : order_) {
    LayerEntry& layer = layers_[name];
    if (const Value* inbound = field(*layer.entry, "inbound_nodes")) {
      Result<std::vector<KerasCall>> calls = decodeInboundNodes(*inbound, isLayer);
      if (!calls) return calls.error();
      layer.calls = std::move(*calls);
    }
  }
  Result<std::vector<KerasTensorRef>> inputs = decodeEndpoints(*field(config, "input_layers"), "input_layers");
  if (!inputs) return inputs.error();
  for (size_t i = 0; i < inputs->size(); ++i) {
    auto it = layers_.find((*inputs)[i].layer);
    if (it == layers_.end())
      return Error{"input_layers names '" + (*inputs)[i].layer + "', which is not a layer of the model",
                   (*inputs)[i].loc};
    it->second.inputIndex = static_cast<int>(i);
  }
  const Value* outputs = field(config, "output_layers");
  if (!outputs) return Error{"a functional model config needs 'output_layers'", config.loc()};
  Result<std::vector<KerasTensorRef>> outs = decodeEndpoints(*outputs, "output_layers");
  if (!outs) return outs.error();
  outputs_ = std::move(*outs);
  return std::nullopt;
}

std::optional<Error> ModelInstance::indexSequential(const Value& layers, const std::string& layersPath) {
  if (!layers.isList()) return Error{"'layers' must be a list, found " + layers.str().substr(0, 60), layers.loc()};
  for (size_t i = 0; i < layers.items().size(); ++i)
    if (auto e = addLayer(layers.items()[i], layersPath + "[" + std::to_string(i) + "]")) return e;
  if (order_.empty()) return Error{"the Sequential model has no layers", layers.loc()};

  // The input: an explicit InputLayer first, else one Keras names after the first layer.
  std::string previous;
  size_t first = 0;
  LayerEntry& head = layers_[order_.front()];
  if (head.className == "InputLayer") {
    head.inputIndex = 0;
    previous = head.name;
    first = 1;
  } else {
    LayerEntry input;
    input.name = head.name + "_input";
    input.className = "InputLayer";
    input.path = head.path;
    input.inputIndex = 0;
    input.shapeSource = firstLayerOf(head);
    previous = input.name;
    order_.insert(order_.begin(), input.name);
    layers_[input.name] = std::move(input);
  }
  for (size_t i = first; i < order_.size(); ++i) {
    if (i == 0) continue;
    LayerEntry& layer = layers_[order_[i]];
    if (layer.className == "InputLayer") continue;
    KerasCall call;
    call.loc = layer.entry->loc();
    call.tensors.push_back({previous, 0, 0, layer.entry->loc()});
    call.tensorKeywords.emplace_back();
    layer.calls.push_back(std::move(call));
    previous = layer.name;
  }
  outputs_.push_back({previous, 0, 0, layers.loc()});
  return std::nullopt;
}

/// The layer's config as Keras 3 arguments; a Keras 1 layer translated first, with a note.
void ModelInstance::readConfig(LayerEntry& entry) {
  static const Value kNoConfig = Value::map({});
  const Value* raw = field(*entry.entry, "config");
  const Value& config = raw ? *raw : kNoConfig;
  // A nested model is read as a model of its own, from its entry.
  if (isModelClass(entry.className)) return;
  // Keras 2.0-2.1 still wrote Keras 1's Merge layer.
  if (importer_.generation() == KerasGeneration::Keras1 || entry.className == "Merge") {
    Keras1Translation t = translateKeras1Layer(entry.className, config, importer_.keras1Settings());
    const Value* classValue = field(*entry.entry, "class_name");
    SourceLoc loc = classValue ? classValue->loc() : entry.entry->loc();
    if (t.unsupported) {
      importer_.note({ImportNote::Level::Warning,
                      "Keras 1 layer " + entry.className + " cannot be read as a current Keras layer: " + *t.unsupported,
                      loc, nodeName(entry.name, 0)});
    } else {
      if (!t.changes.empty()) {
        std::string changes;
        for (const std::string& c : t.changes) changes += (changes.empty() ? "" : "; ") + c;
        importer_.note({ImportNote::Level::Note, "Keras 1 " + entry.className + " read as " + t.className + ": " + changes,
                        loc, nodeName(entry.name, 0)});
      }
      // Keys that declared the model's input belong to the input, not to today's layer.
      std::vector<Value::Entry> kept, declared;
      for (const Value::Entry& e : t.config.entries())
        (isKeras1InputDeclaration(t.className, e.key) ? declared : kept).push_back(e);
      entry.className = t.className;
      // An InputLayer's arguments are all about the input.
      entry.inputDeclaration = t.className == "InputLayer" ? t.config : Value::map(std::move(declared), config.loc());
      entry.config = normalizeLayerConfig(entry.className, Value::map(std::move(kept), config.loc()));
      return;
    }
  }
  std::vector<Value::Entry> declared;
  for (const Value::Entry& e : config.entries())
    if (llvm::StringSwitch<bool>(e.key)
            .Cases("batch_shape", "batch_input_shape", "input_shape", "input_dim", "dtype", true)
            .Default(false))
      declared.push_back(e);
  entry.inputDeclaration = Value::map(std::move(declared), config.loc());
  // A probe only looks for the input declaration; a repeated call of a nested model takes
  // its configs from the first call's nodes (see emitCall).
  if (probe_ || !sharesPrefix_.empty() || !raw) return;
  // The importer owns the parsed tree (importKerasModel takes it by value) and reads each
  // layer's config once: take it rather than copy it, which for a 20,000-layer file saves a
  // tree of some 100 MB.
  entry.config = normalizeLayerConfig(entry.className, std::move(const_cast<Value&>(*raw)));
  // tfjs-layers saves Reshape's inferred dim, -1, as null.
  if (importer_.writtenByTfjs() && entry.className == "Reshape")
    if (const Value* target = entry.config.find("target_shape"); target && target->isList()) {
      std::vector<Value> dims = target->items();
      for (Value& d : dims)
        if (d.isNull()) d = Value::integer(-1, d.loc());
      entry.config.set("target_shape", Value::list(std::move(dims), target->loc()));
    }
}


/// The layer whose config declares a Sequential model's input: its first layer, or the first
/// layer of the model that comes first (a Sequential nested as a Sequential's first layer).
const LayerEntry* ModelInstance::firstLayerOf(LayerEntry& head) {
  if (!isModelClass(head.className)) return &head;
  auto nested = std::make_unique<ModelInstance>(importer_, *head.entry, head.path, "", "", std::vector<TensorRef>{},
                                                /*topLevel=*/false);
  nested->probe_ = true;
  const Value* config = field(*head.entry, "config");
  const Value* layers = config && config->isList() ? config : (config ? field(*config, "layers") : nullptr);
  if (!layers || !layers->isList() || layers->items().empty()) return &head;
  if (nested->addLayer(layers->items().front(), head.path + ".config.layers[0]")) return &head;
  LayerEntry& first = nested->layers_[nested->order_.front()];
  const LayerEntry* source = nested->firstLayerOf(first);
  probes_.push_back(std::move(nested));  // keeps `source` alive
  return source;
}

/// A nested model built on its own Input has a node 0 of its own that the outer config does
/// not list; references to its first outer call then say node 1.
void ModelInstance::computeNodeOffsets() {
  auto check = [this](const KerasTensorRef& ref) {
    auto it = layers_.find(ref.layer);
    if (it == layers_.end() || !isModelClass(it->second.className)) return;
    LayerEntry& target = it->second;
    if (ref.node >= static_cast<int64_t>(target.calls.size()) && ref.node >= 1) target.nodeOffset = 1;
  };
  for (const std::string& name : order_)
    for (const KerasCall& call : layers_[name].calls)
      for (const KerasTensorRef& ref : call.tensors) check(ref);
  for (const KerasTensorRef& ref : outputs_) check(ref);
}

void ModelInstance::emit(LayerEntry& layer) {
  if (!emitted_.insert(layer.name).second) return;
  if (layer.inputIndex >= 0) {
    emitInput(layer);
    return;
  }
  for (size_t call = 0; call < layer.calls.size(); ++call) {
    if (isModelClass(layer.className))
      instance(layer, call);
    else
      emitCall(layer, call);
  }
}

void ModelInstance::emitInput(const LayerEntry& layer) {
  // A nested model's inputs are the tensors its call passes in, not nodes of their own.
  if (!topLevel_) return;
  Node node;
  node.kind = NodeKind::Input;
  node.type = "Input";
  node.name = nodeName(layer.name, 0);
  node.configPath = layer.path;
  const Value* config = layer.shapeSource ? &layer.shapeSource->inputDeclaration : &layer.inputDeclaration;
  const Value* nameValue = layer.entry ? field(*layer.entry, "name") : nullptr;
  node.loc = nameValue ? nameValue->loc() : (config ? config->loc() : SourceLoc{});
  node.typeLoc = node.loc;
  bool embeddingFirst = layer.shapeSource && layer.shapeSource->className == "Embedding";
  std::optional<TensorType> type = declaredInputType(*config, embeddingFirst, node.name, importer_.graph().importNotes);
  if (type) {
    node.declared = std::move(*type);
  } else {
    node.declared.dtype = DType::Float32;
    importer_.note({ImportNote::Level::Warning,
                    "the model's input shape is not in the file (no InputLayer, batch_input_shape or input_shape); "
                    "every shape downstream of '" + node.name + "' is unknown",
                    node.loc, node.name});
  }
  importer_.graph().addNode(std::move(node));
}

void ModelInstance::emitCall(LayerEntry& layer, size_t call) {
  const KerasCall& c = layer.calls[call];
  Node node;
  node.name = nodeName(layer.name, call);
  node.configPath = layer.path + (call ? ".inbound_nodes[" + std::to_string(call) + "]" : std::string());
  const Value* nameValue = field(*layer.entry, "name");
  node.loc = nameValue && nameValue->isString() ? nameValue->loc() : layer.entry->loc();
  const Value* classValue = field(*layer.entry, "class_name");
  node.typeLoc = classValue ? classValue->loc() : node.loc;
  const Value* config = &layer.config;

  llvm::StringRef module = stringOr(field(*layer.entry, "module"), "");
  if (isOpLayerClass(layer.className)) {
    node.kind = NodeKind::Op;
    std::optional<std::string> function = opLayerFunction(layer.className, *config);
    node.type = function ? *function : "tf.<unknown " + layer.className + ">";
    std::vector<Value::Entry> args;
    for (const Value::Entry& e : c.kwargs.entries())
      if (e.key != "name") args.push_back(e);
    node.config = Value::map(std::move(args), c.loc);
  } else if (std::optional<std::string> function = kerasOpFunction(module, layer.className)) {
    // A keras.ops call in a Keras 3 model: its constructor arguments and the call's constants.
    node.kind = NodeKind::Op;
    node.type = *function;
    std::vector<Value::Entry> args;
    for (const Value::Entry& e : config->entries())
      if (e.key != "name" && e.key != "trainable" && e.key != "dtype") args.push_back(e);
    for (const Value::Entry& e : c.kwargs.entries())
      if (e.key != "name") args.push_back(e);
    node.config = Value::map(std::move(args), c.loc);
  } else {
    node.kind = NodeKind::Layer;
    node.type = layer.className;
    if (!sharesPrefix_.empty()) {
      // A repeated call of a nested model: the first call's node took the config.
      if (const Node* original = importer_.graph().findNode(sharesPrefix_ + layer.name)) node.config = original->config;
    } else {
      // The last call takes the config; earlier ones (shared layers) copy it.
      node.config = call + 1 == layer.calls.size() ? std::move(layer.config) : layer.config;
    }
  }
  // A mask passed explicitly travels with its tensor in Keras; it is not a layer input.
  std::vector<size_t> passed;
  std::vector<std::string> keywords;
  for (size_t i = 0; i < c.tensors.size(); ++i)
    if (c.tensorKeywords[i] != "mask") {
      passed.push_back(i);
      keywords.push_back(c.tensorKeywords[i]);
    }
  if (node.kind == NodeKind::Layer) {
    CallInputOrder ordered = orderCallInputs(LayerCatalogue::builtin().find(node.type), keywords);
    for (size_t i : ordered.order) node.inputs.push_back(resolve(c.tensors[passed[i]]));
    if (llvm::any_of(ordered.keywords, [](const std::string& k) { return !k.empty(); }))
      node.inputKeywords = std::move(ordered.keywords);
    std::vector<Value::Entry> callArgs;
    for (const Value::Entry& e : c.kwargs.entries())
      if (e.key != "mask") callArgs.push_back(e);
    if (!callArgs.empty()) node.callArgs = Value::map(std::move(callArgs), c.loc);
  } else {
    for (size_t i : passed) node.inputs.push_back(resolve(c.tensors[i]));
  }
  if (node.kind == NodeKind::Layer) {
    if (call > 0)
      node.shares = TensorRef{nodeName(layer.name, 0), 0, node.loc};
    else if (!sharesPrefix_.empty())
      node.shares = TensorRef{sharesPrefix_ + layer.name, 0, node.loc};
  }
  importer_.graph().addNode(std::move(node));
}

ModelInstance* ModelInstance::instance(LayerEntry& layer, size_t call) {
  auto key = std::make_pair(layer.name, call);
  if (auto it = children_.find(key); it != children_.end()) return it->second.get();
  if (call >= layer.calls.size() || !resolving_.insert(key).second) return nullptr;
  std::vector<TensorRef> bound;
  for (size_t i = 0; i < layer.calls[call].tensors.size(); ++i)
    if (layer.calls[call].tensorKeywords[i] != "mask") bound.push_back(resolve(layer.calls[call].tensors[i]));
  resolving_.erase(key);
  // Every call after the first reuses the first call's layers and weights.
  std::string shares = call > 0 ? nodeName(layer.name, 0) + "/"
                                : (sharesPrefix_.empty() ? std::string() : sharesPrefix_ + layer.name + "/");
  auto child = std::make_unique<ModelInstance>(importer_, *layer.entry, layer.path, nodeName(layer.name, call) + "/",
                                               shares, std::move(bound), /*topLevel=*/false);
  ModelInstance* raw = child.get();
  children_[key] = std::move(child);
  if (auto e = raw->build())
    importer_.note({ImportNote::Level::Error, "cannot read nested model '" + layer.name + "': " + e->message, e->loc,
                    layer.name});
  return raw;
}

TensorRef ModelInstance::resolve(const KerasTensorRef& ref) {
  auto unresolved = [&] {
    return TensorRef{nodeName(ref.layer, static_cast<size_t>(std::max<int64_t>(ref.node, 0))),
                     static_cast<unsigned>(std::max<int64_t>(ref.tensor, 0)), ref.loc};
  };
  auto it = layers_.find(ref.layer);
  if (it == layers_.end()) return unresolved();
  LayerEntry& target = it->second;
  if (target.inputIndex >= 0) {
    if (topLevel_) return TensorRef{nodeName(target.name, 0), 0, ref.loc};
    if (static_cast<size_t>(target.inputIndex) < boundInputs_.size()) {
      TensorRef bound = boundInputs_[target.inputIndex];
      bound.loc = ref.loc;
      return bound;
    }
    return unresolved();
  }
  if (isModelClass(target.className)) {
    int64_t call = ref.node - target.nodeOffset;
    if (call < 0) return unresolved();
    ModelInstance* child = instance(target, static_cast<size_t>(call));
    if (!child || static_cast<size_t>(ref.tensor) >= child->outputCount()) return unresolved();
    return child->output(static_cast<size_t>(ref.tensor), ref.loc);
  }
  return TensorRef{nodeName(target.name, static_cast<size_t>(std::max<int64_t>(ref.node, 0))),
                   static_cast<unsigned>(std::max<int64_t>(ref.tensor, 0)), ref.loc};
}

TensorRef ModelInstance::output(size_t index, SourceLoc loc) {
  TensorRef ref = resolve(outputs_[index]);
  if (loc.isValid() && !ref.loc.isValid()) ref.loc = loc;
  return ref;
}

}  // namespace

Result<Graph> importKerasModel(Value root, llvm::StringRef path, llvm::StringRef versionHint) {
  Result<KerasModelFile> file = locateKerasModel(root, versionHint);
  if (!file) return file.error();
  return Importer(*file, path).run();
}

}  // namespace graphlint
