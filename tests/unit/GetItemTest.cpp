// x[...] as tf.keras serialized it (tf.__operators__.getitem's slice_spec): reading the items,
// writing them back as a Python subscript, and the getitem shape family, whose sizes follow
// Python's slice.indices (NumPy basic indexing) for concrete and symbolic axes.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "OpTestUtil.h"
#include "catalogue/ops/SliceSpec.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

const char* const kAll = "{start: null, stop: null, step: null}";  // `:`

/// tf.__operators__.getitem with `spec` (YAML) as its slice_spec.
std::string getitem(const std::string& spec) { return "{slice_spec: " + spec + "}"; }

/// x[<spec>] on one tensor, as `(a, b) float32` or `error: ...`.
std::string indexed(const std::string& dims, const std::string& spec) {
  return infer("tf.__operators__.getitem", getitem(spec), {tensor(dims)}).text();
}

}  // namespace

TEST_CASE("a slice_spec reads as the subscript tf.keras recorded", "[ops][getitem]") {
  auto [spec, subscript] = GENERATE(table<std::string, std::string>({
      {"0", "0"},
      {"-1", "-1"},
      {"null", "None"},
      {"{class_name: __ellipsis__}", "..."},
      {"{start: 1, stop: null, step: null}", "1:"},
      {"{start: null, stop: -1, step: null}", ":-1"},
      {"{start: null, stop: null, step: -1}", "::-1"},
      {"{start: 2, stop: 8, step: 3}", "2:8:3"},
      {std::string("[") + kAll + ", 0]", ":, 0"},
      {"[{class_name: __ellipsis__}, null, 3]", "..., None, 3"},
      {"[]", "()"},
      // SavedModel metadata wraps the Python tuple.
      {std::string("{class_name: __tuple__, items: [") + kAll + ", 0]}", ":, 0"},
  }));
  INFO(spec);
  Result<Value> value = parseYaml(spec);
  REQUIRE(value.ok());
  std::optional<std::vector<IndexItem>> items = parseSliceSpec(*value);
  REQUIRE(items);
  CHECK(subscriptText(*items) == subscript);
}

TEST_CASE("slice_spec forms graphlint does not follow are not read", "[ops][getitem]") {
  auto spec = GENERATE(as<std::string>{},
                       "1.5",                               // not an index
                       "true",                              // a boolean mask (tf.boolean_mask)
                       "\"...\"",                           // not how tf.keras writes an ellipsis
                       "[0, [1, 2]]",                       // a nested list
                       "{start: 1, stop: 2}",               // tf.keras writes all three keys
                       "{start: 1, stop: 2, step: 1, extra: 0}",
                       "{start: 1.0, stop: null, step: null}",
                       "{start: [input_1, 0, 0], stop: null, step: null}",  // a tensor bound
                       "{class_name: __ellipsis__, x: 1}",
                       "{class_name: __tuple__, items: 3}",
                       "2000000000000",                      // beyond Dim::kMaxLiteral
                       "{start: -2000000000000, stop: null, step: null}");
  INFO(spec);
  Result<Value> value = parseYaml(spec);
  REQUIRE(value.ok());
  CHECK_FALSE(parseSliceSpec(*value));
  // The shape is then unknown, never wrong.
  CHECK(indexed("batch, 4", spec) == "(unknown rank) float32");
}

