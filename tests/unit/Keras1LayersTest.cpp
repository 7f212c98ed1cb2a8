#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "Keras1TestUtil.h"

using namespace graphlint;
using test::joined;
using test::translated;
using test::yamlValue;

namespace {

/// Checks a translation's class and config; the config is compared as Python-literal text,
/// so key order, value types and values all count.
void checkTranslation(const std::string& keras1Class, const std::string& keras1Config, const std::string& todayClass,
                      const std::string& todayConfig, const Keras1Settings& settings = {}) {
  INFO(keras1Class << " " << keras1Config);
  Keras1Translation t = translated(keras1Class, keras1Config, settings);
  INFO("changes:\n" << joined(t.changes));
  CHECK_FALSE(t.unsupported);
  CHECK(t.className == todayClass);
  CHECK(t.config.str() == yamlValue(todayConfig).str());
}

}  // namespace

TEST_CASE("Keras 1 core layers take today's argument names", "[keras1]") {
  auto [keras1Class, config, todayClass, today] = GENERATE(table<std::string, std::string, std::string, std::string>({
      {"Dense",
       "{output_dim: 3, init: glorot_uniform, activation: linear, W_regularizer: null, b_regularizer: null, "
       "activity_regularizer: null, W_constraint: null, b_constraint: null, bias: true, input_dim: 10}",
       "Dense",
       "{units: 3, kernel_initializer: glorot_uniform, activation: linear, kernel_regularizer: null, "
       "bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null, "
       "use_bias: true, input_dim: 10}"},
      {"Dense", "{output_dim: 8, bias: false, name: fc}", "Dense", "{units: 8, use_bias: false, name: fc}"},
      {"Dropout", "{p: 0.5, name: d}", "Dropout", "{rate: 0.5, name: d}"},
      {"SpatialDropout1D", "{p: 0.1}", "SpatialDropout1D", "{rate: 0.1}"},
      {"SpatialDropout2D", "{p: 0.1, dim_ordering: th}", "SpatialDropout2D", "{rate: 0.1, data_format: channels_first}"},
      {"SpatialDropout3D", "{p: 0.2, dim_ordering: tf}", "SpatialDropout3D", "{rate: 0.2, data_format: channels_last}"},
      {"GaussianNoise", "{sigma: 0.2}", "GaussianNoise", "{stddev: 0.2}"},
      {"GaussianDropout", "{p: 0.3}", "GaussianDropout", "{rate: 0.3}"},
      {"Embedding",
       "{input_dim: 100, output_dim: 8, init: uniform, input_length: 10, mask_zero: false, "
       "activity_regularizer: null, W_regularizer: null, W_constraint: null, dropout: 0.0}",
       "Embedding",
       "{input_dim: 100, output_dim: 8, embeddings_initializer: uniform, input_length: 10, mask_zero: false, "
       "activity_regularizer: null, embeddings_regularizer: null, embeddings_constraint: null}"},
      {"InputLayer", "{batch_input_shape: [null, 4], input_dtype: float32, sparse: false, name: in}", "InputLayer",
       "{batch_input_shape: [null, 4], dtype: float32, sparse: false, name: in}"},
      {"BatchNormalization",
       "{epsilon: 0.001, mode: 0, axis: 1, gamma_regularizer: null, beta_regularizer: null, momentum: 0.99, "
       "beta_init: zero, gamma_init: one}",
       "BatchNormalization",
       "{epsilon: 0.001, axis: 1, gamma_regularizer: null, beta_regularizer: null, momentum: 0.99, "
       "beta_initializer: zero, gamma_initializer: one}"},
      {"BatchNormalization", "{axis: -1}", "BatchNormalization", "{axis: -1}"},
      {"LeakyReLU", "{alpha: 0.1}", "LeakyReLU", "{negative_slope: 0.1}"},
      {"PReLU", "{init: zero}", "PReLU", "{alpha_initializer: zero}"},
      {"ThresholdedReLU", "{theta: 0.5, name: t}", "ReLU", "{threshold: 0.5, name: t}"},
  }));
  checkTranslation(keras1Class, config, todayClass, today);
}

