// The op kernels (keras.ops functions and the backend spellings the op catalogue maps to
// them) on small models with hand-computed outputs, and the one_hot + matrix product fusion
// against the unfused run.

#include "ExecutorTestUtil.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

template <class T>
HostTensor tensorOf(std::vector<int64_t> shape, std::vector<T> values) {
  Result<HostTensor> t = HostTensor::fromValues<T>(std::move(shape), values);
  if (!t) FAIL(t.error().message);
  return std::move(*t);
}

HostTensor ints(std::vector<int64_t> shape, std::vector<int32_t> values) { return tensorOf<int32_t>(std::move(shape), values); }
HostTensor longs(std::vector<int64_t> shape, std::vector<int64_t> values) { return tensorOf<int64_t>(std::move(shape), values); }

template <class T>
std::vector<T> valuesAs(const HostTensor& t) {
  REQUIRE(t.holds<T>());
  llvm::ArrayRef<T> data = t.data<T>();
  return std::vector<T>(data.begin(), data.end());  // not braced: vector<bool> would take two bools
}

/// A model with one op node `op` (YAML flow map of its args) over the declared inputs.
std::string opSpec(const std::string& inputs, const std::string& op, const std::string& args,
                   const std::string& inputNames) {
  return "inputs: [" + inputs + "]\nnodes:\n  - {name: y, op: " + op + ", args: " + args + ", inputs: [" + inputNames +
         "]}\noutputs: [y]\n";
}

/// Runs the one-op model and returns its first output; fails the test on an error.
HostTensor runOp(const std::string& spec, std::vector<HostTensor> inputs, size_t output = 0) {
  Result<RunResult> result = runSpec(spec, std::move(inputs));
  if (!result) FAIL("run failed: " << result.error().message);
  REQUIRE(output < result->outputs.size());
  return result->outputs[output];
}

