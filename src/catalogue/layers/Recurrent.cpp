// Recurrent layers and wrappers: SimpleRNN, GRU, LSTM, Bidirectional, TimeDistributed.

#include "catalogue/ShapeRules.h"
#include "catalogue/WeightRules.h"
#include "catalogue/layers/RecurrentAttrs.h"

#include "llvm/ADT/STLExtras.h"

namespace graphlint {
namespace {

enum class Cell { SimpleRNN, GRU, LSTM };

unsigned stateCount(Cell cell) { return cell == Cell::LSTM ? 2 : 1; }

LayerSchema recurrent(Cell cell) {
  LayerSchema s;
  s.family = "recurrent";
  s.className = cell == Cell::LSTM ? "LSTM" : cell == Cell::GRU ? "GRU" : "SimpleRNN";
  s.doc = "runs a " + s.className + " cell over the time axis of a (batch, timesteps, features) input; "
          "extra inputs are initial states";
  s.attrs = {
      required("units", AttrType::Int, "size of the output and of each state").within(atLeast(1)),
      optional("activation", AttrType::Activation, Value::string("tanh"), "activation of the candidate state"),
      optional("use_bias", AttrType::Bool, Value::boolean(true), "whether the cell has biases"),
      optional("kernel_initializer", AttrType::Any, Value::string("glorot_uniform"), "input kernel initializer"),
      optional("recurrent_initializer", AttrType::Any, Value::string("orthogonal"), "recurrent kernel initializer"),
      optional("bias_initializer", AttrType::Any, Value::string("zeros"), "bias initializer"),
      optional("dropout", AttrType::Float, Value::number(0.0), "dropout rate on the inputs"),
      optional("recurrent_dropout", AttrType::Float, Value::number(0.0), "dropout rate on the state"),
      optional("seed", AttrType::Any, Value::null(), "dropout seed"),
      optional("return_sequences", AttrType::Bool, Value::boolean(false), "output every timestep, not just the last"),
      optional("return_state", AttrType::Bool, Value::boolean(false), "also output the final states"),
      optional("go_backwards", AttrType::Bool, Value::boolean(false), "process the sequence in reverse"),
      optional("stateful", AttrType::Bool, Value::boolean(false), "carry states across batches"),
      optional("unroll", AttrType::Bool, Value::boolean(false), "unroll the loop"),
      optional("zero_output_for_mask", AttrType::Bool, Value::boolean(false),
               "output zeros, not the last output, at masked timesteps"),
      optional("use_cudnn", AttrType::Any, Value::string("auto"), "whether to use cuDNN kernels"),
      optional("implementation", AttrType::Any, Value::null(), "Keras 2 only; ignored"),
      optional("time_major", AttrType::Any, Value::null(), "Keras 2 only"),
  };
  llvm::append_range(s.attrs, recurrentRegularizerAttrs());
  if (cell != Cell::SimpleRNN)
    s.attrs.push_back(optional("recurrent_activation", AttrType::Activation, Value::string("sigmoid"),
                               "activation of the gates"));
  if (cell == Cell::LSTM)
    s.attrs.push_back(optional("unit_forget_bias", AttrType::Any, Value::boolean(true),
                               "add 1 to the forget gate bias at initialization (null, as TF.js writes an unset value, counts as false)").within(boolOrNull));
  if (cell == Cell::GRU)
    s.attrs.push_back(optional("reset_after", AttrType::Bool, Value::boolean(true),
                               "apply the reset gate after the matrix product (two bias vectors)"));
  s.minInputs = 1;
  s.maxInputs = 1 + stateCount(cell);
  s.shape = [cell](const LayerCall& call) -> Result<std::vector<TensorType>> {
    if (auto e = checkRank(call, 0, 3, 3, "a 3-D input (batch, timesteps, features)")) return *e;
    const TensorType& in = call.inputs[0];
    DType dtype = computeDType(call);
    Dim units = Dim::constant(call.intAttr("units"));
    Dim batch = in.hasRank() ? (*in.dims)[0] : Dim::unknown();
    Dim steps = in.hasRank() ? (*in.dims)[1] : Dim::unknown();
    std::vector<TensorType> outputs;
    outputs.push_back(call.boolAttr("return_sequences") ? TensorType::of(dtype, {batch, steps, units})
                                                        : TensorType::of(dtype, {batch, units}));
    if (call.boolAttr("return_state"))
      for (unsigned i = 0; i < stateCount(cell); ++i) outputs.push_back(TensorType::of(dtype, {batch, units}));
    return outputs;
  };
  // The cell's build(), under the cell's name (Keras 2's RNN.build opens its name scope):
  // kernel (features, gates*units), recurrent_kernel (units, gates*units) and bias
  // (gates*units,), or (2, gates*units) for GRU with reset_after (input and recurrent biases).
  s.weights = [cell](const LayerCall& call) {
    const TensorType& in = call.inputs[0];
    Dim features = in.hasRank() && in.rank() == 3 ? (*in.dims)[2] : Dim::unknown();
    int64_t units = call.intAttr("units");
    Dim gates = Dim::constant((cell == Cell::LSTM ? 4 : cell == Cell::GRU ? 3 : 1) * units);
    std::vector<WeightSpec> weights = {
        {"kernel", {features, gates}, true, call.attr("kernel_initializer")},
        {"recurrent_kernel", {Dim::constant(units), gates}, true, call.attr("recurrent_initializer")}};
    if (call.boolAttr("use_bias")) {
      Dims bias = {gates};
      if (cell == Cell::GRU && call.boolAttr("reset_after")) bias.insert(bias.begin(), Dim::constant(2));
      Value initializer = cell == Cell::LSTM ? lstmBiasInitializer(call, units) : call.attr("bias_initializer");
      weights.push_back({"bias", std::move(bias), true, std::move(initializer)});
    }
    const char* cellName = cell == Cell::LSTM ? "lstm_cell" : cell == Cell::GRU ? "gru_cell" : "simple_rnn_cell";
    return prefixed(cellName, std::move(weights));
  };
  // Every step multiplies the input and the state by the gate kernels, for every sample.
  s.flops = [cell](const LayerCall& call, llvm::ArrayRef<TensorType>) {
    const TensorType& in = call.inputs[0];
    if (!in.hasRank() || in.rank() != 3) return Dim::unknown();
    const Dims& d = *in.dims;
    Dim units = Dim::constant(call.intAttr("units"));
    Dim gates = Dim::constant(cell == Cell::LSTM ? 4 : cell == Cell::GRU ? 3 : 1);
    return Dim::constant(2) * gates * units * (d[2] + units) * d[0] * d[1];
  };
  return s;
}

/// The schema and config of a wrapper's inner layer; null schema when the class is unknown
/// (the attribute check reports that).
struct Inner {
  const LayerSchema* schema = nullptr;
  const Value* config = nullptr;
};

Inner innerLayer(const LayerCall& call) {
  const Value& layer = call.attr("layer");
  const Value* className = layer.find("layer");
  const Value* config = layer.find("config");
  static const Value kEmpty = Value::map({});
  if (!className || !className->isString()) return {};
  return {call.catalogue.find(className->asString()), config ? config : &kEmpty};
}

LayerSchema bidirectional() {
  LayerSchema s;
  s.className = "Bidirectional";
  s.family = "recurrent";
  s.doc = "runs a recurrent layer forwards and backwards and merges the two outputs";
  s.attrs = {
      required("layer", AttrType::LayerConfig, "the recurrent layer (LSTM, GRU, SimpleRNN)"),
      oneOf("merge_mode", {"concat", "sum", "mul", "ave"}, Value::string("concat"),
            "how to merge the two directions; null returns both"),
      optional("backward_layer", AttrType::Any, Value::null(), "a separate backward layer"),
      optional("weights", AttrType::Any, Value::null(), "initial weights"),
  };
  s.minInputs = 1;
  s.maxInputs = 5;
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    Inner inner = innerLayer(call);
    if (!inner.schema) return std::vector<TensorType>{TensorType::unknown()};
    if (inner.schema->family != "recurrent" || inner.schema->className == "Bidirectional" ||
        inner.schema->className == "TimeDistributed")
      return makeError("Bidirectional wraps a recurrent layer (LSTM, GRU, SimpleRNN), not " +
                       inner.schema->className);
    LayerCall innerCall(*inner.schema, *inner.config, call.inputs.take_front(1), call.catalogue);
    innerCall.assumptions = call.assumptions;
    Result<std::vector<TensorType>> one = inner.schema->shape(innerCall);
    if (!one) return one.error();
    std::vector<TensorType> outputs;
    const TensorType& sequence = one->front();
    const Value& mode = call.attr("merge_mode");
    if (mode.isNull()) {
      outputs = {sequence, sequence};
    } else if (mode.asString() == "concat" && sequence.hasRank()) {
      Dims dims = *sequence.dims;
      dims.back() = dims.back() * Dim::constant(2);
      outputs = {TensorType::of(sequence.dtype, std::move(dims))};
    } else {
      outputs = {sequence};
    }
    // States: the forward layer's, then the backward layer's.
    for (int direction = 0; direction < 2; ++direction)
      for (size_t i = 1; i < one->size(); ++i) outputs.push_back((*one)[i]);
    return outputs;
  };
  // Keras 2 builds the two layers in name scopes `forward_<name>` and `backward_<name>`
  // (Bidirectional renames its copies so), where <name> is the wrapped layer's own name; a
  // given backward_layer keeps its own config and name.
  s.weights = [](const LayerCall& call) {
    llvm::ArrayRef<TensorType> sequence = call.inputs.take_front(1);
    const Value& forward = call.attr("layer");
    const Value& given = call.attr("backward_layer");
    const Value& backward = given.isMap() && given.find("layer") ? given : forward;
    std::vector<WeightSpec> weights =
        prefixed("forward_" + nestedLayerName(forward), nestedLayerWeights(forward, sequence, call));
    for (WeightSpec& w : prefixed("backward_" + nestedLayerName(backward), nestedLayerWeights(backward, sequence, call)))
      weights.push_back(std::move(w));
    return weights;
  };
  s.flops = [](const LayerCall& call, llvm::ArrayRef<TensorType> outputs) {
    Inner inner = innerLayer(call);
    if (!inner.schema || !inner.schema->flops) return Dim::unknown();
    LayerCall innerCall(*inner.schema, *inner.config, call.inputs.take_front(1), call.catalogue);
    return inner.schema->flops(innerCall, outputs) * Dim::constant(2);
  };
  return s;
}

/// What TimeDistributed's inner layer sees: the input without its time axis (axis 1).
TensorType oneStep(const TensorType& in) {
  Dims step = *in.dims;
  step.erase(step.begin() + 1);
  return TensorType::of(in.dtype, std::move(step));
}

LayerSchema timeDistributed() {
  LayerSchema s;
  s.className = "TimeDistributed";
  s.family = "recurrent";
  s.doc = "applies a layer to every timestep (axis 1) of its input";
  s.attrs = {required("layer", AttrType::LayerConfig, "the layer applied to each timestep")};
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    if (auto e = checkRank(call, 0, 3, SIZE_MAX, "an input of rank >= 3 (batch, timesteps, ...)")) return *e;
    Inner inner = innerLayer(call);
    const TensorType& in = call.inputs[0];
    if (!inner.schema || !in.hasRank()) return std::vector<TensorType>{TensorType::unknown()};
    Dim steps = (*in.dims)[1];
    std::vector<TensorType> stepInput = {oneStep(in)};
    LayerCall innerCall(*inner.schema, *inner.config, stepInput, call.catalogue);
    innerCall.assumptions = call.assumptions;
    Result<std::vector<TensorType>> perStep = inner.schema->shape(innerCall);
    if (!perStep) return makeError("in the layer TimeDistributed wraps: " + perStep.error().message);
    std::vector<TensorType> outputs;
    for (TensorType out : *perStep) {
      if (out.hasRank() && out.rank() >= 1) out.dims->insert(out.dims->begin() + 1, steps);
      outputs.push_back(std::move(out));
    }
    return outputs;
  };
  // Keras 2's Wrapper.build builds the inner layer inside TimeDistributed's own name scope,
  // so its weights carry no name of their own: `time_distributed/kernel:0` (Keras 3's paths
  // add the inner layer's name, `time_distributed/dense/kernel`).
  s.weights = [](const LayerCall& call) {
    const TensorType& in = call.inputs[0];
    std::vector<TensorType> stepInput = {in.hasRank() && in.rank() >= 2 ? oneStep(in) : TensorType::unknown()};
    return nestedLayerWeights(call.attr("layer"), stepInput, call);
  };
  // The inner layer runs once per timestep.
  s.flops = [](const LayerCall& call, llvm::ArrayRef<TensorType> outputs) {
    Inner inner = innerLayer(call);
    const TensorType& in = call.inputs[0];
    if (!inner.schema || !inner.schema->flops || !in.hasRank() || in.rank() < 2) return Dim::unknown();
    std::vector<TensorType> stepInput = {oneStep(in)};
    std::vector<TensorType> stepOutputs;
    for (const TensorType& out : outputs) {
      TensorType step = out;
      if (step.hasRank() && step.rank() >= 2) step.dims->erase(step.dims->begin() + 1);
      stepOutputs.push_back(std::move(step));
    }
    LayerCall innerCall(*inner.schema, *inner.config, stepInput, call.catalogue);
    return inner.schema->flops(innerCall, stepOutputs) * (*in.dims)[1];
  };
  return s;
}

}  // namespace

void registerRecurrentLayers(LayerCatalogue& catalogue) {
  catalogue.add(recurrent(Cell::SimpleRNN));
  catalogue.add(recurrent(Cell::GRU));
  catalogue.add(recurrent(Cell::LSTM));
  catalogue.add(bidirectional());
  catalogue.add(timeDistributed());
}

}  // namespace graphlint