TEST_CASE("Keras 1 convolutions are today's Conv layers", "[keras1]") {
  auto [keras1Class, config, todayClass, today] = GENERATE(table<std::string, std::string, std::string, std::string>({
      {"Convolution1D",
       "{nb_filter: 4, filter_length: 3, init: he_normal, activation: relu, border_mode: valid, "
       "subsample_length: 2, W_regularizer: null, b_regularizer: null, W_constraint: null, b_constraint: null, "
       "bias: false, input_dim: null, input_length: null}",
       "Conv1D",
       "{filters: 4, kernel_size: 3, kernel_initializer: he_normal, activation: relu, padding: valid, strides: 2, "
       "kernel_regularizer: null, bias_regularizer: null, kernel_constraint: null, bias_constraint: null, "
       "use_bias: false, input_dim: null, input_length: null}"},
      {"AtrousConvolution1D", "{nb_filter: 4, filter_length: 3, atrous_rate: 2, border_mode: same}", "Conv1D",
       "{filters: 4, kernel_size: 3, dilation_rate: 2, padding: same}"},
      {"Convolution2D",
       "{nb_filter: 64, nb_row: 3, nb_col: 5, init: glorot_uniform, border_mode: same, subsample: [2, 2], "
       "dim_ordering: tf, bias: true}",
       "Conv2D",
       "{filters: 64, kernel_size: [3, 5], kernel_initializer: glorot_uniform, padding: same, strides: [2, 2], "
       "data_format: channels_last, use_bias: true}"},
      {"AtrousConvolution2D", "{nb_filter: 8, nb_row: 3, nb_col: 3, atrous_rate: [2, 2], dim_ordering: th}", "Conv2D",
       "{filters: 8, kernel_size: [3, 3], dilation_rate: [2, 2], data_format: channels_first}"},
      {"Deconvolution2D",
       "{nb_filter: 3, nb_row: 3, nb_col: 3, output_shape: [null, 3, 28, 28], subsample: [2, 2], dim_ordering: th}",
       "Conv2DTranspose", "{filters: 3, kernel_size: [3, 3], strides: [2, 2], data_format: channels_first}"},
      {"SeparableConvolution2D",
       "{nb_filter: 8, nb_row: 3, nb_col: 3, init: glorot_uniform, depth_multiplier: 2, depthwise_regularizer: null, "
       "b_regularizer: null, b_constraint: null, bias: true, dim_ordering: tf}",
       "SeparableConv2D",
       "{filters: 8, kernel_size: [3, 3], depthwise_initializer: glorot_uniform, pointwise_initializer: glorot_uniform, "
       "depth_multiplier: 2, depthwise_regularizer: null, bias_regularizer: null, bias_constraint: null, "
       "use_bias: true, data_format: channels_last}"},
      {"Convolution3D",
       "{nb_filter: 2, kernel_dim1: 1, kernel_dim2: 2, kernel_dim3: 3, dim_ordering: th, subsample: [1, 1, 1], "
       "W_regularizer: null}",
       "Conv3D",
       "{filters: 2, kernel_size: [1, 2, 3], data_format: channels_first, strides: [1, 1, 1], "
       "kernel_regularizer: null}"},
      {"ConvLSTM2D",
       "{nb_filter: 4, nb_row: 3, nb_col: 3, init: glorot_uniform, inner_init: orthogonal, forget_bias_init: one, "
       "activation: tanh, dim_ordering: tf, border_mode: same, inner_activation: hard_sigmoid, "
       "return_sequences: true}",
       "ConvLSTM2D",
       "{filters: 4, kernel_size: [3, 3], kernel_initializer: glorot_uniform, recurrent_initializer: orthogonal, "
       "unit_forget_bias: true, activation: tanh, data_format: channels_last, padding: same, "
       "recurrent_activation: hard_sigmoid, return_sequences: true}"},
      // Keras 2 names come back as they are.
      {"Conv2D", "{filters: 3, kernel_size: 3, padding: same}", "Conv2D", "{filters: 3, kernel_size: 3, padding: same}"},
  }));
  checkTranslation(keras1Class, config, todayClass, today);
}

