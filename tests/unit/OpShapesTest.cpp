// The shape families of function-style ops (src/catalogue/ops), called as shape inference
// calls them: a catalogue spelling, its arguments translated to keras.ops names, and the
// node's tensors. Expected shapes follow Keras 3's compute_output_spec and NumPy.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "OpTestUtil.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

/// The usual input, (batch, t, 16) float32.
TensorType seq() { return tensor("batch, t, 16"); }

}  // namespace

TEST_CASE("tile multiplies each dim by its repeat, padding the shorter side with 1s", "[shape][ops]") {
  checkCases({
      {"keras.ops.tile", "{repeats: 2}", {seq()}, "(batch, t, 32) float32"},
      {"keras.ops.tile", "{repeats: [2, 1, 3]}", {seq()}, "(2*batch, t, 48) float32"},
      {"keras.ops.tile", "{repeats: [2, 2, 1, 1]}", {seq()}, "(2, 2*batch, t, 16) float32"},
      {"tf.tile", "{multiples: [1, 3, 1]}", {seq()}, "(batch, 3*t, 16) float32"},
      {"torch.tile", "{dims: [0, 1]}", {tensor("?, 4")}, "(0, 4) float32"},
      {"np.tile", "{reps: [3, 2]}", {tensor("?, 4", DType::Int32)}, "(None, 8) int32"},
      {"keras.ops.tile", "{repeats: 2}", {tensor("*")}, "(unknown rank) float32"},
      {"keras.ops.tile", "{repeats: [1, -1]}", {tensor("2, 3")}, "error: tile: repeats [1, -1] must not be negative"},
  });
}

TEST_CASE("take flattens without an axis and splices the indices' shape in with one", "[shape][ops]") {
  TensorType table = tensor("1000, 64");
  TensorType ids = tensor("batch, seq", DType::Int32);
  checkCases({
      // keras.ops.take and NumPy-style take flatten x when axis is None.
      {"keras.ops.take", "{}", {table, ids}, "(batch, seq) float32"},
      {"jnp.take", "{axis: 0}", {table, ids}, "(batch, seq, 64) float32"},
      {"keras.ops.take", "{axis: -1}", {seq(), ids}, "(batch, t, batch, seq) float32"},
      {"keras.ops.take", "{axis: 1}", {seq(), tensor("")}, "(batch, 16) float32"},
      // tf.gather, tf.nn.embedding_lookup and F.embedding gather rows: axis 0 is implied.
      {"tf.gather", "{}", {table, ids}, "(batch, seq, 64) float32"},
      {"tf.nn.embedding_lookup", "{}", {table, ids}, "(batch, seq, 64) float32"},
      // F.embedding(input, weight): the table is the second tensor.
      {"F.embedding", "{}", {ids, table}, "(batch, seq, 64) float32"},
      {"torch.index_select", "{dim: 1}", {seq(), tensor("k", DType::Int64)}, "(batch, k, 16) float32"},
      {"keras.ops.take", "{axis: 0}", {tensor("*"), ids}, "(unknown rank) float32"},
      {"keras.ops.take", "{axis: 3}", {seq(), ids}, "error: gather: axis 3 is out of range for (batch, t, 16)"},
  });
}

TEST_CASE("split gives one output per piece", "[shape][ops]") {
  checkCases({
      {"keras.ops.split", "{indices_or_sections: 2, axis: -1}", {seq()}, "(batch, t, 8) float32 | (batch, t, 8) float32"},
      {"np.split", "{indices_or_sections: [4, 10], axis: 2}", {seq()},
       "(batch, t, 4) float32 | (batch, t, 6) float32 | (batch, t, 6) float32"},
      // NumPy slicing: negative cuts count from the end, cuts past the end give empty pieces.
      {"keras.ops.split", "{indices_or_sections: [-4], axis: 2}", {seq()}, "(batch, t, 12) float32 | (batch, t, 4) float32"},
      {"keras.ops.split", "{indices_or_sections: [10, 20], axis: 2}", {seq()},
       "(batch, t, 10) float32 | (batch, t, 6) float32 | (batch, t, 0) float32"},
      // A symbolic axis: the cut from the front is known, the rest is symbolic.
      {"keras.ops.split", "{indices_or_sections: [3], axis: 1}", {seq()}, "(batch, 3, 16) float32 | (batch, t - 3, 16) float32"},
      {"keras.ops.split", "{indices_or_sections: 3, axis: 1}", {tensor("batch, ?, 16")},
       "(batch, None, 16) float32 | (batch, None, 16) float32 | (batch, None, 16) float32"},
      {"keras.ops.split", "{indices_or_sections: 2}", {tensor("*")}, "(unknown rank) float32 | (unknown rank) float32"},
      // tf.split: a list gives the size of each piece, with at most one -1.
      {"tf.split", "{num_or_size_splits: [4, -1], axis: -1}", {seq()}, "(batch, t, 4) float32 | (batch, t, 12) float32"},
      {"tf.split", "{num_or_size_splits: [4, 12], axis: -1}", {seq()}, "(batch, t, 4) float32 | (batch, t, 12) float32"},
      {"tf.split", "{num_or_size_splits: 4, axis: 2}", {seq()},
       "(batch, t, 4) float32 | (batch, t, 4) float32 | (batch, t, 4) float32 | (batch, t, 4) float32"},
  });
}

