#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "LayerTestUtil.h"

using namespace graphlint;

namespace {

using Outcome = test::LayerOutcome;
using test::attr;
using test::checkShape;
using test::errorOf;
using test::ints;
using test::issuesOf;
using test::parsed;
using test::shape;

Outcome run(const std::string& className, std::vector<Value::Entry> entries, const std::vector<std::string>& input) {
  return test::runLayer(className, std::move(entries), input);
}

struct Case {
  std::string layer;
  std::vector<Value::Entry> config;
  std::vector<std::string> input;
  std::string params;        // a dim expression
  std::string nonTrainable;  // a dim expression
};

/// Normalization layers keep the input's shape; checks that and the weight counts.
void checkCase(const Case& c) {
  INFO(c.layer << " on " << formatShape(shape(c.input)));
  Outcome outcome = run(c.layer, c.config, c.input);
  checkShape(outcome, c.input);
  INFO("params " << outcome.params.str() << ", non-trainable " << outcome.nonTrainableParams.str());
  CHECK(outcome.params == parsed(c.params));
  CHECK(outcome.nonTrainableParams == parsed(c.nonTrainable));
}

}  // namespace

TEST_CASE("normalization layers keep the shape and count Keras' weights", "[shape][normalization]") {
  // BatchNormalization.build(): gamma, beta, moving_mean, moving_variance, each (channels,);
  // the moving statistics are not trainable. LayerNormalization: gamma and beta shaped like the
  // normalized dims. GroupNormalization: gamma and beta (channels,). UnitNormalization: none.
  Case c = GENERATE(values<Case>({
      {"BatchNormalization", {}, {"batch", "h", "w", "32"}, "128", "64"},
      {"BatchNormalization", {}, {"8", "10"}, "40", "20"},
      {"BatchNormalization", {attr("axis", Value::integer(1))}, {"batch", "16", "h", "w"}, "64", "32"},
      {"BatchNormalization", {}, {"batch", "seq", "c"}, "4*c", "2*c"},
      {"BatchNormalization", {attr("center", Value::boolean(false))}, {"batch", "32"}, "96", "64"},
      {"BatchNormalization", {attr("center", Value::boolean(false)), attr("scale", Value::boolean(false))},
       {"batch", "32"}, "64", "64"},
      // renorm adds moving_stddev, renorm_mean and renorm_stddev, all non-trainable.
      {"BatchNormalization", {attr("renorm", Value::boolean(true))}, {"batch", "h", "w", "32"}, "224", "160"},
      {"LayerNormalization", {}, {"batch", "seq", "64"}, "128", "0"},
      {"LayerNormalization", {}, {"4", "10", "64"}, "128", "0"},
      {"LayerNormalization", {attr("axis", ints({1, 2}))}, {"batch", "seq", "64"}, "128*seq", "0"},
      {"LayerNormalization", {attr("axis", ints({-1, -2}))}, {"batch", "10", "64"}, "1280", "0"},
      {"LayerNormalization", {attr("center", Value::boolean(false))}, {"batch", "seq", "64"}, "64", "0"},
      {"LayerNormalization", {attr("scale", Value::boolean(false)), attr("center", Value::boolean(false))},
       {"batch", "seq", "64"}, "0", "0"},
      // rms_scaling builds gamma even without scale, and never beta.
      {"LayerNormalization", {attr("rms_scaling", Value::boolean(true)), attr("scale", Value::boolean(false))},
       {"batch", "seq", "d"}, "d", "0"},
      {"GroupNormalization", {}, {"batch", "h", "w", "64"}, "128", "0"},
      {"GroupNormalization", {attr("groups", Value::integer(4))}, {"2", "7", "7", "12"}, "24", "0"},
      {"GroupNormalization", {attr("groups", Value::integer(-1))}, {"batch", "h", "w", "c"}, "2*c", "0"},
      {"GroupNormalization", {attr("groups", Value::integer(2)), attr("axis", Value::integer(1)),
                              attr("scale", Value::boolean(false))},
       {"batch", "8", "h", "w"}, "8", "0"},
      {"UnitNormalization", {}, {"batch", "seq", "64"}, "0", "0"},
      {"UnitNormalization", {attr("axis", ints({1, 2}))}, {"batch", "h", "w"}, "0", "0"},
      // RMSNormalization: scale shaped like the normalized dims.
      {"RMSNormalization", {}, {"batch", "seq", "64"}, "64", "0"},
      {"RMSNormalization", {attr("axis", ints({1, 2}))}, {"batch", "seq", "d"}, "seq*d", "0"},
      {"RMSNormalization", {attr("axis", Value::integer(1)), attr("epsilon", Value::number(1e-5))}, {"4", "10", "64"},
       "10", "0"},
  }));
  checkCase(c);
}