std::string runError(const std::string& spec, std::vector<HostTensor> inputs) {
  Result<RunResult> result = runSpec(spec, std::move(inputs));
  REQUIRE_FALSE(result);
  return result.error().message;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// one_hot, take
// ---------------------------------------------------------------------------------------------

TEST_CASE("one_hot gives all-zero rows for ids outside [0, num_classes)", "[executor][ops]") {
  std::string spec = opSpec("{name: ids, shape: [2, 3], dtype: int64}", "keras.ops.one_hot", "{num_classes: 3}", "ids");
  HostTensor y = runOp(spec, {longs({2, 3}, {0, 2, 3, -1, 1, 7})});
  CHECK(y.shape() == std::vector<int64_t>{2, 3, 3});
  CHECK(valuesAs<float>(y) == std::vector<float>{1, 0, 0, 0, 0, 1, 0, 0, 0,  //
                                                 0, 0, 0, 0, 1, 0, 0, 0, 0});
}

TEST_CASE("one_hot along axis 0 puts the classes first", "[executor][ops]") {
  std::string spec = opSpec("{name: ids, shape: [3], dtype: int32}", "tf.one_hot", "{depth: 2, axis: 0}", "ids");
  HostTensor y = runOp(spec, {ints({3}, {1, 0, 1})});
  CHECK(y.shape() == std::vector<int64_t>{2, 3});
  CHECK(valuesAs<float>(y) == std::vector<float>{0, 1, 0, 1, 0, 1});
}

TEST_CASE("tf.one_hot writes on_value and off_value", "[executor][ops]") {
  std::string spec = opSpec("{name: ids, shape: [2], dtype: int32}", "tf.one_hot",
                            "{depth: 3, on_value: 5.0, off_value: -1.0}", "ids");
  HostTensor y = runOp(spec, {ints({2}, {2, 9})});
  CHECK(valuesAs<float>(y) == std::vector<float>{-1, -1, 5, -1, -1, -1});
}

TEST_CASE("tf.gather takes rows on axis 0, negative indices from the end", "[executor][ops]") {
  std::string spec = opSpec("{name: p, shape: [3, 2]}, {name: i, shape: [2], dtype: int32}", "tf.gather", "{}", "p, i");
  HostTensor y = runOp(spec, {floats({3, 2}, {1, 2, 3, 4, 5, 6}), ints({2}, {2, -3})});
  CHECK(y.shape() == std::vector<int64_t>{2, 2});
  CHECK(valuesAs<float>(y) == std::vector<float>{5, 6, 1, 2});
}

TEST_CASE("take along axis 1 of an int tensor, and flattened without an axis", "[executor][ops]") {
  std::string onAxis = opSpec("{name: x, shape: [2, 3], dtype: int32}, {name: i, shape: [2, 2], dtype: int64}",
                              "keras.ops.take", "{axis: -1}", "x, i");
  HostTensor y = runOp(onAxis, {ints({2, 3}, {10, 11, 12, 20, 21, 22}), longs({2, 2}, {0, 2, 1, 1})});
  CHECK(y.shape() == std::vector<int64_t>{2, 2, 2});
  CHECK(valuesAs<int32_t>(y) == std::vector<int32_t>{10, 12, 11, 11, 20, 22, 21, 21});
  std::string flat = opSpec("{name: x, shape: [2, 3], dtype: int32}, {name: i, shape: [2], dtype: int64}",
                            "keras.ops.take", "{}", "x, i");
  CHECK(valuesAs<int32_t>(runOp(flat, {ints({2, 3}, {10, 11, 12, 20, 21, 22}), longs({2}, {4, 0})})) ==
        std::vector<int32_t>{21, 10});
}

TEST_CASE("take refuses an index out of range, naming it and the valid range", "[executor][ops]") {
  std::string spec = opSpec("{name: p, shape: [3, 2]}, {name: i, shape: [1], dtype: int32}", "tf.gather", "{}", "p, i");
  std::string message = runError(spec, {floats({3, 2}, {1, 2, 3, 4, 5, 6}), ints({1}, {3})});
  CHECK_THAT(message, Catch::Contains("index 3 is out of range") && Catch::Contains("-3 to 2"));
}

// ---------------------------------------------------------------------------------------------
// matmul
// ---------------------------------------------------------------------------------------------

TEST_CASE("matmul multiplies a batch of matrices by one matrix", "[executor][ops]") {
  std::string spec = opSpec("{name: a, shape: [2, 1, 2]}, {name: b, shape: [2, 2]}", "tf.matmul", "{}", "a, b");
  HostTensor y = runOp(spec, {floats({2, 1, 2}, {1, 2, 3, 4}), floats({2, 2}, {1, 0, 1, 1})});
  CHECK(y.shape() == std::vector<int64_t>{2, 1, 2});
  CHECK(valuesAs<float>(y) == std::vector<float>{3, 2, 7, 4});
}

TEST_CASE("matmul broadcasts the batch axes of both operands", "[executor][ops]") {
  // a (1, 1, 2) against b (3, 2, 1): one product per b entry.
  std::string spec = opSpec("{name: a, shape: [1, 1, 2]}, {name: b, shape: [3, 2, 1]}", "keras.ops.matmul", "{}", "a, b");
  HostTensor y = runOp(spec, {floats({1, 1, 2}, {1, 2}), floats({3, 2, 1}, {1, 1, 2, 0, -1, 3})});
  CHECK(y.shape() == std::vector<int64_t>{3, 1, 1});
  CHECK(valuesAs<float>(y) == std::vector<float>{3, 2, 5});
}

TEST_CASE("matmul of int32 matrices stays int32", "[executor][ops]") {
  std::string spec = opSpec("{name: a, shape: [1, 2], dtype: int32}, {name: b, shape: [2, 2], dtype: int32}",
                            "keras.ops.matmul", "{}", "a, b");
  HostTensor y = runOp(spec, {ints({1, 2}, {2, -3}), ints({2, 2}, {1, 2, 3, 4})});
  CHECK(valuesAs<int32_t>(y) == std::vector<int32_t>{-7, -8});
}

// ---------------------------------------------------------------------------------------------
// Element-wise
// ---------------------------------------------------------------------------------------------

TEST_CASE("add broadcasts a row over a matrix", "[executor][ops]") {
  std::string spec = opSpec("{name: a, shape: [2, 3]}, {name: b, shape: [3]}", "keras.ops.add", "{}", "a, b");
  HostTensor y = runOp(spec, {floats({2, 3}, {1, 2, 3, 4, 5, 6}), floats({3}, {10, 20, 30})});
  CHECK(valuesAs<float>(y) == std::vector<float>{11, 22, 33, 14, 25, 36});
}

TEST_CASE("a Python-number constant takes the tensor operand's dtype", "[executor][ops]") {
  // tf.keras records `x * 3` on an int32 tensor as tf.math.multiply(x, y=3): int32 stays int32.
  std::string intSpec = opSpec("{name: x, shape: [3], dtype: int32}", "tf.math.multiply", "{y: 3}", "x");
  HostTensor y = runOp(intSpec, {ints({3}, {1, -2, 5})});
  CHECK(valuesAs<int32_t>(y) == std::vector<int32_t>{3, -6, 15});
  // On float32 an int constant is a float32 one.
  std::string floatSpec = opSpec("{name: x, shape: [2]}", "tf.math.multiply", "{y: 3}", "x");
  CHECK(valuesAs<float>(runOp(floatSpec, {floats({2}, {0.5f, -1})})) == std::vector<float>{1.5f, -3});
  // A constant as the first operand: 10 - x.
  std::string first = opSpec("{name: x, shape: [2], dtype: int64}", "keras.ops.subtract", "{x1: 10}", "x");
  CHECK(valuesAs<int64_t>(runOp(first, {longs({2}, {1, 20})})) == std::vector<int64_t>{9, -10});
}

TEST_CASE("floor division and modulo of ints follow Python's signs; division by 0 gives 0", "[executor][ops]") {
  std::string inputs = "{name: a, shape: [4], dtype: int32}, {name: b, shape: [4], dtype: int32}";
  HostTensor a = ints({4}, {7, -7, 7, 5});
  HostTensor b = ints({4}, {2, 2, -2, 0});
  CHECK(valuesAs<int32_t>(runOp(opSpec(inputs, "keras.ops.floor_divide", "{}", "a, b"), {a, b})) ==
        std::vector<int32_t>{3, -4, -4, 0});
  CHECK(valuesAs<int32_t>(runOp(opSpec(inputs, "keras.ops.mod", "{}", "a, b"), {a, b})) ==
        std::vector<int32_t>{1, 1, -1, 0});
}

TEST_CASE("divide of ints gives float32", "[executor][ops]") {
  std::string spec = opSpec("{name: a, shape: [2], dtype: int32}", "keras.ops.divide", "{x2: 4}", "a");
  HostTensor y = runOp(spec, {ints({2}, {1, -6})});
  CHECK(valuesAs<float>(y) == std::vector<float>{0.25f, -1.5f});
}

TEST_CASE("comparisons give bool tensors", "[executor][ops]") {
  std::string spec = opSpec("{name: x, shape: [2, 2]}", "keras.ops.greater", "{x2: 0.5}", "x");
  HostTensor y = runOp(spec, {floats({2, 2}, {0.1f, 0.5f, 0.7f, -2})});
  CHECK(valuesAs<bool>(y) == std::vector<bool>{false, false, true, false});
  std::string eq = opSpec("{name: a, shape: [3], dtype: int32}, {name: b, shape: [1], dtype: int32}", "keras.ops.equal",
                          "{}", "a, b");
  CHECK(valuesAs<bool>(runOp(eq, {ints({3}, {1, 2, 1}), ints({1}, {1})})) == std::vector<bool>{true, false, true});
}

TEST_CASE("where picks x1 where the condition holds, broadcasting all three", "[executor][ops]") {
  std::string spec = R"(
inputs: [{name: x, shape: [2, 2]}]
nodes:
  - {name: positive, op: keras.ops.greater, args: {x2: 0}, inputs: [x]}
  - {name: y, op: keras.ops.where, args: {x2: -1.0}, inputs: [positive, x]}
outputs: [y]
)";
  HostTensor y = runOp(spec, {floats({2, 2}, {3, -4, 0, 2})});
  CHECK(valuesAs<float>(y) == std::vector<float>{3, -1, -1, 2});
}

