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
  std::string params;  // a dim expression
};

/// Softmax called on an input and a mask, with the assumptions it records.
struct MaskedOutcome {
  Result<std::vector<TensorType>> outputs;
  AssumptionLog assumptions;
};

MaskedOutcome runMasked(const std::vector<std::string>& input, const std::vector<std::string>& mask) {
  MaskedOutcome out{makeError("not run"), {}};
  out.outputs = test::runLayerOnInputs("Softmax", {},
                                       {TensorType::of(DType::Float32, shape(input)),
                                        TensorType::of(DType::Bool, shape(mask))},
                                       &out.assumptions)
                    .outputs;
  return out;
}

}  // namespace

TEST_CASE("activation layers keep the input's shape", "[shape][activations]") {
  // Parameter counts: only PReLU has a weight, alpha of shape input_shape[1:] (Keras' build()).
  Case c = GENERATE(values<Case>({
      {"ReLU", {}, {"batch", "10"}, "0"},
      {"ReLU", {attr("max_value", Value::number(6.0))}, {"batch", "h", "w", "c"}, "0"},
      {"ReLU", {attr("negative_slope", Value::number(0.1)), attr("threshold", Value::number(0.5))},
       {"batch", "seq", "8"}, "0"},
      {"LeakyReLU", {}, {"batch", "seq", "64"}, "0"},
      {"LeakyReLU", {attr("negative_slope", Value::number(0.2))}, {"4", "3"}, "0"},
      {"PReLU", {}, {"2", "3", "4"}, "12"},
      {"PReLU", {}, {"batch", "h", "w", "c"}, "h*w*c"},
      {"ELU", {}, {"batch", "16"}, "0"},
      {"ELU", {attr("alpha", Value::number(0.5))}, {"batch", "seq", "d"}, "0"},
      {"Softmax", {}, {"batch", "10"}, "0"},
      {"Softmax", {attr("axis", Value::integer(1))}, {"batch", "heads", "seq", "seq"}, "0"},
      {"Softmax", {attr("axis", ints({1, 0}))}, {"2", "3", "4"}, "0"},
  }));
  INFO(c.layer << " on " << formatShape(shape(c.input)));
  Outcome outcome = run(c.layer, c.config, c.input);
  checkShape(outcome, c.input);
  INFO("params " << outcome.params.str());
  CHECK(outcome.params == parsed(c.params));
}

TEST_CASE("activation layers compute in the layer's dtype", "[shape][activations]") {
  std::string layer = GENERATE(as<std::string>{}, "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax");
  INFO(layer);
  Outcome plain = test::runLayer(layer, {}, TensorType::of(DType::Float64, shape({"batch", "8"})));
  REQUIRE(plain.outputs);
  CHECK(plain.outputs->front().dtype == DType::Float32);
  Outcome half = run(layer, {attr("dtype", Value::string("float16"))}, {"batch", "8"});
  REQUIRE(half.outputs);
  CHECK(half.outputs->front().dtype == DType::Float16);
}

TEST_CASE("an input of unknown rank passes through activation layers", "[shape][activations]") {
  std::string layer = GENERATE(as<std::string>{}, "ReLU", "PReLU", "Softmax");
  INFO(layer);
  Outcome outcome = test::runLayer(layer, {}, TensorType::unknown());
  REQUIRE(outcome.outputs);
  CHECK_FALSE(outcome.outputs->front().hasRank());
  if (layer == "PReLU") CHECK(outcome.params.isUnknown());
}

TEST_CASE("PReLU shares alpha along shared_axes", "[shape][activations]") {
  auto [sharedAxes, input, params] = GENERATE(table<Value, std::vector<std::string>, std::string>({
      // Keras' prelu_test: shared_axes=1 on (2, 3, 4) gives alpha (1, 4).
      {Value::integer(1), {"2", "3", "4"}, "4"},
      // shared_axes=(1, 2) on (2, 10, 5, 3) gives alpha (1, 1, 3).
      {ints({1, 2}), {"2", "10", "5", "3"}, "3"},
      {ints({1, 2}), {"batch", "h", "w", "c"}, "c"},
      {ints({3}), {"batch", "h", "w", "c"}, "h*w"},
      {Value::null(), {"batch", "seq", "8"}, "8*seq"},
      // A shared axis may be unknown: alpha has size 1 there.
      {ints({1, 2}), {"batch", "?", "?", "16"}, "16"},
      // Keras sets param_shape[axis - 1] = 1 with Python indexing: axis 0 shares the last dim,
      // axis -1 the one before it.
      {Value::integer(0), {"batch", "h", "w", "c"}, "h*w"},
      {Value::integer(-1), {"batch", "h", "w", "c"}, "h*c"},
      // A batch-only input gets a scalar alpha.
      {Value::null(), {"batch"}, "1"},
  }));
  INFO("shared_axes " << sharedAxes.str() << " on " << formatShape(shape(input)));
  Outcome outcome = run("PReLU", {attr("shared_axes", sharedAxes)}, input);
  checkShape(outcome, input);
  INFO("params " << outcome.params.str());
  CHECK(outcome.params == parsed(params));
}