TEST_CASE("normalization params stay unknown without the normalized dim", "[shape][normalization]") {
  Outcome bn = run("BatchNormalization", {}, {"batch", "?"});
  checkShape(bn, {"batch", "?"});
  CHECK(bn.params.isUnknown());
  CHECK(bn.nonTrainableParams.isUnknown());
  Outcome unranked = test::runLayer("LayerNormalization", {}, TensorType::unknown());
  REQUIRE(unranked.outputs);
  CHECK_FALSE(unranked.outputs->front().hasRank());
  CHECK(unranked.params.isUnknown());
}

TEST_CASE("normalization computes in the layer's dtype", "[shape][normalization]") {
  Outcome half = run("BatchNormalization", {attr("dtype", Value::string("float16"))}, {"batch", "8"});
  REQUIRE(half.outputs);
  CHECK(half.outputs->front().dtype == DType::Float16);
  Outcome plain = test::runLayer("LayerNormalization", {}, TensorType::of(DType::Float64, shape({"batch", "8"})));
  REQUIRE(plain.outputs);
  CHECK(plain.outputs->front().dtype == DType::Float32);
}

TEST_CASE("a normalization axis outside the input is an error naming both", "[shape][normalization]") {
  CHECK(errorOf(run("BatchNormalization", {attr("axis", Value::integer(3))}, {"batch", "seq", "64"})) ==
        "BatchNormalization axis 3 is out of range for the 3-D input (batch, seq, 64)");
  CHECK(errorOf(run("LayerNormalization", {attr("axis", ints({-1, -4}))}, {"batch", "seq", "64"})) ==
        "LayerNormalization axis -4 is out of range for the 3-D input (batch, seq, 64)");
  CHECK(errorOf(run("GroupNormalization", {attr("axis", Value::integer(-5))}, {"batch", "h", "w", "64"})) ==
        "GroupNormalization axis -5 is out of range for the 4-D input (batch, h, w, 64)");
  CHECK(errorOf(run("UnitNormalization", {attr("axis", Value::integer(2))}, {"batch", "8"})) ==
        "UnitNormalization axis 2 is out of range for the 2-D input (batch, 8)");
  CHECK(errorOf(run("RMSNormalization", {attr("axis", ints({-1, 3}))}, {"batch", "seq", "64"})) ==
        "RMSNormalization axis 3 is out of range for the 3-D input (batch, seq, 64)");
  // LayerNormalization.build() rejects duplicate axes.
  CHECK(errorOf(run("LayerNormalization", {attr("axis", ints({2, -1}))}, {"batch", "seq", "64"})) ==
        "LayerNormalization axis [2, -1] names dim 2 twice, for the input (batch, seq, 64)");
}

TEST_CASE("group normalization needs channels divisible by groups", "[shape][normalization]") {
  CHECK(errorOf(run("GroupNormalization", {attr("groups", Value::integer(4))}, {"batch", "h", "w", "30"})) ==
        "GroupNormalization channels (30) must be divisible by groups (4): 30 % 4 = 2 for the input (batch, h, w, 30)");
  CHECK(errorOf(run("GroupNormalization", {}, {"batch", "h", "w", "16"})) ==
        "GroupNormalization groups (32) cannot be more than the channels (16) of the input (batch, h, w, 16)");
  CHECK(errorOf(run("GroupNormalization", {attr("groups", Value::integer(2))}, {"batch", "2*c + 1"})) ==
        "GroupNormalization channels (2*c + 1) must be divisible by groups (2): (2*c + 1) % 2 = 1 for the input "
        "(batch, 2*c + 1)");
  checkShape(run("GroupNormalization", {attr("groups", Value::integer(2))}, {"batch", "2*c"}), {"batch", "2*c"});

  // Symbolic channels are assumed divisible, and the assumption is recorded.
  const LayerSchema* schema = LayerCatalogue::builtin().find("GroupNormalization");
  REQUIRE(schema);
  Value config = Value::map({attr("groups", Value::integer(4))});
  std::vector<TensorType> inputs = {TensorType::of(DType::Float32, shape({"batch", "h", "w", "c"}))};
  LayerCall call(*schema, config, inputs, LayerCatalogue::builtin());
  AssumptionLog log;
  call.assumptions = &log;
  checkShape(schema->shape(call), {"batch", "h", "w", "c"});
  REQUIRE(log.items().size() == 1);
  CHECK(log.items()[0].lhs.str() == "c % 4");
  CHECK(log.items()[0].rhs == Dim::constant(0));
}

