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
using test::shape;

using Issues = std::vector<std::string>;

Outcome run(const std::string& className, std::vector<Value::Entry> entries, const std::vector<std::string>& input) {
  return test::runLayer(className, std::move(entries), input);
}

Outcome runOnTwo(std::vector<Value::Entry> entries, const std::vector<std::string>& a,
                 const std::vector<std::string>& b) {
  return test::runLayerOnInputs("HashedCrossing", std::move(entries),
                                {TensorType::of(DType::String, shape(a)), TensorType::of(DType::String, shape(b))});
}

DType dtypeOf(const Outcome& outcome) {
  REQUIRE(outcome.outputs);
  return outcome.outputs->front().dtype;
}

struct Case {
  std::vector<Value::Entry> config;
  std::vector<std::string> input;
  std::vector<std::string> output;
};

}  // namespace

TEST_CASE("hashing keeps the shape in int mode and encodes the last axis otherwise", "[shape][categorical]") {
  Value::Entry bins = attr("num_bins", Value::integer(16));
  Case c = GENERATE_COPY(values<Case>({
      {{bins}, {"batch", "seq"}, {"batch", "seq"}},
      {{bins}, {"batch"}, {"batch"}},
      {{bins, attr("output_mode", Value::string("multi_hot"))}, {"batch", "seq"}, {"batch", "16"}},
      {{bins, attr("output_mode", Value::string("count"))}, {"batch", "3"}, {"batch", "16"}},
      // compute_output_spec replaces the last axis in one_hot mode too.
      {{bins, attr("output_mode", Value::string("one_hot"))}, {"batch", "1"}, {"batch", "16"}},
      {{bins, attr("output_mode", Value::string("one_hot"))}, {"batch"}, {"16"}},
      {{bins, attr("output_mode", Value::string("one_hot"))}, {}, {"16"}},
  }));
  INFO("input " << formatShape(shape(c.input)));
  Outcome outcome = run("Hashing", c.config, c.input);
  checkShape(outcome, c.output);
  CHECK(outcome.params == Dim::constant(0));
}

TEST_CASE("hashing outputs int64 ids or float32 encodings unless dtype says otherwise", "[shape][categorical]") {
  Value::Entry bins = attr("num_bins", Value::integer(4));
  CHECK(dtypeOf(run("Hashing", {bins}, {"batch"})) == DType::Int64);
  CHECK(dtypeOf(run("Hashing", {bins, attr("dtype", Value::string("int32"))}, {"batch"})) == DType::Int32);
  CHECK(dtypeOf(run("Hashing", {bins, attr("output_mode", Value::string("count"))}, {"batch", "2"})) == DType::Float32);
  CHECK(errorOf(run("Hashing", {bins, attr("dtype", Value::string("float32"))}, {"batch"})) ==
        "Hashing with output_mode \"int\" needs the dtype int32 or int64, got float32");
  CHECK(errorOf(run("Hashing", {bins, attr("sparse", Value::boolean(true))}, {"batch"})) ==
        "Hashing takes sparse=True only with output_mode one_hot, multi_hot or count, got output_mode \"int\"");
  checkShape(run("Hashing", {bins, attr("sparse", Value::boolean(true)), attr("output_mode", Value::string("one_hot"))},
                 {"batch", "1"}),
             {"batch", "4"});
}

TEST_CASE("hashing attributes are checked as Keras checks them", "[shape][categorical]") {
  // Hashing.get_config() from Keras 3.
  CHECK(issuesOf("Hashing", {attr("name", Value::string("hashing")), attr("trainable", Value::boolean(true)),
                             attr("dtype", Value::string("int64")), attr("num_bins", Value::integer(3)),
                             attr("salt", ints({133, 137})), attr("mask_value", Value::string("")),
                             attr("output_mode", Value::string("int")), attr("sparse", Value::boolean(false))})
            .empty());
  CHECK(issuesOf("Hashing", {attr("num_bins", Value::integer(3)), attr("salt", Value::integer(7))}).empty());
  CHECK(issuesOf("Hashing", {attr("num_bins", Value::integer(0))}) ==
        Issues{"Hashing attribute 'num_bins' must be >= 1, got 0"});
  CHECK(issuesOf("Hashing", {attr("num_bins", Value::integer(3)), attr("salt", ints({1, 2, 3}))}) ==
        Issues{"Hashing attribute 'salt' must be null, an integer or a list of two integers, got [1, 2, 3]"});
  CHECK(
      issuesOf("Hashing", {attr("num_bins", Value::integer(3)), attr("output_mode", Value::string("tf_idf"))}).size() ==
      1);
  CHECK(issuesOf("Hashing", {}) ==
        Issues{"Hashing needs the attribute 'num_bins' (number of bins, the mask bin included)"});
}

