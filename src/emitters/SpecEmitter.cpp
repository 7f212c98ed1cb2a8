#include "emitters/SpecEmitter.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <yaml-cpp/yaml.h>

namespace graphlint {
namespace {

/// A double as the shortest text that reads back to it, always recognisable as a float.
std::string floatText(double d) {
  if (std::isnan(d)) return ".nan";
  if (std::isinf(d)) return d > 0 ? ".inf" : "-.inf";
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  std::string text = buf;
  if (text.find_first_of(".eE") == std::string::npos) text += ".0";
  return text;
}

void emitValue(YAML::Emitter& out, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null: out << YAML::Null; break;
    case Value::Kind::Bool: out << v.asBool(); break;
    case Value::Kind::Int: out << v.asInt(); break;
    case Value::Kind::Float: out << floatText(v.asNumber()); break;
    // Quoted, so that strings such as "1", "true" or "null" stay strings.
    case Value::Kind::String: out << YAML::DoubleQuoted << v.asString().str(); break;
    case Value::Kind::List:
      out << YAML::Flow << YAML::BeginSeq;
      for (const Value& item : v.items()) emitValue(out, item);
      out << YAML::EndSeq;
      break;
    case Value::Kind::Map:
      out << YAML::Flow << YAML::BeginMap;
      for (const Value::Entry& e : v.entries()) {
        out << YAML::Key << YAML::DoubleQuoted << e.key << YAML::Value;
        emitValue(out, e.value);
      }
      out << YAML::EndMap;
      break;
  }
}

void emitDims(YAML::Emitter& out, const Dims& dims) {
  out << YAML::Flow << YAML::BeginSeq;
  for (const Dim& d : dims) {
    if (std::optional<int64_t> c = d.constantValue())
      out << *c;
    else if (d.isKnown())
      out << d.str();
    else
      out << YAML::Null;
  }
  out << YAML::EndSeq;
}

void emitRefs(YAML::Emitter& out, llvm::ArrayRef<TensorRef> refs) {
  out << YAML::Flow << YAML::BeginSeq;
  for (const TensorRef& ref : refs) out << YAML::DoubleQuoted << ref.str();
  out << YAML::EndSeq;
}

void emitInput(YAML::Emitter& out, const Node& node) {
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted << node.name;
  if (node.declared.dims) {
    out << YAML::Key << "shape" << YAML::Value;
    emitDims(out, *node.declared.dims);
  } else {
    // A spec input needs a shape; a rank graphlint does not know cannot be written.
    out << YAML::Key << "shape" << YAML::Value << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
    out << YAML::Comment("shape unknown in the source file: fill it in");
  }
  if (node.declared.dtype != DType::Unknown)
    out << YAML::Key << "dtype" << YAML::Value << dtypeName(node.declared.dtype).str();
  out << YAML::EndMap;
}

void emitCustomFacts(YAML::Emitter& out, const CustomLayerFacts& facts) {
  if (!facts.wraps.empty()) out << YAML::Key << "wraps" << YAML::Value << facts.wraps;
  out << YAML::Key << "defines" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  if (facts.definesCall) out << "call";
  if (facts.definesComputeOutputShape) out << "compute_output_shape";
  if (facts.definesGetConfig) out << "get_config";
  out << YAML::EndSeq;
  if (facts.inputPatterns || facts.outputShapes) {
    out << YAML::Key << "shape_rule" << YAML::Value << YAML::BeginMap;
    for (auto [key, shapes] : {std::pair{"inputs", &facts.inputPatterns}, std::pair{"outputs", &facts.outputShapes}}) {
      if (!*shapes) continue;
      out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (const Dims& dims : **shapes) emitDims(out, dims);
      out << YAML::EndSeq;
    }
    out << YAML::EndMap;
  }
  if (facts.outputDType) out << YAML::Key << "dtype" << YAML::Value << dtypeName(*facts.outputDType).str();
  if (facts.params) out << YAML::Key << "params" << YAML::Value << *facts.params;
}

void emitNode(YAML::Emitter& out, const Node& node) {
  out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted << node.name;
  if (node.shares) {
    out << YAML::Key << "shares" << YAML::Value << YAML::DoubleQuoted << node.shares->str();
  } else {
    llvm::StringRef kind = node.kind == NodeKind::Op ? "op" : node.kind == NodeKind::Custom ? "custom" : "layer";
    out << YAML::Key << kind.str() << YAML::Value << node.type;
    bool hasConfig = node.config.isMap() && !node.config.entries().empty();
    if (hasConfig) {
      out << YAML::Key << (node.kind == NodeKind::Op ? "args" : "config") << YAML::Value;
      emitValue(out, node.config);
    }
    if (node.kind == NodeKind::Custom) emitCustomFacts(out, node.custom);
  }
  size_t positional = node.positionalInputCount();
  out << YAML::Key << "inputs" << YAML::Value;
  emitRefs(out, llvm::ArrayRef<TensorRef>(node.inputs).take_front(positional));
  bool hasCallArgs = node.callArgs.isMap() && !node.callArgs.entries().empty();
  if (positional < node.inputs.size() || hasCallArgs) {
    out << YAML::Key << "call" << YAML::Value << YAML::BeginMap;
    for (size_t i = positional; i < node.inputs.size(); ++i)
      out << YAML::Key << node.inputKeywords[i] << YAML::Value << YAML::DoubleQuoted << node.inputs[i].str();
    if (hasCallArgs)
      for (const Value::Entry& e : node.callArgs.entries()) {
        out << YAML::Key << e.key << YAML::Value;
        emitValue(out, e.value);
      }
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

}  // namespace

void emitSpec(llvm::raw_ostream& os, const Graph& graph) {
  YAML::Emitter out;
  out.SetIndent(2);
  std::string origin = "graphlint convert " + graph.file + (graph.format.empty() ? "" : " (" + graph.format + ")");
  out << YAML::Comment(origin);
  out << YAML::BeginMap;
  out << YAML::Key << "model" << YAML::Value << YAML::DoubleQuoted << (graph.name.empty() ? "model" : graph.name);
  out << YAML::Key << "inputs" << YAML::Value << YAML::BeginSeq;
  for (const Node& node : graph.nodes)
    if (node.kind == NodeKind::Input) emitInput(out, node);
  out << YAML::EndSeq;
  out << YAML::Key << "nodes" << YAML::Value << YAML::BeginSeq;
  for (const Node& node : graph.nodes)
    if (node.kind != NodeKind::Input) emitNode(out, node);
  out << YAML::EndSeq;
  out << YAML::Key << "outputs" << YAML::Value;
  emitRefs(out, graph.outputs);
  out << YAML::EndMap;
  os << out.c_str() << "\n";
}

}  // namespace graphlint
