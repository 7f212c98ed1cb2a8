// The einsum op kernel: the sgemm forms Keras models use most ('bij,bjk->bik', 'abc,cd->abd',
// attention's 'bhqd,bhkd->bhqk') against a plain loop, and repeated labels, '...', implicit
// outputs, broadcasting, three operands and integer operands on hand-computed cases.

#include "OpKernelTestUtil.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

/// `einsum(subscripts, a, b)` run as a model.
HostTensor einsumOf(const std::string& subscripts, const HostTensor& a, const HostTensor& b) {
  auto declare = [](const char* name, const HostTensor& t) {
    std::string dims;
    for (int64_t d : t.shape()) dims += (dims.empty() ? "" : ", ") + std::to_string(d);
    return std::string("{name: ") + name + ", shape: [" + dims + "], dtype: " + elementTypeName(t.elementType()).str() + "}";
  };
  std::string spec = oneOpSpec(declare("a", a) + ", " + declare("b", b), "keras.ops.einsum",
                               "{subscripts: \"" + subscripts + "\"}", "a, b");
  return runOutputs(spec, {a, b})[0];
}

HostTensor einsumOf(const std::string& subscripts, const HostTensor& a) {
  std::string dims;
  for (int64_t d : a.shape()) dims += (dims.empty() ? "" : ", ") + std::to_string(d);
  std::string spec = oneOpSpec("{name: a, shape: [" + dims + "]}", "keras.ops.einsum", "{subscripts: \"" + subscripts + "\"}", "a");
  return runOutputs(spec, {a})[0];
}

/// A float32 tensor of `shape` with distinct small values (i * 0.37 mod 2 - 1).
HostTensor counting(std::vector<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  std::vector<float> values;
  for (int64_t i = 0; i < n; ++i) values.push_back(static_cast<float>((i * 37) % 200) / 100.0f - 1.0f);
  return floats(std::move(shape), values);
}

}  // namespace

TEST_CASE("einsum's batched matmul forms match a plain loop", "[executor][ops][einsum]") {
  int64_t B = 3, I = 4, J = 5, K = 6;
  HostTensor a = counting({B, I, J}), b = counting({B, J, K});
  std::vector<float> av = valuesOf(a), bv = valuesOf(b);
  std::vector<float> expected;
  for (int64_t n = 0; n < B; ++n)
    for (int64_t i = 0; i < I; ++i)
      for (int64_t k = 0; k < K; ++k) {
        double sum = 0;
        for (int64_t j = 0; j < J; ++j) sum += av[(n * I + i) * J + j] * bv[(n * J + j) * K + k];
        expected.push_back(static_cast<float>(sum));
      }
  requireClose(valuesOf(einsumOf("bij,bjk->bik", a, b)), expected);

  // 'abc,cd->abd': a Dense-like product over the last axis.
  HostTensor w = counting({J, K});
  std::vector<float> wv = valuesOf(w);
  std::vector<float> dense;
  for (int64_t r = 0; r < B * I; ++r)
    for (int64_t k = 0; k < K; ++k) {
      double sum = 0;
      for (int64_t j = 0; j < J; ++j) sum += av[r * J + j] * wv[j * K + k];
      dense.push_back(static_cast<float>(sum));
    }
  requireClose(valuesOf(einsumOf("abc,cd->abd", a, w)), dense);
}

TEST_CASE("einsum transposes where the labels need it: attention scores", "[executor][ops][einsum]") {
  int64_t B = 2, H = 2, Q = 3, K = 4, D = 5;
  HostTensor q = counting({B, H, Q, D}), k = counting({B, H, K, D});
  std::vector<float> qv = valuesOf(q), kv = valuesOf(k);
  std::vector<float> expected;
  for (int64_t n = 0; n < B * H; ++n)
    for (int64_t i = 0; i < Q; ++i)
      for (int64_t j = 0; j < K; ++j) {
        double sum = 0;
        for (int64_t d = 0; d < D; ++d) sum += qv[(n * Q + i) * D + d] * kv[(n * K + j) * D + d];
        expected.push_back(static_cast<float>(sum));
      }
  requireClose(valuesOf(einsumOf("bhqd,bhkd->bhqk", q, k)), expected);
  // The same scores with the output's axes in another order: (b, q, h, k).
  std::vector<float> reordered(expected.size());
  for (int64_t b = 0; b < B; ++b)
    for (int64_t h = 0; h < H; ++h)
      for (int64_t i = 0; i < Q; ++i)
        for (int64_t j = 0; j < K; ++j)
          reordered[static_cast<size_t>(((b * Q + i) * H + h) * K + j)] = expected[static_cast<size_t>(((b * H + h) * Q + i) * K + j)];
  requireClose(valuesOf(einsumOf("bhqd,bhkd->bqhk", q, k)), reordered);
}