TEST_CASE("getitem removes indexed axes, sizes slices and adds new axes", "[shape][ops][getitem]") {
  std::string all = kAll;
  auto [dims, spec, expected] = GENERATE_COPY(table<std::string, std::string, std::string>({
      {"batch, t, 16", "0", "(t, 16) float32"},
      {"batch, t, 16", "-1", "(t, 16) float32"},
      {"batch, t, 16", "[" + all + ", 0]", "(batch, 16) float32"},
      {"batch, t, 16", "[" + all + ", " + all + ", -1]", "(batch, t) float32"},
      {"batch, t, 16", "[{class_name: __ellipsis__}, 0]", "(batch, t) float32"},
      {"batch, t, 16", "[0, {class_name: __ellipsis__}]", "(t, 16) float32"},
      {"batch, t, 16", "[" + all + ", {class_name: __ellipsis__}, 3]", "(batch, t) float32"},
      {"batch, t, 16", "[{class_name: __ellipsis__}, null]", "(batch, t, 16, 1) float32"},
      {"batch, t, 16", "[null, " + all + "]", "(1, batch, t, 16) float32"},
      {"batch, t, 16", "[" + all + ", null, 0]", "(batch, 1, 16) float32"},
      {"batch, t, 16", "[]", "(batch, t, 16) float32"},
      {"batch, t, 16", "[{class_name: __ellipsis__}]", "(batch, t, 16) float32"},
      // Concrete sizes: Python's slice.indices, with clamping and negative bounds and steps.
      {"batch, 10", "[" + all + ", {start: 2, stop: null, step: null}]", "(batch, 8) float32"},
      {"batch, 10", "[" + all + ", {start: null, stop: -3, step: null}]", "(batch, 7) float32"},
      {"batch, 10", "[" + all + ", {start: -3, stop: null, step: null}]", "(batch, 3) float32"},
      {"batch, 10", "[" + all + ", {start: 20, stop: null, step: null}]", "(batch, 0) float32"},
      {"batch, 10", "[" + all + ", {start: -20, stop: 3, step: null}]", "(batch, 3) float32"},
      {"batch, 10", "[" + all + ", {start: 7, stop: 2, step: null}]", "(batch, 0) float32"},
      {"batch, 10", "[" + all + ", {start: null, stop: null, step: 3}]", "(batch, 4) float32"},
      {"batch, 10", "[" + all + ", {start: null, stop: null, step: -1}]", "(batch, 10) float32"},
      {"batch, 10", "[" + all + ", {start: 8, stop: 2, step: -2}]", "(batch, 3) float32"},
      {"batch, 10", "[" + all + ", {start: -1, stop: -11, step: -3}]", "(batch, 4) float32"},
      {"batch, 10", "[" + all + ", {start: 2, stop: 8, step: -1}]", "(batch, 0) float32"},
      {"batch, 10", "[" + all + ", {start: null, stop: 100, step: 4}]", "(batch, 3) float32"},
      // Symbolic sizes: the same arithmetic in dims, as exact as the Dim algebra can say.
      {"batch, t", "[" + all + ", {start: 1, stop: null, step: null}]", "(batch, t - 1) float32"},
      {"batch, t", "[" + all + ", {start: null, stop: -1, step: null}]", "(batch, t - 1) float32"},
      {"batch, t", "[" + all + ", {start: -1, stop: null, step: null}]", "(batch, 1) float32"},
      {"batch, t", "[" + all + ", {start: null, stop: 1, step: null}]", "(batch, 1) float32"},
      {"batch, t", "[" + all + ", {start: null, stop: 5, step: null}]", "(batch, min(t, 5)) float32"},
      {"batch, t", "[" + all + ", {start: null, stop: null, step: 2}]", "(batch, (t + 1)//2) float32"},
      {"batch, t", "[" + all + ", {start: null, stop: null, step: -1}]", "(batch, t) float32"},
      {"batch, 2*t", "[" + all + ", {start: t, stop: null, step: null}]", "(unknown rank) float32"},
      // Unknown sizes stay unknown; an unknown rank gives nothing.
      {"?, ?", "[" + all + ", {start: 0, stop: 3, step: null}]", "(None, None) float32"},
      {"?, ?", "[" + all + ", 2]", "(None,) float32"},
      {"*", "[" + all + ", 0]", "(unknown rank) float32"},
  }));
  INFO("(" << dims << ")[" << spec << "]");
  CHECK(indexed(dims, spec) == expected);
}

TEST_CASE("getitem keeps the dtype", "[shape][ops][getitem]") {
  Inferred got = infer("tf.__operators__.getitem", getitem("[0]"), {tensor("batch, 4", DType::Int64)});
  CHECK(got.text() == "(4,) int64");
  CHECK(got.countKnown);
}

TEST_CASE("getitem reports indices that cannot apply, with both sides", "[shape][ops][getitem]") {
  std::string all = kAll;
  auto [dims, spec, message] = GENERATE_COPY(table<std::string, std::string, std::string>({
      {"batch, 4", "[" + all + ", 4]",
       "getitem: index 4 is out of range for axis 1 of (batch, 4): its size is 4, so valid indices are -4 to 3 (in [:, 4])"},
      {"batch, 4", "[" + all + ", -5]",
       "getitem: index -5 is out of range for axis 1 of (batch, 4): its size is 4, so valid indices are -4 to 3 (in [:, -5])"},
      // A symbolic size that is at most 2 for every t.
      {"batch, t % 3", "[" + all + ", 2]",
       "getitem: index 2 is out of range for axis 1 of (batch, t % 3): its size is t % 3, so valid indices are "
       "-(t % 3) to t % 3 - 1 (in [:, 2])"},
      {"batch, 4", "[0, 0, 0]", "getitem: too many indices: [0, 0, 0] indexes 3 axes, but (batch, 4) has 2"},
      {"batch, 4", "[0, null, " + all + ", 1]", "getitem: too many indices: [0, None, :, 1] indexes 3 axes, but (batch, 4) has 2"},
      {"batch, 4", "[{class_name: __ellipsis__}, {class_name: __ellipsis__}]",
       "getitem: an index can only have a single ellipsis (...), got 2 in [..., ...]"},
      {"batch, 4", "[" + all + ", {start: null, stop: null, step: 0}]", "getitem: slice step cannot be zero in [:, ::0]"},
      // A scalar has no axis to index.
      {"", "0", "getitem: too many indices: [0] indexes 1 axis, but () has 0"},
  }));
  INFO("(" << dims << ")[" << spec << "]");
  CHECK(indexed(dims, spec) == "error: " + message);
}

TEST_CASE("getitem does not call an index out of range unless it is for every size", "[shape][ops][getitem]") {
  std::string all = kAll;
  auto [dims, spec, expected] = GENERATE_COPY(table<std::string, std::string, std::string>({
      {"batch, t", "[" + all + ", 3]", "(batch,) float32"},        // t may be 4 or more
      {"batch, t", "[" + all + ", -3]", "(batch,) float32"},
      {"batch, ?", "[" + all + ", 100]", "(batch,) float32"},
      {"batch, 4", "[" + all + ", 3]", "(batch,) float32"},
      {"batch, 4", "[" + all + ", -4]", "(batch,) float32"},
  }));
  INFO("(" << dims << ")[" << spec << "]");
  CHECK(indexed(dims, spec) == expected);
}
