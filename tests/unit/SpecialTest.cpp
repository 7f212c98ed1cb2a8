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

TensorType t(const std::vector<std::string>& dims) { return TensorType::of(DType::Float32, shape(dims)); }

Outcome run(const std::string& className, std::vector<Value::Entry> entries, const std::vector<TensorType>& inputs) {
  return test::runLayerOnInputs(className, std::move(entries), inputs);
}

Outcome input(std::vector<Value::Entry> entries) { return run("InputLayer", std::move(entries), {}); }

/// A Keras shape list: -1 stands for None.
Value dims(std::vector<int64_t> values) {
  std::vector<Value> items;
  for (int64_t v : values) items.push_back(v == -1 ? Value::null() : Value::integer(v));
  return Value::list(std::move(items));
}

}  // namespace

// InputLayer ------------------------------------------------------------------------------

TEST_CASE("InputLayer outputs its declared batch shape", "[shape][special]") {
  // InputLayer.get_config() from Keras 3.
  Outcome keras = input({attr("batch_shape", dims({-1, 28, 28, 1})), attr("dtype", Value::string("float32")),
                         attr("sparse", Value::boolean(false)), attr("ragged", Value::boolean(false)),
                         attr("name", Value::string("input_layer")), attr("optional", Value::boolean(false))});
  checkShape(keras, {"?", "28", "28", "1"});
  REQUIRE(keras.outputs);
  CHECK(keras.outputs->front().dtype == DType::Float32);
  CHECK(keras.params == Dim::constant(0));

  checkShape(input({attr("shape", ints({32}))}), {"?", "32"});
  checkShape(input({attr("shape", dims({-1, 16})), attr("batch_size", Value::integer(8))}), {"8", "?", "16"});
  checkShape(input({attr("batch_shape", dims({4}))}), {"4"});
  checkShape(input({attr("shape", dims({}))}), {"?"});
  // Keras 2 files spell them input_shape and batch_input_shape.
  checkShape(input({attr("batch_input_shape", dims({-1, 10}))}), {"?", "10"});
  checkShape(input({attr("input_shape", dims({10, 3}))}), {"?", "10", "3"});

  Outcome ids = input({attr("shape", dims({-1})), attr("dtype", Value::string("int32"))});
  REQUIRE(ids.outputs);
  CHECK(ids.outputs->front().dtype == DType::Int32);
}

TEST_CASE("InputLayer takes no inputs and one way to give its shape", "[shape][special]") {
  const LayerSchema* schema = LayerCatalogue::builtin().find("InputLayer");
  REQUIRE(schema);
  CHECK(schema->minInputs == 0);
  CHECK(schema->maxInputs == 0);
  CHECK(errorOf(input({attr("shape", ints({32})), attr("batch_shape", dims({-1, 32}))})) ==
        "InputLayer takes shape or batch_shape, not both: shape [32], batch_shape [None, 32]");
  CHECK(errorOf(input({attr("batch_size", Value::integer(4)), attr("batch_shape", dims({-1, 32}))})) ==
        "InputLayer takes batch_size or batch_shape, not both: batch_size 4, batch_shape [None, 32]");
  CHECK(errorOf(input({})) == "InputLayer needs a shape or a batch_shape");
  CHECK(errorOf(input({attr("dtype", Value::string("int32"))})) == "InputLayer needs a shape or a batch_shape");
}

TEST_CASE("InputLayer attributes are checked as Keras checks them", "[shape][special]") {
  CHECK(issuesOf("InputLayer", {attr("shape", ints({28, -1}))}) ==
        std::vector<std::string>{"InputLayer attribute 'shape' must be >= 0, got -1"});
  CHECK(issuesOf("InputLayer", {attr("batch_shape", ints({-2, 3}))}) ==
        std::vector<std::string>{"InputLayer attribute 'batch_shape' must be >= 0, got -2"});
  CHECK(issuesOf("InputLayer", {attr("shape", Value::integer(32))}) ==
        std::vector<std::string>{"InputLayer attribute 'shape' must be a list of dims, got an integer 32"});
  CHECK(issuesOf("InputLayer", {attr("shape", ints({3})), attr("sparse", Value::string("no"))}) ==
        std::vector<std::string>{"InputLayer attribute 'sparse' must be a boolean or null, got \"no\""});
  CHECK(issuesOf("InputLayer", {attr("shape", ints({3})), attr("sparse", Value::null()), attr("ragged", Value::null()),
                                attr("batch_size", Value::null())})
            .empty());
  CHECK(issuesOf("InputLayer", {attr("shape", ints({3})), attr("units", Value::integer(3))}).size() == 1);
}

// Lambda ----------------------------------------------------------------------------------

