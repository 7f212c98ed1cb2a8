// The weights each layer states (LayerSchema::weights): names, shapes, trainability and
// initializers as Keras 2 builds them, and the parameter counts derived from them. Expected
// names and shapes are those of Keras 2.15's build() methods (keras/layers/*), written as the
// variable names without the layer's own name and ":0".

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "LayerTestUtil.h"

using namespace graphlint;

namespace {

using test::attr;
using test::ints;
using test::schemaOf;
using test::shape;
using test::validConfig;

Value layerConfig(const std::string& className, std::vector<Value::Entry> config) {
  return Value::map({attr("layer", Value::string(className)), attr("config", Value::map(std::move(config)))});
}

/// Validates the config (it must be valid), then asks for the call's weights.
std::vector<WeightSpec> weightsOf(const std::string& className, std::vector<Value::Entry> entries,
                                  const std::vector<std::vector<std::string>>& inputs) {
  const LayerSchema& schema = schemaOf(className);
  Value config = validConfig(schema, std::move(entries));
  std::vector<TensorType> types;
  for (const std::vector<std::string>& input : inputs) types.push_back(TensorType::of(DType::Float32, shape(input)));
  LayerCall call(schema, config, types, LayerCatalogue::builtin());
  return layerWeights(call);
}

/// "kernel (32, 64)", with " frozen" for a non-trainable weight.
std::vector<std::string> described(const std::vector<WeightSpec>& weights) {
  std::vector<std::string> out;
  for (const WeightSpec& w : weights) out.push_back(w.name + " " + formatShape(w.shape) + (w.trainable ? "" : " frozen"));
  return out;
}

struct Case {
  std::string what;
  std::string className;
  std::vector<Value::Entry> config;
  std::vector<std::vector<std::string>> inputs;
  std::vector<std::string> weights;
};

Value::Entry units(int64_t n) { return attr("units", Value::integer(n)); }
Value::Entry filters(int64_t n) { return attr("filters", Value::integer(n)); }
Value::Entry kernel3 = attr("kernel_size", Value::integer(3));
Value::Entry off(const char* name) { return attr(name, Value::boolean(false)); }

}  // namespace