TEST_CASE("Keras 1 pooling, padding, cropping and upsampling take today's names", "[keras1]") {
  auto [keras1Class, config, today] = GENERATE(table<std::string, std::string, std::string>({
      {"MaxPooling1D", "{pool_length: 3, stride: 3, border_mode: valid}", "{pool_size: 3, strides: 3, padding: valid}"},
      {"AveragePooling1D", "{pool_length: 2, stride: null, border_mode: same}",
       "{pool_size: 2, strides: null, padding: same}"},
      {"MaxPooling2D", "{pool_size: [2, 2], strides: null, border_mode: same, dim_ordering: th}",
       "{pool_size: [2, 2], strides: null, padding: same, data_format: channels_first}"},
      {"AveragePooling2D", "{pool_size: [5, 5], strides: [3, 3], border_mode: valid, dim_ordering: tf}",
       "{pool_size: [5, 5], strides: [3, 3], padding: valid, data_format: channels_last}"},
      {"MaxPooling3D", "{pool_size: [2, 2, 2], border_mode: valid, dim_ordering: th}",
       "{pool_size: [2, 2, 2], padding: valid, data_format: channels_first}"},
      {"AveragePooling3D", "{pool_size: [2, 2, 2], border_mode: valid, dim_ordering: tf}",
       "{pool_size: [2, 2, 2], padding: valid, data_format: channels_last}"},
      {"GlobalAveragePooling2D", "{dim_ordering: th}", "{data_format: channels_first}"},
      {"GlobalMaxPooling2D", "{dim_ordering: tf}", "{data_format: channels_last}"},
      {"GlobalAveragePooling3D", "{dim_ordering: th}", "{data_format: channels_first}"},
      {"GlobalMaxPooling3D", "{dim_ordering: tf}", "{data_format: channels_last}"},
      {"UpSampling1D", "{length: 2}", "{size: 2}"},
      {"UpSampling2D", "{size: [2, 2], dim_ordering: th}", "{size: [2, 2], data_format: channels_first}"},
      {"UpSampling3D", "{size: [2, 2, 2], dim_ordering: tf}", "{size: [2, 2, 2], data_format: channels_last}"},
      {"ZeroPadding1D", "{padding: 2}", "{padding: 2}"},
      {"ZeroPadding1D", "{padding: [1, 2]}", "{padding: [1, 2]}"},
      {"ZeroPadding1D", "{padding: {left_pad: 1, right_pad: 2}}", "{padding: [1, 2]}"},
      {"ZeroPadding1D", "{padding: {right_pad: 2}}", "{padding: [0, 2]}"},
      {"ZeroPadding2D", "{padding: [1, 2, 3, 4], dim_ordering: tf}",
       "{padding: [[1, 2], [3, 4]], data_format: channels_last}"},
      {"ZeroPadding2D", "{padding: {top_pad: 1, left_pad: 2}, dim_ordering: th}",
       "{padding: [[1, 0], [2, 0]], data_format: channels_first}"},
      {"ZeroPadding2D", "{padding: [1, 3], dim_ordering: th}", "{padding: [1, 3], data_format: channels_first}"},
      {"ZeroPadding3D", "{padding: [1, 1, 1], dim_ordering: th}", "{padding: [1, 1, 1], data_format: channels_first}"},
      {"Cropping1D", "{cropping: [1, 1]}", "{cropping: [1, 1]}"},
      {"Cropping2D", "{cropping: [[1, 1], [2, 2]], dim_ordering: th}",
       "{cropping: [[1, 1], [2, 2]], data_format: channels_first}"},
      {"Cropping3D", "{cropping: [[1, 1], [1, 1], [1, 1]], dim_ordering: tf}",
       "{cropping: [[1, 1], [1, 1], [1, 1]], data_format: channels_last}"},
  }));
  checkTranslation(keras1Class, config, keras1Class, today);
}

TEST_CASE("Keras 1 recurrent layers take today's names and values", "[keras1]") {
  auto [keras1Class, config, today] = GENERATE(table<std::string, std::string, std::string>({
      {"LSTM",
       "{output_dim: 2, init: glorot_uniform, inner_init: orthogonal, forget_bias_init: one, activation: tanh, "
       "inner_activation: hard_sigmoid, W_regularizer: null, U_regularizer: null, b_regularizer: null, "
       "dropout_W: 0.5, dropout_U: 0.1, return_sequences: true, go_backwards: false, stateful: false, "
       "unroll: false, consume_less: cpu, input_dim: 2, input_length: 10}",
       "{units: 2, kernel_initializer: glorot_uniform, recurrent_initializer: orthogonal, unit_forget_bias: true, "
       "activation: tanh, recurrent_activation: hard_sigmoid, kernel_regularizer: null, "
       "recurrent_regularizer: null, bias_regularizer: null, dropout: 0.5, recurrent_dropout: 0.1, "
       "return_sequences: true, go_backwards: false, stateful: false, unroll: false, implementation: 0, "
       "input_dim: 2, input_length: 10}"},
      {"LSTM", "{output_dim: 2, forget_bias_init: zero}", "{units: 2, unit_forget_bias: false}"},
      {"LSTM", "{output_dim: 2, forget_bias_init: glorot_uniform}", "{units: 2}"},
      {"LSTM", "{output_dim: 2, consume_less: other}", "{units: 2, implementation: other}"},
      {"GRU", "{output_dim: 4, consume_less: gpu, inner_activation: sigmoid}",
       "{units: 4, implementation: 2, recurrent_activation: sigmoid, reset_after: false}"},
      {"GRU", "{output_dim: 4, reset_after: true}", "{units: 4, reset_after: true}"},
      {"SimpleRNN", "{output_dim: 4, consume_less: mem, inner_init: orthogonal, dropout_U: 0.2}",
       "{units: 4, implementation: 1, recurrent_initializer: orthogonal, recurrent_dropout: 0.2}"},
  }));
  checkTranslation(keras1Class, config, keras1Class, today);
}

