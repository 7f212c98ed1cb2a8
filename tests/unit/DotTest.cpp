#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "LayerTestUtil.h"

using namespace graphlint;

namespace {

using test::attr;
using test::checkShape;
using test::errorOf;
using test::ints;
using test::issuesOf;
using test::shape;

/// Dot's shape rule on two inputs, recording assumptions in `log` when given.
Result<std::vector<TensorType>> dot(const Value& axes, const TensorType& x, const TensorType& y,
                                    AssumptionLog* log = nullptr, std::vector<Value::Entry> more = {}) {
  const LayerCatalogue& catalogue = LayerCatalogue::builtin();
  const LayerSchema* schema = catalogue.find("Dot");
  REQUIRE(schema);
  more.push_back(attr("axes", axes));
  Value config = Value::map(std::move(more));
  std::vector<SchemaIssue> issues;
  REQUIRE(validateLayerConfig(*schema, config, catalogue, "", {}, issues));
  std::vector<TensorType> inputs = {x, y};
  LayerCall call(*schema, config, inputs, catalogue);
  call.assumptions = log;
  REQUIRE_FALSE(schema->weights);
  return schema->shape(call);
}

Result<std::vector<TensorType>> dot(const Value& axes, const std::vector<std::string>& x,
                                    const std::vector<std::string>& y, AssumptionLog* log = nullptr) {
  return dot(axes, TensorType::of(DType::Float32, shape(x)), TensorType::of(DType::Float32, shape(y)), log);
}

struct Case {
  Value axes;
  std::vector<std::string> x, y, output;
};

}  // namespace

TEST_CASE("dot follows Keras' output shape rule", "[shape][dot]") {
  Case c = GENERATE(values<Case>({
      // (batch, n) . (batch, n) keeps a trailing 1.
      {Value::integer(1), {"batch", "64"}, {"batch", "64"}, {"batch", "1"}},
      {Value::integer(-1), {"batch", "n"}, {"batch", "n"}, {"batch", "1"}},
      // The Keras docstring example: (2, 3, 5) . (2, 10, 3) over (1, 2).
      {ints({1, 2}), {"2", "3", "5"}, {"2", "10", "3"}, {"2", "5", "10"}},
      // batch_dot's example: (100, 20) . (100, 30, 20) over (1, 2).
      {ints({1, 2}), {"100", "20"}, {"100", "30", "20"}, {"100", "30"}},
      {ints({2, 1}), {"batch", "m", "n"}, {"batch", "n"}, {"batch", "m"}},
      // Attention scores: (batch, q, d) . (batch, k, d) over the last axes.
      {Value::integer(-1), {"batch", "q", "64"}, {"batch", "k", "64"}, {"batch", "q", "k"}},
      {ints({-1, 1}), {"batch", "q", "k"}, {"batch", "k", "64"}, {"batch", "q", "64"}},
      {Value::integer(2), {"batch", "a", "8", "b"}, {"batch", "c", "8"}, {"batch", "a", "b", "c"}},
      // A negative axis counts from each input's own end.
      {Value::integer(-1), {"batch", "seq", "32"}, {"batch", "32"}, {"batch", "seq"}},
      {Value::integer(1), {"?", "8"}, {"batch", "8"}, {"batch", "1"}},
  }));
  INFO(formatShape(shape(c.x)) << " . " << formatShape(shape(c.y)) << " over " << c.axes.str());
  checkShape(dot(c.axes, c.x, c.y), c.output);
}

TEST_CASE("dot records the dims it assumes equal", "[shape][dot]") {
  AssumptionLog log;
  checkShape(dot(Value::integer(1), {"batch", "n"}, {"batch", "m"}, &log), {"batch", "1"});
  REQUIRE(log.items().size() == 1);
  CHECK(log.items()[0].lhs.str() == "n");
  CHECK(log.items()[0].rhs.str() == "m");
  CHECK(log.items()[0].reason == "dim 1 of the first and dim 1 of the second input of Dot");

  AssumptionLog batches;
  checkShape(dot(Value::integer(1), {"b1", "8"}, {"b2", "8"}, &batches), {"b1", "1"});
  REQUIRE(batches.items().size() == 1);
  CHECK(batches.items()[0].reason == "the batch dims of the inputs of Dot");
}

TEST_CASE("dot errors show both inputs", "[shape][dot]") {
  CHECK(errorOf(dot(Value::integer(1), {"batch", "32"}, {"batch", "64"})) ==
        "cannot dot (batch, 32) and (batch, 64) over axes (1, 1): dim 1 of the first is 32, dim 1 of the second is 64");
  CHECK(errorOf(dot(ints({1, 2}), {"batch", "n + 1", "4"}, {"batch", "3", "n"})) ==
        "cannot dot (batch, n + 1, 4) and (batch, 3, n) over axes (1, 2): dim 1 of the first is n + 1, dim 2 of the "
        "second is n");
  CHECK(errorOf(dot(Value::integer(1), {"2", "8"}, {"4", "8"})) ==
        "Dot inputs (2, 8) and (4, 8) have different batch sizes (2 vs 4)");
  CHECK(errorOf(dot(Value::integer(0), {"batch", "8"}, {"batch", "8"})) ==
        "Dot cannot contract the batch axis 0 of the input (batch, 8) (axes 0)");
  CHECK(errorOf(dot(ints({1, -2}), {"batch", "8"}, {"batch", "8"})) ==
        "Dot cannot contract the batch axis 0 of the input (batch, 8) (axes [1, -2])");
  CHECK(errorOf(dot(ints({1, 3}), {"batch", "8"}, {"batch", "4", "8"})) ==
        "Dot axis 3 is out of range for the 3-D input (batch, 4, 8)");
  CHECK(errorOf(dot(Value::integer(1), {"batch"}, {"batch", "8"})) ==
        "Dot needs inputs of rank >= 2 (batch first), got (batch,) and (batch, 8)");
}

TEST_CASE("dot with an input of unknown rank has an unknown output", "[shape][dot]") {
  Result<std::vector<TensorType>> out =
      dot(Value::integer(1), TensorType::unknown(), TensorType::of(DType::Float32, shape({"batch", "8"})));
  REQUIRE(out);
  CHECK_FALSE(out->front().hasRank());
  Result<std::vector<TensorType>> half =
      dot(Value::integer(1), TensorType::of(DType::Float32, shape({"batch", "8"})),
          TensorType::of(DType::Float32, shape({"batch", "8"})), nullptr, {attr("dtype", Value::string("float16"))});
  REQUIRE(half);
  CHECK(half->front().dtype == DType::Float16);
}

TEST_CASE("dot schema takes two inputs and one or two axes", "[shape][dot]") {
  const LayerSchema* schema = LayerCatalogue::builtin().find("Dot");
  REQUIRE(schema);
  CHECK(schema->minInputs == 2);
  CHECK(schema->maxInputs == 2);
  CHECK(issuesOf("Dot", {attr("name", Value::string("dot")), attr("trainable", Value::boolean(true)),
                         attr("axes", ints({2, 2})), attr("normalize", Value::boolean(true))})
            .empty());
  CHECK(issuesOf("Dot", {attr("axes", ints({1, 2, 3}))}) ==
        std::vector<std::string>{"Dot attribute 'axes' must be an integer or a list of 2 integers, got [1, 2, 3]"});
  CHECK(issuesOf("Dot", {}) ==
        std::vector<std::string>{"Dot needs the attribute 'axes' (the contracted axis, or one axis per input)"});
  CHECK(issuesOf("Dot", {attr("axes", Value::string("1"))}).size() == 1);
}
