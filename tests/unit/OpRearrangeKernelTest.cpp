// Kernels of the ops that rearrange or pick elements (swapaxes, unstack, repeat, broadcast_to,
// take_along_axis and torch.gather, gather_nd), describe a tensor (rank, tf.shape), compute
// moments or drop out, on small models with hand-computed outputs; and boolean_mask's refusal.

#include "OpKernelTestUtil.h"

using namespace graphlint;
using namespace graphlint::test;

// ---------------------------------------------------------------------------------------------
// swapaxes, unstack, repeat, broadcast_to
// ---------------------------------------------------------------------------------------------

TEST_CASE("swapaxes exchanges two axes of any element type", "[executor][ops]") {
  std::string spec = oneOpSpec("{name: x, shape: [2, 3], dtype: int32}", "keras.ops.swapaxes", "{axis1: 0, axis2: 1}", "x");
  HostTensor y = runOutputs(spec, {int32s({2, 3}, {0, 1, 2, 3, 4, 5})})[0];
  CHECK(y.shape() == std::vector<int64_t>{3, 2});
  CHECK(elementsOf<int32_t>(y) == std::vector<int32_t>{0, 3, 1, 4, 2, 5});
  // torch.transpose of the outer axes of (2, 1, 2): y[i][0][j] = x[j][0][i].
  std::string torch = oneOpSpec("{name: x, shape: [2, 1, 2]}", "torch.transpose", "{dim0: 0, dim1: -1}", "x");
  CHECK(valuesOf(runOutputs(torch, {floats({2, 1, 2}, {1, 2, 3, 4})})[0]) == std::vector<float>{1, 3, 2, 4});
}

TEST_CASE("unstack gives each entry of the axis as an output", "[executor][ops]") {
  std::string spec =
      oneOpSpec("{name: x, shape: [2, 3]}", "keras.ops.unstack", "{axis: 1}", "x", R"(y, "y:1", "y:2")");
  std::vector<HostTensor> out = runOutputs(spec, {floats({2, 3}, {1, 2, 3, 4, 5, 6})});
  REQUIRE(out.size() == 3);
  CHECK(out[0].shape() == std::vector<int64_t>{2});
  CHECK(valuesOf(out[0]) == std::vector<float>{1, 4});
  CHECK(valuesOf(out[1]) == std::vector<float>{2, 5});
  CHECK(valuesOf(out[2]) == std::vector<float>{3, 6});
  std::string unbind = oneOpSpec("{name: x, shape: [2, 2], dtype: int64}", "torch.unbind", "{}", "x", R"(y, "y:1")");
  std::vector<HostTensor> rows = runOutputs(unbind, {int64s({2, 2}, {7, 8, 9, 10})});
  CHECK(elementsOf<int64_t>(rows[0]) == std::vector<int64_t>{7, 8});
  CHECK(elementsOf<int64_t>(rows[1]) == std::vector<int64_t>{9, 10});
}

TEST_CASE("repeat repeats each entry in place, on an axis or the flattened input", "[executor][ops]") {
  std::string counts = oneOpSpec("{name: x, shape: [2, 3]}", "np.repeat", "{repeats: [1, 0, 2], axis: 1}", "x");
  HostTensor y = runOutputs(counts, {floats({2, 3}, {1, 2, 3, 4, 5, 6})})[0];
  CHECK(y.shape() == std::vector<int64_t>{2, 3});
  CHECK(valuesOf(y) == std::vector<float>{1, 3, 3, 4, 6, 6});
  std::string flat = oneOpSpec("{name: x, shape: [2, 2], dtype: int32}", "keras.ops.repeat", "{repeats: 2}", "x");
  CHECK(elementsOf<int32_t>(runOutputs(flat, {int32s({2, 2}, {1, 2, 3, 4})})[0]) ==
        std::vector<int32_t>{1, 1, 2, 2, 3, 3, 4, 4});
  // torch.repeat_interleave is np.repeat, not Tensor.repeat (which tiles).
  std::string torch = oneOpSpec("{name: x, shape: [2, 1]}", "torch.repeat_interleave", "{repeats: 2, dim: 0}", "x");
  CHECK(valuesOf(runOutputs(torch, {floats({2, 1}, {7, 8})})[0]) == std::vector<float>{7, 7, 8, 8});
}