TEST_CASE("clip, cast and abs work on int and float tensors", "[executor][ops]") {
  std::string clip = opSpec("{name: x, shape: [4], dtype: int32}", "tf.clip_by_value",
                            "{clip_value_min: -2, clip_value_max: 3}", "x");
  CHECK(valuesAs<int32_t>(runOp(clip, {ints({4}, {-5, 0, 3, 9})})) == std::vector<int32_t>{-2, 0, 3, 3});
  std::string cast = opSpec("{name: x, shape: [3]}", "keras.ops.cast", "{dtype: int32}", "x");
  CHECK(valuesAs<int32_t>(runOp(cast, {floats({3}, {-1.7f, 2.9f, 0})})) == std::vector<int32_t>{-1, 2, 0});
  std::string abs = opSpec("{name: x, shape: [2], dtype: int64}", "keras.ops.absolute", "{}", "x");
  CHECK(valuesAs<int64_t>(runOp(abs, {longs({2}, {-3, 4})})) == std::vector<int64_t>{3, 4});
}

TEST_CASE("unary float math promotes integer inputs to float32", "[executor][ops]") {
  std::string sqrt = opSpec("{name: x, shape: [2], dtype: int32}", "keras.ops.sqrt", "{}", "x");
  CHECK(valuesAs<float>(runOp(sqrt, {ints({2}, {4, 9})})) == std::vector<float>{2, 3});
  std::string exp = opSpec("{name: x, shape: [2]}", "keras.ops.exp", "{}", "x");
  requireClose(valuesAs<float>(runOp(exp, {floats({2}, {0, 1})})), {1, 2.7182818f});
  std::string sigmoid = opSpec("{name: x, shape: [2]}", "keras.ops.sigmoid", "{}", "x");
  requireClose(valuesAs<float>(runOp(sigmoid, {floats({2}, {0, 2})})), {0.5f, 0.88079708f});
  // keras.ops.gelu defaults to the tanh approximation: gelu(1) = 0.841192, not erf's 0.841345.
  std::string gelu = opSpec("{name: x, shape: [1]}", "keras.ops.gelu", "{}", "x");
  requireClose(valuesAs<float>(runOp(gelu, {floats({1}, {1})})), {0.8411920f}, 1e-6f);
}