TEST_CASE("batch renormalization clipping is checked as Keras checks it", "[shape][normalization]") {
  Value::Entry renorm = attr("renorm", Value::boolean(true));
  std::vector<std::string> input = {"batch", "8"};
  CHECK(errorOf(run("BatchNormalization",
                    {renorm, attr("renorm_clipping", Value::map({attr("rmax", Value::number(1.0)),
                                                                 attr("rmin", Value::number(3.0))}))},
                    input)) == "BatchNormalization renorm_clipping needs rmax >= rmin, got rmax 1.0 and rmin 3.0");
  CHECK(errorOf(run("BatchNormalization", {renorm, attr("renorm_clipping", Value::map({attr("dmax", Value::integer(-1))}))},
                    input)) == "BatchNormalization renorm_clipping needs dmax >= 0, got -1");
  CHECK(errorOf(run("BatchNormalization", {renorm, attr("renorm_clipping", Value::map({attr("r", Value::integer(1))}))},
                    input)) == "BatchNormalization renorm_clipping has the key 'r'; the keys are rmax, rmin and dmax");
  // Without renorm the clipping is ignored.
  checkShape(run("BatchNormalization", {attr("renorm_clipping", Value::map({attr("r", Value::integer(1))}))}, input),
             input);
}

TEST_CASE("normalization schemas take Keras 3 configs and reject bad values", "[shape][normalization]") {
  Value zeros = Value::map({attr("module", Value::string("keras.initializers")),
                            attr("class_name", Value::string("Zeros")), attr("config", Value::map({})),
                            attr("registered_name", Value::null())});
  // BatchNormalization.get_config() from Keras 3.
  CHECK(issuesOf("BatchNormalization",
                 {attr("name", Value::string("bn")), attr("trainable", Value::boolean(true)),
                  attr("axis", Value::integer(-1)), attr("momentum", Value::number(0.99)),
                  attr("epsilon", Value::number(0.001)), attr("center", Value::boolean(true)),
                  attr("scale", Value::boolean(true)), attr("beta_initializer", zeros),
                  attr("gamma_initializer", Value::string("ones")), attr("moving_mean_initializer", zeros),
                  attr("moving_variance_initializer", Value::string("ones")), attr("beta_regularizer", Value::null()),
                  attr("gamma_regularizer", Value::null()), attr("beta_constraint", Value::null()),
                  attr("gamma_constraint", Value::null()), attr("synchronized", Value::boolean(false)),
                  attr("renorm", Value::boolean(false)), attr("renorm_clipping", Value::null()),
                  attr("renorm_momentum", Value::number(0.99))})
            .empty());
  CHECK(issuesOf("LayerNormalization", {attr("axis", ints({-1})), attr("epsilon", Value::number(1e-6)),
                                        attr("rms_scaling", Value::boolean(false)), attr("beta_regularizer", Value::null())})
            .empty());
  CHECK(issuesOf("GroupNormalization", {attr("groups", Value::integer(-1)), attr("gamma_constraint", Value::null())})
            .empty());

  // Keras 3 takes BatchNormalization's axis through int(): a list is a TypeError.
  CHECK(issuesOf("BatchNormalization", {attr("axis", ints({3}))}) ==
        std::vector<std::string>{"BatchNormalization attribute 'axis' must be an integer, got a list"});
  CHECK(issuesOf("GroupNormalization", {attr("groups", Value::integer(0))}) ==
        std::vector<std::string>{
            "GroupNormalization attribute 'groups' must be >= 1 (or -1 for one group per channel), got 0"});
  CHECK(issuesOf("GroupNormalization", {attr("groups", Value::integer(-2))}).size() == 1);
  CHECK(issuesOf("LayerNormalization", {attr("axis", Value::string("last"))}) ==
        std::vector<std::string>{
            "LayerNormalization attribute 'axis' must be an integer or a list of integers, got a string \"last\""});
  CHECK(issuesOf("UnitNormalization", {attr("epsilon", Value::number(1e-3))}).size() == 1);
  // RMSNormalization.get_config() from Keras 3; it has a scale but no center.
  CHECK(issuesOf("RMSNormalization", {attr("name", Value::string("rms")), attr("trainable", Value::boolean(true)),
                                      attr("dtype", Value::string("float32")), attr("axis", Value::integer(-1)),
                                      attr("epsilon", Value::number(1e-6))})
            .empty());
  CHECK(issuesOf("RMSNormalization", {attr("center", Value::boolean(false))}).size() == 1);
}

namespace {

Value wrapped(const std::string& className, std::vector<Value::Entry> config) {
  return Value::map({attr("layer", Value::string(className)), attr("config", Value::map(std::move(config)))});
}

}  // namespace