TEST_CASE("hashed crossing takes two inputs of one shape", "[shape][categorical]") {
  Value::Entry bins = attr("num_bins", Value::integer(5));
  Value::Entry oneHot = attr("output_mode", Value::string("one_hot"));
  Outcome ids = runOnTwo({bins}, {"batch"}, {"batch"});
  checkShape(ids, {"batch"});
  CHECK(dtypeOf(ids) == DType::Int64);
  Outcome encoded = runOnTwo({bins, oneHot}, {"batch"}, {"batch"});
  checkShape(encoded, {"batch", "5"});
  CHECK(dtypeOf(encoded) == DType::Float32);
  checkShape(runOnTwo({bins, oneHot}, {"batch", "1"}, {"batch", "1"}), {"batch", "5"});
  checkShape(runOnTwo({bins, oneHot}, {"batch", "3"}, {"batch", "3"}), {"batch", "3", "5"});
  CHECK(errorOf(runOnTwo({bins}, {"batch", "3"}, {"batch", "4"})) ==
        "HashedCrossing expects two inputs of the same shape, got (batch, 3) and (batch, 4)");
  CHECK(issuesOf("HashedCrossing", {bins, attr("output_mode", Value::string("multi_hot"))}).size() == 1);
  CHECK(issuesOf("HashedCrossing", {bins, oneHot, attr("sparse", Value::boolean(true)),
                                    attr("name", Value::string("cross")), attr("dtype", Value::string("float32"))})
            .empty());
  const LayerSchema* schema = LayerCatalogue::builtin().find("HashedCrossing");
  REQUIRE(schema);
  CHECK(schema->minInputs == 2);
  CHECK(schema->maxInputs == 2);
}

TEST_CASE("discretization outputs int32 bins or encodings of depth bins", "[shape][categorical]") {
  Value::Entry edges =
      attr("bin_boundaries", Value::list({Value::number(0.0), Value::number(1.0), Value::number(2.0)}));
  Value::Entry learned = attr("num_bins", Value::integer(8));
  Case c = GENERATE_COPY(values<Case>({
      {{edges}, {"batch", "seq"}, {"batch", "seq"}},
      {{learned}, {"batch", "4"}, {"batch", "4"}},
      // one_hot appends the depth, or replaces a trailing literal 1.
      {{edges, attr("output_mode", Value::string("one_hot"))}, {"batch", "3"}, {"batch", "3", "4"}},
      {{edges, attr("output_mode", Value::string("one_hot"))}, {"batch", "1"}, {"batch", "4"}},
      {{learned, attr("output_mode", Value::string("one_hot"))}, {"batch"}, {"batch", "8"}},
      // multi_hot and count drop axis 1 and append the depth.
      {{edges, attr("output_mode", Value::string("multi_hot"))}, {"batch", "seq"}, {"batch", "4"}},
      {{learned, attr("output_mode", Value::string("count"))}, {"batch", "a", "b"}, {"batch", "b", "8"}},
      {{learned, attr("output_mode", Value::string("count"))}, {"batch"}, {"8"}},
      // After adapt() both are written; the boundaries decide.
      {{edges, learned, attr("output_mode", Value::string("multi_hot"))}, {"batch", "2"}, {"batch", "4"}},
  }));
  INFO("input " << formatShape(shape(c.input)));
  Outcome outcome = run("Discretization", c.config, c.input);
  checkShape(outcome, c.output);
  CHECK(outcome.params == Dim::constant(0));
  CHECK(dtypeOf(outcome) == (c.input == c.output ? DType::Int32 : DType::Float32));
}

TEST_CASE("discretization needs bins and takes only its own arguments", "[shape][categorical]") {
  CHECK(errorOf(run("Discretization", {}, {"batch"})) ==
        "Discretization needs num_bins or bin_boundaries, got neither");
  CHECK(errorOf(run("Discretization", {attr("num_bins", Value::integer(4)), attr("sparse", Value::boolean(true))},
                    {"batch"})) ==
        "Discretization takes sparse=True only with output_mode one_hot, multi_hot or count, got output_mode \"int\"");
  // Discretization.get_config() from Keras 3.
  CHECK(issuesOf("Discretization", {attr("bin_boundaries", Value::null()), attr("num_bins", Value::integer(4)),
                                    attr("epsilon", Value::number(0.01)), attr("output_mode", Value::string("int")),
                                    attr("sparse", Value::boolean(false)), attr("name", Value::string("disc")),
                                    attr("dtype", Value::string("float32"))})
            .empty());
  // Its constructor has no **kwargs: Keras 2's trainable is a TypeError in Keras 3.
  CHECK(issuesOf("Discretization", {attr("num_bins", Value::integer(4)), attr("trainable", Value::boolean(true))}) ==
        Issues{"Discretization has no attribute 'trainable'"});
  CHECK(issuesOf("Discretization", {attr("num_bins", Value::integer(4)), attr("activity_regularizer", Value::null())})
            .size() == 1);
  CHECK(issuesOf("Discretization", {attr("num_bins", Value::integer(-1))}) ==
        Issues{"Discretization attribute 'num_bins' must be >= 0, got -1"});
  CHECK(issuesOf("Discretization", {attr("bin_boundaries", Value::string("0,1"))}) ==
        Issues{"Discretization attribute 'bin_boundaries' must be a list of numbers or null, got \"0,1\""});
}