TEST_CASE("split reports sections that cannot divide the axis", "[shape][ops]") {
  checkCases({
      {"keras.ops.split", "{indices_or_sections: 3, axis: -1}", {seq()},
       "error: split: cannot split (batch, t, 16) into 3 equal sections along axis 2: 16 is not divisible by 3"},
      {"keras.ops.split", "{indices_or_sections: 0}", {seq()}, "error: split: cannot split into 0 sections"},
      {"keras.ops.split", "{indices_or_sections: 2, axis: 3}", {seq()},
       "error: split: axis 3 is out of range for (batch, t, 16)"},
      {"keras.ops.split", "{indices_or_sections: \"2\"}", {seq()},
       "error: split: indices_or_sections must be a number of sections or a list of indices, got \"2\""},
      {"tf.split", "{num_or_size_splits: [4, 4], axis: -1}", {seq()},
       "error: split: the split sizes [4, 4] of (batch, t, 16) add up to 8, not to the axis size 16"},
      {"tf.split", "{num_or_size_splits: [20, -1], axis: -1}", {seq()},
       "error: split: the split sizes [20, -1] of (batch, t, 16) add up to 20, more than the axis size 16"},
      {"tf.split", "{num_or_size_splits: [-1, -1], axis: -1}", {seq()},
       "error: split: the split sizes [-1, -1] may hold one -1 and sizes >= 0"},
  });
}

TEST_CASE("split of a symbolic axis assumes the sections divide it", "[shape][ops]") {
  Inferred got = infer("keras.ops.split", "{indices_or_sections: 2, axis: 1}", {seq()});
  CHECK(got.text() == "(batch, t//2, 16) float32 | (batch, t//2, 16) float32");
  CHECK(got.assumptions() == std::vector<std::string>{"t % 2 == 0"});
  Inferred sizes = infer("tf.split", "{num_or_size_splits: [2, 3], axis: 1}", {seq()});
  CHECK(sizes.text() == "(batch, 2, 16) float32 | (batch, 3, 16) float32");
  CHECK(sizes.assumptions() == std::vector<std::string>{"5 == t"});
}

TEST_CASE("top_k gives the values and their int32 indices over the last axis", "[shape][ops]") {
  checkCases({
      {"keras.ops.top_k", "{k: 5}", {tensor("batch, 100", DType::Float16)}, "(batch, 5) float16 | (batch, 5) int32"},
      {"torch.topk", "{k: 3}", {seq()}, "(batch, t, 3) float32 | (batch, t, 3) int32"},
      // tf.math.top_k's k defaults to 1.
      {"tf.math.top_k", "{}", {seq()}, "(batch, t, 1) float32 | (batch, t, 1) int32"},
      {"keras.ops.top_k", "{k: 5}", {tensor("*")}, "(unknown rank) float32 | (unknown rank) int32"},
      {"keras.ops.top_k", "{k: 20}", {seq()},
       "error: top_k: k = 20 is more than the 16 entries of the last axis of (batch, t, 16)"},
      {"keras.ops.top_k", "{k: 1}", {tensor("")}, "error: top_k: needs an input of rank 1 or more, got a scalar"},
  });
}

TEST_CASE("pad accepts NumPy's pad_width forms", "[shape][ops]") {
  TensorType image = tensor("batch, 28, 28, 3");
  checkCases({
      {"keras.ops.pad", "{pad_width: 1}", {image}, "(batch + 2, 30, 30, 5) float32"},
      {"keras.ops.pad", "{pad_width: [1, 2]}", {image}, "(batch + 3, 31, 31, 6) float32"},
      {"keras.ops.pad", "{pad_width: [[1, 2]]}", {image}, "(batch + 3, 31, 31, 6) float32"},
      {"keras.ops.pad", "{pad_width: [[0, 0], [1, 1], [2, 3], [0, 0]]}", {image}, "(batch, 30, 33, 3) float32"},
      {"np.pad", "{pad_width: [[0], [1], [2], [0]]}", {image}, "(batch, 30, 32, 3) float32"},
      {"tf.pad", "{paddings: [[0, 0], [1, 1], [1, 1], [0, 0]], mode: REFLECT}", {image}, "(batch, 30, 30, 3) float32"},
      {"keras.ops.pad", "{pad_width: [[1, 1]]}", {tensor("*")}, "(unknown rank) float32"},
      // torch's pad is flat from the last axis: not keras.ops.pad's form, so nothing is claimed.
      {"F.pad", "{pad: [1, 1]}", {image}, "(unknown rank) float32"},
      {"keras.ops.pad", "{pad_width: [[1, 1], [1, 1]]}", {image},
       "error: pad: pad_width [[1, 1], [1, 1]] has 2 (before, after) pairs, but (batch, 28, 28, 3) has 4 axes"},
      {"keras.ops.pad", "{pad_width: [[0, 0], [-1, 1], [0, 0], [0, 0]]}", {image},
       "error: pad: pad_width [[0, 0], [-1, 1], [0, 0], [0, 0]] has a negative width"},
  });
}