TEST_CASE("broadcast_to copies the input along its size-1 and missing axes", "[executor][ops]") {
  std::string spec = oneOpSpec("{name: x, shape: [2, 1], dtype: int32}", "keras.ops.broadcast_to", "{shape: [2, 2, 3]}", "x");
  HostTensor y = runOutputs(spec, {int32s({2, 1}, {1, 2})})[0];
  CHECK(y.shape() == std::vector<int64_t>{2, 2, 3});
  CHECK(elementsOf<int32_t>(y) == std::vector<int32_t>{1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2});
  std::string torch = oneOpSpec("{name: x, shape: [3]}", "torch.broadcast_to", "{size: [2, -1]}", "x");
  CHECK(valuesOf(runOutputs(torch, {floats({3}, {1, 2, 3})})[0]) == std::vector<float>{1, 2, 3, 1, 2, 3});
}

// ---------------------------------------------------------------------------------------------
// take_along_axis, torch.gather, gather_nd
// ---------------------------------------------------------------------------------------------

namespace {

HostTensor table23() { return floats({2, 3}, {10, 11, 12, 20, 21, 22}); }

}  // namespace

TEST_CASE("take_along_axis picks along the axis, negative indices from the end", "[executor][ops]") {
  std::string spec = oneOpSpec("{name: x, shape: [2, 3]}, {name: i, shape: [2, 2], dtype: int64}",
                               "keras.ops.take_along_axis", "{axis: 1}", "x, i");
  HostTensor y = runOutputs(spec, {table23(), int64s({2, 2}, {2, 0, -1, 1})})[0];
  CHECK(valuesOf(y) == std::vector<float>{12, 10, 22, 21});
  // np.take_along_axis's default axis is the last one.
  std::string numpy = oneOpSpec("{name: x, shape: [2, 3]}, {name: i, shape: [2, 1], dtype: int32}",
                                "np.take_along_axis", "{}", "x, i");
  CHECK(valuesOf(runOutputs(numpy, {table23(), int32s({2, 1}, {1, 2})})[0]) == std::vector<float>{11, 22});
}

TEST_CASE("take_along_axis broadcasts the indices over x's other axes, and flattens without an axis",
          "[executor][ops]") {
  // Indices (2, 1) against x (3, 2) along axis 0: each index row picks a whole row of x.
  std::string spec = oneOpSpec("{name: x, shape: [3, 2]}, {name: i, shape: [2, 1], dtype: int32}",
                               "keras.ops.take_along_axis", "{axis: 0}", "x, i");
  HostTensor y = runOutputs(spec, {floats({3, 2}, {1, 2, 3, 4, 5, 6}), int32s({2, 1}, {2, 0})})[0];
  CHECK(y.shape() == std::vector<int64_t>{2, 2});
  CHECK(valuesOf(y) == std::vector<float>{5, 6, 1, 2});
  std::string flat = oneOpSpec("{name: x, shape: [2, 2]}, {name: i, shape: [3], dtype: int32}",
                               "keras.ops.take_along_axis", "{}", "x, i");
  CHECK(valuesOf(runOutputs(flat, {floats({2, 2}, {1, 2, 3, 4}), int32s({3}, {3, 0, -2})})[0]) ==
        std::vector<float>{4, 1, 3});
}

TEST_CASE("torch.gather reads the index's shape and refuses negative indices", "[executor][ops]") {
  std::string spec = oneOpSpec("{name: x, shape: [2, 3]}, {name: i, shape: [1, 2], dtype: int64}", "torch.gather",
                               "{dim: 1}", "x, i");
  HostTensor y = runOutputs(spec, {table23(), int64s({1, 2}, {2, 1})})[0];
  CHECK(y.shape() == std::vector<int64_t>{1, 2});
  CHECK(valuesOf(y) == std::vector<float>{12, 11});
  CHECK_THAT(runFailure(spec, {table23(), int64s({1, 2}, {-1, 0})}),
             Catch::Contains("index -1 is out of range for axis 1") && Catch::Contains("valid: 0 to 2"));
}

TEST_CASE("take_along_axis refuses an index out of range, naming it and the valid range", "[executor][ops]") {
  std::string spec = oneOpSpec("{name: x, shape: [2, 3]}, {name: i, shape: [2, 1], dtype: int32}",
                               "keras.ops.take_along_axis", "{axis: 1}", "x, i");
  CHECK_THAT(runFailure(spec, {table23(), int32s({2, 1}, {0, 3})}),
             Catch::Contains("index 3 is out of range for axis 1") && Catch::Contains("valid: -3 to 2"));
}