TEST_CASE("Keras 1 Merge is today's merge layer of its mode", "[keras1]") {
  // Everything Keras 1.2's Merge.get_config() writes; only the mode and its axis matter.
  auto merge = [](const std::string& mode, const std::string& dotAxes) {
    return "{name: m, mode: " + mode + ", mode_type: raw, concat_axis: 1, dot_axes: " + dotAxes +
           ", output_shape: null, output_shape_type: raw, output_mask: null, output_mask_type: raw, arguments: {}}";
  };
  auto [config, todayClass, today] = GENERATE_COPY(table<std::string, std::string, std::string>({
      {merge("concat", "-1"), "Concatenate", "{name: m, axis: 1}"},
      {merge("sum", "-1"), "Add", "{name: m}"},
      {merge("mul", "-1"), "Multiply", "{name: m}"},
      {merge("ave", "-1"), "Average", "{name: m}"},
      {merge("max", "-1"), "Maximum", "{name: m}"},
      {merge("dot", "[1, 2]"), "Dot", "{name: m, axes: [1, 2]}"},
      {merge("cos", "1"), "Dot", "{name: m, axes: 1, normalize: true}"},
      {"{name: m, mode: concat}", "Concatenate", "{name: m}"},
      {"{name: m, mode: dot}", "Dot", "{name: m, axes: -1}"},
      {"{name: m}", "Add", "{name: m}"},
      // A Sequential's first Merge lists its input models; that is the importer's to read.
      {"{mode: concat, concat_axis: -1, layers: [a, b]}", "Concatenate", "{axis: -1, layers: [a, b]}"},
  }));
  checkTranslation("Merge", config, todayClass, today);
}

TEST_CASE("Keras 1 change lines say what changed", "[keras1]") {
  auto [keras1Class, config, lines] = GENERATE(table<std::string, std::string, std::vector<std::string>>({
      {"Convolution2D",
       "{nb_filter: 64, nb_row: 3, nb_col: 3, border_mode: same, subsample: [1, 1], dim_ordering: th, name: c}",
       {"Convolution2D is Conv2D today", "nb_filter=64 -> filters=64", "nb_row=3, nb_col=3 -> kernel_size=[3, 3]",
        "subsample=[1, 1] -> strides=[1, 1]", "border_mode=\"same\" -> padding=\"same\"",
        "dim_ordering=\"th\" -> data_format=\"channels_first\""}},
      {"Dense", "{output_dim: 3, W_regularizer: {name: WeightRegularizer, l1: 0.0, l2: 0.01}}",
       {"output_dim=3 -> units=3", "W_regularizer -> kernel_regularizer"}},
      {"Dense", "{output_dim: 3, W_learning_rate_multiplier: null}",
       {"output_dim=3 -> units=3",
        "W_learning_rate_multiplier=None dropped: a training setting of the caffe2keras fork of Keras 1, not a "
        "Keras argument"}},
      {"LSTM", "{forget_bias_init: one, consume_less: gpu}",
       {"consume_less=\"gpu\" -> implementation=2", "forget_bias_init=\"one\" -> unit_forget_bias=True"}},
      {"LSTM", "{forget_bias_init: zero}",
       {"forget_bias_init=\"zero\" -> unit_forget_bias=False: the forget gate's bias starts at zero with the "
        "other biases"}},
      {"LSTM", "{forget_bias_init: normal}",
       {"forget_bias_init=\"normal\" dropped: no argument replaces it; the forget gate's bias starts at one "
        "(unit_forget_bias)"}},
      {"GRU", "{output_dim: 4}",
       {"output_dim=4 -> units=4",
        "reset_after=False: Keras 1's GRU applies the reset gate before the recurrent kernel, as today's GRU does "
        "only with reset_after=False (its default is True)"}},
      {"Embedding", "{input_dim: 10, output_dim: 4, dropout: 0.2}",
       {"dropout=0.2 dropped: Embedding has no dropout since Keras 2 (Keras 2 suggests a SpatialDropout1D after it)"}},
      {"BatchNormalization", "{mode: 0, gamma_init: one}",
       {"mode=0 dropped: mode 0, feature-wise normalization, is the only one since Keras 2",
        "gamma_init=\"one\" -> gamma_initializer=\"one\""}},
      {"Deconvolution2D", "{nb_filter: 3, output_shape: [null, 3, 28, 28]}",
       {"Deconvolution2D is Conv2DTranspose today", "nb_filter=3 -> filters=3",
        "the config has no dim_ordering: Keras 1 took keras.json's image_dim_ordering, which the file does not "
        "record; data_format is left unset (channels_last)",
        "output_shape=[None, 3, 28, 28] dropped: Conv2DTranspose works its output shape out from its input "
        "(Keras 2 dropped it too)"}},
      {"SeparableConvolution2D", "{init: he_normal, dim_ordering: tf}",
       {"SeparableConvolution2D is SeparableConv2D today", "dim_ordering=\"tf\" -> data_format=\"channels_last\"",
        "init=\"he_normal\" -> depthwise_initializer=\"he_normal\", pointwise_initializer=\"he_normal\""}},
      {"ZeroPadding2D", "{padding: [1, 2, 3, 4], dim_ordering: tf}",
       {"padding=[1, 2, 3, 4] -> padding=[[1, 2], [3, 4]]", "dim_ordering=\"tf\" -> data_format=\"channels_last\""}},
      {"ThresholdedReLU", "{theta: 1.0}", {"ThresholdedReLU is ReLU today", "theta=1.0 -> threshold=1.0"}},
      {"Merge", "{mode: cos, dot_axes: 1}",
       {"Merge(mode=\"cos\") is Dot today", "dot_axes=1 -> axes=1",
        "normalize=True: mode \"cos\" is the cosine proximity: the dot product of the L2-normalized inputs"}},
      {"Merge", "{mode: dot}", {"Merge(mode=\"dot\") is Dot today", "axes=-1: Keras 1's default dot_axes"}},
      {"TimeDistributedDense", "{output_dim: 3, name: t}",
       {"TimeDistributedDense is TimeDistributed(Dense) today",
        "in the layer TimeDistributed wraps, output_dim=3 -> units=3"}},
      // Nothing changed, nothing said.
      {"Activation", "{activation: relu}", {}},
      {"ELU", "{alpha: 1.0}", {}},
      {"Dense", "{units: 3}", {}},
  }));
  INFO(keras1Class << " " << config);
  Keras1Translation t = translated(keras1Class, config);
  CHECK_FALSE(t.unsupported);
  CHECK(joined(t.changes) == joined(lines));
}

