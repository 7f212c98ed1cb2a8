#include "frontends/keras/InboundNodes.h"

#include <optional>

#include "llvm/ADT/STLExtras.h"

namespace graphlint {
namespace {

constexpr llvm::StringLiteral kConstantMarker = "_CONSTANT_VALUE";

/// [layer, node, tensor] (Keras 1, and Keras 2 tensors inside kwargs) naming a layer of the
/// model; anything else of that shape is a constant such as [\"same\", 1, 1].
bool isTensorTriple(const Value& v, IsLayerName isLayer) {
  if (!v.isList() || v.items().size() != 3) return false;
  const auto& t = v.items();
  return t[0].isString() && t[1].isInt() && t[2].isInt() && isLayer(t[0].asString());
}

KerasTensorRef refOf(const Value& entry) {
  const auto& t = entry.items();
  return {t[0].asString().str(), t[1].asInt(), t[2].asInt(), t[0].loc()};
}

/// Keras 3's {"class_name": "__keras_tensor__", "config": {"keras_history": [...]}}.
const Value* kerasHistory(const Value& v) {
  if (!v.isMap()) return nullptr;
  const Value* cls = v.find("class_name");
  if (!cls || !cls->isString() || cls->asString() != "__keras_tensor__") return nullptr;
  const Value* config = v.find("config");
  const Value* history = config && config->isMap() ? config->find("keras_history") : nullptr;
  return history && history->isList() && history->items().size() == 3 ? history : nullptr;
}

Error malformed(const Value& v, llvm::StringRef expected) {
  return Error{"malformed inbound node: expected " + expected.str() + ", found " + v.str().substr(0, 80), v.loc()};
}

/// Adds the tensors inside a keyword argument's value (Keras 2 triples); returns the value
/// with them removed, or null if it was only tensors.
std::optional<Value> takeKeras2Tensors(const Value& v, const std::string& keyword, KerasCall& call,
                                       IsLayerName isLayer) {
  if (isTensorTriple(v, isLayer)) {
    call.tensors.push_back(refOf(v));
    call.tensorKeywords.push_back(keyword);
    return std::nullopt;
  }
  // A list of tensors (initial_state=[h, c]).
  if (v.isList() && !v.items().empty() &&
      llvm::all_of(v.items(), [&](const Value& item) { return isTensorTriple(item, isLayer); })) {
    for (const Value& item : v.items()) {
      call.tensors.push_back(refOf(item));
      call.tensorKeywords.push_back(keyword);
    }
    return std::nullopt;
  }
  return v;
}

void addKwargs(const Value& kwargs, KerasCall& call, IsLayerName isLayer) {
  for (const Value::Entry& e : kwargs.entries())
    if (std::optional<Value> rest = takeKeras2Tensors(e.value, e.key, call, isLayer))
      if (!call.kwargs.find(e.key)) call.kwargs.set(e.key, *rest);
}

/// One Keras 1/2 entry of a call's first argument: a tensor or a constant, maybe with kwargs.
std::optional<Error> addKeras12Entry(const Value& entry, KerasCall& call, IsLayerName isLayer) {
  if (!entry.isList() || entry.items().size() < 3 || entry.items().size() > 4 || !entry.items()[0].isString())
    return malformed(entry, "[layer name, node index, tensor index, {kwargs}]");
  const auto& t = entry.items();
  if (t[0].asString() == kConstantMarker) {
    // The call's first argument, a Python value rather than a tensor: position 0.
    call.kwargs.set("_positional0", t[2]);
  } else {
    if (!t[1].isInt() || !t[2].isInt()) return malformed(entry, "integer node and tensor indices");
    call.tensors.push_back({t[0].asString().str(), t[1].asInt(), t[2].asInt(), t[0].loc()});
    call.tensorKeywords.emplace_back();
  }
  if (t.size() == 4) {
    if (!t[3].isMap()) return malformed(t[3], "a kwargs object");
    addKwargs(t[3], call, isLayer);
  }
  return std::nullopt;
}

Result<KerasCall> decodeKeras12Call(const Value& node, IsLayerName isLayer) {
  KerasCall call;
  call.loc = node.loc();
  if (!node.isList()) return malformed(node, "a list of [layer, node, tensor, {kwargs}] entries");
  // tf.keras op layers write their single first argument without the enclosing list.
  if (!node.items().empty() && node.items().front().isString()) {
    if (auto e = addKeras12Entry(node, call, isLayer)) return *e;
    return call;
  }
  for (const Value& entry : node.items())
    if (auto e = addKeras12Entry(entry, call, isLayer)) return *e;
  return call;
}

/// Walks a Keras 3 argument, collecting tensors; returns the argument with tensors removed,
/// or null if it held nothing else.
std::optional<Value> takeKeras3Tensors(const Value& v, const std::string& keyword, KerasCall& call) {
  // A constant tensor, {"class_name": "__tensor__", "config": {"value": [...], "dtype": ...}}:
  // its value, as nested lists.
  if (const Value* cls = v.isMap() ? v.find("class_name") : nullptr; cls && cls->isString() && cls->asString() == "__tensor__")
    if (const Value* config = v.find("config"); config && config->isMap())
      if (const Value* value = config->find("value")) return *value;
  if (const Value* history = kerasHistory(v)) {
    const auto& h = history->items();
    if (h[0].isString() && h[1].isInt() && h[2].isInt()) {
      call.tensors.push_back({h[0].asString().str(), h[1].asInt(), h[2].asInt(), v.loc()});
      call.tensorKeywords.push_back(keyword);
    }
    return std::nullopt;
  }
  if (v.isList()) {
    std::vector<Value> rest;
    for (const Value& item : v.items())
      if (std::optional<Value> r = takeKeras3Tensors(item, keyword, call)) rest.push_back(std::move(*r));
    if (rest.empty() && !v.items().empty()) return std::nullopt;
    return Value::list(std::move(rest), v.loc());
  }
  return v;
}

Result<KerasCall> decodeKeras3Call(const Value& node) {
  KerasCall call;
  call.loc = node.loc();
  if (!node.isMap()) return malformed(node, "an object with 'args' and 'kwargs'");
  if (const Value* args = node.find("args")) {
    if (!args->isList()) return malformed(*args, "a list of arguments");
    for (size_t i = 0; i < args->items().size(); ++i)
      if (std::optional<Value> rest = takeKeras3Tensors(args->items()[i], "", call))
        call.kwargs.set("_positional" + std::to_string(i), *rest);
  }
  if (const Value* kwargs = node.find("kwargs")) {
    if (!kwargs->isMap()) return malformed(*kwargs, "a kwargs object");
    for (const Value::Entry& e : kwargs->entries())
      if (std::optional<Value> rest = takeKeras3Tensors(e.value, e.key, call)) call.kwargs.set(e.key, *rest);
  }
  return call;
}

}  // namespace

Result<std::vector<KerasCall>> decodeInboundNodes(const Value& inboundNodes, IsLayerName isLayer) {
  if (!inboundNodes.isList()) return malformed(inboundNodes, "'inbound_nodes' to be a list");
  std::vector<KerasCall> calls;
  for (const Value& node : inboundNodes.items()) {
    // Each node is read by its own shape (Keras 3 objects, Keras 1/2 lists): converters mix
    // the generations.
    Result<KerasCall> call = node.isMap() ? decodeKeras3Call(node) : decodeKeras12Call(node, isLayer);
    if (!call) return call.error();
    calls.push_back(std::move(*call));
  }
  return calls;
}

Result<std::vector<KerasTensorRef>> decodeEndpoints(const Value& endpoints, llvm::StringRef what) {
  auto isTriple = [](const Value& v) {
    return v.isList() && v.items().size() == 3 && v.items()[0].isString() && v.items()[1].isInt() &&
           v.items()[2].isInt();
  };
  std::vector<KerasTensorRef> refs;
  if (isTriple(endpoints)) {
    refs.push_back(refOf(endpoints));
    return refs;
  }
  if (!endpoints.isList())
    return Error{"'" + what.str() + "' must be a list of [layer name, node index, tensor index], found " +
                     endpoints.str().substr(0, 80),
                 endpoints.loc()};
  for (const Value& e : endpoints.items()) {
    if (!isTriple(e))
      return Error{"an entry of '" + what.str() + "' must be [layer name, node index, tensor index], found " +
                       e.str().substr(0, 80),
                   e.loc()};
    refs.push_back(refOf(e));
  }
  return refs;
}

}  // namespace graphlint