TEST_CASE("gather_nd picks elements or rows by index tuples", "[executor][ops][tf-keras]") {
  HostTensor params = floats({2, 3}, {1, 2, 3, 4, 5, 6});
  std::string elements = oneOpSpec("{name: p, shape: [2, 3]}, {name: i, shape: [2, 2], dtype: int32}", "tf.gather_nd",
                                   "{}", "p, i");
  CHECK(valuesOf(runOutputs(elements, {params, int32s({2, 2}, {1, 2, 0, 0})})[0]) == std::vector<float>{6, 1});
  std::string rows = oneOpSpec("{name: p, shape: [2, 3]}, {name: i, shape: [2, 1], dtype: int64}", "tf.gather_nd",
                               "{}", "p, i");
  HostTensor y = runOutputs(rows, {params, int64s({2, 1}, {1, 0})})[0];
  CHECK(y.shape() == std::vector<int64_t>{2, 3});
  CHECK(valuesOf(y) == std::vector<float>{4, 5, 6, 1, 2, 3});
  // batch_dims 1: row b of the indices indexes row b of the params.
  std::string batched = oneOpSpec("{name: p, shape: [2, 3]}, {name: i, shape: [2, 1], dtype: int32}",
                                  "tf.compat.v1.gather_nd", "{batch_dims: 1}", "p, i");
  HostTensor z = runOutputs(batched, {params, int32s({2, 1}, {2, 0})})[0];
  CHECK(z.shape() == std::vector<int64_t>{2});
  CHECK(valuesOf(z) == std::vector<float>{3, 4});
}

TEST_CASE("gather_nd refuses an index out of range, negative ones too", "[executor][ops][tf-keras]") {
  std::string spec = oneOpSpec("{name: p, shape: [2, 3]}, {name: i, shape: [1, 2], dtype: int32}", "tf.gather_nd",
                               "{}", "p, i");
  HostTensor params = floats({2, 3}, {1, 2, 3, 4, 5, 6});
  CHECK_THAT(runFailure(spec, {params, int32s({1, 2}, {2, 0})}),
             Catch::Contains("gather_nd index [2, 0] is out of range") && Catch::Contains("axis 0 has 2 entries"));
  CHECK_THAT(runFailure(spec, {params, int32s({1, 2}, {0, -1})}), Catch::Contains("gather_nd index [0, -1] is out of range"));
}

TEST_CASE("boolean_mask is refused: its output size depends on the mask's values", "[executor][ops][tf-keras]") {
  std::string spec = oneOpSpec("{name: x, shape: [2, 3]}, {name: m, shape: [2], dtype: bool}", "tf.boolean_mask", "{}",
                               "x, m");
  Result<HostTensor> mask = HostTensor::zeros(ElementType::Bool, {2});
  REQUIRE(mask);
  mask->data<bool>()[0] = true;
  std::string message = runFailure(spec, {floats({2, 3}, {1, 2, 3, 4, 5, 6}), *mask});
  CHECK_THAT(message, Catch::Contains("op 'y' (tf.boolean_mask): boolean_mask's output has as many entries as the mask has True values") &&
                          Catch::Contains("sizes every output before running"));
  CHECK_THAT(message, !Catch::Contains("not all numbers"));
}

// ---------------------------------------------------------------------------------------------
// rank, tf.shape, moments
// ---------------------------------------------------------------------------------------------

TEST_CASE("rank and tf.shape describe the input as int32 tensors", "[executor][ops][tf-keras]") {
  std::string rank = oneOpSpec("{name: x, shape: [2, 3, 4]}", "tf.rank", "{}", "x");
  HostTensor r = runOutputs(rank, {floats({2, 3, 4}, std::vector<float>(24, 0.5f))})[0];
  CHECK(r.shape().empty());
  CHECK(elementsOf<int32_t>(r) == std::vector<int32_t>{3});
  std::string shape = oneOpSpec("{name: x, shape: [2, 3], dtype: int64}", "tf.shape", "{}", "x");
  CHECK(elementsOf<int32_t>(runOutputs(shape, {int64s({2, 3}, {0, 0, 0, 0, 0, 0})})[0]) == std::vector<int32_t>{2, 3});
}

