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

Value::Entry target(std::vector<int64_t> dims) { return attr("target_shape", ints(std::move(dims))); }

}  // namespace

TEST_CASE("Flatten multiplies the dims after the batch dim", "[shape][reshape]") {
  auto [input, output] = GENERATE(table<std::vector<std::string>, std::vector<std::string>>({
      {{"batch", "4", "4", "8"}, {"batch", "128"}},
      {{"batch", "h", "w", "c"}, {"batch", "h*w*c"}},
      {{"batch", "h - 2", "w - 2", "32"}, {"batch", "32*(h - 2)*(w - 2)"}},
      {{"batch", "seq", "64"}, {"batch", "64*seq"}},
      {{"batch", "10"}, {"batch", "10"}},
      // Keras: a (batch,) input flattens to (batch, 1).
      {{"batch"}, {"batch", "1"}},
      {{"batch", "?", "8"}, {"batch", "?"}},
  }));
  INFO("Flatten on " << formatShape(shape(input)));
  Outcome outcome = run("Flatten", {}, input);
  checkShape(outcome, output);
  CHECK(outcome.params == Dim::constant(0));
}

TEST_CASE("Flatten keeps the input's dtype and needs a batch dim", "[shape][reshape]") {
  Outcome ints32 = test::runLayer("Flatten", {}, TensorType::of(DType::Int32, shape({"batch", "3", "4"})));
  REQUIRE(ints32.outputs);
  CHECK(ints32.outputs->front().dtype == DType::Int32);
  CHECK(errorOf(test::runLayer("Flatten", {}, TensorType::of(DType::Float32, Dims{}))) ==
        "Flatten expects an input with a batch dim, got the 0-D input ()");
  checkShape(test::runLayer("Flatten", {}, TensorType::unknown()), {"?", "?"});
}

TEST_CASE("Reshape gives the target shape after the batch dim", "[shape][reshape]") {
  auto [input, dims, output] = GENERATE(table<std::vector<std::string>, std::vector<int64_t>, std::vector<std::string>>({
      {{"batch", "12"}, {3, 4}, {"batch", "3", "4"}},
      {{"batch", "3", "4"}, {12}, {"batch", "12"}},
      {{"batch", "2", "3", "4"}, {4, 6}, {"batch", "4", "6"}},
      // -1 is inferred, symbolically when the input is.
      {{"batch", "12"}, {-1, 4}, {"batch", "3", "4"}},
      {{"batch", "seq", "64"}, {-1, 8}, {"batch", "8*seq", "8"}},
      {{"batch", "h", "w", "3"}, {-1, 3}, {"batch", "h*w", "3"}},
      {{"batch", "seq", "8"}, {-1}, {"batch", "8*seq"}},
      {{"batch", "seq", "8"}, {2, -1, 4}, {"batch", "2", "seq", "4"}},
      // Not provably divisible (10*seq by 4: only for even seq): the inferred dim is unknown.
      {{"batch", "seq", "10"}, {-1, 4}, {"batch", "?", "4"}},
      // An unknown input dim leaves -1 unknown but keeps the given dims.
      {{"batch", "?", "8"}, {-1, 2}, {"batch", "?", "2"}},
  }));
  INFO("Reshape " << formatShape(shape(input)) << " to " << ints(dims).str());
  checkShape(run("Reshape", {target(dims)}, input), output);
}

TEST_CASE("a reshape that cannot keep the element count is an error", "[shape][reshape]") {
  CHECK(errorOf(run("Reshape", {target({5, 2})}, {"batch", "12"})) ==
        "cannot reshape (batch, 12) to (batch,) + [5, 2]: 12 elements per sample vs 10");
  CHECK(errorOf(run("Reshape", {target({-1, 4})}, {"batch", "10"})) ==
        "cannot reshape (batch, 10) to (batch,) + [-1, 4]: its 10 elements per sample are not divisible by 4");
  // 4*seq is at least 4, never 3.
  CHECK(errorOf(run("Reshape", {target({3})}, {"batch", "seq", "4"})) ==
        "cannot reshape (batch, seq, 4) to (batch,) + [3]: 4*seq elements per sample vs 3");
  CHECK(errorOf(run("Reshape", {target({-1, -1})}, {"batch", "12"})) ==
        "Reshape target_shape [-1, -1] has more than one -1");
  CHECK(errorOf(run("Reshape", {target({-2, 6})}, {"batch", "12"})) ==
        "Reshape target_shape [-2, 6] has the negative dim -2");
  // A symbolic count may match: seq may be 3.
  checkShape(run("Reshape", {target({12})}, {"batch", "seq", "4"}), {"batch", "12"});
}