TEST_CASE("layers state their weights as Keras 2 names and shapes them", "[weights]") {
  std::vector<std::string> image = {"batch", "h", "w", "32"};
  Case c = GENERATE_COPY(values<Case>({
      {"dense", "Dense", {units(64)}, {{"batch", "32"}}, {"kernel (32, 64)", "bias (64,)"}},
      {"dense without bias", "Dense", {units(64), off("use_bias")}, {{"batch", "32"}}, {"kernel (32, 64)"}},
      {"embedding", "Embedding", {attr("input_dim", Value::integer(1000)), attr("output_dim", Value::integer(64))},
       {{"batch", "seq"}}, {"embeddings (1000, 64)"}},
      {"grouped convolution: in/groups input channels per kernel", "Conv2D",
       {filters(64), kernel3, attr("groups", Value::integer(4))}, {image}, {"kernel (3, 3, 8, 64)", "bias (64,)"}},
      {"channels-first convolution", "Conv1D", {filters(8), attr("kernel_size", Value::integer(5)),
        attr("data_format", Value::string("channels_first"))}, {{"batch", "3", "100"}},
       {"kernel (5, 3, 8)", "bias (8,)"}},
      {"depthwise", "DepthwiseConv2D", {kernel3, attr("depth_multiplier", Value::integer(2))}, {image},
       {"depthwise_kernel (3, 3, 32, 2)", "bias (64,)"}},
      {"separable", "SeparableConv2D", {filters(64), kernel3, attr("depth_multiplier", Value::integer(2))}, {image},
       {"depthwise_kernel (3, 3, 32, 2)", "pointwise_kernel (1, 1, 64, 64)", "bias (64,)"}},
      {"transposed: (kernel..., filters, in)", "Conv2DTranspose", {filters(16), attr("kernel_size", ints({3, 5}))},
       {image}, {"kernel (3, 5, 16, 32)", "bias (16,)"}},
      {"batch normalization", "BatchNormalization", {}, {image},
       {"gamma (32,)", "beta (32,)", "moving_mean (32,) frozen", "moving_variance (32,) frozen"}},
      {"batch normalization without center", "BatchNormalization", {off("center")}, {image},
       {"gamma (32,)", "moving_mean (32,) frozen", "moving_variance (32,) frozen"}},
      {"batch normalization without scale, on axis 1", "BatchNormalization",
       {off("scale"), attr("axis", Value::integer(1))}, {{"batch", "16", "h", "w"}},
       {"beta (16,)", "moving_mean (16,) frozen", "moving_variance (16,) frozen"}},
      {"layer normalization over two axes", "LayerNormalization", {attr("axis", ints({-1, 1}))},
       {{"batch", "4", "t", "8"}}, {"gamma (4, 8)", "beta (4, 8)"}},
      {"lstm", "LSTM", {units(32)}, {{"batch", "t", "10"}},
       {"lstm_cell/kernel (10, 128)", "lstm_cell/recurrent_kernel (32, 128)", "lstm_cell/bias (128,)"}},
      {"gru, reset_after (Keras 2's default): input and recurrent biases", "GRU", {units(8)}, {{"batch", "t", "5"}},
       {"gru_cell/kernel (5, 24)", "gru_cell/recurrent_kernel (8, 24)", "gru_cell/bias (2, 24)"}},
      {"gru without reset_after", "GRU", {units(8), off("reset_after")}, {{"batch", "t", "5"}},
       {"gru_cell/kernel (5, 24)", "gru_cell/recurrent_kernel (8, 24)", "gru_cell/bias (24,)"}},
      {"simple rnn", "SimpleRNN", {units(4), off("use_bias")}, {{"batch", "t", "3"}},
       {"simple_rnn_cell/kernel (3, 4)", "simple_rnn_cell/recurrent_kernel (4, 4)"}},
      {"bidirectional lstm, the inner layer unnamed", "Bidirectional", {attr("layer", layerConfig("LSTM", {units(4)}))},
       {{"batch", "t", "3"}},
       {"forward_lstm/lstm_cell/kernel (3, 16)", "forward_lstm/lstm_cell/recurrent_kernel (4, 16)",
        "forward_lstm/lstm_cell/bias (16,)", "backward_lstm/lstm_cell/kernel (3, 16)",
        "backward_lstm/lstm_cell/recurrent_kernel (4, 16)", "backward_lstm/lstm_cell/bias (16,)"}},
      {"bidirectional simple rnn named enc", "Bidirectional",
       {attr("layer", layerConfig("SimpleRNN", {units(2), attr("name", Value::string("enc"))}))},
       {{"batch", "t", "3"}},
       {"forward_enc/simple_rnn_cell/kernel (3, 2)", "forward_enc/simple_rnn_cell/recurrent_kernel (2, 2)",
        "forward_enc/simple_rnn_cell/bias (2,)", "backward_enc/simple_rnn_cell/kernel (3, 2)",
        "backward_enc/simple_rnn_cell/recurrent_kernel (2, 2)", "backward_enc/simple_rnn_cell/bias (2,)"}},
      {"bidirectional with its own backward layer", "Bidirectional",
       {attr("layer", layerConfig("GRU", {units(2), attr("name", Value::string("f")), off("use_bias")})),
        attr("backward_layer", layerConfig("GRU", {units(2), attr("name", Value::string("b")),
                                                   attr("go_backwards", Value::boolean(true)), off("use_bias")}))},
       {{"batch", "t", "3"}},
       {"forward_f/gru_cell/kernel (3, 6)", "forward_f/gru_cell/recurrent_kernel (2, 6)",
        "backward_b/gru_cell/kernel (3, 6)", "backward_b/gru_cell/recurrent_kernel (2, 6)"}},
      {"time distributed: the inner weights under the wrapper's name", "TimeDistributed",
       {attr("layer", layerConfig("Dense", {units(5)}))}, {{"batch", "t", "7"}}, {"kernel (7, 5)", "bias (5,)"}},
      {"multi-head attention", "MultiHeadAttention",
       {attr("num_heads", Value::integer(2)), attr("key_dim", Value::integer(4))},
       {{"batch", "8", "16"}, {"batch", "6", "12"}},
       {"query/kernel (16, 2, 4)", "query/bias (2, 4)", "key/kernel (12, 2, 4)", "key/bias (2, 4)",
        "value/kernel (12, 2, 4)", "value/bias (2, 4)", "attention_output/kernel (2, 4, 16)",
        "attention_output/bias (16,)"}},
      {"multi-head attention with a key, value_dim and output_shape", "MultiHeadAttention",
       {attr("num_heads", Value::integer(2)), attr("key_dim", Value::integer(4)), attr("value_dim", Value::integer(3)),
        attr("output_shape", ints({5})), off("use_bias")},
       {{"batch", "8", "16"}, {"batch", "6", "12"}, {"batch", "6", "10"}},
       {"query/kernel (16, 2, 4)", "key/kernel (10, 2, 4)", "value/kernel (12, 2, 3)",
        "attention_output/kernel (2, 3, 5)"}},
      {"prelu shared over the spatial axes", "PReLU", {attr("shared_axes", ints({1, 2}))}, {image},
       {"alpha (1, 1, 32)"}},
      {"preprocessing normalization", "Normalization", {}, {{"batch", "6"}},
       {"mean (6,) frozen", "variance (6,) frozen", "count () frozen"}},
      {"conv lstm: no cell prefix in Keras 2", "ConvLSTM2D", {filters(4), kernel3}, {{"batch", "t", "h", "w", "2"}},
       {"kernel (3, 3, 2, 16)", "recurrent_kernel (3, 3, 4, 16)", "bias (16,)"}},
      {"spectral normalization: inner weights, then vector_u", "SpectralNormalization",
       {attr("layer", layerConfig("Dense", {units(3)}))}, {{"batch", "5"}},
       {"kernel (5, 3)", "bias (3,)", "vector_u (1, 3) frozen"}},
      {"attention with a scale and concat scores", "Attention",
       {attr("use_scale", Value::boolean(true)), attr("score_mode", Value::string("concat"))},
       {{"batch", "4", "8"}, {"batch", "6", "8"}}, {"scale ()", "concat_score_weight ()"}},
      {"layers without weights", "Dropout", {attr("rate", Value::number(0.5))}, {{"batch", "4"}}, {}},
  }));
  INFO(c.what);
  CHECK(described(weightsOf(c.className, c.config, c.inputs)) == c.weights);
}