TEST_CASE("keras.ops.shape of a symbolic tensor is a tuple, not a tensor", "[shape][ops]") {
  // tf.shape gives a tensor (see the rank and tf.shape test below); jnp.shape a tuple, like keras.ops.
  for (const char* op : {"keras.ops.shape", "jnp.shape"}) {
    INFO(op);
    Inferred got = infer(op, "{}", {seq()});
    REQUIRE(got.outputs.ok());
    REQUIRE(got.outputs->size() == 1);
    CHECK(!(*got.outputs)[0].hasRank());
    CHECK((*got.outputs)[0].dtype == DType::Unknown);
    CHECK(!got.countKnown);
  }
}

TEST_CASE("arange has ceil((stop - start) / step) values, int32 for integer bounds", "[shape][ops]") {
  checkCases({
      {"keras.ops.arange", "{start: 10}", {}, "(10,) int32"},
      {"keras.ops.arange", "{start: 2, stop: 10, step: 3}", {}, "(3,) int32"},
      {"keras.ops.arange", "{start: 10, stop: 0, step: -3}", {}, "(4,) int32"},
      {"keras.ops.arange", "{start: 5, stop: 2}", {}, "(0,) int32"},
      {"keras.ops.arange", "{start: 0.0, stop: 1.0, step: 0.25}", {}, "(4,) float32"},
      {"keras.ops.arange", "{start: 3.5}", {}, "(4,) float32"},
      {"keras.ops.arange", "{start: 4, dtype: float16}", {}, "(4,) float16"},
      {"tf.range", "{start: 0, limit: 10, delta: 2}", {}, "(5,) int32"},
      {"np.arange", "{start: 1, stop: 7, step: 2}", {}, "(3,) int32"},
      {"torch.arange", "{start: 0, end: 3, dtype: int64}", {}, "(3,) int64"},
      {"keras.ops.arange", "{start: seq}", {}, "(None,) ?"},
      {"keras.ops.arange", "{start: 0, stop: 5, step: 0}", {}, "error: range: step must not be 0"},
  });
}

TEST_CASE("einsum's output follows its subscripts", "[shape][ops]") {
  TensorType a = tensor("batch, 3, 4"), b = tensor("batch, 4, 5");
  checkCases({
      {"keras.ops.einsum", "{subscripts: \"bij,bjk->bik\"}", {a, b}, "(batch, 3, 5) float32"},
      {"tf.einsum", "{equation: \"bij,bjk->bik\"}", {a, b}, "(batch, 3, 5) float32"},
      {"jnp.einsum", "{subscripts: \"b i j, b j k -> b k i\"}", {a, b}, "(batch, 5, 3) float32"},
      // Implicit output: the labels that occur once, sorted.
      {"np.einsum", "{subscripts: \"ij,jk\"}", {tensor("n, 4"), tensor("4, m")}, "(n, m) float32"},
      {"np.einsum", "{subscripts: \"ba\"}", {tensor("2, 3")}, "(3, 2) float32"},
      {"keras.ops.einsum", "{subscripts: \"ij->\"}", {tensor("2, 3")}, "() float32"},
      {"keras.ops.einsum", "{subscripts: \"ii->i\"}", {tensor("n, n")}, "(n,) float32"},
      {"keras.ops.einsum", "{subscripts: \"i,j->ij\"}", {tensor("3"), tensor("k")}, "(3, k) float32"},
      // `...` stands for the leading dims, broadcast across operands.
      {"keras.ops.einsum", "{subscripts: \"...ij,...jk->...ik\"}", {tensor("batch, h, 3, 4"), tensor("h, 4, 5")},
       "(batch, h, 3, 5) float32"},
      {"keras.ops.einsum", "{subscripts: \"...ij,jk\"}", {tensor("batch, 3, 4"), tensor("4, 5")}, "(batch, 3, 5) float32"},
      {"keras.ops.einsum", "{subscripts: \"i...->...i\"}", {tensor("2, 3, 4")}, "(3, 4, 2) float32"},
      // A size-1 axis broadcasts against the other operand's.
      {"keras.ops.einsum", "{subscripts: \"bij,bjk->bik\"}", {tensor("1, 3, 4"), b}, "(batch, 3, 5) float32"},
      // Unknown ranks or dims leave those dims unknown.
      {"keras.ops.einsum", "{subscripts: \"bij,bjk->bik\"}", {tensor("*"), b}, "(batch, None, 5) float32"},
      {"keras.ops.einsum", "{subscripts: \"...j,jk->...k\"}", {tensor("*"), tensor("4, 5")}, "(unknown rank) float32"},
  });
}