TEST_CASE("PReLU with an unshared unknown dim has an unknown parameter count", "[shape][activations]") {
  Outcome outcome = run("PReLU", {}, {"batch", "?", "8"});
  checkShape(outcome, {"batch", "?", "8"});
  CHECK(outcome.params.isUnknown());
}

TEST_CASE("PReLU shared_axes beyond the input's rank are an error", "[shape][activations]") {
  CHECK(errorOf(run("PReLU", {attr("shared_axes", ints({1, 3}))}, {"batch", "h", "8"})) ==
        "PReLU shared_axes [1, 3] are out of range for the 3-D input (batch, h, 8): its axes after the batch dim are "
        "1..2");
  CHECK(errorOf(run("PReLU", {attr("shared_axes", Value::integer(-2))}, {"batch", "h", "8"})) ==
        "PReLU shared_axes -2 are out of range for the 3-D input (batch, h, 8): its axes after the batch dim are 1..2");
  CHECK(errorOf(run("PReLU", {attr("shared_axes", Value::integer(1))}, {"batch"})) ==
        "PReLU shared_axes 1 are out of range for the 1-D input (batch,): it has no axes after the batch dim");
  CHECK(run("PReLU", {attr("shared_axes", Value::integer(1))}, {"batch", "h", "8"}).params == Dim::constant(8));
}

TEST_CASE("Softmax axes must exist in the input", "[shape][activations]") {
  CHECK(errorOf(run("Softmax", {attr("axis", Value::integer(2))}, {"batch", "10"})) ==
        "Softmax axis 2 is out of range for the 2-D input (batch, 10)");
  CHECK(errorOf(run("Softmax", {attr("axis", ints({1, -4}))}, {"batch", "seq", "10"})) ==
        "Softmax axis -4 is out of range for the 3-D input (batch, seq, 10)");
  CHECK(errorOf(run("Softmax", {attr("axis", ints({2, -1}))}, {"batch", "seq", "10"})) ==
        "Softmax axis [2, -1] names axis 2 twice for the 3-D input (batch, seq, 10)");
  checkShape(run("Softmax", {attr("axis", Value::integer(-3))}, {"batch", "seq", "10"}), {"batch", "seq", "10"});
}

TEST_CASE("Softmax's mask must broadcast to its input", "[shape][activations]") {
  MaskedOutcome same = runMasked({"batch", "seq", "seq"}, {"batch", "seq", "seq"});
  checkShape(same.outputs, {"batch", "seq", "seq"});
  CHECK(same.assumptions.empty());

  MaskedOutcome broadcast = runMasked({"batch", "heads", "seq", "seq"}, {"batch", "1", "1", "seq"});
  checkShape(broadcast.outputs, {"batch", "heads", "seq", "seq"});
  CHECK(broadcast.assumptions.empty());

  MaskedOutcome shorter = runMasked({"batch", "heads", "q", "k"}, {"q", "k"});
  checkShape(shorter.outputs, {"batch", "heads", "q", "k"});
  CHECK(shorter.assumptions.empty());
  MaskedOutcome shorterAssumed = runMasked({"batch", "heads", "q", "k"}, {"q", "len"});
  REQUIRE(shorterAssumed.assumptions.items().size() == 1);
  CHECK(shorterAssumed.assumptions.items()[0].reason == "dim 1 of Softmax's mask and dim 3 of its input");

  CHECK(errorOf(runMasked({"batch", "8"}, {"batch", "5"}).outputs) ==
        "Softmax mask (batch, 5) does not broadcast to the input (batch, 8): mask dim 1 is 5, not 1 or 8");
  CHECK(errorOf(runMasked({"batch", "seq"}, {"batch", "seq + 1"}).outputs) ==
        "Softmax mask (batch, seq + 1) does not broadcast to the input (batch, seq): mask dim 1 is seq + 1, not 1 or "
        "seq");
  CHECK(errorOf(runMasked({"batch", "8"}, {"batch", "1", "8"}).outputs) ==
        "Softmax mask (batch, 1, 8) does not broadcast to the input (batch, 8): the mask has more dims");

  // Two unrelated symbols: the mask may match, and the model assumes it does.
  MaskedOutcome assumed = runMasked({"batch", "seq"}, {"batch", "len"});
  checkShape(assumed.outputs, {"batch", "seq"});
  REQUIRE(assumed.assumptions.items().size() == 1);
  CHECK(assumed.assumptions.items()[0].lhs == parsed("len"));
  CHECK(assumed.assumptions.items()[0].rhs == parsed("seq"));
  CHECK(assumed.assumptions.items()[0].reason == "dim 1 of Softmax's mask and input");

  // k always differs from 2*k, but k may be 1: not provably wrong, and assumed.
  MaskedOutcome maybeOne = runMasked({"batch", "2*k"}, {"batch", "k"});
  checkShape(maybeOne.outputs, {"batch", "2*k"});
  REQUIRE(maybeOne.assumptions.items().size() == 1);
  CHECK(maybeOne.assumptions.items()[0].lhs == parsed("k"));
  CHECK(maybeOne.assumptions.items()[0].rhs == parsed("1"));
  CHECK(maybeOne.assumptions.items()[0].reason == "dim 1 of Softmax's mask, which differs from the input's 2*k");
}

