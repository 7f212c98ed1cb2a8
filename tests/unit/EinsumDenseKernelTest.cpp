// The EinsumDense kernel on the equation shapes Keras uses (a plain contraction, an elided
// leading or trailing part, MultiHeadAttention's output projection), outputs computed by hand.

#include "ExecutorTestUtil.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

std::string einsumSpec(const std::string& shape, const std::string& config) {
  return "inputs: [{name: x, shape: " + shape + "}]\nnodes:\n  - {name: e, layer: EinsumDense, config: " + config +
         ", inputs: [x]}\noutputs: [e]\n";
}

std::vector<float> ramp(size_t n, float start, float step) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = start + step * static_cast<float>(i);
  return v;
}

}  // namespace

TEST_CASE("EinsumDense abc,cde->abde contracts the last axis and adds a bias over de", "[executor][einsum]") {
  std::string spec = einsumSpec("[1, 2, 3]", "{equation: 'abc,cde->abde', output_shape: [2, 2, 2], bias_axes: de}");
  std::vector<float> y = runSpecOutput(spec, {floats({1, 2, 3}, ramp(6, -2, 1))},
                                       {{"e", {floats({3, 2, 2}, ramp(12, -1, 0.5f)), floats({2, 2}, {0.1f, 0.2f, 0.3f, 0.4f})}}});
  requireClose(y, {1.1f, -0.3f, -1.7f, -3.1f, 10.1f, 13.2f, 16.3f, 19.4f});
}

TEST_CASE("EinsumDense ...b,bc->...c keeps the elided leading axes and applies the activation", "[executor][einsum]") {
  std::string spec = einsumSpec("[2, 2, 3]", "{equation: '...b,bc->...c', output_shape: 2, bias_axes: c, activation: relu}");
  std::vector<float> y = runSpecOutput(spec, {floats({2, 2, 3}, ramp(12, -5, 1))},
                                       {{"e", {floats({3, 2}, {1, -1, 0.5f, 2, -1, 0}), floats({2}, {1, -1})}}});
  requireClose(y, {0, 0, 0, 0, 0, 2, 1.5f, 5});
}

TEST_CASE("EinsumDense ab...,bc->ac... moves the contracted axis past the elided trailing ones", "[executor][einsum]") {
  std::string spec = einsumSpec("[1, 3, 2]", "{equation: 'ab...,bc->ac...', output_shape: [4]}");
  std::vector<float> y =
      runSpecOutput(spec, {floats({1, 3, 2}, ramp(6, 0, 1))}, {{"e", {floats({3, 4}, ramp(12, -6, 1))}}});
  requireClose(y, {4, -2, 10, 7, 16, 16, 22, 25});
}

TEST_CASE("EinsumDense abcd,cde->abe contracts two axes", "[executor][einsum]") {
  std::string spec = einsumSpec("[1, 2, 2, 1]", "{equation: 'abcd,cde->abe', output_shape: [2, 3]}");
  std::vector<float> y = runSpecOutput(spec, {floats({1, 2, 2, 1}, {1, 2, 3, 4})},
                                       {{"e", {floats({2, 1, 3}, {1, 0, -1, 2, 1, 0.5f})}}});
  requireClose(y, {5, 2, 0, 11, 4, -1});
}
