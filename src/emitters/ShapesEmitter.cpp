#include "emitters/ShapesEmitter.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include "passes/Cost.h"

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

/// `12.3 MB`, `7.7 GFLOPs` for constants (decimal prefixes), the expression otherwise.
std::string amountText(const Dim& d, llvm::StringRef unit) {
  std::optional<int64_t> c = d.constantValue();
  if (!c) return d.isUnknown() ? "?" : d.str() + " " + unit.str();
  const char* prefixes[] = {"", "k", "M", "G", "T", "P"};
  double value = static_cast<double>(*c);
  int p = 0;
  while (std::abs(value) >= 1000 && p < 5) {
    value /= 1000;
    ++p;
  }
  return llvm::formatv(p == 0 ? "{0:0} {1}{2}" : "{0:1} {1}{2}", value, prefixes[p], unit).str();
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

void emitShapesText(llvm::raw_ostream& os, const Analysis& analysis, bool withCost) {
  const Graph& graph = analysis.graph;
  std::vector<NodeCost> costs = withCost ? estimateCosts(analysis) : std::vector<NodeCost>{};
  using Row = std::vector<std::string>;
  Row header{"Node", "Op", "Output shape", "Dtype", "Params"};
  if (withCost) header.insert(header.end(), {"Activations", "FLOPs"});
  std::vector<Row> rows;
  for (NodeId id = 0; id < graph.nodes.size(); ++id) {
    const Node& node = graph.nodes[id];
    const NodeShapes& shapes = analysis.shapes[id];
    std::string params = countText(shapes.params);
    if (node.shares) params += " (shared)";
    std::vector<TensorType> outputs = shapes.outputs;
    if (outputs.empty()) outputs.push_back(TensorType::unknown());
    for (size_t i = 0; i < outputs.size(); ++i) {
      const TensorType& t = outputs[i];
      std::string shape = shapes.outputs.empty() ? "not inferred (on a cycle)" : t.shapeStr();
      if (outputs.size() > 1) shape = "[" + std::to_string(i) + "] " + shape;
      Row row{i == 0 ? node.name : "", i == 0 ? opText(node) : "", shape,
              shapes.outputs.empty() ? "" : dtypeName(t.dtype).str(), i == 0 ? params : ""};
      if (withCost) {
        row.push_back(i == 0 ? amountText(costs[id].activationBytes, "B") : "");
        row.push_back(i == 0 ? amountText(costs[id].flops, "FLOPs") : "");
      }
      rows.push_back(std::move(row));
    }
  }
  std::vector<size_t> width(header.size());
  for (const Row* r = &header; r; r = nullptr)
    for (size_t c = 0; c < r->size(); ++c) width[c] = (*r)[c].size();
  for (const Row& r : rows)
    for (size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
  auto line = [&](const Row& r) {
    std::string text;
    for (size_t c = 0; c < r.size(); ++c)
      text += r[c] + (c + 1 == r.size() ? "" : std::string(width[c] - r[c].size() + 2, ' '));
    os << llvm::StringRef(text).rtrim() << "\n";
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
  if (!withCost) return;
  CostTotals cost = sumCosts(costs);
  os << "Forward pass: " << amountText(cost.flops, "FLOPs") << ", activations " << amountText(cost.activationBytes, "B")
     << ", weights " << amountText(cost.weightBytes, "B") << "\n";
  // Training keeps every activation for the backward pass, plus a gradient and (with Adam)
  // two moment estimates per trainable weight.
  Dim trainableBytes = cost.weightBytes - totals.nonTrainable * Dim::constant(4);
  Dim training = cost.weightBytes + trainableBytes * Dim::constant(3) + cost.activationBytes;
  os << "Training step with Adam, estimated: " << amountText(training, "B")
     << " (weights, gradients and two optimizer slots per trainable weight, and the forward activations; "
        "float32 weights assumed, framework workspace not included)\n";
}

void emitShapesJson(llvm::raw_ostream& os, const Analysis& analysis) {
  namespace json = llvm::json;
  const Graph& graph = analysis.graph;
  std::vector<NodeCost> costs = estimateCosts(analysis);
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
                       {"outputs", std::move(outputs)}, {"params", dimJson(shapes.params)},
                       {"activation_bytes", dimJson(costs[id].activationBytes)},
                       {"weight_bytes", dimJson(costs[id].weightBytes)}, {"flops", dimJson(costs[id].flops)}};
    if (node.shares) entry["shares"] = node.shares->nodeName;
    nodes.push_back(std::move(entry));
  }
  ParamTotals totals = totalParams(analysis);
  json::Object root{{"model", graph.name}, {"file", graph.file}, {"nodes", std::move(nodes)},
                    {"total_params", dimJson(totals.total)},
                    {"trainable_params", dimJson(totals.trainable())},
                    {"non_trainable_params", dimJson(totals.nonTrainable)}};
  CostTotals cost = sumCosts(costs);
  root["cost"] = json::Object{{"activation_bytes", dimJson(cost.activationBytes)},
                              {"weight_bytes", dimJson(cost.weightBytes)},
                              {"flops", dimJson(cost.flops)}};
  os << llvm::formatv("{0:2}", json::Value(std::move(root))) << "\n";
}

}  // namespace graphlint
