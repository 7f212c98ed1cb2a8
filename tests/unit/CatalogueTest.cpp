#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "LayerTestUtil.h"

using namespace graphlint;

namespace {

using test::attr;
using test::checkShape;
using test::issuesOf;
using test::shape;

}  // namespace

TEST_CASE("the catalogue knows the layer classes Keras 3 exports", "[catalogue]") {
  // keras/api/layers/__init__.py of Keras 3.15.1, without the functions (add, concatenate, ...),
  // the non-layers (Input, InputSpec, Layer, Wrapper) and the classes listed below as missing.
  std::string name = GENERATE(values<std::string>({
      "Activation",
      "ActivityRegularization",
      "AdaptiveAveragePooling1D",
      "AdaptiveAveragePooling2D",
      "AdaptiveAveragePooling3D",
      "AdaptiveMaxPooling1D",
      "AdaptiveMaxPooling2D",
      "AdaptiveMaxPooling3D",
      "Add",
      "AdditiveAttention",
      "AlphaDropout",
      "Attention",
      "AugMix",
      "AutoContrast",
      "Average",
      "AveragePooling1D",
      "AveragePooling2D",
      "AveragePooling3D",

      "BatchNormalization",
      "Bidirectional",
      "CategoryEncoding",
      "CenterCrop",
      "Concatenate",
      "ContrastLimitedAdaptiveHistogramEqualization",
      "Conv1D",
      "Conv1DTranspose",
      "Conv2D",
      "Conv2DTranspose",
      "Conv3D",
      "Conv3DTranspose",
      "ConvLSTM1D",
      "ConvLSTM2D",
      "ConvLSTM3D",

      "Cropping1D",
      "Cropping2D",
      "Cropping3D",
      "CutMix",
      "Dense",
      "DepthwiseConv1D",
      "DepthwiseConv2D",
      "Discretization",
      "Dot",
      "Dropout",
      "ELU",
      "EinsumDense",
      "Embedding",
      "Equalization",
      "Flatten",
      "GRU",
      "GaussianDropout",
      "GaussianNoise",
      "GlobalAveragePooling1D",
      "GlobalAveragePooling2D",
      "GlobalAveragePooling3D",

      "GlobalMaxPooling1D",
      "GlobalMaxPooling2D",
      "GlobalMaxPooling3D",
      "GroupNormalization",
      "HashedCrossing",
      "Hashing",
      "Identity",
      "InputLayer",
      "LSTM",
      "Lambda",
      "LayerNormalization",
      "LeakyReLU",
      "Masking",

      "MaxPooling1D",
      "MaxPooling2D",
      "MaxPooling3D",
      "Maximum",
      "Minimum",
      "MixUp",
      "MultiHeadAttention",
      "Multiply",
      "Normalization",
      "PReLU",
      "Permute",
      "RMSNormalization",
      "RandAugment",
      "RandomBrightness",
      "RandomColorDegeneration",
      "RandomColorJitter",
      "RandomContrast",
      "RandomCrop",
      "RandomElasticTransform",
      "RandomErasing",
      "RandomFlip",
      "RandomGaussianBlur",
      "RandomGrayscale",
      "RandomHue",
      "RandomInvert",
      "RandomPerspective",
      "RandomPosterization",
      "RandomRotation",
      "RandomSaturation",
      "RandomSharpness",
      "RandomShear",
      "RandomTranslation",
      "RandomZoom",
      "ReLU",
      "RepeatVector",
      "Rescaling",
      "Reshape",
      "Resizing",
      "SeparableConv1D",
      "SeparableConv2D",

      "SimpleRNN",
      "Softmax",
      "Solarization",
      "SpatialDropout1D",
      "SpatialDropout2D",
      "SpatialDropout3D",
      "SpectralNormalization",
      "Subtract",
      "TimeDistributed",
      "UnitNormalization",
      "UpSampling1D",
      "UpSampling2D",
      "UpSampling3D",
      "ZeroPadding1D",
      "ZeroPadding2D",
      "ZeroPadding3D",
      // The other names keras.layers exports for some classes.
      "AvgPool1D",
      "AvgPool2D",
      "AvgPool3D",
      "GlobalAvgPool1D",
      "GlobalAvgPool2D",
      "GlobalAvgPool3D",
      "GlobalMaxPool1D",
      "GlobalMaxPool2D",
      "GlobalMaxPool3D",
      "MaxPool1D",
      "MaxPool2D",
      "MaxPool3D",
      "Convolution1D",
      "Convolution2D",
      "Convolution3D",
      "Convolution1DTranspose",
      "Convolution2DTranspose",
      "Convolution3DTranspose",
      "SeparableConvolution1D",
      "SeparableConvolution2D",
  }));
  const LayerSchema* schema = LayerCatalogue::builtin().find(name);
  INFO(name);
  REQUIRE(schema);
  CHECK(schema->className == name);
  // Missing: the cells and their containers (GRUCell, LSTMCell, SimpleRNNCell, StackedRNNCells,
  // RNN), StringLookup, IntegerLookup, TextVectorization, MelSpectrogram, STFTSpectrogram,
  // GroupQueryAttention, ReversibleEmbedding, MaxNumBoundingBoxes
  // (bounding-box dicts) and Pipeline; and the backend wrappers FlaxLayer, JaxLayer, TFSMLayer
  // and TorchModuleWrapper, whose shapes only their Python code knows.
}

TEST_CASE("Identity returns its input unchanged", "[catalogue][core]") {
  test::LayerOutcome same = test::runLayer("Identity", {}, TensorType::of(DType::Int64, shape({"batch", "seq", "3"})));
  checkShape(same, {"batch", "seq", "3"});
  CHECK(same.outputs->front().dtype == DType::Int64);
  CHECK(same.params == Dim::constant(0));
  test::LayerOutcome unranked = test::runLayer("Identity", {}, TensorType::unknown());
  REQUIRE(unranked.outputs);
  CHECK_FALSE(unranked.outputs->front().hasRank());
  CHECK(issuesOf("Identity", {attr("name", Value::string("identity")), attr("trainable", Value::boolean(true)),
                              attr("dtype", Value::string("float32"))})
            .empty());
  CHECK(issuesOf("Identity", {attr("units", Value::integer(3))}).size() == 1);
}