TEST_CASE("einsum of one operand transposes, takes diagonals and sums", "[executor][ops][einsum]") {
  HostTensor m = floats({2, 3}, {1, 2, 3, 4, 5, 6});
  CHECK(valuesOf(einsumOf("ij->ji", m)) == std::vector<float>{1, 4, 2, 5, 3, 6});
  CHECK(valuesOf(einsumOf("ij->i", m)) == std::vector<float>{6, 15});
  HostTensor square = floats({3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(valuesOf(einsumOf("ii->i", square)) == std::vector<float>{1, 5, 9});
  // Implicit output: a label that occurs twice is summed, so 'ii' is the trace.
  CHECK(valuesOf(einsumOf("ii", square)) == std::vector<float>{15});
}

TEST_CASE("einsum's implicit output keeps the labels that occur once, sorted", "[executor][ops][einsum]") {
  // 'ij,j' is a matrix-vector product: [1 2 3; 4 5 6] . [1 0 2] = [7 16].
  CHECK(valuesOf(einsumOf("ij,j", floats({2, 3}, {1, 2, 3, 4, 5, 6}), floats({3}, {1, 0, 2}))) ==
        std::vector<float>{7, 16});
  // 'ji,j' gives (i): the sum over j of a[j][i] * b[j].
  CHECK(valuesOf(einsumOf("ji,j", floats({2, 3}, {1, 2, 3, 4, 5, 6}), floats({2}, {1, 2}))) ==
        std::vector<float>{9, 12, 15});
}

TEST_CASE("einsum broadcasts '...' dims and size-1 axes across operands", "[executor][ops][einsum]") {
  // (2, 1, 2) by (2, 1) per batch entry: [1 2] . [1 1] = 3, [3 4] . [1 1] = 7.
  HostTensor y = einsumOf("...ij,...jk->...ik", floats({2, 1, 2}, {1, 2, 3, 4}), floats({2, 1}, {1, 1}));
  CHECK(y.shape() == std::vector<int64_t>{2, 1, 1});
  CHECK(valuesOf(y) == std::vector<float>{3, 7});
  // b's '...' is empty, a's is (2,): one dot product per row.
  CHECK(valuesOf(einsumOf("...i,...i->...", floats({2, 3}, {1, 2, 3, 4, 5, 6}), floats({3}, {1, 1, 1}))) ==
        std::vector<float>{6, 15});
  // A label of size 1 in one operand broadcasts to its size in the other.
  CHECK(valuesOf(einsumOf("ij,ij->ij", floats({2, 3}, {1, 2, 3, 4, 5, 6}), floats({1, 3}, {1, 0, 2}))) ==
        std::vector<float>{1, 0, 6, 4, 0, 12});
}

TEST_CASE("einsum sums a label only one operand has before multiplying", "[executor][ops][einsum]") {
  // out[i] = (sum_j a[i][j]) * (sum_k b[k]) = [3 * 3, 7 * 3].
  CHECK(valuesOf(einsumOf("ij,k->i", floats({2, 2}, {1, 2, 3, 4}), floats({3}, {1, 1, 1}))) ==
        std::vector<float>{9, 21});
}

TEST_CASE("einsum multiplies three operands left to right", "[executor][ops][einsum]") {
  // [1 2] . [1 1; 0 1] = [1 3]; [1 3] . [1; 2] = 7.
  std::string spec = oneOpSpec("{name: a, shape: [1, 2]}, {name: b, shape: [2, 2]}, {name: c, shape: [2, 1]}",
                               "tf.einsum", "{equation: \"ij,jk,kl->il\"}", "a, b, c");
  HostTensor y = runOutputs(spec, {floats({1, 2}, {1, 2}), floats({2, 2}, {1, 1, 0, 1}), floats({2, 1}, {1, 2})})[0];
  CHECK(y.shape() == std::vector<int64_t>{1, 1});
  CHECK(valuesOf(y) == std::vector<float>{7});
}

TEST_CASE("einsum of integers computes in the integers", "[executor][ops][einsum]") {
  HostTensor y = einsumOf("ij,jk->ik", int32s({2, 2}, {1, 2, 3, 4}), int32s({2, 2}, {0, 1, 1, 0}));
  CHECK(elementsOf<int32_t>(y) == std::vector<int32_t>{2, 1, 4, 3});
}