TEST_CASE("einsum reports subscripts that do not fit its operands", "[shape][ops]") {
  TensorType a = tensor("batch, 3, 16"), b = tensor("batch, 4, 8");
  checkCases({
      {"keras.ops.einsum", "{subscripts: \"bij,bjk->bik\"}", {a, b},
       "error: einsum: subscripts \"bij,bjk->bik\" give the label 'j' two sizes: 16 and 4 (in operand 1 (batch, 4, 8))"},
      {"keras.ops.einsum", "{subscripts: \"bij,bjk->bik\"}", {a},
       "error: einsum: subscripts \"bij,bjk->bik\" name 2 operand(s), but einsum has 1 tensor(s)"},
      {"keras.ops.einsum", "{subscripts: \"ij,jk->ik\"}", {a, b},
       "error: einsum: subscripts \"ij,jk->ik\" give operand 0 (batch, 3, 16) 2 axes ('ij'), but it has 3"},
      {"keras.ops.einsum", "{subscripts: \"...ijk,jk\"}", {tensor("3, 4"), tensor("3, 4")},
       "error: einsum: subscripts \"...ijk,jk\" give operand 0 (3, 4) at least 3 axes ('...ijk'), but it has 2"},
      {"keras.ops.einsum", "{subscripts: \"ij->iz\"}", {tensor("2, 3")},
       "error: einsum: subscripts \"ij->iz\" name the output label 'z', which no operand has"},
      {"keras.ops.einsum", "{subscripts: \"ij->ii\"}", {tensor("2, 3")},
       "error: einsum: subscripts \"ij->ii\" repeat the output label 'i'"},
      {"keras.ops.einsum", "{subscripts: \"i1->i\"}", {tensor("2, 3")},
       "error: einsum: subscripts \"i1->i\" have an invalid term 'i1': only letters and one '...'"},
      {"keras.ops.einsum", "{subscripts: \"ii->i\"}", {tensor("2, 3")},
       "error: einsum: subscripts \"ii->i\" give the label 'i' two sizes: 2 and 3 (in operand 0 (2, 3))"},
      {"keras.ops.einsum", "{subscripts: \"i->i->i\"}", {tensor("2")},
       "error: einsum: subscripts \"i->i->i\" have more than one '->'"},
  });
}

TEST_CASE("einsum assumes symbolic contracted dims equal", "[shape][ops]") {
  Inferred got = infer("keras.ops.einsum", "{subscripts: \"bij,bjk->bik\"}", {tensor("batch, t, n"), tensor("batch, m, 8")});
  CHECK(got.text() == "(batch, t, 8) float32");
  CHECK(got.assumptions() == std::vector<std::string>{"n == m"});
}

TEST_CASE("ops that need two dims equal record the assumption", "[shape][ops]") {
  auto [op, args, first, second, expected, assumption] =
      GENERATE(table<std::string, std::string, std::string, std::string, std::string, std::string>({
          {"keras.ops.matmul", "{}", "batch, t, n", "batch, m, 8", "(batch, t, 8) float32", "n == m"},
          {"keras.ops.concatenate", "{axis: 1}", "batch, n", "batch, m", "(batch, m + n) float32", ""},
          {"keras.ops.concatenate", "{axis: 0}", "a, n", "b, m", "(a + b, n) float32", "n == m"},
          {"keras.ops.stack", "{axis: 0}", "a, n", "b, n", "(2, a, n) float32", "a == b"},
          {"keras.ops.conv", "{}", "batch, 9, c", "3, d, 4", "(batch, 7, 4) float32", "c == d"},
      }));
  INFO(op << " on (" << first << ") and (" << second << ")");
  Inferred got = infer(op, args, {tensor(first), tensor(second)});
  CHECK(got.text() == expected);
  CHECK(got.assumptions() == (assumption.empty() ? std::vector<std::string>{} : std::vector<std::string>{assumption}));
}