TEST_CASE("Permute reorders the dims after the batch dim", "[shape][reshape]") {
  auto [dims, input, output] = GENERATE(table<std::vector<int64_t>, std::vector<std::string>, std::vector<std::string>>({
      // Keras' docstring: Permute((2, 1)) on (None, 10, 64) gives (None, 64, 10).
      {{2, 1}, {"batch", "10", "64"}, {"batch", "64", "10"}},
      {{3, 1, 2}, {"batch", "h", "w", "c"}, {"batch", "c", "h", "w"}},
      {{2, 3, 1}, {"batch", "c", "h", "w"}, {"batch", "h", "w", "c"}},
      {{1, 2}, {"batch", "seq", "d"}, {"batch", "seq", "d"}},
      {{1}, {"batch", "seq"}, {"batch", "seq"}},
      {{2, 1}, {"?", "?", "8"}, {"?", "8", "?"}},
  }));
  INFO("Permute " << ints(dims).str() << " on " << formatShape(shape(input)));
  Outcome outcome = run("Permute", {attr("dims", ints(dims))}, input);
  checkShape(outcome, output);
  CHECK(outcome.params == Dim::constant(0));
}

TEST_CASE("Permute keeps the input's dtype and needs rank len(dims) + 1", "[shape][reshape]") {
  Outcome int64 = test::runLayer("Permute", {attr("dims", ints({2, 1}))},
                                 TensorType::of(DType::Int64, shape({"batch", "seq", "4"})));
  REQUIRE(int64.outputs);
  CHECK(int64.outputs->front().dtype == DType::Int64);
  CHECK(errorOf(run("Permute", {attr("dims", ints({2, 1, 3}))}, {"batch", "8", "16"})) ==
        "Permute expects a 4-D input for dims [2, 1, 3], got the 3-D input (batch, 8, 16)");
  CHECK(errorOf(run("Permute", {attr("dims", ints({2, 1}))}, {"batch", "h", "w", "c"})) ==
        "Permute expects a 3-D input for dims [2, 1], got the 4-D input (batch, h, w, c)");
  checkShape(test::runLayer("Permute", {attr("dims", ints({3, 1, 2}))}, TensorType::unknown()), {"?", "?", "?", "?"});
}

TEST_CASE("Permute dims must be a permutation of 1..n", "[shape][reshape]") {
  CHECK(issuesOf("Permute", {attr("dims", ints({1, 3}))}) ==
        Issues{"Permute attribute 'dims' must be a permutation of 1..2 (the axes after the batch dim), got [1, 3]"});
  CHECK(issuesOf("Permute", {attr("dims", ints({0, 2, 1}))}) ==
        Issues{"Permute attribute 'dims' must be a permutation of 1..3 (the axes after the batch dim), got [0, 2, 1]"});
  CHECK(issuesOf("Permute", {attr("dims", ints({2, 2}))}) ==
        Issues{"Permute attribute 'dims' must be a permutation of 1..2 (the axes after the batch dim), got [2, 2]"});
  CHECK(issuesOf("Permute", {attr("dims", ints({-1, 1}))}).size() == 1);
  CHECK(issuesOf("Permute", {attr("dims", Value::integer(1))}).size() == 1);
  CHECK(issuesOf("Permute", {}).size() == 1);
  CHECK(issuesOf("Permute", {attr("name", Value::string("permute")), attr("trainable", Value::boolean(true)),
                             attr("dtype", Value::string("float32")), attr("dims", ints({2, 1}))})
            .empty());
}

TEST_CASE("RepeatVector repeats a (batch, features) input n times", "[shape][reshape]") {
  Outcome outcome = run("RepeatVector", {attr("n", Value::integer(3))}, {"batch", "32"});
  checkShape(outcome, {"batch", "3", "32"});
  CHECK(outcome.params == Dim::constant(0));
  checkShape(run("RepeatVector", {attr("n", Value::integer(10))}, {"batch", "2*d"}), {"batch", "10", "2*d"});
  checkShape(run("RepeatVector", {attr("n", Value::integer(1))}, {"4", "?"}), {"4", "1", "?"});
  checkShape(test::runLayer("RepeatVector", {attr("n", Value::integer(5))}, TensorType::unknown()), {"?", "5", "?"});

  Outcome half = run("RepeatVector", {attr("n", Value::integer(2)), attr("dtype", Value::string("float16"))},
                     {"batch", "8"});
  REQUIRE(half.outputs);
  CHECK(half.outputs->front().dtype == DType::Float16);

  CHECK(errorOf(run("RepeatVector", {attr("n", Value::integer(3))}, {"batch", "seq", "32"})) ==
        "RepeatVector expects a 2-D input (batch, features), got the 3-D input (batch, seq, 32)");
  CHECK(issuesOf("RepeatVector", {attr("n", Value::integer(0))}) ==
        Issues{"RepeatVector attribute 'n' must be >= 1, got 0"});
  CHECK(issuesOf("RepeatVector", {attr("n", Value::number(2.5))}).size() == 1);
  CHECK(issuesOf("RepeatVector", {}).size() == 1);
}