TEST_CASE("Lambda with output_shape prepends the first input's batch dim", "[shape][special]") {
  Value code = Value::map({attr("code", Value::string("4wEAAAAAAAAA")), attr("defaults", Value::null()),
                           attr("closure", Value::null())});
  Value fn = Value::map({attr("class_name", Value::string("__lambda__")), attr("config", code)});
  Outcome one = run("Lambda", {attr("function", fn), attr("output_shape", ints({16}))}, {t({"batch", "8"})});
  checkShape(one, {"batch", "16"});
  CHECK(one.params == Dim::constant(0));
  checkShape(run("Lambda", {attr("function", fn), attr("output_shape", dims({-1, 4}))}, {t({"batch", "seq", "8"})}),
             {"batch", "?", "4"});
  checkShape(run("Lambda", {attr("function", fn), attr("output_shape", dims({}))}, {t({"b", "8"})}), {"b"});
  // Any number of inputs; the batch dim is the first input's.
  checkShape(run("Lambda", {attr("function", fn), attr("output_shape", ints({3}))},
                 {t({"b1", "8"}), t({"b2", "4"}), t({"b3", "2"})}),
             {"b1", "3"});
  checkShape(run("Lambda", {attr("function", fn), attr("output_shape", ints({3}))}, {TensorType::unknown()}),
             {"?", "3"});

  Outcome two = run("Lambda", {attr("function", fn), attr("output_shape", Value::list({ints({4}), dims({2, -1})}))},
                    {t({"batch", "8"})});
  REQUIRE(two.outputs);
  REQUIRE(two.outputs->size() == 2);
  CHECK(formatShape(*(*two.outputs)[0].dims) == "(batch, 4)");
  CHECK(formatShape(*(*two.outputs)[1].dims) == "(batch, 2, None)");

  Outcome half = run("Lambda", {attr("function", fn), attr("output_shape", ints({3})),
                                attr("dtype", Value::string("float16"))},
                     {t({"b", "8"})});
  REQUIRE(half.outputs);
  CHECK(half.outputs->front().dtype == DType::Float16);
}

TEST_CASE("Lambda without a usable output_shape has unknown outputs", "[shape][special]") {
  Value fn = Value::string("my_function");
  // No output listed: not even their number is known.
  Outcome traced = run("Lambda", {attr("function", fn)}, {t({"batch", "8"})});
  REQUIRE(traced.outputs);
  CHECK(traced.outputs->empty());
  Value shapeFunction = Value::map({attr("class_name", Value::string("__lambda__"))});
  Outcome serialized =
      run("Lambda", {attr("function", fn), attr("output_shape", shapeFunction)}, {t({"batch", "8"})});
  REQUIRE(serialized.outputs);
  CHECK(serialized.outputs->empty());
  // Keras 2 stores a lambda output_shape as [code, defaults, closure] with output_shape_type.
  Outcome keras2 = run("Lambda",
                       {attr("function", Value::list({Value::string("4wEA"), Value::null(), Value::null()})),
                        attr("function_type", Value::string("lambda")), attr("module", Value::string("__main__")),
                        attr("output_shape", Value::list({Value::string("4wEA"), Value::null(), Value::null()})),
                        attr("output_shape_type", Value::string("lambda")),
                        attr("output_shape_module", Value::string("__main__")), attr("arguments", Value::map({}))},
                       {t({"batch", "8"})});
  REQUIRE(keras2.outputs);
  CHECK(keras2.outputs->empty());
  checkShape(run("Lambda", {attr("function", fn), attr("output_shape", ints({2})),
                            attr("output_shape_type", Value::string("raw"))},
                 {t({"batch", "8"})}),
             {"batch", "2"});
}

TEST_CASE("Lambda rejects malformed output shapes", "[shape][special]") {
  Value fn = Value::string("my_function");
  CHECK(errorOf(run("Lambda", {attr("function", fn), attr("output_shape", Value::string("(3,)"))}, {t({"b", "8"})})) ==
        "Lambda output_shape must be a shape (a list of integers and nulls), a list of shapes, or a serialized "
        "function, got \"(3,)\"");
  CHECK(errorOf(run("Lambda", {attr("function", fn), attr("output_shape", Value::list({ints({3}), Value::integer(4)}))},
                    {t({"b", "8"})})) ==
        "Lambda output_shape must be a shape (a list of integers and nulls), a list of shapes, or a serialized "
        "function, got [[3], 4]");
  CHECK(errorOf(run("Lambda", {attr("function", fn), attr("output_shape", ints({3, -2}))}, {t({"b", "8"})})) ==
        "Lambda output_shape [3, -2] has a negative dim -2");
  CHECK(issuesOf("Lambda", {}) ==
        std::vector<std::string>{"Lambda needs the attribute 'function' (the Python function, serialized)"});
  CHECK(issuesOf("Lambda", {attr("function", fn), attr("mask", Value::null()), attr("arguments", Value::map({}))})
            .empty());
  const LayerSchema* schema = LayerCatalogue::builtin().find("Lambda");
  REQUIRE(schema);
  CHECK(schema->minInputs == 1);
  CHECK(schema->maxInputs == LayerSchema::kVariadic);
}