TEST_CASE("moments gives the mean and the variance about it", "[executor][ops]") {
  // Rows [1, 2, 3] and [4, 5, 9]: means 2 and 6; variances (1 + 0 + 1) / 3 and (4 + 1 + 9) / 3.
  HostTensor x = floats({2, 3}, {1, 2, 3, 4, 5, 9});
  std::string rows = oneOpSpec("{name: x, shape: [2, 3]}", "keras.ops.moments", "{axes: [1]}", "x", R"(y, "y:1")");
  std::vector<HostTensor> out = runOutputs(rows, {x});
  requireClose(valuesOf(out[0]), {2, 6});
  requireClose(valuesOf(out[1]), {2.0f / 3, 14.0f / 3});
  // All of it, dims kept: mean 24 / 6 = 4, variance (9 + 4 + 1 + 0 + 1 + 25) / 6.
  std::string all = oneOpSpec("{name: x, shape: [2, 3]}", "tf.nn.moments", "{axes: [0, 1], keepdims: true}", "x",
                              R"(y, "y:1")");
  std::vector<HostTensor> kept = runOutputs(all, {x});
  CHECK(kept[1].shape() == std::vector<int64_t>{1, 1});
  requireClose(valuesOf(kept[0]), {4});
  requireClose(valuesOf(kept[1]), {40.0f / 6});
}

TEST_CASE("moments of integers is refused, not truncated", "[executor][ops]") {
  std::string spec = oneOpSpec("{name: x, shape: [2], dtype: int32}", "keras.ops.moments", "{axes: [0]}", "x",
                               R"(y, "y:1")");
  CHECK_THAT(runFailure(spec, {int32s({2}, {1, 2})}), Catch::Contains("float32 or float64"));
}

// ---------------------------------------------------------------------------------------------
// dropout
// ---------------------------------------------------------------------------------------------

TEST_CASE("the dropout op drops at inference, scaling what it keeps", "[executor][ops]") {
  std::string spec = oneOpSpec("{name: x, shape: [1000]}", "tf.nn.dropout", "{rate: 0.25, seed: 7}", "x");
  std::vector<float> y = valuesOf(runOutputs(spec, {floats({1000}, std::vector<float>(1000, 3.0f))})[0]);
  int kept = 0;
  for (float v : y) {
    CHECK((v == 0.0f || v == Approx(4.0f)));  // 3 / (1 - 0.25)
    kept += v != 0.0f;
  }
  CHECK(kept > 700);  // 750 expected; the binomial's standard deviation is about 14
  CHECK(kept < 800);
  // Seeded by the op's seed and the node's name: the same run draws the same elements.
  CHECK(valuesOf(runOutputs(spec, {floats({1000}, std::vector<float>(1000, 3.0f))})[0]) == y);
}

TEST_CASE("dropout at rate 0 and 1 is exact, and torch's training=False is the identity", "[executor][ops]") {
  HostTensor x = floats({2, 2}, {1, -2, 3, 4});
  std::string none = oneOpSpec("{name: x, shape: [2, 2]}", "tf.nn.dropout", "{rate: 0.0}", "x");
  CHECK(valuesOf(runOutputs(none, {x})[0]) == std::vector<float>{1, -2, 3, 4});
  std::string all = oneOpSpec("{name: x, shape: [2, 2]}", "tf.nn.dropout", "{rate: 1.0}", "x");
  CHECK(valuesOf(runOutputs(all, {x})[0]) == std::vector<float>{0, 0, 0, 0});
  std::string eval = oneOpSpec("{name: x, shape: [2, 2]}", "F.dropout", "{p: 0.5, training: false}", "x");
  CHECK(valuesOf(runOutputs(eval, {x})[0]) == std::vector<float>{1, -2, 3, 4});
}

TEST_CASE("dropout's noise_shape drops whole slices", "[executor][ops]") {
  // noise_shape (1, 50): one draw per column, shared by the 4 rows.
  std::string spec = oneOpSpec("{name: x, shape: [4, 50]}", "tf.nn.dropout", "{rate: 0.5, noise_shape: [1, 50]}", "x");
  std::vector<float> y = valuesOf(runOutputs(spec, {floats({4, 50}, std::vector<float>(200, 1.0f))})[0]);
  int dropped = 0;
  for (int c = 0; c < 50; ++c) {
    for (int r = 1; r < 4; ++r) CHECK(y[static_cast<size_t>(r * 50 + c)] == y[static_cast<size_t>(c)]);
    dropped += y[static_cast<size_t>(c)] == 0.0f;
  }
  CHECK(dropped > 5);
  CHECK(dropped < 45);
}
