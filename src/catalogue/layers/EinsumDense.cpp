// EinsumDense: a dense layer whose contraction is an einsum equation between the input and
// a kernel (keras/src/layers/core/einsum_dense.py, _analyze_einsum_string).

#include <cctype>

#include "catalogue/ShapeRules.h"
#include "catalogue/WeightRules.h"

namespace graphlint {
namespace {

/// An equation taken apart as Keras' regexes take it: `X,Y->Z`, `...X,Y->...Z` (elided on
/// the left) or `X...,Y->Z...` (elided on the right, X of at least two letters).
struct Equation {
  std::string input, weight, output;
  bool ellipsis = false;
  bool leftElided = false;
};

bool isLetters(llvm::StringRef s) {
  return !s.empty() && llvm::all_of(s, [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

std::optional<Equation> parseEquation(llvm::StringRef text) {
  auto [lhs, output] = text.split("->");
  auto [input, weight] = lhs.split(',');
  if (!text.contains("->") || !lhs.contains(',') || !isLetters(weight)) return std::nullopt;
  Equation eq;
  eq.weight = weight.str();
  if (isLetters(input) && isLetters(output)) {
    eq.input = input.str();
    eq.output = output.str();
    return eq;
  }
  eq.ellipsis = true;
  if (input.consume_front("...") && output.consume_front("...") && isLetters(input) && isLetters(output)) {
    eq.leftElided = true;
  } else if (input.consume_back("...") && output.consume_back("...") && isLetters(input) && input.size() >= 2 &&
             isLetters(output)) {
    eq.leftElided = false;
  } else {
    return std::nullopt;
  }
  eq.input = input.str();
  eq.output = output.str();
  return eq;
}

/// What build() and compute_output_shape() derive from the equation and the input shape.
struct EinsumShapes {
  Dims output;
  Dims kernel;
  std::optional<Dims> bias;
};

std::string letterText(char c) { return std::string("'") + c + "'"; }

Result<EinsumShapes> analyze(const LayerCall& call, const Dims& input, AssumptionLog* log) {
  std::string text = call.stringAttr("equation");
  std::optional<Equation> eq = parseEquation(text);
  if (!eq)
    return makeError("EinsumDense equation '" + text +
                     "' is not of the form X,Y->Z, ...X,Y->...Z or X...,Y->Z... (X, Y, Z are letters)");
  int64_t rank = static_cast<int64_t>(input.size());
  int64_t elided = rank - static_cast<int64_t>(eq->input.size());
  std::string inputRank = std::to_string(eq->input.size()) + "-D";
  if (!eq->ellipsis && elided != 0)
    return makeError("EinsumDense equation '" + text + "' expects a " + inputRank + " input, got the " +
                     std::to_string(rank) + "-D input " + formatShape(input));
  if (eq->ellipsis && elided < 0)
    return makeError("EinsumDense equation '" + text + "' expects an input of rank >= " +
                     std::to_string(eq->input.size()) + ", got the " + std::to_string(rank) + "-D input " +
                     formatShape(input));

  if (eq->leftElided && elided == 0)
    return makeError("EinsumDense equation '" + text + "' expects an input of rank >= " +
                     std::to_string(eq->input.size() + 1) + " (the batch dim is in the ellipsis), got the " +
                     std::to_string(rank) + "-D input " + formatShape(input));

  // The full output as Keras builds it: the input's dim 0, the dims of a left ellipsis, the
  // given output_shape, the dims of a right ellipsis. null entries stay open until filled below.
  const Value& given = call.attr("output_shape");
  std::vector<Value> entries = given.isInt() ? std::vector<Value>{given} : given.items();
  size_t expected = eq->leftElided ? eq->output.size() : eq->output.size() - 1;
  if (entries.size() != expected)
    return makeError("EinsumDense output_shape " + given.str() + " has " + std::to_string(entries.size()) +
                     (entries.size() == 1 ? " dim" : " dims") + ", but the output '" + eq->output + "' of '" + text + "' needs " + std::to_string(expected) +
                     (eq->leftElided ? " (the ellipsis dims are not included)" : " (the first, batch dim is not included)"));
  size_t leftElided = eq->leftElided ? static_cast<size_t>(elided) : 0;
  std::vector<std::optional<Dim>> out;
  for (size_t i = 0; i < std::max<size_t>(leftElided, 1); ++i) out.push_back(input[i]);
  for (const Value& v : entries) out.push_back(v.isInt() ? std::optional<Dim>(Dim::constant(v.asInt())) : std::nullopt);
  if (!eq->leftElided)
    for (int64_t i = rank - elided; i < rank; ++i) out.push_back(input[static_cast<size_t>(i)]);
  // Keras sizes the kernel from output_shape before any null is filled, so a kernel dim that
  // output_shape leaves null has no size.
  std::vector<bool> open;
  for (const std::optional<Dim>& d : out) open.push_back(!d);

  // An equation letter's index in the input and in the full output.
  auto indexOf = [&](size_t i) { return i + leftElided; };
  for (size_t i = 0; i < eq->input.size(); ++i) {
    char c = eq->input[i];
    size_t o = eq->output.find(c);
    if (o == std::string::npos) continue;
    const Dim& in = input[indexOf(i)];
    std::optional<Dim>& at = out[indexOf(o)];
    if (!at) {
      at = in;  // a null entry is the input's size
      continue;
    }
    if (!mayBeEqual(in, *at, log, "dim " + letterText(c) + " of the input and output_shape of EinsumDense"))
      return makeError("EinsumDense input and output_shape differ at the shared dim " + letterText(c) + " of '" +
                       text + "': the input " + formatShape(input) + " has " + in.str() + ", output_shape has " +
                       at->str());
  }
  for (char c : eq->output)
    if (eq->input.find(c) == std::string::npos && eq->weight.find(c) == std::string::npos)
      return makeError("EinsumDense output dim " + letterText(c) + " of '" + text + "' is in neither the input '" +
                       eq->input + "' nor the weight '" + eq->weight + "'");

  EinsumShapes shapes;
  for (char c : eq->weight) {
    size_t o = eq->output.find(c), i = eq->input.find(c);
    if (o != std::string::npos) {
      if (open[indexOf(o)])
        return makeError("EinsumDense kernel dim " + letterText(c) + " of '" + text +
                         "' takes its size from output_shape " + given.str() + ", which leaves it null");
      shapes.kernel.push_back(*out[indexOf(o)]);
    } else if (i != std::string::npos) {
      shapes.kernel.push_back(input[indexOf(i)]);
    } else {
      return makeError("EinsumDense weight dim " + letterText(c) + " of '" + text + "' is in neither the input '" +
                       eq->input + "' nor the output '" + eq->output + "', so the kernel size is not defined");
    }
  }
  for (std::optional<Dim>& d : out) shapes.output.push_back(d ? *d : Dim::unknown());

  const Value& biasAxes = call.attr("bias_axes");
  if (biasAxes.isString()) {
    std::string axes = biasAxes.asString().str();
    if (axes.empty()) return makeError("EinsumDense bias_axes is empty; null means no bias");
    size_t first = std::string::npos;
    for (char c : axes) {
      size_t o = eq->output.find(c);
      if (o == std::string::npos)
        return makeError("EinsumDense bias axis " + letterText(c) + " is not in the output '" + eq->output +
                         "' of '" + text + "'");
      first = std::min(first, o);
    }
    Dims bias;
    for (size_t o = first; o < eq->output.size(); ++o)
      bias.push_back(axes.find(eq->output[o]) != std::string::npos ? shapes.output[indexOf(o)]
                                                                    : Dim::constant(1));
    if (!eq->leftElided)
      for (int64_t i = 0; i < elided; ++i) bias.push_back(Dim::constant(1));
    shapes.bias = std::move(bias);
  }
  return shapes;
}

/// build(): kernel and, with bias_axes, bias, shaped from the equation; Keras 3's lora_rank
/// then freezes the kernel and adds lora_kernel_a (kernel dims but the last..., rank) and
/// lora_kernel_b (rank, the kernel's last dim). With an unknown input rank (or an equation the
/// shape rule reports), the kernel has one unknown dim per weight letter.
std::vector<WeightSpec> einsumWeights(const LayerCall& call) {
  const TensorType& in = call.inputs[0];
  EinsumShapes shapes;
  if (in.hasRank() && in.rank() > 0)
    if (Result<EinsumShapes> analyzed = analyze(call, *in.dims, nullptr)) shapes = std::move(*analyzed);
  if (shapes.kernel.empty()) {
    std::optional<Equation> eq = parseEquation(call.stringAttr("equation"));
    shapes.kernel = Dims(eq ? eq->weight.size() : 1, Dim::unknown());
    if (call.attr("bias_axes").isString()) shapes.bias = Dims{Dim::unknown()};
  }
  std::vector<WeightSpec> weights = {{"kernel", shapes.kernel, true, call.attr("kernel_initializer")}};
  if (shapes.bias) weights.push_back({"bias", *shapes.bias, true, call.attr("bias_initializer")});
  addLoraWeights(weights, "kernel", "lora_kernel", call.attr("lora_rank"));
  return weights;
}

/// output_shape: an integer or a list of integers and nulls.
std::string outputShapeDomain(const Value& v) {
  bool ok = v.isInt() || (v.isList() && llvm::all_of(v.items(), [](const Value& i) { return i.isInt() || i.isNull(); }));
  if (!ok) return "must be an integer or a list of integers and nulls, got " + v.str();
  for (const Value& d : v.isInt() ? std::vector<Value>{v} : v.items())
    if (d.isInt() && d.asInt() < 1) return "must be >= 1 where given, got " + v.str();
  return "";
}

LayerSchema einsumDense() {
  LayerSchema s;
  s.className = "EinsumDense";
  s.family = "core";
  s.doc = "einsum(equation, input, kernel) + bias, then the activation";
  s.attrs = {
      required("equation", AttrType::String, "einsum equation X,Y->Z between the input and the kernel"),
      required("output_shape", AttrType::Any,
               "output dims without the first (batch) dim and elided dims; null: the input's size")
          .within(outputShapeDomain),
      optional("activation", AttrType::Activation, Value::null(), "activation applied to the output"),
      optional("bias_axes", AttrType::String, Value::null(), "output letters with a bias; null: no bias"),
      optional("kernel_initializer", AttrType::Any, Value::string("glorot_uniform"), "initializer of the kernel"),
      optional("bias_initializer", AttrType::Any, Value::string("zeros"), "initializer of the bias"),
      optional("kernel_regularizer", AttrType::Any, Value::null(), "regularizer of the kernel"),
      optional("bias_regularizer", AttrType::Any, Value::null(), "regularizer of the bias"),
      optional("activity_regularizer", AttrType::Any, Value::null(), "regularizer of the output"),
      optional("kernel_constraint", AttrType::Any, Value::null(), "constraint on the kernel"),
      optional("bias_constraint", AttrType::Any, Value::null(), "constraint on the bias"),
      optional("lora_rank", AttrType::OptionalInt, Value::null(), "rank of a LoRA adapter").within(atLeast(0)),
      optional("lora_alpha", AttrType::Any, Value::null(), "LoRA scaling factor"),
      optional("gptq_unpacked_column_size", AttrType::Any, Value::null(), "GPTQ quantization detail"),
      optional("quantization_config", AttrType::Any, Value::null(), "quantization settings"),
  };
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    if (auto e = checkRank(call, 0, 1, SIZE_MAX, "an input of rank >= 1")) return *e;
    const TensorType& in = call.inputs[0];
    DType dtype = computeDType(call);
    if (!in.hasRank()) return single(TensorType{dtype, std::nullopt});
    Result<EinsumShapes> shapes = analyze(call, *in.dims, call.assumptions);
    if (!shapes) return shapes.error();
    return single(TensorType::of(dtype, std::move(shapes->output)));
  };
  s.weights = einsumWeights;
  return s;
}

}  // namespace

void registerEinsumDenseLayers(LayerCatalogue& catalogue) { catalogue.add(einsumDense()); }

}  // namespace graphlint