TEST_CASE("Keras 1 layers without changes come back as they were", "[keras1]") {
  auto [className, config] = GENERATE(table<std::string, std::string>({
      {"Activation", "{activation: relu, name: a, trainable: true}"},
      {"Flatten", "{name: f}"},
      {"Reshape", "{target_shape: [2, 2304]}"},
      {"Permute", "{dims: [2, 1]}"},
      {"RepeatVector", "{n: 3}"},
      {"Masking", "{mask_value: 0.0}"},
      {"ActivityRegularization", "{l1: 0.0, l2: 0.01}"},
      {"ELU", "{alpha: 1.0}"},
      {"Cropping1D", "{cropping: [1, 1]}"},
      {"GlobalMaxPooling1D", "{name: g}"},
      {"Lambda", "{function: f, function_type: function, output_shape: null, output_shape_type: raw, arguments: {}}"},
      {"MyCustomLayer", "{nb_filter: 3, p: 0.5}"},
  }));
  INFO(className << " " << config);
  Keras1Translation t = translated(className, config);
  CHECK(t.className == className);
  CHECK(t.config.str() == yamlValue(config).str());
  CHECK(t.changes.empty());
  CHECK_FALSE(t.unsupported);
}

TEST_CASE("dim_ordering \"default\" or unsaved comes from keras.json when the importer knows it", "[keras1]") {
  Keras1Settings th{"th"}, tf{"tf"}, unknown{"?"};
  auto [keras1Class, config, settings, today, line] =
      GENERATE_COPY(table<std::string, std::string, Keras1Settings, std::string, std::string>({
          {"Convolution2D", "{nb_filter: 1, dim_ordering: default}", Keras1Settings{}, "{filters: 1}",
           "dim_ordering=\"default\" dropped: Keras 1 took keras.json's image_dim_ordering, which the file does not "
           "record; data_format is left unset (channels_last)"},
          {"Convolution2D", "{nb_filter: 1, dim_ordering: default}", th,
           "{filters: 1, data_format: channels_first}",
           "dim_ordering=\"default\" -> data_format=\"channels_first\": keras.json's image_dim_ordering was \"th\""},
          {"ZeroPadding2D", "{padding: [1, 1]}", Keras1Settings{}, "{padding: [1, 1]}",
           "the config has no dim_ordering: Keras 1 took keras.json's image_dim_ordering, which the file does not "
           "record; data_format is left unset (channels_last)"},
          {"ZeroPadding2D", "{padding: [1, 1]}", unknown, "{padding: [1, 1]}",
           "the config has no dim_ordering: Keras 1 took keras.json's image_dim_ordering, which the file does not "
           "record; data_format is left unset (channels_last)"},
          {"UpSampling2D", "{size: [2, 2]}", th, "{size: [2, 2], data_format: channels_first}",
           "data_format=\"channels_first\": the config has no dim_ordering, and keras.json's image_dim_ordering was "
           "\"th\""},
          {"Cropping3D", "{cropping: 1}", tf, "{cropping: 1, data_format: channels_last}",
           "data_format=\"channels_last\": the config has no dim_ordering, and keras.json's image_dim_ordering was "
           "\"tf\""},
          // A saved dim_ordering wins over keras.json.
          {"MaxPooling2D", "{dim_ordering: th}", tf, "{data_format: channels_first}",
           "dim_ordering=\"th\" -> data_format=\"channels_first\""},
          // Not a Keras 1 value: renamed, for the catalogue to report.
          {"MaxPooling2D", "{dim_ordering: channels_first}", th, "{data_format: channels_first}",
           "dim_ordering=\"channels_first\" -> data_format=\"channels_first\""},
      }));
  INFO(keras1Class << " " << config << " with image_dim_ordering " << settings.imageDimOrdering);
  Keras1Translation t = translated(keras1Class, config, settings);
  CHECK(t.config.str() == yamlValue(today).str());
  REQUIRE_FALSE(t.changes.empty());
  CHECK(t.changes.back() == line);
}