TEST_CASE("the float dtype rule keeps float inputs and makes integer ones float32", "[shape][ops]") {
  auto [op, args, dtypes, expected] = GENERATE(table<std::string, std::string, std::vector<DType>, DType>({
      {"keras.ops.mean", "{}", {DType::Int32}, DType::Float32},
      {"keras.ops.mean", "{}", {DType::Int64}, DType::Float32},
      {"keras.ops.mean", "{}", {DType::Bool}, DType::Float32},
      {"keras.ops.mean", "{}", {DType::Float16}, DType::Float16},
      {"tf.math.sqrt", "{}", {DType::BFloat16}, DType::BFloat16},
      {"np.log", "{}", {DType::UInt8}, DType::Float32},
      {"keras.ops.divide", "{}", {DType::Int32, DType::Int32}, DType::Float32},
      {"keras.ops.divide", "{}", {DType::Int32, DType::Float16}, DType::Float16},
      {"keras.ops.divide", "{}", {DType::Float16, DType::Float32}, DType::Float32},
      {"keras.ops.divide", "{}", {DType::Float16, DType::BFloat16}, DType::Float32},
      {"keras.ops.divide", "{}", {DType::Float64, DType::Int8}, DType::Float64},
      {"keras.ops.divide", "{}", {DType::Unknown, DType::Float32}, DType::Unknown},
      // Ops that keep the dtype stay `same`.
      {"keras.ops.sum", "{}", {DType::Int32}, DType::Int32},
      {"keras.ops.relu", "{}", {DType::Int32}, DType::Int32},
  }));
  std::vector<TensorType> tensors;
  for (DType d : dtypes) tensors.push_back(tensor("batch, 4", d));
  INFO(op);
  Inferred got = infer(op, args, tensors);
  REQUIRE(got.outputs.ok());
  CHECK(dtypeName((*got.outputs)[0].dtype).str() == dtypeName(expected).str());
}

TEST_CASE("only the unknown and shape families, and unstack without its count, leave the output count open",
          "[shape][ops]") {
  std::vector<std::string> open;
  for (const OpEntry& entry : OpCatalogue::builtin().entries())
    if (!knowsOutputCount(entry)) open.push_back(entry.shape);
  for (const std::string& family : open) {
    INFO(family);
    CHECK((family == "unknown" || family == "shape" || family == "unstack"));
  }
  CHECK(llvm::is_contained(open, "shape"));
}

TEST_CASE("a constant argument counts as a tensor of its own shape", "[shape][ops][tf-keras]") {
  checkCases({
      // tf.keras records `x * 2.0` as tf.math.multiply(x, y=2.0) and `1.0 - x` with x given.
      {"tf.math.multiply", "{y: 2.0}", {seq()}, "(batch, t, 16) float32"},
      {"tf.math.subtract", "{x: 1.0}", {seq()}, "(batch, t, 16) float32"},
      {"tf.__operators__.add", "{y: [[1, 2, 3, 4]]}", {tensor("batch, 4")}, "(batch, 4) float32"},
      {"tf.__operators__.add", "{y: [[1], [2], [3]]}", {tensor("4")}, "(3, 4) float32"},
      {"tf.__operators__.add", "{y: [1, 2, 3]}", {tensor("batch, 4")},
       "error: add: cannot broadcast (batch, 4) and (3,): dim 1 differs (4 vs 3)"},
      // Python numbers are weakly typed: they keep the tensor's dtype, also when they come first.
      {"tf.math.multiply", "{y: 2}", {tensor("batch", DType::Int64)}, "(batch,) int64"},
      {"tf.math.multiply", "{x: 2.5}", {tensor("batch", DType::Float16)}, "(batch,) float16"},
      {"tf.math.subtract", "{x: 1}", {tensor("batch", DType::Int8)}, "(batch,) int8"},
      {"tf.math.logical_and", "{y: true}", {tensor("batch", DType::Bool)}, "(batch,) bool"},
      // tf.where(condition, x, 0.0): the constant takes the data operand's dtype.
      {"tf.where", "{y: 0}", {tensor("batch, 4", DType::Bool), tensor("batch, 4", DType::Int64)}, "(batch, 4) int64"},
      // Not a rectangular array of numbers: nothing is known about it.
      {"tf.math.multiply", "{y: [[1, 2], [3]]}", {seq()}, "(unknown rank) float32"},
      {"tf.math.multiply", "{y: scale}", {seq()}, "(unknown rank) float32"},
      // Nesting no model writes is not followed (the depth is bounded).
      {"tf.math.multiply", "{y: " + std::string(40, '[') + "1" + std::string(40, ']') + "}", {seq()},
       "(unknown rank) float32"},
      {"tf.math.multiply", "{y: " + std::string(8, '[') + "1" + std::string(8, ']') + "}", {tensor("batch")},
       "(1, 1, 1, 1, 1, 1, 1, batch) float32"},
  });
}