TEST_CASE("softmax normalizes along the given axis", "[executor][ops]") {
  std::string spec = opSpec("{name: x, shape: [2, 2]}", "keras.ops.softmax", "{axis: 0}", "x");
  // Columns: softmax([0, ln 3]) = [0.25, 0.75]; softmax([1, 1]) = [0.5, 0.5].
  requireClose(valuesAs<float>(runOp(spec, {floats({2, 2}, {0, 1, std::log(3.0f), 1})})), {0.25f, 0.5f, 0.75f, 0.5f});
}

// ---------------------------------------------------------------------------------------------
// Reductions
// ---------------------------------------------------------------------------------------------

TEST_CASE("sum over the last axis with keepdims, and over all axes", "[executor][ops]") {
  std::string keep = opSpec("{name: x, shape: [2, 3], dtype: int32}", "tf.reduce_sum", "{axis: -1, keepdims: true}", "x");
  HostTensor y = runOp(keep, {ints({2, 3}, {1, 2, 3, 4, 5, 6})});
  CHECK(y.shape() == std::vector<int64_t>{2, 1});
  CHECK(valuesAs<int32_t>(y) == std::vector<int32_t>{6, 15});
  std::string all = opSpec("{name: x, shape: [2, 3]}", "keras.ops.sum", "{}", "x");
  CHECK(valuesAs<float>(runOp(all, {floats({2, 3}, {1, 2, 3, 4, 5, 6})})) == std::vector<float>{21});
}

TEST_CASE("mean of ints is float; max, min and prod over an axis list", "[executor][ops]") {
  std::string mean = opSpec("{name: x, shape: [2, 2], dtype: int32}", "keras.ops.mean", "{axis: 0}", "x");
  CHECK(valuesAs<float>(runOp(mean, {ints({2, 2}, {1, 2, 4, 7})})) == std::vector<float>{2.5f, 4.5f});
  HostTensor x = floats({2, 2, 2}, {1, -2, 3, 4, -5, 6, 0, 8});
  std::string max = opSpec("{name: x, shape: [2, 2, 2]}", "keras.ops.max", "{axis: [0, 2]}", "x");
  CHECK(valuesAs<float>(runOp(max, {x})) == std::vector<float>{6, 8});
  std::string min = opSpec("{name: x, shape: [2, 2, 2]}", "keras.ops.min", "{axis: 1}", "x");
  CHECK(valuesAs<float>(runOp(min, {x})) == std::vector<float>{1, -2, -5, 6});
  std::string prod = opSpec("{name: x, shape: [2, 2, 2]}", "keras.ops.prod", "{axis: -1}", "x");
  CHECK(valuesAs<float>(runOp(prod, {x})) == std::vector<float>{-2, 12, -30, 0});
}