TEST_CASE("layers without a channel axis ignore keras.json's ordering", "[keras1]") {
  for (const char* className : {"Convolution1D", "MaxPooling1D", "Dense", "UpSampling1D", "ZeroPadding1D"}) {
    INFO(className);
    Keras1Translation t = translated(className, "{name: x}", Keras1Settings{"th"});
    CHECK(t.config.find("data_format") == nullptr);
  }
}

TEST_CASE("Keras 1 layers today's Keras cannot express are unsupported, with the reason", "[keras1]") {
  auto [keras1Class, config, reason] = GENERATE(table<std::string, std::string, std::string>({
      {"Highway", "{init: glorot_uniform, activation: relu}",
       "Highway was deprecated in Keras 2 (a legacy layer taking its Keras 1 arguments) and is not in Keras 3; no "
       "layer replaces it"},
      {"MaxoutDense", "{output_dim: 3, nb_feature: 4}",
       "MaxoutDense was deprecated in Keras 2 (a legacy layer taking its Keras 1 arguments) and is not in Keras 3; "
       "no layer replaces it"},
      {"ParametricSoftplus", "{alpha_init: 0.2, beta_init: 5.0}",
       "ParametricSoftplus was removed in Keras 2, and no Keras layer replaces it"},
      {"SReLU", "{t_left_init: zero}", "SReLU was removed in Keras 2, and no Keras layer replaces it"},
      {"LRN2D", "{alpha: 0.0001, k: 1, beta: 0.75, n: 5}",
       "LRN2D (local response normalization) is not a Keras 1 layer: Keras before 1.0 had it, and files that use "
       "it (caffe2keras models) define their own; no Keras layer replaces it"},
      {"LocallyConnected1D", "{nb_filter: 4, filter_length: 3}",
       "LocallyConnected1D was removed in Keras 3 (Keras 2 had it), and no layer replaces it"},
      {"LocallyConnected2D", "{nb_filter: 4, nb_row: 3, nb_col: 3}",
       "LocallyConnected2D was removed in Keras 3 (Keras 2 had it), and no layer replaces it"},
      {"BatchNormalization", "{mode: 1}",
       "BatchNormalization mode=1 was removed in Keras 2: only mode 0 remains (feature-wise, with moving statistics "
       "at test time); mode 1 normalized each sample, mode 2 used the batch's statistics at test time too"},
      {"BatchNormalization", "{mode: 2}",
       "BatchNormalization mode=2 was removed in Keras 2: only mode 0 remains (feature-wise, with moving statistics "
       "at test time); mode 1 normalized each sample, mode 2 used the batch's statistics at test time too"},
      {"BatchNormalization", "{mode: '0'}",
       "BatchNormalization mode=\"0\" was removed in Keras 2: only mode 0 remains (feature-wise, with moving "
       "statistics at test time); mode 1 normalized each sample, mode 2 used the batch's statistics at test time "
       "too"},
      {"Merge", "{mode: [bytecode, null, null], mode_type: lambda, output_shape: [3]}",
       "Merge with a Python function as its mode (mode_type \"lambda\") cannot be translated: graphlint does not "
       "run Python code (today it would be a Lambda layer)"},
      {"Merge", "{mode: my_merge, mode_type: function}",
       "Merge with a Python function as its mode (mode_type \"function\") cannot be translated: graphlint does not "
       "run Python code (today it would be a Lambda layer)"},
      {"Merge", "{mode: [bytecode]}",
       "Merge with a Python function as its mode cannot be translated: graphlint does not run Python code (today "
       "it would be a Lambda layer)"},
      {"Merge", "{mode: add}", "Merge mode \"add\" is not one of sum, mul, ave, max, concat, dot, cos"},
      {"Convolution2D", "{nb_filter: 1, nb_row: 3, nb_col: 3, border_mode: full}",
       "Convolution2D border_mode=\"full\" (Theano only) has no equivalent since Keras 2: padding is \"valid\" or "
       "\"same\""},
      {"Convolution2D", "{nb_filter: 1, nb_row: 3}",
       "Convolution2D gives its kernel_size as nb_row, nb_col, but nb_col is missing"},
      {"Convolution3D", "{nb_filter: 1, kernel_dim2: 3}",
       "Convolution3D gives its kernel_size as kernel_dim1, kernel_dim2, kernel_dim3, but kernel_dim1, kernel_dim3 "
       "are missing"},
      {"Dense", "{output_dim: 3, units: 3}", "Dense has both 'output_dim' (Keras 1) and 'units' (its name since Keras 2); keep one"},
      {"Convolution2D", "{nb_row: 3, nb_col: 3, kernel_size: 3}",
       "Convolution2D has both 'nb_row' (Keras 1) and 'kernel_size' (its name since Keras 2); keep one"},
      {"SeparableConvolution2D", "{init: zero, pointwise_initializer: one}",
       "SeparableConvolution2D has both 'init' (Keras 1) and 'pointwise_initializer' (its name since Keras 2); keep "
       "one"},
      {"ZeroPadding2D", "{padding: {top: 1}}",
       "ZeroPadding2D padding mapping takes top_pad, bottom_pad, left_pad, right_pad, not 'top'"},
      {"ZeroPadding1D", "{padding: {left: 1}}", "ZeroPadding1D padding mapping takes left_pad, right_pad, not 'left'"},
      {"Dense", "[3]", "Dense's config must be a mapping, got a list"},
      {"TimeDistributed", "{layer: {class_name: Highway, config: {}}}",
       "in the layer TimeDistributed wraps, Highway was deprecated in Keras 2 (a legacy layer taking its Keras 1 "
       "arguments) and is not in Keras 3; no layer replaces it"},
      {"Bidirectional", "{layer: {class_name: LSTM, config: [8]}}",
       "in the layer Bidirectional wraps, LSTM's config must be a mapping, got a list"},
      {"TimeDistributedDense", "{output_dim: 3, units: 3}",
       "in the layer TimeDistributed wraps, Dense has both 'output_dim' (Keras 1) and 'units' (its name since Keras "
       "2); keep one"},
  }));
  INFO(keras1Class << " " << config);
  Keras1Translation t = translated(keras1Class, config);
  REQUIRE(t.unsupported);
  CHECK(*t.unsupported == reason);
}

