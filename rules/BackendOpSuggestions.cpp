#include "llvm/ADT/StringExtras.h"
#include "rules/BackendOpSuggestions.h"

#include "catalogue/ops/OpShapes.h"
#include "catalogue/ops/SliceSpec.h"

#include <cctype>
#include <cstdio>

namespace graphlint {
namespace {

/// The call's tensors as Python names (`states[1]` for output 1 of a multi-output node).
std::vector<std::string> tensorNames(const BackendCall& call) {
  std::vector<std::string> names;
  for (const TensorRef& ref : call.node.inputs)
    names.push_back(ref.nodeName + (ref.outputIndex ? "[" + std::to_string(ref.outputIndex) + "]" : ""));
  return names;
}

/// One parameter of a Python call being written out: the argument text when the call passes
/// it, and whether it must be positional (a tensor, or a variadic parameter).
struct Slot {
  std::string name;
  std::optional<std::string> text;
  std::optional<std::string> defaultText;
  bool positional = false;
};

/// The arguments of a call in signature order. A parameter is passed by position when it is
/// the first, a tensor, or comes before a positional one (einsum's subscripts before the
/// operands); the others by keyword. A parameter left out before a positional one gets its
/// default.
std::string renderArgs(const std::vector<Slot>& slots) {
  size_t positionalEnd = 0;  // one past the last positional slot
  for (size_t i = 0; i < slots.size(); ++i)
    if (slots[i].text && (slots[i].positional || i == 0)) positionalEnd = i + 1;
  std::vector<std::string> parts;
  for (size_t i = 0; i < slots.size(); ++i) {
    const Slot& slot = slots[i];
    if (i < positionalEnd) {
      if (slot.text && slot.text->empty()) continue;  // a variadic parameter given nothing
      parts.push_back(slot.text ? *slot.text : slot.defaultText.value_or("..."));
    } else if (slot.text) {
      parts.push_back(slot.name + "=" + *slot.text);
    }
  }
  return llvm::join(parts, ", ");
}

bool takesList(const BackendCall& call) { return call.match.entry && call.match.entry->tensors < 0; }

/// Python text for an argument value (strings quoted, lists bracketed).
std::string pyValue(const Value& v) { return v.str(); }

/// The call's tensors in keras.ops parameter order, constants (tf.math.multiply's y: 2.0)
/// written in their places.
std::vector<std::string> kerasTensorTexts(const BackendCall& call) {
  std::vector<std::string> names = tensorNames(call);
  return call.args.inKerasOrder(llvm::ArrayRef<std::string>(names), pyValue);
}

/// The entry's operator expression (`{x1} + {x2}`) for this call: tensor params become the
/// tensors, `{name:index}` a slice_spec subscript, other params their arguments. A placeholder
/// with nothing to fill it is written `<name>` and makes `complete` false.
std::string operatorExpression(const BackendCall& call, bool& complete) {
  const OpEntry& entry = *call.match.entry;
  std::vector<std::string> tensors = kerasTensorTexts(call);
  complete = true;
  std::string text;
  llvm::StringRef rest = entry.operatorText;
  while (!rest.empty()) {
    size_t open = rest.find('{');
    size_t close = open == llvm::StringRef::npos ? llvm::StringRef::npos : rest.find('}', open);
    if (close == llvm::StringRef::npos) { text += rest.str(); break; }
    text += rest.take_front(open).str();
    auto [name, format] = rest.slice(open + 1, close).split(':');
    rest = rest.drop_front(close + 1);
    std::optional<std::string> filled;
    for (size_t i = 0; i < entry.params.size() && !filled; ++i) {
      if (entry.params[i].name != name) continue;
      if (entry.isTensorParam(i)) {
        if (i < tensors.size()) filled = tensors[i];
      } else if (const Value* v = call.args.find(name)) {
        if (format != "index") filled = pyValue(*v);
        else if (std::optional<std::vector<IndexItem>> items = parseSliceSpec(*v)) filled = subscriptText(*items);
      }
    }
    if (!filled) complete = false;
    text += filled ? *filled : "<" + name.str() + ">";
  }
  return text;
}

/// The arguments of the backend call in the wrapper's call(self, x) or call(self, inputs):
/// the backend's signature walked like keras.ops' in kerasOpsSuggestion, its tensors from the
/// layer's input(s), its other arguments from self.
std::string wrappedCallArgs(const BackendCall& call, const std::vector<Value::Entry>& args) {
  bool single = call.node.inputs.size() == 1;
  const OpEntry* entry = call.match.entry;
  const BackendSpelling* spelling = call.match.spelling;
  if (!entry || !spelling || spelling->params.empty() || entry->params.empty()) {
    // No signature to follow: the tensors first, then every argument by keyword.
    std::vector<std::string> parts{single ? "x" : takesList(call) ? "inputs" : "*inputs"};
    for (const Value::Entry& a : args) parts.push_back(a.key + "=self." + a.key);
    return llvm::join(parts, ", ");
  }
  std::vector<Slot> slots;
  size_t tensorsPlaced = 0;
  for (const OpParam& p : spelling->params) {
    auto renamed = spelling->rename.find(p.name);
    std::string kerasName = renamed == spelling->rename.end() ? p.name : renamed->second;
    bool tensor = p.variadic || entry->isTensorParam(kerasName);
    bool given = llvm::any_of(args, [&](const Value::Entry& a) { return a.key == p.name; });
    Slot slot{p.name, std::nullopt, p.defaultText, tensor};
    if (tensor && given) {
      slot.text = "self." + p.name;  // a tensor the call gives as a constant
    } else if (tensor) {
      bool all = p.variadic || (takesList(call) && kerasName == entry->params.front().name);
      if (single && tensorsPlaced == 0) slot.text = "x";
      else if (!single && all) slot.text = takesList(call) && !p.variadic ? "inputs" : "*inputs";
      else if (!single) slot.text = "inputs[" + std::to_string(tensorsPlaced) + "]";
      if (slot.text) ++tensorsPlaced;
    } else if (given) {
      slot.text = "self." + p.name;
    }
    slots.push_back(std::move(slot));
  }
  // Tensors that are the leading params in order are passed as *inputs.
  size_t leading = 0;
  while (leading < slots.size() && slots[leading].text == "inputs[" + std::to_string(leading) + "]") ++leading;
  if (leading >= 2 && leading == tensorsPlaced && leading == call.node.inputs.size()) {
    slots.erase(slots.begin() + 1, slots.begin() + static_cast<std::ptrdiff_t>(leading));
    slots.front().text = "*inputs";
  }
  std::string rendered = renderArgs(slots);
  // Arguments the signature does not list (the unknown-attribute rule reports them) stay keywords.
  for (const Value::Entry& a : args)
    if (!llvm::any_of(spelling->params, [&](const OpParam& p) { return p.name == a.key; }))
      rendered += (rendered.empty() ? "" : ", ") + a.key + "=self." + a.key;
  return rendered;
}

std::string camelCase(llvm::StringRef op) {
  std::string out;
  bool upper = true;
  for (char c : op) {
    if (c == '_' || c == '.') { upper = true; continue; }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

/// Human-readable byte count, decimal units.
std::string bytes(double n) {
  const char* units[] = {"bytes", "KB", "MB", "GB", "TB"};
  int u = 0;
  while (n >= 1000 && u < 4) { n /= 1000; ++u; }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", n, units[u]);
  return buf;
}

std::string withCommas(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

/// The name standing for axis `i` of the first input in symbolicOutput().
std::string axisSymbol(size_t i) { return "graphlint_input_axis" + std::to_string(i); }

/// The op's output dims with every dim of its first input replaced by a symbol of its own: an
/// output dim that is such a symbol comes from that input axis whatever its size (reduce_sum
/// over axis 1 keeps axes 0 and 2), where matching sizes alone can be a coincidence (a pooled
/// 16 -> 8 next to 8 channels). Nullopt when the rule cannot say.
std::optional<Dims> symbolicOutput(const BackendCall& call) {
  if (!call.match.entry || call.shapes.inputs.empty() || !call.shapes.inputs[0].hasRank()) return std::nullopt;
  std::vector<TensorType> tensors = call.shapes.inputs;
  Dims symbols;
  for (size_t i = 0; i < tensors[0].rank(); ++i) symbols.push_back(Dim::symbol(axisSymbol(i)));
  tensors[0].dims = std::move(symbols);
  Result<std::vector<TensorType>> outputs = inferOpOutputs(*call.match.entry, call.args, tensors);
  if (!outputs || outputs->size() != 1 || !(*outputs)[0].hasRank()) return std::nullopt;
  return *(*outputs)[0].dims;
}

/// `self.depth`-style expression for an output dim of the wrapper's compute_output_shape.
/// `shapeOf` is how the first input's shape is spelled (`input_shape`, or `input_shape[0]`
/// when the layer takes a list); `symbolic` is the dim from symbolicOutput(), if known.
std::string outputDimExpr(const Dim& d, const Dim* symbolic, const TensorType& in, const std::string& shapeOf,
                          const std::vector<Value::Entry>& args) {
  if (symbolic) {
    for (size_t i = 0; in.hasRank() && i < in.rank(); ++i)
      if (*symbolic == Dim::symbol(axisSymbol(i))) return shapeOf + "[" + std::to_string(i) + "]";
  } else if (in.hasRank() && d.isKnown() && !d.constantValue()) {
    // Without the rule's view, only a symbol (batch, seq) says which axis a size comes from.
    for (size_t i = 0; i < in.rank(); ++i)
      if ((*in.dims)[i] == d) return shapeOf + "[" + std::to_string(i) + "]";
  }
  if (std::optional<int64_t> c = d.constantValue()) {
    // A size that equals exactly one size-like argument comes from it (one_hot's depth);
    // axes and small constants (keepdims' 1) are left as numbers.
    const Value::Entry* source = nullptr;
    for (const Value::Entry& a : args) {
      llvm::StringRef key = a.key;
      if (!a.value.isInt() || a.value.asInt() != *c || *c < 2 || key.contains("axis") || key.contains("dim")) continue;
      if (source) return std::to_string(*c);
      source = &a;
    }
    return source ? "self." + source->key : std::to_string(*c);
  }
  return "None";
}

std::string computeOutputShapeBody(const BackendCall& call, const std::vector<Value::Entry>& args) {
  const std::vector<TensorType>& outs = call.shapes.outputs;
  if (outs.size() != 1 || !outs[0].hasRank() || call.shapes.inputs.empty())
    return "        return ...  # the output shape, computed from input_shape";
  const TensorType& in = call.shapes.inputs[0];
  const Dims& dims = *outs[0].dims;
  std::string shapeOf = call.node.inputs.size() == 1 ? "input_shape" : "input_shape[0]";
  std::vector<std::string> parts;
  size_t start = 0;
  // Keep the whole input shape as `*input_shape` when the output starts with it.
  if (in.hasRank() && in.rank() > 0 && in.rank() <= dims.size() &&
      std::equal(in.dims->begin(), in.dims->end(), dims.begin())) {
    if (in.rank() == dims.size()) return "        return " + shapeOf;
    parts.push_back("*" + shapeOf);
    start = in.rank();
  }
  std::optional<Dims> symbolic = symbolicOutput(call);
  if (symbolic && symbolic->size() != dims.size()) symbolic.reset();
  for (size_t i = start; i < dims.size(); ++i)
    parts.push_back(outputDimExpr(dims[i], symbolic ? &(*symbolic)[i] : nullptr, in, shapeOf, args));
  return "        return (" + llvm::join(parts, ", ") + (parts.size() == 1 ? ",)" : ")");
}

}  // namespace

std::optional<Suggestion> kerasOpsSuggestion(const BackendCall& call) {
  if (!call.match.entry || !call.match.entry->keras) return std::nullopt;
  const OpEntry& entry = *call.match.entry;
  const KerasArgs& args = call.args;
  // Walk keras.ops' signature: tensor params take the node's tensors in keras order, a
  // variadic or list param all that are left; the others come from the arguments.
  std::vector<std::string> tensors = kerasTensorTexts(call);
  size_t next = 0;
  std::vector<Slot> slots;
  std::vector<std::string> required;  // keras.ops params the call leaves to a backend default
  for (size_t i = 0; i < entry.params.size(); ++i) {
    const OpParam& param = entry.params[i];
    Slot slot{param.name, std::nullopt, param.defaultText, entry.isTensorParam(i)};
    if (entry.tensors < 0 && i == 0) {
      slot.text = "[" + llvm::join(tensors.begin() + next, tensors.end(), ", ") + "]";
      next = tensors.size();
    } else if (slot.positional && param.variadic) {
      slot.text = llvm::join(tensors.begin() + next, tensors.end(), ", ");
      next = tensors.size();
    } else if (slot.positional) {
      if (next < tensors.size()) slot.text = tensors[next++];
    } else if (const Value* v = args.find(param.name)) {
      slot.text = pyValue(*v);
    } else if (!param.defaultText) {
      // Required by keras.ops but left to a backend default (torch's one_hot infers
      // num_classes from the data): the user must supply it.
      slot.text = "<" + param.name + ">";
      required.push_back(param.name);
    }
    slots.push_back(std::move(slot));
  }
  std::string rendered = renderArgs(slots);
  if (entry.params.empty()) rendered = llvm::join(tensors, ", ");
  std::string text = *entry.keras + "(" + rendered + ")";
  std::string message = "use " + *entry.keras + ", which accepts symbolic tensors: " + text;
  if (!args.dropped.empty())
    message += " (" + llvm::join(args.dropped, ", ") + (args.dropped.size() == 1 ? " has" : " have") +
               " no " + *entry.keras + " equivalent)";
  if (!required.empty())
    message += "; " + *entry.keras + " needs " + llvm::join(required, ", ") +
               " given explicitly, where the original call left it to a default";
  if (!entry.operatorText.empty()) {
    bool complete = false;
    std::string expression = operatorExpression(call, complete);
    if (complete) message += "; the operator works on Keras 3 tensors too: " + expression;
  }
  if (!entry.note.empty()) message += "; note: " + entry.note;
  if (call.match.spelling && !call.match.spelling->note.empty()) message += "; note: " + call.match.spelling->note;
  return Suggestion{message, text};
}

std::optional<Suggestion> operatorSuggestion(const BackendCall& call) {
  const OpEntry* entry = call.match.entry;
  if (!entry || entry->operatorText.empty()) return std::nullopt;
  if (entry->keras && !(call.match.spelling && call.match.spelling->fromOperator)) return std::nullopt;
  bool complete = false;
  std::string expression = operatorExpression(call, complete);
  std::string message = "write " + expression + " instead: the operator works on Keras 3 tensors";
  if (entry->keras) message += " (it calls " + *entry->keras + ")";
  if (!entry->note.empty()) message += "; note: " + entry->note;
  if (call.match.spelling && !call.match.spelling->note.empty()) message += "; note: " + call.match.spelling->note;
  return Suggestion{message, complete ? expression : std::string()};
}

std::optional<Suggestion> layerSuggestion(const BackendCall& call) {
  if (!call.match.entry || call.match.entry->layer.empty()) return std::nullopt;
  const OpEntry& entry = *call.match.entry;
  // Layers over several tensors (Add, Multiply) take tensors only, not `x * 2.0`'s constant.
  if (entry.tensors >= 2 && !call.args.constants.empty()) return std::nullopt;
  if (entry.layerMaxRank) {
    const TensorType* in = call.shapes.inputs.empty() ? nullptr : &call.shapes.inputs[0];
    if (!in || !in->hasRank() || static_cast<int64_t>(in->rank()) > *entry.layerMaxRank) return std::nullopt;
  }
  const KerasArgs& args = call.args;
  // Fill {param} placeholders from the call's arguments, else the keras.ops default.
  std::string text;
  llvm::StringRef rest = entry.layer;
  while (!rest.empty()) {
    size_t open = rest.find('{');
    size_t close = open == llvm::StringRef::npos ? llvm::StringRef::npos : rest.find('}', open);
    if (close == llvm::StringRef::npos) { text += rest.str(); break; }
    text += rest.take_front(open).str();
    llvm::StringRef name = rest.slice(open + 1, close);
    if (const Value* v = args.find(name)) text += pyValue(*v);
    else if (const OpParam* p = entry.findParam(name); p && p->defaultText) text += *p->defaultText;
    else text += "...";
    rest = rest.drop_front(close + 1);
  }
  std::string message = "or use the layer keras.layers." + text;
  if (!entry.layerNote.empty()) message += " (" + entry.layerNote + ")";
  return Suggestion{message, "keras.layers." + text};
}

Suggestion wrapperLayerSuggestion(const BackendCall& call) {
  llvm::StringRef opName = call.node.type;
  std::string className = camelCase(call.match.entry ? call.match.entry->op : opName.rsplit('.').second);
  std::vector<Value::Entry> args;
  for (const Value::Entry& a : call.node.config.entries())
    if (a.key != "name") args.push_back(a);

  std::vector<std::string> initParams, assigns, configItems;
  for (const Value::Entry& a : args) {
    initParams.push_back(a.key + "=" + pyValue(a.value));
    assigns.push_back("        self." + a.key + " = " + a.key);
    configItems.push_back("\"" + a.key + "\": self." + a.key);
  }
  bool single = call.node.inputs.size() == 1;
  std::string callParam = single ? "x" : "inputs";

  std::string code;
  code += "class " + className + "(keras.layers.Layer):\n";
  code += "    def __init__(self, " + (initParams.empty() ? "" : llvm::join(initParams, ", ") + ", ") + "**kwargs):\n";
  code += "        super().__init__(**kwargs)\n";
  for (const std::string& a : assigns) code += a + "\n";
  code += "    def call(self, " + callParam + "):\n";
  code += "        return " + opName.str() + "(" + wrappedCallArgs(call, args) + ")\n";
  code += "    def compute_output_shape(self, input_shape):\n";
  code += computeOutputShapeBody(call, args) + "\n";
  code += "    def get_config(self):\n";
  code += "        return {**super().get_config()" + (configItems.empty() ? "" : ", " + llvm::join(configItems, ", ")) + "}";

  std::string use = className + "(" + [&] {
    std::vector<std::string> given;
    for (const Value::Entry& a : args) given.push_back(a.key + "=" + pyValue(a.value));
    return llvm::join(given, ", ");
  }() + ")(" + (single && !takesList(call) ? tensorNames(call).front() : "[" + llvm::join(tensorNames(call), ", ") + "]") + ")";
  return Suggestion{"or wrap the op in a layer; Keras calls a layer's call() with real tensors, and "
                    "compute_output_shape and get_config let it build and reload the model:\n" + code +
                        "\nthen: " + use,
                    use};
}

std::optional<Suggestion> embeddingSuggestion(const BackendCall& call) {
  if (!call.match.entry || !call.match.entry->embeddingMinClasses) return std::nullopt;
  const OpEntry& entry = *call.match.entry;
  const KerasArgs& args = call.args;
  const Value* classes = args.find("num_classes");
  if (!classes || !classes->isInt() || classes->asInt() < *entry.embeddingMinClasses) return std::nullopt;
  int64_t depth = classes->asInt();
  int64_t dim = entry.embeddingOutputDim;
  DType oneHotType = call.shapes.outputs.empty() ? DType::Float32 : call.shapes.outputs[0].dtype;
  unsigned elem = dtypeSize(oneHotType) ? dtypeSize(oneHotType) : 4;
  double perTokenOneHot = static_cast<double>(depth) * elem;
  double perTokenEmbedding = static_cast<double>(dim) * 4;

  std::string message = "or, for a vocabulary of " + withCommas(depth) + ", learn a dense vector per token with keras.layers.Embedding(" +
                        std::to_string(depth) + ", " + std::to_string(dim) + ") instead of one-hot vectors: " +
                        bytes(perTokenOneHot) + " per token as " + dtypeName(oneHotType).str() + " one-hot vs " +
                        bytes(perTokenEmbedding) + " as a " + std::to_string(dim) + "-d embedding";
  // Put numbers on it at an example size: 32 for the batch dim, 200 for every other free dim.
  if (!call.shapes.inputs.empty() && call.shapes.inputs[0].hasRank()) {
    const Dims& dims = *call.shapes.inputs[0].dims;
    double tokens = 1;
    std::vector<std::string> assumed;
    for (size_t i = 0; i < dims.size(); ++i) {
      if (std::optional<int64_t> c = dims[i].constantValue()) { tokens *= static_cast<double>(*c); continue; }
      int64_t example = i == 0 ? 32 : 200;
      tokens *= static_cast<double>(example);
      llvm::SmallVector<std::string, 2> names = dims[i].symbols();
      std::string label = dims[i].isKnown() && names.size() == 1 && dims[i] == Dim::symbol(names[0])
                              ? names[0] : "dim " + std::to_string(i);
      assumed.push_back(label + "=" + std::to_string(example));
    }
    message += "; " + (assumed.empty() ? std::string("at the inferred shape ") + call.shapes.inputs[0].shapeStr()
                                       : "at " + llvm::join(assumed, ", ")) +
               " that is " + bytes(tokens * perTokenOneHot) + " vs " + bytes(tokens * perTokenEmbedding) +
               " of activations, for a " + bytes(static_cast<double>(depth) * dim * 4) + " embedding table";
  }
  message += " (the layer after it then learns from the embedding, not the same weights)";
  return Suggestion{message, "keras.layers.Embedding(" + std::to_string(depth) + ", " + std::to_string(dim) + ")"};
}

}  // namespace graphlint