TEST_CASE("argmax takes the first of equal maxima; argmin without axis flattens", "[executor][ops]") {
  std::string argmax = opSpec("{name: x, shape: [2, 3]}", "keras.ops.argmax", "{axis: -1}", "x");
  HostTensor y = runOp(argmax, {floats({2, 3}, {1, 5, 5, 7, 0, 7})});
  CHECK(y.elementType() == ElementType::Int32);
  CHECK(valuesAs<int32_t>(y) == std::vector<int32_t>{1, 0});
  std::string argmin = opSpec("{name: x, shape: [2, 3], dtype: int32}", "keras.ops.argmin", "{}", "x");
  CHECK(valuesAs<int32_t>(runOp(argmin, {ints({2, 3}, {4, 2, 9, 1, 3, 1})})) == std::vector<int32_t>{3});
}

TEST_CASE("top_k gives the largest entries, largest first, and their indices", "[executor][ops]") {
  Result<RunResult> result = runSpec(R"(
inputs: [{name: x, shape: [2, 4]}]
nodes:
  - {name: y, op: keras.ops.top_k, args: {k: 2}, inputs: [x]}
outputs: [y, "y:1"]
)", {floats({2, 4}, {1, 9, 3, 9, 0, -1, 5, 2})});
  if (!result) FAIL(result.error().message);
  REQUIRE(result->outputs.size() == 2);
  CHECK(valuesAs<float>(result->outputs[0]) == std::vector<float>{9, 9, 5, 2});
  CHECK(valuesAs<int32_t>(result->outputs[1]) == std::vector<int32_t>{1, 3, 2, 3});
}

// ---------------------------------------------------------------------------------------------
// Moving elements
// ---------------------------------------------------------------------------------------------

TEST_CASE("transpose, expand_dims and reshape move int elements", "[executor][ops]") {
  std::string transpose = opSpec("{name: x, shape: [2, 3], dtype: int32}", "keras.ops.transpose", "{}", "x");
  HostTensor t = runOp(transpose, {ints({2, 3}, {1, 2, 3, 4, 5, 6})});
  CHECK(t.shape() == std::vector<int64_t>{3, 2});
  CHECK(valuesAs<int32_t>(t) == std::vector<int32_t>{1, 4, 2, 5, 3, 6});
  std::string expand = opSpec("{name: x, shape: [2], dtype: int32}", "keras.ops.expand_dims", "{axis: -1}", "x");
  CHECK(runOp(expand, {ints({2}, {1, 2})}).shape() == std::vector<int64_t>{2, 1});
  std::string reshape = opSpec("{name: x, shape: [2, 3]}", "tf.reshape", "{shape: [3, -1]}", "x");
  HostTensor r = runOp(reshape, {floats({2, 3}, {1, 2, 3, 4, 5, 6})});
  CHECK(r.shape() == std::vector<int64_t>{3, 2});
  CHECK(valuesAs<float>(r) == std::vector<float>{1, 2, 3, 4, 5, 6});
}

TEST_CASE("concatenate and stack join along an axis", "[executor][ops]") {
  std::string inputs = "{name: a, shape: [2, 1]}, {name: b, shape: [2, 2]}";
  HostTensor a = floats({2, 1}, {1, 2});
  HostTensor b = floats({2, 2}, {3, 4, 5, 6});
  HostTensor c = runOp(opSpec(inputs, "tf.concat", "{axis: -1}", "a, b"), {a, b});
  CHECK(c.shape() == std::vector<int64_t>{2, 3});
  CHECK(valuesAs<float>(c) == std::vector<float>{1, 3, 4, 2, 5, 6});
  std::string pair = "{name: a, shape: [2]}, {name: b, shape: [2]}";
  HostTensor s = runOp(opSpec(pair, "keras.ops.stack", "{axis: 1}", "a, b"), {floats({2}, {1, 2}), floats({2}, {3, 4})});
  CHECK(s.shape() == std::vector<int64_t>{2, 2});
  CHECK(valuesAs<float>(s) == std::vector<float>{1, 3, 2, 4});
}

