#include "llvm/ADT/StringExtras.h"
#include "frontends/yaml/SpecLoader.h"

#include <cctype>

#include "llvm/ADT/StringSet.h"

#include "catalogue/LayerSchema.h"
#include "frontends/yaml/YamlValue.h"
#include "support/Suggest.h"

namespace graphlint {
namespace {

/// Keras' automatic layer names: `Conv2D` -> `conv2d`, `BatchNormalization` ->
/// `batch_normalization`.
std::string snakeCase(llvm::StringRef className) {
  std::string out;
  for (size_t i = 0; i < className.size(); ++i) {
    char c = className[i];
    bool upper = std::isupper(static_cast<unsigned char>(c));
    bool prevLower = i > 0 && std::islower(static_cast<unsigned char>(className[i - 1]));
    bool nextLower = i + 1 < className.size() && std::islower(static_cast<unsigned char>(className[i + 1]));
    bool prevUpper = i > 0 && std::isupper(static_cast<unsigned char>(className[i - 1]));
    if (upper && i > 0 && (prevLower || (prevUpper && nextLower))) out += '_';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

class SpecReader {
 public:
  explicit SpecReader(llvm::StringRef path) { graph_.file = path.str(); }

  Result<Graph> read(const Value& root) {
    if (root.isNull())
      return makeError("empty model spec: expected a mapping with 'inputs' and 'nodes'", root.loc());
    if (!root.isMap())
      return makeError("a model spec must be a mapping with 'inputs' and 'nodes', got " +
                           Value::kindName(root.kind()).str(),
                       root.loc());
    if (auto e = checkKeys(root, {"model", "inputs", "nodes", "outputs"}, "the model spec")) return *e;

    if (const Value* name = root.find("model")) {
      if (!name->isString()) return typeError("model", "a string", *name);
      graph_.name = name->asString().str();
    }
    const Value* inputs = root.find("inputs");
    if (!inputs) return makeError("model spec has no 'inputs' list", root.loc());
    if (!inputs->isList()) return typeError("inputs", "a list of inputs", *inputs);
    // Nodes hold small vectors whose moves may throw, so a growing vector would copy them:
    // reserve the final count up front.
    const Value* nodeList = root.find("nodes");
    graph_.nodes.reserve(inputs->items().size() + (nodeList && nodeList->isList() ? nodeList->items().size() : 0));
    for (const Value& input : inputs->items())
      if (auto e = readInput(input)) return *e;

    const Value* nodes = root.find("nodes");
    if (!nodes) return makeError("model spec has no 'nodes' list", root.loc());
    if (!nodes->isList()) return typeError("nodes", "a list of nodes", *nodes);
    for (const Value& node : nodes->items())
      if (auto e = readNode(node)) return *e;

    if (const Value* outputs = root.find("outputs")) {
      if (auto e = readRefs(*outputs, "outputs", graph_.outputs)) return *e;
    } else if (!graph_.nodes.empty()) {
      const Node& last = graph_.nodes.back();
      graph_.outputs.push_back(TensorRef{last.name, 0, last.loc});
    }
    graph_.resolveReferences();
    return std::move(graph_);
  }

 private:
  std::optional<Error> readInput(const Value& entry) {
    if (!entry.isMap()) return typeError("an entry of 'inputs'", "a mapping with 'name' and 'shape'", entry);
    if (auto e = checkKeys(entry, {"name", "shape", "dtype"}, "an input")) return e;
    Node node;
    node.kind = NodeKind::Input;
    node.type = "Input";
    node.loc = entry.loc();
    const Value* name = entry.find("name");
    if (!name) return makeError("input has no 'name'", entry.loc());
    if (!name->isString()) return typeError("name", "a string", *name);
    node.name = name->asString().str();
    node.loc = name->loc();
    node.typeLoc = name->loc();

    node.declared.dtype = DType::Float32;
    if (const Value* dtype = entry.find("dtype")) {
      if (!dtype->isString()) return typeError("dtype", "a dtype name such as float32 or int64", *dtype);
      std::optional<DType> parsed = parseDType(dtype->asString());
      if (!parsed)
        return makeError("unknown dtype '" + dtype->asString().str() + "'" +
                             didYouMean(dtype->asString(), knownDTypeNames()),
                         dtype->loc());
      node.declared.dtype = *parsed;
    }
    const Value* shape = entry.find("shape");
    if (!shape) return makeError("input '" + node.name + "' has no 'shape'", entry.loc());
    Result<Dims> dims = readDims(*shape, "shape of input '" + node.name + "'");
    if (!dims) return dims.error();
    node.declared.dims = std::move(*dims);
    lastTensor_ = TensorRef{node.name, 0, node.loc};
    usedNames_.insert(node.name);
    graph_.addNode(std::move(node));
    return std::nullopt;
  }

  std::optional<Error> readNode(const Value& entry) {
    if (!entry.isMap()) return typeError("an entry of 'nodes'", "a mapping", entry);
    if (auto e = checkKeys(entry, {"name", "layer", "op", "custom", "shares", "inputs", "config", "call",
                                   "args", "wraps", "defines", "shape_rule", "dtype", "params"},
                           "a node"))
      return e;
    Node node;
    node.loc = entry.loc();

    // Exactly one of layer / op / custom / shares says what the node is.
    const Value* kindValue = nullptr;
    llvm::StringRef kindKey;
    for (llvm::StringRef key : {"layer", "op", "custom", "shares"}) {
      if (const Value* v = entry.find(key)) {
        if (kindValue)
          return makeError("a node has one of 'layer', 'op', 'custom' or 'shares', this one has both '" +
                               kindKey.str() + "' and '" + key.str() + "'",
                           v->loc());
        kindValue = v;
        kindKey = key;
      }
    }
    if (!kindValue)
      return makeError("node has none of 'layer', 'op', 'custom' or 'shares' to say what it is",
                       entry.loc());
    if (!kindValue->isString()) return typeError(kindKey, "a name", *kindValue);
    node.typeLoc = kindValue->loc();
    if (kindKey == "layer") {
      node.kind = NodeKind::Layer;
      node.type = kindValue->asString().str();
    } else if (kindKey == "op") {
      node.kind = NodeKind::Op;
      node.type = kindValue->asString().str();
    } else if (kindKey == "custom") {
      node.kind = NodeKind::Custom;
      node.type = kindValue->asString().str();
    } else {
      if (auto e = readShares(*kindValue, node)) return e;
    }

    if (auto e = allowOnly(entry, node.kind == NodeKind::Op ? "args" : "config", node.kind == NodeKind::Op ? "op" : "layer")) return e;
    if (node.kind != NodeKind::Custom)
      for (llvm::StringRef key : {"wraps", "defines", "shape_rule", "dtype", "params"})
        if (const Value* v = entry.find(key))
          return makeError("'" + key.str() + "' describes a custom layer; this node is not 'custom'", v->loc());

    if (const Value* name = entry.find("name")) {
      if (!name->isString()) return typeError("name", "a string", *name);
      node.name = name->asString().str();
      node.loc = name->loc();
    } else {
      node.name = autoName(node);
    }
    usedNames_.insert(node.name);

    if (const Value* config = entry.find(node.kind == NodeKind::Op ? "args" : "config")) {
      if (node.kind == NodeKind::Op) {
        if (!config->isMap()) return typeError("args", "a mapping of argument names to values", *config);
      } else if (!config->isMap()) {
        return typeError("config", "a mapping of attribute names to values", *config);
      }
      node.config = *config;
    } else {
      node.config = Value::map({}, node.typeLoc);
    }

    if (const Value* inputs = entry.find("inputs")) {
      if (auto e = readRefs(*inputs, "inputs", node.inputs)) return e;
    } else if (lastTensor_) {
      TensorRef ref = *lastTensor_;
      ref.loc = node.typeLoc;  // an implicit input is reported at the node
      node.inputs.push_back(std::move(ref));
    }

    if (const Value* call = entry.find("call"))
      if (auto e = readCallArgs(*call, node)) return e;

    if (node.kind == NodeKind::Custom)
      if (auto e = readCustomFacts(entry, node.custom)) return e;

    lastTensor_ = TensorRef{node.name, 0, node.loc};
    graph_.addNode(std::move(node));
    return std::nullopt;
  }

  /// A layer call's keyword arguments: tensors the layer takes by keyword (`attention_mask`)
  /// become inputs after the positional ones; the rest are the call's other arguments.
  std::optional<Error> readCallArgs(const Value& call, Node& node) {
    if (node.kind != NodeKind::Layer)
      return makeError("'call' holds a layer call's keyword arguments; this node is not a layer", call.loc());
    if (!call.isMap()) return typeError("call", "a mapping of the call's keyword arguments to values", call);
    const LayerSchema* schema = LayerCatalogue::builtin().find(node.type);
    std::vector<Value::Entry> others;
    for (const Value::Entry& e : call.entries()) {
      if (!schema || !llvm::is_contained(schema->keywordInputs, e.key)) {
        others.push_back(e);
        continue;
      }
      Result<TensorRef> ref = parseRef(e.value);
      if (!ref) return ref.error();
      node.inputKeywords.resize(node.inputs.size());
      node.inputs.push_back(std::move(*ref));
      node.inputKeywords.push_back(e.key);
    }
    if (!others.empty()) node.callArgs = Value::map(std::move(others), call.loc());
    return std::nullopt;
  }

  std::optional<Error> readShares(const Value& value, Node& node) {
    Result<TensorRef> ref = parseRef(value);
    if (!ref) return ref.error();
    const Node* original = graph_.findNode(ref->nodeName);
    if (!original)
      return makeError("'shares' names '" + ref->nodeName + "', which is not a node written above it" +
                           didYouMean(ref->nodeName, names()),
                       value.loc());
    if (original->kind == NodeKind::Input)
      return makeError("'shares' names input '" + ref->nodeName + "'; only a layer can be shared", value.loc());
    // A second call of the same layer object: same class, config and weights.
    node.kind = original->kind;
    node.type = original->type;
    node.config = original->config;
    node.custom = original->custom;
    node.shares = *ref;
    return std::nullopt;
  }

  std::optional<Error> readCustomFacts(const Value& entry, CustomLayerFacts& facts) {
    if (const Value* wraps = entry.find("wraps")) {
      if (!wraps->isString()) return typeError("wraps", "a qualified op name such as tf.one_hot", *wraps);
      facts.wraps = wraps->asString().str();
      facts.wrapsLoc = wraps->loc();
    }
    if (const Value* defines = entry.find("defines")) {
      if (!defines->isList()) return typeError("defines", "a list of method names", *defines);
      facts.definesCall = false;
      for (const Value& method : defines->items()) {
        if (!method.isString()) return typeError("an entry of 'defines'", "a method name", method);
        llvm::StringRef m = method.asString();
        if (m == "call")
          facts.definesCall = true;
        else if (m == "compute_output_shape")
          facts.definesComputeOutputShape = true;
        else if (m == "get_config")
          facts.definesGetConfig = true;
        else if (m != "build" && m != "compute_output_spec" && m != "__init__")
          return makeError("unknown method '" + m.str() + "' in 'defines'" +
                               didYouMean(m, {"call", "compute_output_shape", "get_config", "build",
                                              "compute_output_spec"}),
                           method.loc());
        if (m == "compute_output_spec") facts.definesComputeOutputShape = true;
      }
    }
    if (const Value* dtype = entry.find("dtype")) {
      if (!dtype->isString()) return typeError("dtype", "a dtype name", *dtype);
      facts.outputDType = parseDType(dtype->asString());
      if (!facts.outputDType)
        return makeError("unknown dtype '" + dtype->asString().str() + "'" +
                             didYouMean(dtype->asString(), knownDTypeNames()),
                         dtype->loc());
    }
    if (const Value* params = entry.find("params")) {
      if (!params->isInt() || params->asInt() < 0)
        return typeError("params", "the layer's weight count, an integer >= 0", *params);
      facts.params = params->asInt();
    }
    if (const Value* rule = entry.find("shape_rule")) {
      if (!rule->isMap()) return typeError("shape_rule", "a mapping with 'inputs' and 'outputs'", *rule);
      if (auto e = checkKeys(*rule, {"inputs", "outputs"}, "a shape_rule")) return e;
      facts.shapeRuleLoc = rule->loc();
      for (llvm::StringRef key : {"inputs", "outputs"}) {
        const Value* shapes = rule->find(key);
        if (!shapes) {
          if (key == "inputs") continue;
          return makeError("shape_rule has no 'outputs'", rule->loc());
        }
        if (!shapes->isList()) return typeError(key, "a list of shapes (each a list of dims)", *shapes);
        std::vector<Dims> list;
        for (const Value& shape : shapes->items()) {
          Result<Dims> dims = readDims(shape, "shape_rule " + key.str(), /*allowNegative=*/true);
          if (!dims) return dims.error();
          list.push_back(std::move(*dims));
        }
        (key == "inputs" ? facts.inputPatterns : facts.outputShapes) = std::move(list);
      }
    }
    return std::nullopt;
  }

  Result<Dims> readDims(const Value& shape, const std::string& what, bool allowNegative = false) {
    if (!shape.isList())
      return makeError("the " + what + " must be a list of dims (integers, symbols, expressions or null), got " +
                           Value::kindName(shape.kind()).str() + (shape.isMap() ? "" : " " + shape.str()),
                       shape.loc());
    Dims dims;
    for (const Value& d : shape.items()) {
      Result<Dim> dim = readDim(d, allowNegative);
      if (!dim) return dim.error();
      dims.push_back(std::move(*dim));
    }
    return dims;
  }

  Result<Dim> readDim(const Value& d, bool allowNegative) {
    if (d.isNull()) return Dim::none();
    if (d.isInt()) {
      int64_t v = d.asInt();
      if (v < 0 && !allowNegative)
        return makeError("negative dim " + std::to_string(v) + "; a dim is a size >= 0 (write null for an unknown dim)", d.loc());
      if (v > Dim::kMaxLiteral || v < -Dim::kMaxLiteral)
        return makeError("dim " + std::to_string(v) + " exceeds the largest supported dim " +
                             std::to_string(Dim::kMaxLiteral) + " (2^40)",
                         d.loc());
      return Dim::constant(v);
    }
    if (!d.isString())
      return makeError("a dim is an integer, a symbol, an expression such as 2*seq, or null; got " +
                           Value::kindName(d.kind()).str(),
                       d.loc());
    Result<Dim> dim = parseDim(d.asString());
    if (!dim) {
      Error error = dim.error();
      error.message = "invalid dim '" + d.asString().str() + "': " + error.message;
      error.loc = d.loc();
      return error;
    }
    if (!allowNegative && dim->isProvablyNegative())
      return makeError("dim '" + d.asString().str() + "' is negative for every value of its symbols", d.loc());
    return dim;
  }

  std::optional<Error> readRefs(const Value& value, llvm::StringRef field, std::vector<TensorRef>& out) {
    if (value.isString()) {
      Result<TensorRef> ref = parseRef(value);
      if (!ref) return ref.error();
      out.push_back(std::move(*ref));
      return std::nullopt;
    }
    if (!value.isList()) return typeError(field, "a node name or a list of node names", value);
    for (const Value& item : value.items()) {
      Result<TensorRef> ref = parseRef(item);
      if (!ref) return ref.error();
      out.push_back(std::move(*ref));
    }
    return std::nullopt;
  }

  /// `name` or `name:k` (output k of a multi-output node).
  Result<TensorRef> parseRef(const Value& value) {
    if (!value.isString()) return typeError("a tensor reference", "a node name such as 'lstm' or 'lstm:1'", value);
    llvm::StringRef text = value.asString();
    TensorRef ref;
    ref.loc = value.loc();
    auto [name, index] = text.rsplit(':');
    if (index.empty() || name.empty() || text.find(':') == llvm::StringRef::npos) {
      ref.nodeName = text.str();
      return ref;
    }
    unsigned k = 0;
    if (index.getAsInteger(10, k) || k > 1000000)
      return makeError("'" + text.str() + "': the part after ':' is an output index, a small integer", value.loc());
    ref.nodeName = name.str();
    ref.outputIndex = k;
    return ref;
  }

  std::string autoName(const Node& node) {
    std::string base = node.kind == NodeKind::Op ? node.type : snakeCase(node.type);
    std::string name = base;
    for (unsigned k = 1; usedNames_.contains(name); ++k) name = base + "_" + std::to_string(k);
    return name;
  }

  std::optional<Error> checkKeys(const Value& map, std::initializer_list<llvm::StringRef> allowed,
                                 llvm::StringRef what) {
    for (const Value::Entry& entry : map.entries()) {
      if (llvm::is_contained(allowed, llvm::StringRef(entry.key))) continue;
      std::vector<std::string> options(allowed.begin(), allowed.end());
      return makeError("unknown field '" + entry.key + "' in " + what.str() + didYouMean(entry.key, options) +
                           " (expected one of: " + llvm::join(options, ", ") + ")",
                       entry.keyLoc);
    }
    return std::nullopt;
  }

  /// `config` belongs to layer and custom nodes, `args` to op nodes.
  std::optional<Error> allowOnly(const Value& entry, llvm::StringRef expected, llvm::StringRef kind) {
    llvm::StringRef other = expected == "args" ? "config" : "args";
    if (const Value* v = entry.find(other))
      return makeError("'" + other.str() + "' belongs to " + (other == "args" ? "an op node" : "a layer node") +
                           "; a " + kind.str() + " node takes '" + expected.str() + "'",
                       v->loc());
    return std::nullopt;
  }

  Error typeError(llvm::StringRef field, llvm::StringRef expected, const Value& got) {
    return makeError("'" + field.str() + "' must be " + expected.str() + ", got " +
                         Value::kindName(got.kind()).str() + (got.isList() || got.isMap() ? "" : " " + got.str()),
                     got.loc());
  }

  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const Node& n : graph_.nodes) out.push_back(n.name);
    return out;
  }

  static std::vector<std::string> knownDTypeNames() {
    return {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
            "float16", "bfloat16", "float32", "float64", "string"};
  }

  Graph graph_;
  std::optional<TensorRef> lastTensor_;
  llvm::StringSet<> usedNames_;
};

}  // namespace

Result<Graph> loadSpec(llvm::StringRef text, llvm::StringRef path) {
  Result<Value> root = parseYaml(text);
  if (!root) return root.error();
  return SpecReader(path).read(*root);
}

}  // namespace graphlint
