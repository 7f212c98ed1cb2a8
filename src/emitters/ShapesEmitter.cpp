#include "emitters/ShapesEmitter.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

namespace graphlint {
namespace {

/// `1,234,567` for constants, the expression otherwise, `?` when unknown.
std::string countText(const Dim& d) {
  std::optional<int64_t> c = d.constantValue();
  if (!c) return d.isUnknown() ? "?" : d.str();
  std::string digits = std::to_string(*c), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && digits[i - 1] != '-' && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

llvm::json::Value dimJson(const Dim& d) {
  if (std::optional<int64_t> c = d.constantValue()) return *c;
  if (!d.isKnown()) return nullptr;
  return d.str();
}

std::string opText(const Node& node) {
  if (node.kind == NodeKind::Custom) return node.type + " (custom)";
  return node.type;
}

}  // namespace

ParamTotals totalParams(const Analysis& analysis) {
  ParamTotals totals;
  for (const NodeShapes& shapes : analysis.shapes) {
    totals.total = totals.total + shapes.params;
    totals.nonTrainable = totals.nonTrainable + shapes.nonTrainableParams;
  }
  return totals;
}

void emitShapesText(llvm::raw_ostream& os, const Analysis& analysis) {
  const Graph& graph = analysis.graph;
  struct Row { std::string name, op, shape, dtype, params; };
  std::vector<Row> rows;
  for (NodeId id = 0; id < graph.nodes.size(); ++id) {
    const Node& node = graph.nodes[id];
    const NodeShapes& shapes = analysis.shapes[id];
    std::string params = countText(shapes.params);
    if (node.shares) params += " (shared)";
    if (shapes.outputs.empty()) {
      rows.push_back({node.name, opText(node), "not inferred (on a cycle)", "", params});
      continue;
    }
    for (size_t i = 0; i < shapes.outputs.size(); ++i) {
      const TensorType& t = shapes.outputs[i];
      rows.push_back({i == 0 ? node.name : "", i == 0 ? opText(node) : "",
                      (shapes.outputs.size() > 1 ? "[" + std::to_string(i) + "] " : "") + t.shapeStr(),
                      dtypeName(t.dtype).str(), i == 0 ? params : ""});
    }
  }
  Row header{"Node", "Op", "Output shape", "Dtype", "Params"};
  size_t w[4] = {header.name.size(), header.op.size(), header.shape.size(), header.dtype.size()};
  for (const Row& r : rows) {
    w[0] = std::max(w[0], r.name.size());
    w[1] = std::max(w[1], r.op.size());
    w[2] = std::max(w[2], r.shape.size());
    w[3] = std::max(w[3], r.dtype.size());
  }
  auto line = [&](const Row& r) {
    const std::string* cells[] = {&r.name, &r.op, &r.shape, &r.dtype};
    for (size_t i = 0; i < 4; ++i) os << *cells[i] << std::string(w[i] - cells[i]->size() + 2, ' ');
    os << r.params << "\n";
  };
  os << "Model: " << (graph.name.empty() ? "(unnamed)" : graph.name) << " (" << graph.file << ")\n";
  line(header);
  for (const Row& r : rows) line(r);
  ParamTotals totals = totalParams(analysis);
  os << "Total params: " << countText(totals.total);
  if (totals.total.isUnknown())
    os << " (some layers' weight counts are unknown: custom layers without 'params', or shapes that could not be inferred)";
  os << "\nTrainable params: " << countText(totals.trainable()) << "\n";
  os << "Non-trainable params: " << countText(totals.nonTrainable) << "\n";
}

void emitShapesJson(llvm::raw_ostream& os, const Analysis& analysis) {
  namespace json = llvm::json;
  const Graph& graph = analysis.graph;
  json::Array nodes;
  for (NodeId id = 0; id < graph.nodes.size(); ++id) {
    const Node& node = graph.nodes[id];
    const NodeShapes& shapes = analysis.shapes[id];
    json::Array outputs;
    for (const TensorType& t : shapes.outputs) {
      json::Value shape = nullptr;
      if (t.dims) {
        json::Array dims;
        for (const Dim& d : *t.dims) dims.push_back(dimJson(d));
        shape = std::move(dims);
      }
      json::Object output{{"shape", std::move(shape)}};
      output["dtype"] = t.dtype == DType::Unknown ? json::Value(nullptr) : json::Value(dtypeName(t.dtype));
      outputs.push_back(std::move(output));
    }
    json::Object entry{{"name", node.name}, {"op", node.type}, {"kind", nodeKindName(node.kind)},
                       {"outputs", std::move(outputs)}, {"params", dimJson(shapes.params)}};
    if (node.shares) entry["shares"] = node.shares->nodeName;
    nodes.push_back(std::move(entry));
  }
  ParamTotals totals = totalParams(analysis);
  json::Object root{{"model", graph.name}, {"file", graph.file}, {"nodes", std::move(nodes)},
                    {"total_params", dimJson(totals.total)},
                    {"trainable_params", dimJson(totals.trainable())},
                    {"non_trainable_params", dimJson(totals.nonTrainable)}};
  os << llvm::formatv("{0:2}", json::Value(std::move(root))) << "\n";
}

}  // namespace graphlint