TEST_CASE("split cuts pieces of the sizes shape inference gave", "[executor][ops]") {
  Result<RunResult> result = runSpec(R"(
inputs: [{name: x, shape: [2, 5], dtype: int32}]
nodes:
  - {name: y, op: tf.split, args: {num_or_size_splits: [1, -1, 2], axis: 1}, inputs: [x]}
outputs: [y, "y:1", "y:2"]
)", {ints({2, 5}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})});
  if (!result) FAIL(result.error().message);
  REQUIRE(result->outputs.size() == 3);
  CHECK(valuesAs<int32_t>(result->outputs[0]) == std::vector<int32_t>{0, 5});
  CHECK(valuesAs<int32_t>(result->outputs[1]) == std::vector<int32_t>{1, 2, 6, 7});
  CHECK(valuesAs<int32_t>(result->outputs[2]) == std::vector<int32_t>{3, 4, 8, 9});
}

TEST_CASE("tile repeats, pad fills and flip reverses", "[executor][ops]") {
  std::string tile = opSpec("{name: x, shape: [2]}", "keras.ops.tile", "{repeats: [2, 2]}", "x");
  HostTensor t = runOp(tile, {floats({2}, {1, 2})});
  CHECK(t.shape() == std::vector<int64_t>{2, 4});
  CHECK(valuesAs<float>(t) == std::vector<float>{1, 2, 1, 2, 1, 2, 1, 2});
  std::string pad = opSpec("{name: x, shape: [1, 2], dtype: int32}", "keras.ops.pad",
                           "{pad_width: [[1, 0], [0, 1]], constant_values: 7}", "x");
  HostTensor p = runOp(pad, {ints({1, 2}, {1, 2})});
  CHECK(p.shape() == std::vector<int64_t>{2, 3});
  CHECK(valuesAs<int32_t>(p) == std::vector<int32_t>{7, 7, 7, 1, 2, 7});
  std::string reflect = opSpec("{name: x, shape: [3]}", "keras.ops.pad", "{pad_width: [[2, 1]], mode: reflect}", "x");
  CHECK(valuesAs<float>(runOp(reflect, {floats({3}, {1, 2, 3})})) == std::vector<float>{3, 2, 1, 2, 3, 2});
  std::string flip = opSpec("{name: x, shape: [2, 2]}", "keras.ops.flip", "{axis: 1}", "x");
  CHECK(valuesAs<float>(runOp(flip, {floats({2, 2}, {1, 2, 3, 4})})) == std::vector<float>{2, 1, 4, 3});
}

TEST_CASE("getitem slices with negative steps, integer indices and new axes", "[executor][ops]") {
  // x[:, ::-2] and x[-1, None, 1:] on a (2, 3) tensor.
  std::string reversed = opSpec("{name: x, shape: [2, 3]}", "tf.__operators__.getitem",
                                "{slice_spec: [{start: null, stop: null, step: null}, {start: null, stop: null, step: -2}]}",
                                "x");
  HostTensor a = runOp(reversed, {floats({2, 3}, {1, 2, 3, 4, 5, 6})});
  CHECK(a.shape() == std::vector<int64_t>{2, 2});
  CHECK(valuesAs<float>(a) == std::vector<float>{3, 1, 6, 4});
  std::string picked = opSpec("{name: x, shape: [2, 3]}", "tf.__operators__.getitem",
                              "{slice_spec: [-1, null, {start: 1, stop: null, step: null}]}", "x");
  HostTensor b = runOp(picked, {floats({2, 3}, {1, 2, 3, 4, 5, 6})});
  CHECK(b.shape() == std::vector<int64_t>{1, 2});
  CHECK(valuesAs<float>(b) == std::vector<float>{5, 6});
}

// ---------------------------------------------------------------------------------------------
// The one_hot + matrix product fusion
// ---------------------------------------------------------------------------------------------

namespace {

const char* kOneHotMatmul = R"(
inputs:
  - {name: ids, shape: [2, 3], dtype: int64}
  - {name: w, shape: [4, 2]}
nodes:
  - {name: hot, op: tf.one_hot, args: {depth: 4}, inputs: [ids]}
  - {name: product, op: tf.matmul, inputs: [hot, w]}
outputs: [product]
)";