TEST_CASE("wrapped layers are translated, in the form the file wrote them", "[keras1]") {
  auto [keras1Class, config, todayClass, today] = GENERATE(table<std::string, std::string, std::string, std::string>({
      {"TimeDistributed", "{name: td, layer: {class_name: Convolution2D, config: {nb_filter: 4, nb_row: 3, nb_col: 3}}}",
       "TimeDistributed", "{name: td, layer: {class_name: Conv2D, config: {filters: 4, kernel_size: [3, 3]}}}"},
      {"Bidirectional", "{layer: {class_name: LSTM, config: {output_dim: 8, consume_less: gpu}}, merge_mode: concat}",
       "Bidirectional", "{layer: {class_name: LSTM, config: {units: 8, implementation: 2}}, merge_mode: concat}"},
      // As specs write a wrapped layer.
      {"TimeDistributed", "{layer: {layer: Dense, config: {output_dim: 3}}}", "TimeDistributed",
       "{layer: {layer: Dense, config: {units: 3}}}"},
      {"TimeDistributed",
       "{layer: {class_name: Bidirectional, config: {layer: {class_name: GRU, config: {output_dim: 2}}}}}",
       "TimeDistributed",
       "{layer: {class_name: Bidirectional, config: {layer: {class_name: GRU, config: {units: 2, reset_after: "
       "false}}}}}"},
      {"TimeDistributed", "{layer: {class_name: Dense}}", "TimeDistributed", "{layer: {class_name: Dense}}"},
      // Not a layer: left for the catalogue to report.
      {"TimeDistributed", "{layer: 3}", "TimeDistributed", "{layer: 3}"},
      {"TimeDistributedDense",
       "{name: tdd, trainable: true, output_dim: 3, init: glorot_uniform, activation: linear, W_regularizer: null, "
       "bias: true, input_dim: null, input_length: null, batch_input_shape: [null, 10, 4], input_dtype: float32}",
       "TimeDistributed",
       "{name: tdd, trainable: true, input_dim: null, input_length: null, batch_input_shape: [null, 10, 4], "
       "input_dtype: float32, layer: {class_name: Dense, config: {units: 3, kernel_initializer: glorot_uniform, "
       "activation: linear, kernel_regularizer: null, use_bias: true}}}"},
  }));
  checkTranslation(keras1Class, config, todayClass, today);
}

