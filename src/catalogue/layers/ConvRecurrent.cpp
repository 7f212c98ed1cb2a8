// Convolutional LSTM layers: ConvLSTM1D, ConvLSTM2D, ConvLSTM3D
// (keras/src/layers/rnn/conv_lstm*.py). An LSTM whose input and recurrent transformations are
// convolutions, run over axis 1 of a (batch, time, spatial..., channels) input.

#include "catalogue/ShapeRules.h"
#include "catalogue/layers/RecurrentAttrs.h"

#include "llvm/ADT/STLExtras.h"

namespace graphlint {
namespace {

/// Keras writes these defaults as `1` for 1-D layers and `(1, 1)` for 2-D ones.
Value perAxisDefault(size_t rank, int64_t value) {
  if (rank == 1) return Value::integer(value);
  return Value::list(std::vector<Value>(rank, Value::integer(value)));
}

/// Keras' docs call ConvLSTM1D's one spatial axis `rows` (time is the steps).
std::string axisName(size_t rank, size_t axis) { return spatialAxisName(rank == 1 ? 2 : rank, axis); }

/// "a 5-D input (batch, time, rows, cols, channels)".
std::string inputDescription(size_t rank, bool channelsFirst) {
  std::string layout = "batch, time";
  if (channelsFirst) layout += ", channels";
  for (size_t i = 0; i < rank; ++i) layout += ", " + axisName(rank, i);
  if (!channelsFirst) layout += ", channels";
  return "a " + std::to_string(rank + 3) + "-D input (" + layout + ")";
}

std::string tupleStr(llvm::ArrayRef<int64_t> values) {
  std::string out = "(";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + std::to_string(values[i]);
  return out + (values.size() == 1 ? ",)" : ")");
}

Result<ConvWindow> cellWindow(const LayerCall& call, size_t rank) {
  Result<ConvWindow> window = convWindow(call, rank);
  if (!window) return window.error();
  auto above1 = [](int64_t v) { return v > 1; };
  // ConvLSTMCell's constructor refuses this combination.
  if (llvm::any_of(window->strides, above1) && llvm::any_of(window->dilation, above1))
    return makeError(call.schema.className + " does not support strides > 1 together with dilation_rate > 1: strides " +
                     tupleStr(window->strides) + ", dilation_rate " + tupleStr(window->dilation));
  return window;
}

/// The input without its time axis: what the cell convolves at each step.
SpatialDims stepDims(const TensorType& in, size_t rank, bool channelsFirst) {
  if (!in.hasRank() || in.rank() != rank + 3) return SpatialDims::unknown(rank, channelsFirst);
  Dims step = *in.dims;
  step.erase(step.begin() + 1);
  return SpatialDims::split(step, channelsFirst);
}

Result<std::vector<TensorType>> convLSTMShape(const LayerCall& call, size_t rank) {
  bool channelsFirst = isChannelsFirst(call);
  if (auto e = checkRank(call, 0, rank + 3, rank + 3, inputDescription(rank, channelsFirst))) return *e;
  Result<ConvWindow> attrs = cellWindow(call, rank);
  if (!attrs) return attrs.error();
  const TensorType& in = call.inputs[0];
  SpatialDims state = stepDims(in, rank, channelsFirst);
  Dim steps = in.hasRank() ? (*in.dims)[1] : Dim::unknown();

  // The input convolution gives the state's spatial size; the recurrent one is "same" with
  // stride 1, so it keeps it.
  std::string padding = call.stringAttr("padding");
  for (size_t i = 0; i < rank; ++i) {
    // Axis names come from a 2-D layout for rank 1 (see axisName).
    Result<Dim> size = windowOutputSize(call, WindowKind::Convolution, padding, rank == 1 ? 2 : rank, i,
                                        state.spatial[i],
                                        Window{attrs->kernel[i], attrs->strides[i], attrs->dilation[i]});
    if (!size) return size.error();
    state.spatial[i] = *size;
  }
  state.channels = Dim::constant(call.intAttr("filters"));
  DType dtype = computeDType(call);
  TensorType stateType = TensorType::of(dtype, state.join());

  // Extra inputs are the initial states [h, c]; each must have the state's shape.
  for (size_t i = 1; i < call.inputs.size(); ++i) {
    const TensorType& given = call.inputs[i];
    if (!given.hasRank()) continue;
    std::string which = call.schema.className + " initial state " + std::to_string(i - 1) + " " + given.shapeStr();
    if (given.rank() != stateType.rank())
      return makeError(which + " does not have the state's shape " + stateType.shapeStr() + ": ranks differ (" +
                       std::to_string(given.rank()) + " vs " + std::to_string(stateType.rank()) + ")");
    for (size_t d = 0; d < given.rank(); ++d) {
      const Dim& want = (*stateType.dims)[d];
      const Dim& got = (*given.dims)[d];
      if (!mayBeEqual(got, want, call.assumptions, "dim " + std::to_string(d) + " of the initial states of " +
                                                       call.schema.className))
        return makeError(which + " does not have the state's shape " + stateType.shapeStr() + ": dim " +
                         std::to_string(d) + " differs (" + got.str() + " vs " + want.str() + ")");
    }
  }

  std::vector<TensorType> outputs;
  if (call.boolAttr("return_sequences")) {
    Dims sequence = *stateType.dims;
    sequence.insert(sequence.begin() + 1, steps);
    outputs.push_back(TensorType::of(dtype, std::move(sequence)));
  } else {
    outputs.push_back(stateType);
  }
  if (call.boolAttr("return_state")) {
    outputs.push_back(stateType);  // h
    outputs.push_back(stateType);  // c
  }
  return outputs;
}

/// ConvLSTMCell.build: kernel (kernel..., in_channels, 4*filters), recurrent_kernel
/// (kernel..., filters, 4*filters) and, with use_bias, bias (4*filters,). Keras 2's ConvRNN
/// builds the cell without a name scope of its own, so the names carry no `conv_lstm_cell/`
/// (Keras 3's paths do).
std::vector<WeightSpec> convLSTMWeights(const LayerCall& call, size_t rank) {
  Result<ConvWindow> attrs = cellWindow(call, rank);
  // With a bad window (the shape rule reports it) the kernels' spatial dims are unknown.
  Dims window = attrs ? constantDims(attrs->kernel) : Dims(rank, Dim::unknown());
  Dim channels = stepDims(call.inputs[0], rank, isChannelsFirst(call)).channels;
  int64_t filters = call.intAttr("filters");
  Dim gates = Dim::constant(4 * filters);
  Dims kernel = window, recurrent = window;
  kernel.append({channels, gates});
  recurrent.append({Dim::constant(filters), gates});
  std::vector<WeightSpec> weights = {{"kernel", kernel, true, call.attr("kernel_initializer")},
                                     {"recurrent_kernel", recurrent, true, call.attr("recurrent_initializer")}};
  if (call.boolAttr("use_bias")) weights.push_back({"bias", {gates}, true, lstmBiasInitializer(call, filters)});
  return weights;
}

LayerSchema convLSTM(size_t rank) {
  LayerSchema s;
  s.className = "ConvLSTM" + std::to_string(rank) + "D";
  s.family = "recurrent";
  s.doc = "runs a convolutional LSTM cell over axis 1 of a " + inputDescription(rank, false).substr(2) +
          "; extra inputs are the initial states [h, c]";
  s.attrs = {
      required("filters", AttrType::Int, "number of output channels").within(atLeast(1)),
      required("kernel_size", AttrType::IntOrList, "window size: an integer for every axis or one per spatial axis"),
      optional("strides", AttrType::IntOrList, perAxisDefault(rank, 1), "step of the input convolution's window"),
      oneOf("padding", {"valid", "same"}, Value::string("valid"),
            "padding of the input convolution (the recurrent one is always same)"),
      oneOf("data_format", {"channels_last", "channels_first"}, Value::null(),
            "where the channel axis is; null means channels_last"),
      optional("dilation_rate", AttrType::IntOrList, perAxisDefault(rank, 1), "spacing of the kernel taps"),
      optional("activation", AttrType::Activation, Value::string("tanh"), "activation of the cell and output"),
      optional("recurrent_activation", AttrType::Activation, Value::string("sigmoid"), "activation of the gates"),
      optional("use_bias", AttrType::Bool, Value::boolean(true), "whether the cell has a bias"),
      optional("kernel_initializer", AttrType::Any, Value::string("glorot_uniform"), "input kernel initializer"),
      optional("recurrent_initializer", AttrType::Any, Value::string("orthogonal"), "recurrent kernel initializer"),
      optional("bias_initializer", AttrType::Any, Value::string("zeros"), "bias initializer"),
      optional("unit_forget_bias", AttrType::Any, Value::boolean(true),
               "add 1 to the forget gate bias at initialization (null, as TF.js writes an unset value, counts as false)").within(boolOrNull),
      optional("dropout", AttrType::Float, Value::number(0.0), "dropout rate on the inputs (Keras clips to [0, 1])"),
      optional("recurrent_dropout", AttrType::Float, Value::number(0.0),
               "dropout rate on the state (Keras clips to [0, 1])"),
      optional("seed", AttrType::Any, Value::null(), "dropout seed"),
      optional("return_sequences", AttrType::Bool, Value::boolean(false), "output every timestep, not just the last"),
      optional("return_state", AttrType::Bool, Value::boolean(false), "also output the final states h and c"),
      optional("go_backwards", AttrType::Bool, Value::boolean(false), "process the sequence in reverse"),
      optional("stateful", AttrType::Bool, Value::boolean(false), "carry states across batches"),
      optional("unroll", AttrType::Bool, Value::boolean(false), "unroll the loop"),
      optional("zero_output_for_mask", AttrType::Bool, Value::boolean(false),
               "output zeros, not the previous output, at masked timesteps"),
  };
  llvm::append_range(s.attrs, recurrentRegularizerAttrs());
  s.minInputs = 1;
  s.maxInputs = 3;
  s.shape = [rank](const LayerCall& call) { return convLSTMShape(call, rank); };
  s.weights = [rank](const LayerCall& call) { return convLSTMWeights(call, rank); };
  return s;
}

}  // namespace

void registerConvRecurrentLayers(LayerCatalogue& catalogue) {
  for (size_t rank : {1, 2, 3}) catalogue.add(convLSTM(rank));
}

}  // namespace graphlint