const char* kOneHotDense = R"(
inputs: [{name: ids, shape: [2, 2], dtype: int32}]
nodes:
  - {name: hot, op: keras.ops.one_hot, args: {num_classes: 3}, inputs: [ids]}
  - {name: dense, layer: Dense, config: {units: 2, activation: relu}, inputs: [hot]}
outputs: [dense]
)";

Result<RunResult> runWithFusion(const char* spec, std::vector<HostTensor> inputs,
                                std::vector<std::pair<std::string, std::vector<HostTensor>>> weights, bool fuse) {
  ExecOptions options;
  options.fuse = fuse;
  return runSpec(spec, std::move(inputs), std::move(weights), options);
}

}  // namespace

TEST_CASE("one_hot followed by matmul runs as a row gather with the unfused numbers", "[executor][ops][fusion]") {
  // Ids 4 and -1 are outside [0, 4): their rows are zeros.
  HostTensor ids = longs({2, 3}, {0, 3, 4, -1, 2, 3});
  HostTensor w = floats({4, 2}, {0.1f, -0.2f, 1.5f, 2.25f, -3, 0.3f, 7, -8});
  Result<RunResult> fused = runWithFusion(kOneHotMatmul, {ids, w}, {}, true);
  Result<RunResult> plain = runWithFusion(kOneHotMatmul, {ids, w}, {}, false);
  if (!fused) FAIL(fused.error().message);
  if (!plain) FAIL(plain.error().message);
  // The fused run has one step fewer: the one_hot never runs.
  CHECK(fused->stats.steps + 1 == plain->stats.steps);
  CHECK(fused->outputs[0].shape() == std::vector<int64_t>{2, 3, 2});
  std::vector<float> expected = {0.1f, -0.2f, 7, -8, 0, 0, 0, 0, -3, 0.3f, 7, -8};
  CHECK(valuesAs<float>(fused->outputs[0]) == expected);
  CHECK(valuesAs<float>(plain->outputs[0]) == expected);
}

TEST_CASE("one_hot followed by Dense runs as a row gather plus bias and activation", "[executor][ops][fusion]") {
  HostTensor ids = ints({2, 2}, {2, 0, 5, 1});
  HostTensor kernel = floats({3, 2}, {1, -1, 0.5f, 2, -4, 3});
  HostTensor bias = floats({2}, {0.25f, -0.5f});
  Result<RunResult> fused = runWithFusion(kOneHotDense, {ids}, {{"dense", {kernel, bias}}}, true);
  Result<RunResult> plain = runWithFusion(kOneHotDense, {ids}, {{"dense", {kernel, bias}}}, false);
  if (!fused) FAIL(fused.error().message);
  if (!plain) FAIL(plain.error().message);
  CHECK(fused->stats.steps + 1 == plain->stats.steps);
  // relu(W[id] + b): id 2 -> [-3.75, 2.5] -> [0, 2.5]; id 5 -> relu(b) = [0.25, 0].
  std::vector<float> expected = {0, 2.5f, 1.25f, 0, 0.25f, 0, 0.75f, 1.5f};
  CHECK(valuesAs<float>(fused->outputs[0]) == expected);
  CHECK(valuesAs<float>(plain->outputs[0]) == expected);
}

TEST_CASE("a one_hot that is also a model output is not fused away", "[executor][ops][fusion]") {
  std::string spec = kOneHotMatmul;
  spec.replace(spec.find("outputs: [product]"), std::string("outputs: [product]").size(), "outputs: [product, hot]");
  Result<RunResult> result = runSpec(spec, {longs({2, 3}, {0, 1, 2, 3, 0, 1}), floats({4, 2}, {1, 2, 3, 4, 5, 6, 7, 8})});
  if (!result) FAIL(result.error().message);
  REQUIRE(result->outputs.size() == 2);
  CHECK(result->stats.steps == 4);  // two inputs, one_hot, matmul
  CHECK(valuesAs<float>(result->outputs[1])[3] == 0);
  CHECK(valuesAs<float>(result->outputs[1])[4] == 0);
  CHECK(valuesAs<float>(result->outputs[1])[5] == 1);
}