TEST_CASE("== and != of tf.keras 2 give unknown shapes where keras.ops would raise", "[shape][ops][tf-keras]") {
  checkCases({
      {"tf.__operators__.eq", "{}", {tensor("batch, 4"), tensor("batch, 1")}, "(batch, 4) bool"},
      {"tf.__operators__.ne", "{other: 0}", {tensor("batch, 4")}, "(batch, 4) bool"},
      // Shapes that do not broadcast: tf gives a plain False / True, keras.ops.equal raises.
      {"tf.__operators__.eq", "{}", {tensor("batch, 4"), tensor("batch, 5")}, "(unknown rank) bool"},
      {"tf.__operators__.ne", "{}", {tensor("batch, 4"), tensor("batch, 5")}, "(unknown rank) bool"},
      {"keras.ops.equal", "{}", {tensor("batch, 4"), tensor("batch, 5")},
       "error: equal: cannot broadcast (batch, 4) and (batch, 5): dim 1 differs (4 vs 5)"},
  });
}

TEST_CASE("image resize sets the height and width", "[shape][ops][tf-keras]") {
  TensorType images = tensor("batch, h, w, 3", DType::UInt8);
  checkCases({
      {"tf.image.resize", "{size: [64, 32]}", {images}, "(batch, 64, 32, 3) uint8"},
      {"tf.image.resize", "{size: [64, 32]}", {tensor("h, w, 3")}, "(64, 32, 3) float32"},
      {"keras.ops.image.resize", "{size: [8, 8], data_format: channels_first}", {tensor("batch, 3, h, w")},
       "(batch, 3, 8, 8) float32"},
      {"keras.ops.image.resize", "{size: [8, n]}", {tensor("batch, h, w, 3")}, "(batch, 8, None, 3) float32"},
      {"tf.image.resize", "{size: [8, 8]}", {tensor("*")}, "(unknown rank) float32"},
      {"tf.image.resize", "{size: [8, 8]}", {tensor("batch, 3")},
       "error: image_resize: expected a 3-D (height, width, channels) or 4-D (batch, height, width, channels) input, got "
       "(batch, 3)"},
      {"tf.image.resize", "{size: [8, 8, 8]}", {images}, "error: image_resize: size must be (height, width), got [8, 8, 8]"},
      {"tf.image.resize", "{size: [0, 8]}", {images}, "error: image_resize: size must be positive, got [0, 8]"},
  });
}

TEST_CASE("swapaxes exchanges two dims", "[shape][ops]") {
  checkCases({
      {"keras.ops.swapaxes", "{axis1: 0, axis2: -1}", {seq()}, "(16, t, batch) float32"},
      {"torch.transpose", "{dim0: 1, dim1: 2}", {seq()}, "(batch, 16, t) float32"},
      {"torch.swapaxes", "{axis0: 2, axis1: 2}", {seq()}, "(batch, t, 16) float32"},
      {"np.swapaxes", "{axis1: 0, axis2: 3}", {seq()}, "error: swapaxes: axis 3 is out of range for (batch, t, 16)"},
      {"keras.ops.swapaxes", "{axis1: 0, axis2: 1}", {tensor("*")}, "(unknown rank) float32"},
  });
}

TEST_CASE("unstack gives one output per entry of the axis, known from num or the axis size", "[shape][ops]") {
  checkCases({
      {"keras.ops.unstack", "{axis: 1}", {tensor("batch, 3, 16")},
       "(batch, 16) float32 | (batch, 16) float32 | (batch, 16) float32"},
      {"tf.unstack", "{num: 2}", {tensor("2, t", DType::Int32)}, "(t,) int32 | (t,) int32"},
      {"torch.unbind", "{dim: -1}", {tensor("batch, 2")}, "(batch,) float32 | (batch,) float32"},
      {"np.unstack", "{axis: 2}", {tensor("2, 3")}, "error: unstack: axis 2 is out of range for (2, 3)"},
      {"tf.unstack", "{num: 3, axis: 1}", {tensor("batch, 4")},
       "error: unstack: num = 3 does not match axis 1 of (batch, 4), of size 4"},
      {"keras.ops.unstack", "{}", {tensor("")}, "error: unstack: cannot unstack a scalar"},
      {"tf.unstack", "{num: 1000000000}", {tensor("n, 2")},
       "error: unstack: unstacking into 1000000000 tensors is more than the 65536 graphlint handles"},
  });
  // Without num, a symbolic axis leaves the count open; with it, the count is num.
  Inferred open = infer("keras.ops.unstack", "{axis: 1}", {seq()});
  CHECK(!open.countKnown);
  CHECK(open.text() == "(unknown rank) float32");
  Inferred counted = infer("tf.unstack", "{num: 2, axis: 1}", {seq()});
  CHECK(counted.countKnown);
  CHECK(counted.text() == "(batch, 16) float32 | (batch, 16) float32");
  CHECK(counted.assumptions() == std::vector<std::string>{"t == 2"});
  CHECK(infer("keras.ops.unstack", "{axis: 1}", {tensor("batch, 3, 16")}).countKnown);
  CHECK(!infer("keras.ops.unstack", "{}", {tensor("*")}).countKnown);
}