TEST_CASE("parameter counts are the weights' element counts, symbolic where the input is", "[weights]") {
  std::vector<WeightSpec> dense = weightsOf("Dense", {units(64)}, {{"batch", "n"}});
  WeightCounts counts = countWeights(dense);
  CHECK(counts.total == test::parsed("64*n + 64"));
  CHECK(counts.nonTrainable == Dim::constant(0));

  WeightCounts bn = countWeights(weightsOf("BatchNormalization", {}, {{"batch", "c"}}));
  CHECK(bn.total == test::parsed("4*c"));
  CHECK(bn.nonTrainable == test::parsed("2*c"));

  // An unknown input dim that a weight depends on makes the count unknown, not zero.
  std::vector<WeightSpec> unknown = weightsOf("Dense", {units(4)}, {{"batch", "?"}});
  REQUIRE(unknown.size() == 2);
  CHECK(unknown[0].shape[0].isUnknown());
  CHECK(countWeights(unknown).total.isUnknown());
  CHECK(countWeights({}).total == Dim::constant(0));
}

TEST_CASE("trainable false freezes every weight, nested layers' too", "[weights]") {
  for (const WeightSpec& w : weightsOf("Dense", {units(4), off("trainable")}, {{"batch", "3"}})) CHECK_FALSE(w.trainable);
  std::vector<WeightSpec> wrapped =
      weightsOf("TimeDistributed", {attr("layer", layerConfig("Dense", {units(4), off("trainable")}))},
                {{"batch", "t", "3"}});
  REQUIRE(wrapped.size() == 2);
  CHECK(countWeights(wrapped).nonTrainable == Dim::constant(16));
  // BatchNormalization freezes its moving statistics; trainable false its gamma and beta too.
  CHECK(countWeights(weightsOf("BatchNormalization", {}, {{"batch", "8"}})).nonTrainable == Dim::constant(16));
  CHECK(countWeights(weightsOf("BatchNormalization", {off("trainable")}, {{"batch", "8"}})).nonTrainable ==
        Dim::constant(32));
}