TEST_CASE("spectral normalization has the wrapped layer's shape and a vector per kernel column",
          "[shape][normalization]") {
  // build(): the wrapped layer's weights, and a non-trainable vector_u of shape (1, kernel.shape[-1]).
  Value::Entry filters = attr("filters", Value::integer(4)), kernel = attr("kernel_size", Value::integer(3));
  auto [inner, input, output, params, nonTrainable] =
      GENERATE_COPY(table<Value, std::vector<std::string>, std::vector<std::string>, std::string, std::string>({
          {wrapped("Dense", {attr("units", Value::integer(10))}), {"batch", "8"}, {"batch", "10"}, "100", "10"},
          {wrapped("Dense", {attr("units", Value::integer(10))}), {"batch", "d"}, {"batch", "10"}, "10*d + 20", "10"},
          {wrapped("Conv2D", {filters, kernel}), {"batch", "8", "8", "3"}, {"batch", "6", "6", "4"}, "116", "4"},
          // A transposed kernel is (3, 3, filters, input channels).
          {wrapped("Conv2DTranspose", {filters, kernel}), {"batch", "8", "8", "3"}, {"batch", "10", "10", "4"}, "115",
           "3"},
          {wrapped("DepthwiseConv2D", {kernel, attr("depth_multiplier", Value::integer(2))}), {"batch", "8", "8", "3"},
           {"batch", "6", "6", "6"}, "62", "2"},
          {wrapped("Embedding", {attr("input_dim", Value::integer(100)), attr("output_dim", Value::integer(16))}),
           {"batch", "seq"}, {"batch", "seq", "16"}, "1616", "16"},
      }));
  INFO(inner.str() << " on " << formatShape(shape(input)));
  Outcome outcome = run("SpectralNormalization", {attr("layer", inner), attr("power_iterations", Value::integer(2))},
                        input);
  checkShape(outcome, output);
  CHECK(outcome.params == parsed(params));
  CHECK(outcome.nonTrainableParams == parsed(nonTrainable));
}

TEST_CASE("spectral normalization needs a layer with a kernel", "[shape][normalization]") {
  CHECK(errorOf(run("SpectralNormalization", {attr("layer", wrapped("MaxPooling2D", {}))}, {"batch", "8", "8", "3"})) ==
        "SpectralNormalization wraps a layer with a kernel or embeddings (Dense, Conv2D, Embedding, ...), got "
        "MaxPooling2D");
  CHECK(errorOf(run("SpectralNormalization",
                    {attr("layer", wrapped("SeparableConv2D", {attr("filters", Value::integer(4)),
                                                               attr("kernel_size", Value::integer(3))}))},
                    {"batch", "8", "8", "3"})) ==
        "SpectralNormalization wraps a layer with a kernel or embeddings (Dense, Conv2D, Embedding, ...), got "
        "SeparableConv2D");
  CHECK(errorOf(run("SpectralNormalization", {attr("layer", wrapped("Dense", {attr("units", Value::integer(4))}))},
                    std::vector<std::string>{})) ==
        "in the layer SpectralNormalization wraps: Dense expects an input of rank >= 1, got the 0-D input ()");
  // Any wrapped layer with a `kernel` weight works, EinsumDense too: kernel (8, 4) and vector_u (1, 4).
  Outcome dot = run("SpectralNormalization",
                    {attr("layer", wrapped("EinsumDense", {attr("equation", Value::string("ab,bc->ac")),
                                                           attr("output_shape", Value::integer(4))}))},
                    {"batch", "8"});
  checkShape(dot, {"batch", "4"});
  CHECK(dot.params == Dim::constant(36));
  CHECK(dot.nonTrainableParams == Dim::constant(4));
  // A wrapped layer without one (an LSTM's kernel is its cell's) leaves vector_u's size unknown.
  Outcome recurrent = run("SpectralNormalization", {attr("layer", wrapped("LSTM", {attr("units", Value::integer(2))}))},
                          {"batch", "t", "3"});
  CHECK(recurrent.params.isUnknown());
  CHECK(issuesOf("SpectralNormalization",
                 {attr("layer", wrapped("Dense", {attr("units", Value::integer(4))})),
                  attr("power_iterations", Value::integer(0))}) ==
        std::vector<std::string>{"SpectralNormalization attribute 'power_iterations' must be >= 1, got 0"});
  CHECK(issuesOf("SpectralNormalization", {attr("layer", wrapped("Dense", {}))}) ==
        std::vector<std::string>{"in the layer SpectralNormalization wraps, Dense needs the attribute 'units' (size "
                                 "of the output's last dim)"});
}