TEST_CASE("repeat multiplies the axis by one count or sums one count per entry", "[shape][ops]") {
  checkCases({
      {"keras.ops.repeat", "{repeats: 2, axis: 1}", {seq()}, "(batch, 2*t, 16) float32"},
      {"torch.repeat_interleave", "{repeats: 2, dim: -1}", {seq()}, "(batch, t, 32) float32"},
      {"np.repeat", "{repeats: [1, 2], axis: 0}", {tensor("2, 3")}, "(3, 3) float32"},
      {"keras.ops.repeat", "{repeats: [0], axis: 0}", {tensor("2, 3")}, "(0, 3) float32"},
      // Without an axis, x is flattened first (NumPy's, TensorFlow's and torch's default alike).
      {"np.repeat", "{repeats: 3}", {tensor("2, 3", DType::Int32)}, "(18,) int32"},
      {"tf.repeat", "{repeats: 2}", {tensor("batch, 3")}, "(6*batch,) float32"},
      {"jnp.repeat", "{repeats: [1, 1, 2, 0, 0, 1]}", {tensor("2, 3")}, "(5,) float32"},
      {"tf.repeat", "{repeats: [1, 2, 3], axis: 0}", {tensor("2, 3")},
       "error: repeat: repeats [1, 2, 3] gives 3 counts for the 2 entries of axis 0 of (2, 3)"},
      {"keras.ops.repeat", "{repeats: -1}", {tensor("2, 3")}, "error: repeat: repeats -1 must not be negative"},
      {"keras.ops.repeat", "{repeats: 2, axis: 2}", {tensor("2, 3")}, "error: repeat: axis 2 is out of range for (2, 3)"},
  });
}

TEST_CASE("broadcast_to gives the target, which the input must broadcast to", "[shape][ops]") {
  checkCases({
      {"keras.ops.broadcast_to", "{shape: [4, 2, 3]}", {tensor("2, 1")}, "(4, 2, 3) float32"},
      {"np.broadcast_to", "{shape: [2, 5]}", {tensor("*")}, "(2, 5) float32"},
      {"tf.broadcast_to", "{shape: [2, 3]}", {tensor("3, 3")},
       "error: broadcast_to: cannot broadcast (3, 3) to [2, 3]: dim 0 is 3, not 1 or 2"},
      {"jnp.broadcast_to", "{shape: [3]}", {tensor("2, 3")},
       "error: broadcast_to: cannot broadcast (2, 3) to [3]: it has more dims than the target"},
      {"keras.ops.broadcast_to", "{shape: [-1, 3]}", {tensor("1, 3")},
       "error: broadcast_to: shape [-1, 3] has the negative dim -1"},
      // torch's -1 keeps the input's dim, but only where the input has one.
      {"torch.broadcast_to", "{size: [4, -1, 16]}", {tensor("1, t, 16")}, "(4, t, 16) float32"},
      {"torch.broadcast_to", "{size: [-1, 2]}", {tensor("2")},
       "error: broadcast_to: cannot broadcast (2,) to [-1, 2]: -1 at dim 0 stands for no dim of the input"},
  });
  Inferred assumed = infer("keras.ops.broadcast_to", "{shape: [4, 16]}", {tensor("n, 16")});
  CHECK(assumed.text() == "(4, 16) float32");
  CHECK(assumed.assumptions() == std::vector<std::string>{"n == 4"});
}

TEST_CASE("take_along_axis broadcasts x and the indices except along the axis", "[shape][ops]") {
  TensorType ids = tensor("batch, 2, 1", DType::Int32);
  checkCases({
      {"keras.ops.take_along_axis", "{axis: 1}", {tensor("batch, 5, 16"), ids}, "(batch, 2, 16) float32"},
      {"keras.ops.take_along_axis", "{}", {tensor("2, 3"), tensor("4", DType::Int64)}, "(4,) float32"},
      {"keras.ops.take_along_axis", "{}", {tensor("2, 3"), tensor("2, 2", DType::Int64)},
       "error: take_along_axis: without an axis, x is flattened and the indices (2, 2) must be 1-D"},
      // NumPy and JAX take the last axis by default, where keras.ops flattens.
      {"np.take_along_axis", "{}", {tensor("2, 5", DType::Int32), tensor("2, 3")}, "(2, 3) int32"},
      {"jnp.take_along_axis", "{axis: 0}", {tensor("2, 3"), tensor("1, 4")},
       "error: take_along_axis: x (2, 3) and the indices (1, 4) must broadcast on every axis but 0: cannot broadcast "
       "(1, 3) and (1, 4): dim 1 differs (3 vs 4)"},
      {"keras.ops.take_along_axis", "{axis: 0}", {tensor("2, 3"), tensor("2")},
       "error: take_along_axis: x (2, 3) and the indices (2,) must have the same rank"},
      {"torch.take_along_dim", "{}", {tensor("4, 5"), tensor("3", DType::Int64)}, "(3,) float32"},
      // torch.gather does not broadcast: the result has the index's shape, no larger than the input.
      {"torch.gather", "{dim: 1}", {tensor("4, 5"), tensor("2, 3", DType::Int64)}, "(2, 3) float32"},
      {"torch.gather", "{dim: 1}", {tensor("4, 5"), tensor("6, 3", DType::Int64)},
       "error: take_along_axis: the index (6, 3) is larger than the input (4, 5) at dim 0 (6 > 4)"},
  });
}

