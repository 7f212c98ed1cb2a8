#include "llvm/ADT/STLExtras.h"
#include "catalogue/ops/OpCatalogue.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "frontends/yaml/YamlValue.h"

namespace graphlint {

extern const char kBackendOpsYaml[];  // generated from rules/backend_ops.yaml

namespace {

std::string where(const Value& v) { return " (rules/backend_ops.yaml:" + std::to_string(v.loc().line) + ")"; }

Result<std::vector<OpParam>> readParams(const Value& list) {
  if (!list.isList()) return makeError("'params' must be a list" + where(list));
  std::vector<OpParam> params;
  for (const Value& p : list.items()) {
    if (!p.isString()) return makeError("a param must be a name or name=default" + where(p));
    auto [name, dflt] = p.asString().split('=');
    name = name.trim();
    OpParam param;
    param.variadic = name.consume_front("*");
    if (param.variadic && (name.startswith("*") || p.asString().contains('=')))
      return makeError("a variadic param is written \"*name\", without a default" + where(p));
    param.name = name.str();
    if (p.asString().contains('=')) param.defaultText = dflt.trim().str();
    params.push_back(std::move(param));
  }
  return params;
}

std::string stringField(const Value& map, llvm::StringRef key) {
  const Value* v = map.find(key);
  return v && v->isString() ? v->asString().str() : std::string();
}

Result<BackendSpelling> readSpelling(const Value::Entry& entry) {
  BackendSpelling spelling;
  spelling.name = entry.key;
  const Value& body = entry.value;
  if (!body.isMap()) return makeError("backend '" + entry.key + "' must be a mapping" + where(body));
  if (const Value* params = body.find("params")) {
    Result<std::vector<OpParam>> parsed = readParams(*params);
    if (!parsed) return parsed.error();
    spelling.params = std::move(*parsed);
  }
  if (const Value* rename = body.find("rename"))
    for (const Value::Entry& r : rename->entries())
      spelling.rename[r.key] = r.value.isString() ? r.value.asString().str() : std::string();
  spelling.note = stringField(body, "note");
  spelling.shape = stringField(body, "shape");
  if (const Value* implies = body.find("implies")) {
    if (!implies->isMap()) return makeError("'implies' must be a mapping" + where(*implies));
    spelling.implies = implies->entries();
  }
  if (const Value* drop = body.find("drop"))
    for (const Value& d : drop->items())
      if (d.isString()) spelling.drop.push_back(d.asString().str());
  if (const Value* reshapes = body.find("reshapes"))
    for (const Value& r : reshapes->items())
      if (r.isString()) spelling.reshapes.push_back(r.asString().str());
  if (const Value* fromOperator = body.find("from_operator")) {
    if (!fromOperator->isBool()) return makeError("'from_operator' must be true or false" + where(*fromOperator));
    spelling.fromOperator = fromOperator->asBool();
  }
  return spelling;
}

Result<OpEntry> readEntry(const Value& v) {
  if (!v.isMap()) return makeError("an op entry must be a mapping" + where(v));
  OpEntry entry;
  entry.op = stringField(v, "op");
  if (entry.op.empty()) return makeError("op entry without 'op'" + where(v));
  if (const Value* keras = v.find("keras"); keras && keras->isString()) entry.keras = keras->asString().str();
  if (const Value* params = v.find("params")) {
    Result<std::vector<OpParam>> parsed = readParams(*params);
    if (!parsed) return parsed.error();
    entry.params = std::move(*parsed);
  }
  if (const Value* tensors = v.find("tensors")) {
    if (tensors->isInt())
      entry.tensors = static_cast<int>(tensors->asInt());
    else if (tensors->isString() && tensors->asString() == "list")
      entry.tensors = -1;
    else
      return makeError("'tensors' must be an integer or 'list'" + where(*tensors));
  }
  if (std::string shape = stringField(v, "shape"); !shape.empty()) entry.shape = shape;
  if (std::string dtype = stringField(v, "dtype"); !dtype.empty()) entry.dtype = dtype;
  entry.layer = stringField(v, "layer");
  entry.layerNote = stringField(v, "layer_note");
  entry.note = stringField(v, "note");
  entry.operatorText = stringField(v, "operator");
  if (const Value* rank = v.find("layer_max_rank"); rank && rank->isInt()) entry.layerMaxRank = rank->asInt();
  if (const Value* emb = v.find("embedding_alternative")) {
    if (const Value* min = emb->find("min_classes"); min && min->isInt()) entry.embeddingMinClasses = min->asInt();
    if (const Value* dim = emb->find("output_dim"); dim && dim->isInt()) entry.embeddingOutputDim = dim->asInt();
  }
  if (const Value* backends = v.find("backend")) {
    if (!backends->isMap()) return makeError("'backend' must be a mapping" + where(*backends));
    for (const Value::Entry& b : backends->entries()) {
      Result<BackendSpelling> spelling = readSpelling(b);
      if (!spelling) return spelling.error();
      entry.backends.push_back(std::move(*spelling));
    }
  }
  return entry;
}

std::vector<std::pair<std::string, std::string>> readPairs(const Value* map) {
  std::vector<std::pair<std::string, std::string>> pairs;
  if (!map) return pairs;
  for (const Value::Entry& e : map->entries())
    if (e.value.isString()) pairs.emplace_back(e.key, e.value.asString().str());
  return pairs;
}

}  // namespace

const OpParam* OpEntry::findParam(llvm::StringRef name) const {
  for (const OpParam& p : params)
    if (p.name == name) return &p;
  return nullptr;
}

bool OpEntry::isTensorParam(size_t index) const {
  if (index >= params.size()) return false;
  if (tensors < 0) return index == 0 || params[index].variadic;
  return index < static_cast<size_t>(tensors) || params[index].variadic;
}

bool OpEntry::isTensorParam(llvm::StringRef name) const {
  for (size_t i = 0; i < params.size(); ++i)
    if (params[i].name == name) return isTensorParam(i);
  return false;
}

bool OpEntry::hasVariadicTensors() const {
  return llvm::any_of(params, [](const OpParam& p) { return p.variadic; });
}

const Value* KerasArgs::find(llvm::StringRef name) const {
  for (const Value::Entry& e : args)
    if (e.key == name) return &e.value;
  return nullptr;
}

const Value* KerasArgs::findDropped(llvm::StringRef backendName) const {
  for (const Value::Entry& e : droppedArgs)
    if (e.key == backendName) return &e.value;
  return nullptr;
}

Result<OpCatalogue> OpCatalogue::parse(llvm::StringRef yaml) {
  Result<Value> root = parseYaml(yaml);
  if (!root) return makeError("rules/backend_ops.yaml:" + std::to_string(root.error().loc.line) + ": " + root.error().message);
  OpCatalogue catalogue;
  catalogue.aliases_ = readPairs(root->find("aliases"));
  std::sort(catalogue.aliases_.begin(), catalogue.aliases_.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  catalogue.backends_ = readPairs(root->find("backends"));
  const Value* ops = root->find("ops");
  if (!ops || !ops->isList()) return makeError("rules/backend_ops.yaml has no 'ops' list");
  for (const Value& v : ops->items()) {
    Result<OpEntry> entry = readEntry(v);
    if (!entry) return entry.error();
    catalogue.entries_.push_back(std::move(*entry));
  }
  // Index after the vector stops growing, so the pointers stay valid.
  for (const OpEntry& entry : catalogue.entries_) {
    if (entry.keras) catalogue.byName_.try_emplace(*entry.keras, Match{&entry, nullptr});
    for (const BackendSpelling& spelling : entry.backends)
      if (!catalogue.byName_.try_emplace(spelling.name, Match{&entry, &spelling}).second)
        return makeError("rules/backend_ops.yaml lists '" + spelling.name + "' twice");
  }
  return catalogue;
}

const OpCatalogue& OpCatalogue::builtin() {
  static const OpCatalogue catalogue = [] {
    Result<OpCatalogue> parsed = parse(kBackendOpsYaml);
    if (!parsed) {
      std::fprintf(stderr, "graphlint: internal error: %s\n", parsed.error().message.c_str());
      std::abort();
    }
    return std::move(*parsed);
  }();
  return catalogue;
}

std::string OpCatalogue::canonicalName(llvm::StringRef name) const {
  for (const auto& [from, to] : aliases_)
    if (name.startswith(from)) return to + name.drop_front(from.size()).str();
  return name.str();
}

llvm::StringRef OpCatalogue::backendOf(llvm::StringRef canonical) const {
  for (const auto& [prefix, framework] : backends_)
    if (canonical.startswith(prefix)) return framework;
  return "";
}

OpCatalogue::Match OpCatalogue::find(llvm::StringRef canonical) const {
  auto it = byName_.find(canonical);
  return it == byName_.end() ? Match{} : it->second;
}

std::vector<std::string> OpCatalogue::allNames() const {
  std::vector<std::string> names;
  for (const auto& entry : byName_) names.push_back(entry.getKey().str());
  std::sort(names.begin(), names.end());
  return names;
}

namespace {

/// The keras name of a backend parameter.
std::string kerasName(const BackendSpelling& spelling, llvm::StringRef backendParam) {
  auto renamed = spelling.rename.find(backendParam);
  return renamed == spelling.rename.end() ? backendParam.str() : renamed->second;
}

/// Which node input each keras tensor param takes, when the backend lists its tensors in
/// another order (see KerasArgs::tensorOrder); empty when the orders agree or are unclear.
/// Tensor params given as constants are not node inputs.
std::vector<size_t> tensorOrderOf(const OpEntry& entry, const BackendSpelling& spelling,
                                  const std::vector<ConstantTensor>& constants) {
  if (entry.tensors < 2 || entry.hasVariadicTensors()) return {};
  auto isConstant = [&](llvm::StringRef name) {
    return llvm::any_of(constants, [&](const ConstantTensor& c) { return entry.params[c.param].name == name; });
  };
  std::vector<std::string> backendTensors;  // keras names of the node's tensors, in the backend's order
  for (const OpParam& p : spelling.params) {
    std::string name = kerasName(spelling, p.name);
    if (entry.isTensorParam(name) && !isConstant(name)) backendTensors.push_back(name);
  }
  if (backendTensors.size() + constants.size() != static_cast<size_t>(entry.tensors)) return {};
  std::vector<size_t> order;
  for (int k = 0; k < entry.tensors; ++k) {
    if (isConstant(entry.params[k].name)) continue;
    auto at = llvm::find(backendTensors, entry.params[k].name);
    if (at == backendTensors.end()) return {};
    order.push_back(static_cast<size_t>(at - backendTensors.begin()));
  }
  bool identity = true;
  for (size_t k = 0; k < order.size(); ++k) identity &= order[k] == k;
  return identity ? std::vector<size_t>{} : order;
}

/// Whether keras param `index` is one of the entry's fixed tensor params (x, x1, x2), which a
/// call may give as a constant; lists of tensors and variadic operands may not.
bool takesConstant(const OpEntry& entry, size_t index) {
  return entry.tensors > 0 && index < static_cast<size_t>(entry.tensors) && index < entry.params.size() &&
         !entry.params[index].variadic;
}

/// Whether an argument's value is the parameter's default as the catalogue writes it
/// (`False`, `None`); a parameter without a default has none to match.
bool isDefault(const std::vector<OpParam>& params, llvm::StringRef name, const Value& value) {
  for (const OpParam& p : params)
    if (p.name == name) return p.defaultText && value.str() == *p.defaultText;
  return false;
}

}  // namespace

KerasArgs OpCatalogue::translate(const Match& match, const Value& args) {
  KerasArgs out;
  out.shape = match.spelling && !match.spelling->shape.empty() ? match.spelling->shape : match.entry->shape;
  auto hasParam = [](const std::vector<OpParam>& params, llvm::StringRef name) {
    return llvm::any_of(params, [&](const OpParam& p) { return p.name == name; });
  };
  for (const Value::Entry& arg : args.entries()) {
    std::string name = arg.key;
    // A constant passed by position (imported tf.keras op layers): name it by the parameter list.
    if (llvm::StringRef(name).startswith(kPositionalPrefix)) {
      size_t position = 0;
      const std::vector<OpParam>& params = match.spelling ? match.spelling->params : match.entry->params;
      if (!llvm::StringRef(name).drop_front(kPositionalPrefix.size()).getAsInteger(10, position) &&
          position < params.size())
        name = params[position].name;
    }
    if (match.spelling) {
      if (name == "name") continue;  // TensorFlow's op name has no effect on the result
      if (!match.spelling->params.empty() && !hasParam(match.spelling->params, name)) {
        out.unknown.push_back(name);
        continue;
      }
      if (llvm::is_contained(match.spelling->drop, name)) {
        out.dropped.push_back(name);
        out.droppedArgs.push_back(Value::Entry{name, arg.value, arg.keyLoc});
        if (llvm::is_contained(match.spelling->reshapes, name) && !isDefault(match.spelling->params, name, arg.value))
          out.reshaping.push_back(name);
        continue;
      }
      auto renamed = match.spelling->rename.find(name);
      if (renamed != match.spelling->rename.end()) name = renamed->second;
      if (name.empty() || (!match.entry->params.empty() && !match.entry->findParam(name))) {
        out.dropped.push_back(arg.key);
        out.droppedArgs.push_back(Value::Entry{arg.key, arg.value, arg.keyLoc});
        continue;
      }
      // The backend's default for a parameter keras.ops requires (torch's one_hot
      // num_classes=-1: infer from the data) has no keras.ops spelling: as if not given.
      if (const OpParam* kerasParam = match.entry->findParam(name);
          kerasParam && !kerasParam->defaultText && isDefault(match.spelling->params, arg.key, arg.value))
        continue;
    } else if (!match.entry->params.empty() && !match.entry->findParam(name)) {
      out.unknown.push_back(name);
      continue;
    }
    const OpEntry& entry = *match.entry;
    auto param = llvm::find_if(entry.params, [&](const OpParam& p) { return p.name == name; });
    size_t index = static_cast<size_t>(param - entry.params.begin());
    if (param != entry.params.end() && takesConstant(entry, index)) {
      // A second spelling of the same tensor (a renamed alias) is the first one again.
      if (llvm::none_of(out.constants, [&](const ConstantTensor& c) { return c.param == index; }))
        out.constants.push_back(ConstantTensor{index, arg.value});
      continue;
    }
    out.args.push_back(Value::Entry{name, arg.value, arg.keyLoc});
  }
  std::stable_sort(out.constants.begin(), out.constants.end(),
                   [](const ConstantTensor& a, const ConstantTensor& b) { return a.param < b.param; });
  if (match.spelling) {
    out.tensorOrder = tensorOrderOf(*match.entry, *match.spelling, out.constants);
    for (const Value::Entry& implied : match.spelling->implies)
      if (!out.find(implied.key)) out.args.push_back(Value::Entry{implied.key, implied.value, {}});
  }
  return out;
}

}  // namespace graphlint
