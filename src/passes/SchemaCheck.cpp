#include "llvm/ADT/StringExtras.h"
#include "passes/SchemaCheck.h"

#include "support/Suggest.h"

namespace graphlint {
namespace {

bool isIntList(const Value& v) {
  return v.isList() && llvm::all_of(v.items(), [](const Value& i) { return i.isInt(); });
}

/// Whether `value` has the attribute's type; `detail` gets a more specific complaint.
/// Whether `value` has the attribute's type; `detail` gets a more specific complaint and
/// `nearMiss` the closest allowed string, when there is one.
bool hasType(const AttrSpec& spec, const Value& value, std::string& detail, std::string& nearMiss) {
  switch (spec.type) {
    case AttrType::Any: return true;
    case AttrType::Bool: return value.isBool();
    case AttrType::Int: return value.isInt();
    case AttrType::Float: return value.isNumber();
    case AttrType::String: return value.isString() || value.isNull();
    case AttrType::OptionalInt: return value.isInt() || value.isNull();
    case AttrType::IntList: return isIntList(value);
    case AttrType::IntOrList: return value.isInt() || isIntList(value);
    case AttrType::Shape:
      return value.isList() &&
             llvm::all_of(value.items(), [](const Value& i) { return i.isInt() || i.isNull(); });
    case AttrType::LayerConfig: return value.isMap() && value.find("layer") && value.find("layer")->isString();
    case AttrType::Enum:
      if (value.isNull() && spec.defaultValue && spec.defaultValue->isNull()) return true;
      if (value.isNull() && spec.name == "merge_mode") return true;  // Bidirectional: null returns both
      if (!value.isString()) return false;
      if (llvm::is_contained(spec.choices, value.asString().str())) return true;
      nearMiss = closestMatch(value.asString(), spec.choices);
      detail = "'" + value.asString().str() + "' is not one of " + llvm::join(spec.choices, ", ") +
               (nearMiss.empty() ? "" : "; did you mean '" + nearMiss + "'?");
      return false;
    case AttrType::Activation:
      if (value.isNull() || value.isMap()) return true;  // null is linear; a map is a serialized function
      if (!value.isString()) return false;
      if (llvm::is_contained(activationNames(), value.asString().str())) return true;
      nearMiss = closestMatch(value.asString(), activationNames());
      detail = "unknown activation '" + value.asString().str() + "'" +
               (nearMiss.empty() ? "" : "; did you mean '" + nearMiss + "'?");
      return false;
  }
  return false;
}

std::string expectedInputs(const LayerSchema& schema) {
  if (schema.minInputs == schema.maxInputs) return std::to_string(schema.minInputs);
  if (schema.maxInputs == LayerSchema::kVariadic) return "at least " + std::to_string(schema.minInputs);
  return std::to_string(schema.minInputs) + " to " + std::to_string(schema.maxInputs);
}

std::string plural(size_t n, llvm::StringRef word) {
  return std::to_string(n) + " " + word.str() + (n == 1 ? "" : "s");
}

void checkLayer(const Node& node, const LayerCatalogue& layers, NodeSchemaFacts& facts) {
  facts.layer = layers.find(node.type);
  if (!facts.layer) {
    facts.valid = false;
    if (node.shares) return;  // reported at the layer's first call
    std::string match = closestMatch(node.type, layers.classNames());
    facts.issues.push_back({SchemaIssueKind::UnknownLayer,
                            "unknown layer class '" + node.type + "'" + (match.empty() ? "" : "; did you mean '" + match + "'?"),
                            node.typeLoc, match});
    facts.valid = false;
    return;
  }
  const LayerSchema& schema = *facts.layer;
  // A shared layer's config was checked where the layer was first called.
  if (!node.shares && !validateLayerConfig(schema, node.config, layers, "", node.typeLoc, facts.issues))
    facts.valid = false;
  size_t count = node.positionalInputCount();
  for (size_t i = count; i < node.inputs.size(); ++i) {
    const std::string& keyword = i < node.inputKeywords.size() ? node.inputKeywords[i] : std::string();
    if (llvm::is_contained(schema.keywordInputs, keyword)) continue;
    std::string takes = schema.keywordInputs.empty() ? "no tensor by keyword"
                                                      : "by keyword only " + llvm::join(schema.keywordInputs, ", ");
    facts.issues.push_back({SchemaIssueKind::InputCount,
                            schema.className + " takes " + takes + ", got a tensor as '" + keyword + "'",
                            node.inputs[i].loc});
    facts.valid = false;
  }
  if (count < schema.minInputs || count > schema.maxInputs) {
    facts.issues.push_back({SchemaIssueKind::InputCount,
                            schema.className + " takes " + expectedInputs(schema) + " input" +
                                (schema.maxInputs == 1 ? "" : "s") + ", got " + std::to_string(count),
                            node.typeLoc});
    facts.valid = false;
  }
}

void checkOp(const Node& node, const OpCatalogue& ops, NodeSchemaFacts& facts) {
  std::string canonical = ops.canonicalName(node.type);
  facts.op = ops.find(canonical);
  if (!facts.op.entry) {
    facts.valid = false;
    bool keras = ops.isKerasOp(canonical);
    if (!keras && !ops.backendOf(canonical).empty()) return;  // the backend-op rule reports it
    std::string match = closestMatch(canonical, ops.allNames());
    std::string message = keras ? "keras.ops has no function '" + canonical.substr(10) + "'"
                                : "unknown op '" + node.type + "': graphlint cannot infer its output";
    if (!match.empty()) message += "; did you mean '" + match + "'?";
    facts.issues.push_back({SchemaIssueKind::UnknownOp, message, node.typeLoc, match, /*isWarning=*/!keras});
    return;
  }
  facts.opArgs = OpCatalogue::translate(facts.op, node.config);
  const KerasArgs& args = facts.opArgs;
  const std::vector<OpParam>& signature = facts.op.spelling ? facts.op.spelling->params : facts.op.entry->params;
  std::vector<std::string> names;
  for (const OpParam& p : signature) names.push_back(p.name);
  for (const std::string& unknown : args.unknown) {
    const Value::Entry* entry = node.config.findEntry(unknown);
    std::string match = closestMatch(unknown, names);
    facts.issues.push_back({SchemaIssueKind::UnknownAttribute,
                            node.type + " has no argument '" + unknown + "'" +
                                (match.empty() ? "" : "; did you mean '" + match + "'?"),
                            entry ? entry->keyLoc : node.typeLoc, match});
    facts.valid = false;
  }
  // Required keras params that are not tensors must be given (under either spelling); the
  // tensors, variadic ones included, are the node's inputs.
  const OpEntry& entry = *facts.op.entry;
  for (size_t i = 0; i < entry.params.size(); ++i) {
    const OpParam& p = entry.params[i];
    if (entry.isTensorParam(i) || p.defaultText || args.find(p.name)) continue;
    std::string spelled = p.name;
    if (facts.op.spelling)
      for (const auto& r : facts.op.spelling->rename)
        if (r.second == p.name) spelled = r.first().str();
    // The backend has a default for it (torch's one_hot infers num_classes from the data):
    // the call is valid; the keras.ops suggestion asks for the value.
    if (facts.op.spelling &&
        llvm::any_of(facts.op.spelling->params, [&](const OpParam& b) { return b.name == spelled && b.defaultText; }))
      continue;
    facts.issues.push_back({SchemaIssueKind::MissingAttribute,
                            node.type + " needs the argument '" + spelled + "'", node.typeLoc});
    facts.valid = false;
  }
  if (entry.hasVariadicTensors()) {
    size_t least = entry.tensors > 1 ? static_cast<size_t>(entry.tensors) : 1;
    if (node.inputs.size() < least) {
      facts.issues.push_back({SchemaIssueKind::InputCount,
                              node.type + " takes at least " + plural(least, "tensor input") + ", got " +
                                  std::to_string(node.inputs.size()),
                              node.typeLoc});
      facts.valid = false;
    }
  } else if (size_t expected = entry.tensors > 0 ? static_cast<size_t>(entry.tensors) - args.constants.size() : 0;
             entry.tensors > 0 && node.inputs.size() != expected) {
    // Tensor params given as constant arguments (tf.math.multiply's y: 2.0) are not inputs.
    std::vector<std::string> constants;
    for (const ConstantTensor& c : args.constants) {
      std::string spelled = entry.params[c.param].name;
      if (facts.op.spelling)
        for (const auto& r : facts.op.spelling->rename)
          if (r.second == spelled && node.config.find(r.first())) spelled = r.first().str();
      constants.push_back(spelled);
    }
    std::string given = constants.empty() ? std::string()
                                          : " besides " + llvm::join(constants, ", ") +
                                                (constants.size() == 1 ? ", which is given as an argument"
                                                                       : ", which are given as arguments");
    facts.issues.push_back({SchemaIssueKind::InputCount,
                            node.type + " takes " + plural(expected, "tensor input") + given + ", got " +
                                std::to_string(node.inputs.size()),
                            node.typeLoc});
    facts.valid = false;
  }
}

}  // namespace

bool validateLayerConfig(const LayerSchema& schema, const Value& config, const LayerCatalogue& layers,
                         llvm::StringRef where, SourceLoc fallbackLoc, std::vector<SchemaIssue>& issues) {
  bool ok = true;
  std::vector<std::string> names;
  for (const AttrSpec& spec : schema.attrs)
    if (!spec.discarded) names.push_back(spec.name);
  for (const Value::Entry& entry : config.entries()) {
    const AttrSpec* spec = schema.findAttr(entry.key);
    if (!spec) {
      std::string match = closestMatch(entry.key, names);
      issues.push_back({SchemaIssueKind::UnknownAttribute,
                        where.str() + schema.className + " has no attribute '" + entry.key + "'" +
                            (match.empty() ? "" : "; did you mean '" + match + "'?"),
                        entry.keyLoc, match});
      // Keras rejects the argument, but the shape rule reads only the ones it knows: shapes
      // are still inferred (a Keras 2 DepthwiseConv2D's `groups` says nothing about them).
      continue;
    }
    std::string detail, nearMiss;
    if (!hasType(*spec, entry.value, detail, nearMiss)) {
      std::string got = entry.value.isList() || entry.value.isMap()
                            ? Value::kindName(entry.value.kind()).str()
                            : Value::kindName(entry.value.kind()).str() + " " + entry.value.str();
      issues.push_back({SchemaIssueKind::AttributeType,
                        where.str() + schema.className + " attribute '" + entry.key + "'" +
                            (detail.empty() ? " must be " + attrTypeDescription(spec->type).str() + ", got " + got : ": " + detail),
                        entry.value.loc(), nearMiss});
      ok = false;
      continue;
    }
    if (spec->domain) {
      if (std::string problem = spec->domain(entry.value); !problem.empty()) {
        issues.push_back({SchemaIssueKind::AttributeValue,
                          where.str() + schema.className + " attribute '" + entry.key + "' " + problem,
                          entry.value.loc()});
        ok = false;
        continue;
      }
    }
    if (spec->type == AttrType::LayerConfig) {
      const Value& className = *entry.value.find("layer");
      const LayerSchema* inner = layers.find(className.asString());
      if (!inner) {
        std::string match = closestMatch(className.asString(), layers.classNames());
        issues.push_back({SchemaIssueKind::UnknownLayer,
                          where.str() + "unknown layer class '" + className.asString().str() + "'" +
                              (match.empty() ? "" : "; did you mean '" + match + "'?"),
                          className.loc(), match});
        ok = false;
        continue;
      }
      for (const Value::Entry& key : entry.value.entries())
        if (key.key != "layer" && key.key != "config") {
          issues.push_back({SchemaIssueKind::UnknownAttribute,
                            "a nested layer has 'layer' and 'config', not '" + key.key + "'", key.keyLoc});
          ok = false;
        }
      static const Value kEmpty = Value::map({});
      const Value* innerConfig = entry.value.find("config");
      if (innerConfig && !innerConfig->isMap()) {
        issues.push_back({SchemaIssueKind::AttributeType, "a nested layer's 'config' must be a mapping",
                          innerConfig->loc()});
        ok = false;
        continue;
      }
      std::string nested = where.str() + "in the layer " + schema.className + " wraps, ";
      if (!validateLayerConfig(*inner, innerConfig ? *innerConfig : kEmpty, layers, nested, className.loc(), issues))
        ok = false;
    }
  }
  for (const AttrSpec& spec : schema.attrs) {
    if (spec.defaultValue || config.find(spec.name)) continue;
    issues.push_back({SchemaIssueKind::MissingAttribute,
                      where.str() + schema.className + " needs the attribute '" + spec.name + "' (" + spec.doc + ")",
                      fallbackLoc});
    ok = false;
  }
  return ok;
}

std::vector<NodeSchemaFacts> checkSchemas(const Graph& graph, const LayerCatalogue& layers,
                                          const OpCatalogue& ops) {
  std::vector<NodeSchemaFacts> facts(graph.nodes.size());
  for (NodeId id = 0; id < graph.nodes.size(); ++id) {
    const Node& node = graph.nodes[id];
    switch (node.kind) {
      case NodeKind::Input:
      case NodeKind::Custom: break;
      case NodeKind::Layer: checkLayer(node, layers, facts[id]); break;
      case NodeKind::Op: checkOp(node, ops, facts[id]); break;
    }
    if (node.shares && node.shares->node != kNoNode && !facts[node.shares->node].valid) facts[id].valid = false;
  }
  return facts;
}

}  // namespace graphlint