TEST_CASE("a wrapped layer of an unknown class has an unknown weight count", "[weights]") {
  const LayerCatalogue& catalogue = LayerCatalogue::builtin();
  const LayerSchema* schema = catalogue.find("TimeDistributed");
  Value config = Value::map({attr("layer", layerConfig("MyCustomLayer", {}))});
  std::vector<TensorType> inputs = {TensorType::of(DType::Float32, shape({"batch", "t", "3"}))};
  LayerCall call(*schema, config, inputs, catalogue);
  std::vector<WeightSpec> weights = layerWeights(call);
  REQUIRE(weights.size() == 1);
  CHECK(weights[0].name == "MyCustomLayer");
  CHECK(countWeights(weights).total.isUnknown());
}

TEST_CASE("initializers come from the config, with Keras' defaults", "[weights]") {
  std::vector<WeightSpec> dense =
      weightsOf("Dense", {units(2), attr("kernel_initializer", Value::string("he_normal"))}, {{"batch", "3"}});
  CHECK(dense[0].initializer.str() == Value::string("he_normal").str());
  CHECK(dense[1].initializer.str() == Value::string("zeros").str());

  std::vector<WeightSpec> bn = weightsOf("BatchNormalization", {}, {{"batch", "3"}});
  std::vector<std::string> bnInits;
  for (const WeightSpec& w : bn) bnInits.push_back(w.initializer.asString().str());
  CHECK(bnInits == std::vector<std::string>{"ones", "zeros", "zeros", "ones"});

  // LSTM's unit_forget_bias (on by default): the forget gate's quarter starts at one.
  std::vector<WeightSpec> lstm = weightsOf("LSTM", {units(3)}, {{"batch", "t", "2"}});
  REQUIRE(lstm.size() == 3);
  CHECK(lstm[0].initializer.str() == Value::string("glorot_uniform").str());
  CHECK(lstm[1].initializer.str() == Value::string("orthogonal").str());
  const Value& bias = lstm[2].initializer;
  REQUIRE(bias.isMap());
  CHECK(bias.find("class_name")->asString() == "UnitForgetBias");
  CHECK(bias.find("config")->find("units")->asInt() == 3);
  CHECK(bias.find("config")->find("initializer")->asString() == "zeros");
  std::vector<WeightSpec> plain = weightsOf("LSTM", {units(3), off("unit_forget_bias")}, {{"batch", "t", "2"}});
  CHECK(plain[2].initializer.str() == Value::string("zeros").str());

  // Weights Keras initializes itself.
  CHECK(weightsOf("Attention", {attr("use_scale", Value::boolean(true))}, {{"batch", "4", "8"}, {"batch", "6", "8"}})[0]
            .initializer.asString() == "ones");
  std::vector<WeightSpec> spectral =
      weightsOf("SpectralNormalization", {attr("layer", layerConfig("Dense", {units(3)}))}, {{"batch", "5"}});
  CHECK(spectral.back().initializer.find("class_name")->asString() == "TruncatedNormal");
}

TEST_CASE("Keras 3's LoRA freezes the kernel and adds two factors", "[weights]") {
  std::vector<WeightSpec> dense = weightsOf("Dense", {units(8), attr("lora_rank", Value::integer(2))}, {{"batch", "4"}});
  CHECK(described(dense) ==
        std::vector<std::string>{"kernel (4, 8) frozen", "bias (8,)", "lora_kernel_a (4, 2)", "lora_kernel_b (2, 8)"});
  std::vector<WeightSpec> embedding = weightsOf(
      "Embedding",
      {attr("input_dim", Value::integer(10)), attr("output_dim", Value::integer(3)), attr("lora_rank", Value::integer(1))},
      {{"batch", "t"}});
  CHECK(described(embedding) == std::vector<std::string>{"embeddings (10, 3) frozen", "lora_embeddings_a (10, 1)",
                                                         "lora_embeddings_b (1, 3)"});
}