TEST_CASE("activation attributes outside Keras' domains are attribute issues", "[shape][activations]") {
  using Issues = std::vector<std::string>;
  CHECK(issuesOf("ReLU", {attr("max_value", Value::integer(-1))}) ==
        Issues{"ReLU attribute 'max_value' must be >= 0, got -1"});
  CHECK(issuesOf("ReLU", {attr("max_value", Value::string("six"))}) ==
        Issues{"ReLU attribute 'max_value' must be a number or null, got \"six\""});
  CHECK(issuesOf("ReLU", {attr("negative_slope", Value::number(-0.5))}) ==
        Issues{"ReLU attribute 'negative_slope' must be >= 0, got -0.5"});
  CHECK(issuesOf("ReLU", {attr("threshold", Value::null())}).size() == 1);
  CHECK(issuesOf("LeakyReLU", {attr("negative_slope", Value::number(-0.1))}) ==
        Issues{"LeakyReLU attribute 'negative_slope' must be >= 0, got -0.1"});
  CHECK(issuesOf("LeakyReLU", {attr("alpha", Value::number(-1))}) ==
        Issues{"LeakyReLU attribute 'alpha' must be >= 0, got -1"});
  CHECK(issuesOf("PReLU", {attr("shared_axes", Value::string("1"))}) ==
        Issues{"PReLU attribute 'shared_axes' must be an integer, a list of integers or null, got \"1\""});
  CHECK(issuesOf("Softmax", {attr("axis", Value::list({}))}) ==
        Issues{"Softmax attribute 'axis' must name at least one axis, got []"});
  CHECK(issuesOf("ELU", {attr("negative_slope", Value::number(0.1))}).size() == 1);
}

TEST_CASE("activation schemas accept Keras 3 configs and Keras 2's LeakyReLU alpha", "[shape][activations]") {
  Value policy = Value::map({attr("module", Value::string("keras")), attr("class_name", Value::string("DTypePolicy")),
                             attr("config", Value::map({attr("name", Value::string("float32"))})),
                             attr("registered_name", Value::null())});
  std::vector<Value::Entry> base = {attr("name", Value::string("act")), attr("trainable", Value::boolean(true)),
                                    attr("dtype", policy)};
  auto with = [&](std::vector<Value::Entry> extra) {
    std::vector<Value::Entry> config = base;
    config.insert(config.end(), extra.begin(), extra.end());
    return config;
  };
  CHECK(issuesOf("ReLU", with({attr("max_value", Value::null()), attr("negative_slope", Value::number(0.0)),
                               attr("threshold", Value::number(0.0))}))
            .empty());
  CHECK(issuesOf("ReLU", with({attr("max_value", Value::number(6.0))})).empty());
  CHECK(issuesOf("LeakyReLU", with({attr("negative_slope", Value::number(0.3))})).empty());
  CHECK(issuesOf("LeakyReLU", with({attr("alpha", Value::number(0.2))})).empty());
  Value zeros = Value::map({attr("module", Value::string("keras.initializers")),
                            attr("class_name", Value::string("Zeros")), attr("config", Value::map({})),
                            attr("registered_name", Value::null())});
  CHECK(issuesOf("PReLU", with({attr("alpha_initializer", zeros), attr("alpha_regularizer", Value::null()),
                                attr("alpha_constraint", Value::null()), attr("shared_axes", ints({1, 2}))}))
            .empty());
  CHECK(issuesOf("ELU", with({attr("alpha", Value::number(1.0))})).empty());
  CHECK(issuesOf("Softmax", with({attr("axis", Value::integer(-1))})).empty());
}