TEST_CASE("gather_nd indexes the leading params axes with the indices' last axis", "[shape][ops][tf-keras]") {
  checkCases({
      {"tf.gather_nd", "{}", {tensor("5, 6, 7"), tensor("batch, 2", DType::Int32)}, "(batch, 7) float32"},
      {"tf.gather_nd", "{}", {tensor("5, 6, 7", DType::Int32), tensor("3, 3", DType::Int32)}, "(3,) int32"},
      {"tf.gather_nd", "{batch_dims: 1}", {tensor("batch, 6, 7"), tensor("batch, 4, 1", DType::Int64)},
       "(batch, 4, 7) float32"},
      {"tf.compat.v1.gather_nd", "{}", {tensor("5, 6"), tensor("2, 3", DType::Int32)},
       "error: gather_nd: indices (2, 3) address 3 axes, but the params (5, 6) have 2 after 0 batch dims"},
      {"tf.gather_nd", "{batch_dims: 1}", {tensor("4, 6"), tensor("5, 1", DType::Int32)},
       "error: gather_nd: the params (4, 6) and the indices (5, 1) differ in batch dim 0 (4 vs 5)"},
      {"tf.gather_nd", "{batch_dims: 2}", {tensor("4, 6"), tensor("4, 1", DType::Int32)},
       "error: gather_nd: batch_dims = 2 must be less than the rank of the indices (4, 1) and at most that of the "
       "params (4, 6)"},
      {"tf.gather_nd", "{}", {tensor("5, 6"), tensor("2, ?", DType::Int32)}, "(unknown rank) float32"},
  });
}

TEST_CASE("boolean_mask's masked axes become one of unknown size", "[shape][ops][tf-keras]") {
  checkCases({
      {"tf.boolean_mask", "{}", {tensor("batch, 4"), tensor("batch", DType::Bool)}, "(None, 4) float32"},
      {"tf.compat.v1.boolean_mask", "{axis: 1}", {tensor("batch, 3, 4"), tensor("3, 4", DType::Bool)},
       "(batch, None) float32"},
      {"tf.boolean_mask", "{}", {tensor("2, 3"), tensor("3", DType::Bool)},
       "error: boolean_mask: the mask (3,) does not match (2, 3) from axis 0: 3 vs 2"},
      {"tf.boolean_mask", "{axis: 1}", {tensor("2, 3"), tensor("3, 1", DType::Bool)},
       "error: boolean_mask: the mask (3, 1) at axis 1 does not fit in (2, 3)"},
      {"torch.masked_select", "{}", {tensor("batch, 4"), tensor("4", DType::Bool)}, "(None,) float32"},
      {"torch.masked_select", "{}", {tensor("2, 3"), tensor("4", DType::Bool)},
       "error: boolean_mask: cannot broadcast the input and the mask of (2, 3) and (4,): dim 1 differs (3 vs 4)"},
      // np.extract(condition, arr): the data is the second tensor.
      {"np.extract", "{}", {tensor("2, 3", DType::Bool), tensor("2, 3", DType::Int32)}, "(None,) int32"},
  });
}

TEST_CASE("moments gives the mean and the variance, reduced alike", "[shape][ops]") {
  checkCases({
      {"keras.ops.moments", "{axes: [0, 1]}", {seq()}, "(16,) float32 | (16,) float32"},
      {"tf.nn.moments", "{axes: [1], keepdims: true}", {seq()}, "(batch, 1, 16) float32 | (batch, 1, 16) float32"},
      {"tf.compat.v1.nn.moments", "{axes: [2], keep_dims: true}", {seq()},
       "(batch, t, 1) float32 | (batch, t, 1) float32"},
      {"keras.ops.moments", "{axes: 3}", {seq()}, "error: moments: axis 3 is out of range for rank 3"},
      {"keras.ops.moments", "{axes: [0]}", {tensor("*")}, "(unknown rank) float32 | (unknown rank) float32"},
  });
}

TEST_CASE("rank is an int32 scalar and tf.shape a 1-D int32 tensor", "[shape][ops][tf-keras]") {
  checkCases({
      {"tf.rank", "{}", {seq()}, "() int32"},
      {"keras.ops.ndim", "{}", {tensor("*")}, "() int32"},
      {"tf.shape", "{}", {seq()}, "(3,) int32"},
      {"tf.compat.v1.shape", "{}", {tensor("*")}, "(None,) int32"},
  });
}