TEST_CASE("wrapped layers' change lines say where they apply", "[keras1]") {
  Keras1Translation t = translated(
      "TimeDistributed", "{layer: {class_name: Bidirectional, config: {layer: {class_name: LSTM, config: {output_dim: 2}}}}}");
  CHECK(joined(t.changes) ==
        "in the layer TimeDistributed wraps, in the layer Bidirectional wraps, output_dim=2 -> units=2\n");
}

TEST_CASE("wrappers nested past the limit are refused, not followed", "[keras1]") {
  std::string config = "{output_dim: 2}";
  for (int i = 0; i < 40; ++i) config = "{layer: {class_name: TimeDistributed, config: " + config + "}}";
  Keras1Translation t = translated("TimeDistributed", config);
  REQUIRE(t.unsupported);
  CHECK_THAT(*t.unsupported, Catch::Contains("wrappers nest more than 32 deep"));
}

TEST_CASE("translated values keep where the file wrote them", "[keras1]") {
  Value config = yamlValue(
      "nb_filter: 64\n"
      "nb_row: 3\n"
      "nb_col: 5\n"
      "dim_ordering: th\n"
      "name: conv\n");
  Keras1Translation t = translateKeras1Layer("Convolution2D", config);
  const Value::Entry* filters = t.config.findEntry("filters");
  REQUIRE(filters);
  CHECK(filters->keyLoc.line == 1);
  CHECK(filters->keyLoc.column == 1);
  CHECK(filters->value.loc().line == 1);
  CHECK(filters->value.loc().column == 12);

  const Value::Entry* kernel = t.config.findEntry("kernel_size");
  REQUIRE(kernel);
  CHECK(kernel->keyLoc.line == 2);
  CHECK(kernel->value.loc().line == 2);
  REQUIRE(kernel->value.items().size() == 2);
  CHECK(kernel->value.items()[0].loc().line == 2);
  CHECK(kernel->value.items()[1].loc().line == 3);

  const Value::Entry* format = t.config.findEntry("data_format");
  REQUIRE(format);
  CHECK(format->keyLoc.line == 4);
  CHECK(format->value.loc().line == 4);
  CHECK(format->value.loc().column == 15);

  const Value::Entry* name = t.config.findEntry("name");
  REQUIRE(name);
  CHECK(name->value.loc().line == 5);
  CHECK(t.config.loc().line == config.loc().line);
}

TEST_CASE("added values have no place in the file", "[keras1]") {
  Keras1Translation t = translated("GRU", "{output_dim: 4}");
  const Value::Entry* resetAfter = t.config.findEntry("reset_after");
  REQUIRE(resetAfter);
  CHECK_FALSE(resetAfter->keyLoc.isValid());
  CHECK_FALSE(resetAfter->value.loc().isValid());
}

TEST_CASE("input declarations are the importer's, except Embedding's own arguments", "[keras1]") {
  auto [className, key, declares] = GENERATE(table<std::string, std::string, bool>({
      {"Dense", "batch_input_shape", true},
      {"Dense", "input_dtype", true},
      {"Dense", "input_dim", true},
      {"LSTM", "input_length", true},
      {"Conv1D", "input_dim", true},
      {"TimeDistributed", "input_length", true},
      {"Embedding", "input_dim", false},
      {"Embedding", "input_length", false},
      {"Embedding", "batch_input_shape", true},
      {"InputLayer", "batch_input_shape", false},
      {"InputLayer", "input_dtype", false},
      {"Dense", "units", false},
      {"Dense", "dtype", false},
  }));
  INFO(className << "." << key);
  CHECK(isKeras1InputDeclaration(className, key) == declares);
}
