// Input binding: symbols from input files, defaults for the rest, seeded inputs.

#include "executor/InputBinding.h"

#include <cmath>

#include "executor/Executor.h"
#include "executor/Kernel.h"
#include "executor/Rng.h"
#include "runtime/Convert.h"

namespace graphlint {
namespace {

/// The symbol a dim is, if it is exactly one symbol (not `2*seq`).
std::optional<std::string> soleSymbol(const Dim& dim) {
  if (!dim.isKnown()) return std::nullopt;
  auto symbols = dim.symbols();
  if (symbols.size() != 1 || dim != Dim::symbol(symbols.front())) return std::nullopt;
  return std::string(symbols.front());
}

/// The smallest vocabulary among the layers and ops reading node `input`, or 0 if none says.
int64_t vocabularyOfReaders(const Graph& graph, NodeId input) {
  int64_t smallest = 0;
  auto consider = [&](const Value* v) {
    if (v && v->isInt() && v->asInt() > 0) smallest = smallest ? std::min(smallest, v->asInt()) : v->asInt();
  };
  for (const Node& node : graph.nodes) {
    bool reads = false;
    for (const TensorRef& ref : node.inputs) reads |= ref.node == input;
    if (!reads) continue;
    if (node.kind == NodeKind::Layer && node.type == "Embedding") consider(node.config.find("input_dim"));
    if (node.kind == NodeKind::Layer && node.type == "CategoryEncoding") consider(node.config.find("num_tokens"));
    if (node.kind == NodeKind::Op && llvm::StringRef(node.type).endswith("one_hot")) {
      consider(node.config.find("depth"));
      consider(node.config.find("num_classes"));
    }
  }
  return smallest;
}

/// Seeded values of the input's element type, as bindInputs documents.
void fillSeeded(HostTensor& tensor, int64_t vocabulary, Rng& rng) {
  int64_t n = tensor.elementCount();
  auto unit = [&rng] { return rng.uniform(); };
  switch (tensor.elementType()) {
    case ElementType::Float32:
      for (int64_t i = 0; i < n; ++i) tensor.data<float>()[i] = static_cast<float>(2 * unit() - 1);
      return;
    case ElementType::Float64:
      for (int64_t i = 0; i < n; ++i) tensor.data<double>()[i] = 2 * unit() - 1;
      return;
    case ElementType::Float16:
      for (int64_t i = 0; i < n; ++i) tensor.data<Half>()[i] = floatToHalf(static_cast<float>(2 * unit() - 1));
      return;
    case ElementType::Bool:
      for (int64_t i = 0; i < n; ++i) tensor.data<bool>()[i] = (rng.next() >> 63) != 0;
      return;
    default: {
      int64_t bound = vocabulary > 0 ? vocabulary : 10;
      if (tensor.elementType() == ElementType::Int8 || tensor.elementType() == ElementType::UInt8)
        bound = std::min<int64_t>(bound, 100);
      Result<HostTensor> ids = HostTensor::zeros(ElementType::Int64, tensor.shape());
      for (int64_t i = 0; i < n; ++i) ids->data<int64_t>()[i] = static_cast<int64_t>(unit() * static_cast<double>(bound));
      convertElements(*ids, tensor);
      return;
    }
  }
}

/// Converts a given input to the declared element type; floats become integers only when
/// every value is a whole number in range.
Result<HostTensor> convertInput(const HostTensor& given, ElementType declared, const std::string& name) {
  Result<HostTensor> out = HostTensor::zeros(declared, given.shape());
  if (!out) return out.error();
  bool fromFloat = given.elementType() == ElementType::Float16 || given.elementType() == ElementType::Float32 ||
                   given.elementType() == ElementType::Float64;
  bool toInteger = declared != ElementType::Float16 && declared != ElementType::Float32 &&
                   declared != ElementType::Float64 && declared != ElementType::Bool;
  if (fromFloat && toInteger) {
    std::vector<float> values = toFloats(given);
    for (size_t i = 0; i < values.size(); ++i)
      if (!std::isfinite(values[i]) || values[i] != std::trunc(values[i]) || std::fabs(values[i]) > 9.0e15f)
        return makeError("input '" + name + "' is declared " + elementTypeName(declared).str() + " but its file holds " +
                         given.describe() + " with the non-integer value " + std::to_string(values[i]) +
                         " at flat index " + std::to_string(i));
  }
  convertElements(given, *out);
  return out;
}

}  // namespace

Result<BoundInputs> bindInputs(const Graph& graph, llvm::StringMap<HostTensor> given, const DimBindings& bindings,
                               uint64_t seed) {
  BoundInputs bound{graph, bindings, {}, {}};
  std::vector<NodeId> inputs = inputNodes(graph);
  for (const auto& entry : given) {
    const Node* node = graph.findNode(entry.getKey());
    if (!node || node->kind != NodeKind::Input) {
      std::string names;
      for (NodeId id : inputs) names += (names.empty() ? "" : ", ") + graph.nodes[id].name;
      return makeError("the model has no input named '" + entry.getKey().str() + "'; its inputs are " + names);
    }
  }

  // Symbols first from every given tensor, so an input without a file can use them.
  llvm::StringMap<std::string> boundBy;  // symbol -> the input that bound it
  for (NodeId id : inputs) {
    const Node& node = graph.nodes[id];
    auto it = given.find(node.name);
    if (it == given.end() || !node.declared.dims) continue;
    const HostTensor& t = it->second;
    const Dims& dims = *node.declared.dims;
    if (t.rank() != dims.size())
      return makeError("input '" + node.name + "' is declared " + node.declared.shapeStr() + " (rank " +
                       std::to_string(dims.size()) + ") but its file holds " + t.describe());
    for (size_t axis = 0; axis < dims.size(); ++axis) {
      int64_t size = t.shape()[axis];
      if (std::optional<std::string> symbol = soleSymbol(dims[axis])) {
        auto known = bound.bindings.find(*symbol);
        if (known != bound.bindings.end() && known->second != size) {
          std::string source = boundBy.count(*symbol) ? "input '" + boundBy[*symbol] + "'" : "--bind";
          return makeError("input '" + node.name + "' has " + *symbol + " = " + std::to_string(size) + " (axis " +
                           std::to_string(axis) + " of " + t.describe() + ") but " + source + " has " + *symbol +
                           " = " + std::to_string(known->second));
        }
        bound.bindings[*symbol] = size;
        boundBy[*symbol] = node.name;
      }
    }
  }

  for (NodeId id : inputs) {
    Node& node = bound.graph.nodes[id];
    auto it = given.find(node.name);
    std::optional<ElementType> declared = elementTypeFor(node.declared.dtype);
    if (node.declared.dtype == DType::Unknown) declared = it != given.end() ? it->second.elementType() : ElementType::Float32;
    if (!declared)
      return makeError("input '" + node.name + "' is declared " + dtypeName(node.declared.dtype).str() +
                       ", which the executor does not run" + dtypeRemark(node.declared.dtype));
    if (!node.declared.dims)
      if (it == given.end())
        return makeError("input '" + node.name + "' has an unknown rank; give it with --input " + node.name + "=FILE.npy");
    std::vector<int64_t> shape;
    Dims concrete;
    size_t rank = node.declared.dims ? node.declared.dims->size() : it->second.rank();
    for (size_t axis = 0; axis < rank; ++axis) {
      int64_t size = 0;
      if (it != given.end()) {
        size = it->second.shape()[axis];
        if (node.declared.dims) {
          Dim expected = (*node.declared.dims)[axis].substitute(bound.bindings);
          if (std::optional<int64_t> value = expected.constantValue(); value && *value != size)
            return makeError("input '" + node.name + "' axis " + std::to_string(axis) + " is " + std::to_string(size) +
                             " in its file " + it->second.describe() + ", the model declares " +
                             (*node.declared.dims)[axis].str() + " = " + std::to_string(*value) + " (" +
                             node.declared.shapeStr() + ")");
        }
      } else {
        const Dim& dim = (*node.declared.dims)[axis];
        for (llvm::StringRef symbol : dim.symbols())
          if (!bound.bindings.count(symbol)) {
            int64_t chosen = axis == 0 ? kDefaultBatch : kDefaultDim;
            bound.bindings[symbol] = chosen;
            bound.notes.push_back(symbol.str() + " = " + std::to_string(chosen) + " (a default; --bind " + symbol.str() +
                                  "=N chooses)");
          }
        Dim value = dim.substitute(bound.bindings);
        if (std::optional<int64_t> v = value.constantValue()) {
          size = *v;
        } else {
          size = axis == 0 ? kDefaultBatch : kDefaultDim;
          bound.notes.push_back("input '" + node.name + "' axis " + std::to_string(axis) + " (None) = " +
                                std::to_string(size) + " (a default; give the input as a file to choose)");
        }
        if (size < 0) return makeError("input '" + node.name + "' axis " + std::to_string(axis) + " is " + dim.str() +
                                       " = " + std::to_string(size));
      }
      shape.push_back(size);
      concrete.push_back(Dim::constant(size));
    }
    node.declared.dims = std::move(concrete);
    if (node.declared.dtype == DType::Unknown) node.declared.dtype = dtypeFor(*declared);
    if (it != given.end()) {
      if (it->second.elementType() == *declared) {
        bound.tensors.push_back(std::move(it->second));
      } else {
        Result<HostTensor> converted = convertInput(it->second, *declared, node.name);
        if (!converted) return converted.error();
        bound.notes.push_back("input '" + node.name + "': " + elementTypeName(it->second.elementType()).str() +
                              " converted to the declared " + elementTypeName(*declared).str());
        bound.tensors.push_back(std::move(*converted));
      }
    } else {
      Result<HostTensor> tensor = HostTensor::zeros(*declared, shape);
      if (!tensor) return makeError("input '" + node.name + "': " + tensor.error().message);
      Rng rng = Rng::forStream(seed, "input/" + node.name);
      fillSeeded(*tensor, vocabularyOfReaders(graph, id), rng);
      bound.notes.push_back("input '" + node.name + "': generated " + tensor->describe() + " from seed " +
                            std::to_string(seed));
      bound.tensors.push_back(std::move(*tensor));
    }
  }
  return bound;
}

}  // namespace graphlint
