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
using test::parsed;
using test::shape;

/// A list of dims where -1 stands for null.
Value dimsOrNull(std::vector<int64_t> values) {
  std::vector<Value> items;
  for (int64_t v : values) items.push_back(v < 0 ? Value::null() : Value::integer(v));
  return Value::list(std::move(items));
}

Outcome einsum(const std::string& equation, Value outputShape, const std::string& biasAxes,
               const std::vector<std::string>& input, std::vector<Value::Entry> more = {}) {
  std::vector<Value::Entry> config = {attr("equation", Value::string(equation)), attr("output_shape", outputShape)};
  if (!biasAxes.empty()) config.push_back(attr("bias_axes", Value::string(biasAxes)));
  config.insert(config.end(), more.begin(), more.end());
  return test::runLayer("EinsumDense", config, input);
}

struct Case {
  std::string equation;
  Value outputShape;
  std::string biasAxes;
  std::vector<std::string> input;
  std::vector<std::string> output;
  std::string params;  // kernel + bias, a dim expression
};

}  // namespace

TEST_CASE("einsum dense matches Keras' einsum_dense_test shapes", "[shape][einsum]") {
  // Keras' test table: kernel and bias shapes there give the parameter counts here.
  Case c = GENERATE(values<Case>({
      {"ab,b->a", ints({}), "", {"2", "32"}, {"2"}, "32"},
      {"ab,bc->ac", Value::integer(64), "", {"2", "32"}, {"2", "64"}, "2048"},
      {"abc,cde->abde", ints({1, 3, 4}), "", {"2", "1", "2"}, {"2", "1", "3", "4"}, "24"},
      {"abc,cde->abde", ints({1, 3, 4}), "e", {"2", "1", "2"}, {"2", "1", "3", "4"}, "24 + 4"},
      {"abc,cde->abde", ints({1, 3, 4}), "d", {"2", "1", "2"}, {"2", "1", "3", "4"}, "24 + 3"},
      {"abc,cde->abde", ints({7, 3, 4}), "be", {"2", "7", "2"}, {"2", "7", "3", "4"}, "24 + 28"},
      {"BFNH,NHD->BFD", ints({1, 4}), "", {"2", "1", "2", "3"}, {"2", "1", "4"}, "24"},
      {"abc,cd->abd", ints({1, 4}), "", {"2", "1", "2"}, {"2", "1", "4"}, "8"},
      {"i,d->id", ints({2}), "", {"2"}, {"2", "2"}, "2"},
      {"ibd,nd->ibn", ints({2, 2}), "", {"2", "2", "1"}, {"2", "2", "2"}, "2"},
      {"...b,bc->...c", ints({64}), "", {"2", "32"}, {"2", "64"}, "2048"},
      {"...bc,bc->...b", ints({32}), "", {"2", "32", "64"}, {"2", "32"}, "2048"},
      {"...b,bc->...c", ints({64}), "", {"2", "3", "32"}, {"2", "3", "64"}, "2048"},
      {"...c,cde->...de", ints({3, 4}), "", {"2", "1", "2"}, {"2", "1", "3", "4"}, "24"},
      {"...c,cde->...de", ints({3, 4}), "e", {"2", "1", "2"}, {"2", "1", "3", "4"}, "24 + 4"},
      {"...c,cde->...de", ints({3, 4}), "d", {"2", "1", "2"}, {"2", "1", "3", "4"}, "24 + 3"},
      {"...c,cde->...de", ints({3, 4}), "de", {"2", "1", "2"}, {"2", "1", "3", "4"}, "24 + 12"},
      {"bc...,cd->bd...", ints({4}), "", {"2", "1", "2", "3"}, {"2", "4", "2", "3"}, "4"},
      {"bc...,cde->bde...", ints({3, 4}), "", {"2", "1", "2"}, {"2", "3", "4", "2"}, "12"},
      {"bc...,cde->bde...", ints({3, 4}), "d", {"2", "1", "2"}, {"2", "3", "4", "2"}, "12 + 3"},
      {"bc...,cde->bde...", ints({3, 4}), "e", {"2", "1", "2"}, {"2", "3", "4", "2"}, "12 + 4"},
  }));
  INFO(c.equation << " on " << formatShape(shape(c.input)) << ", bias_axes '" << c.biasAxes << "'");
  Outcome outcome = einsum(c.equation, c.outputShape, c.biasAxes, c.input);
  checkShape(outcome, c.output);
  INFO("params " << outcome.params.str());
  CHECK(outcome.params == parsed(c.params));
  CHECK(outcome.nonTrainableParams == Dim::constant(0));
}

TEST_CASE("einsum dense shapes stay symbolic and null entries take the input's size", "[shape][einsum]") {
  // A Dense over the last axis, as attention projections use it.
  Outcome dense = einsum("abc,cd->abd", dimsOrNull({-1, 64}), "d", {"batch", "seq", "128"});
  checkShape(dense, {"batch", "seq", "64"});
  CHECK(dense.params == Dim::constant(128 * 64 + 64));
  // MultiHeadAttention's query projection: 8 heads of 64.
  Outcome heads = einsum("abc,cde->abde", dimsOrNull({-1, 8, 64}), "de", {"batch", "seq", "512"});
  checkShape(heads, {"batch", "seq", "8", "64"});
  CHECK(heads.params == Dim::constant(512 * 8 * 64 + 8 * 64));
  // Its output projection contracts two axes.
  Outcome merge = einsum("abcd,cde->abe", dimsOrNull({-1, 512}), "e", {"batch", "seq", "8", "64"});
  checkShape(merge, {"batch", "seq", "512"});
  CHECK(merge.params == Dim::constant(8 * 64 * 512 + 512));
  // A symbolic contracted dim gives a symbolic count.
  Outcome symbolic = einsum("...b,bc->...c", Value::integer(16), "c", {"batch", "seq", "d"});
  checkShape(symbolic, {"batch", "seq", "16"});
  CHECK(symbolic.params == parsed("16*d + 16"));
  // The elided dims of a left ellipsis keep their order.
  checkShape(einsum("...b,bc->...c", ints({4}), "", {"batch", "x", "y", "32"}), {"batch", "x", "y", "4"});
  // A shared dim given in output_shape is assumed to match a symbolic input dim.
  checkShape(einsum("abc,cd->abd", ints({10, 4}), "", {"batch", "seq", "8"}), {"batch", "10", "4"});
  // A bias over the batch axis is as big as the batch.
  CHECK(einsum("ab,bc->ac", Value::integer(4), "ac", {"batch", "8"}).params == parsed("4*batch + 32"));

  Outcome unranked = test::runLayer("EinsumDense",
                                    {attr("equation", Value::string("ab,bc->ac")), attr("output_shape", Value::integer(4))},
                                    TensorType::unknown());
  REQUIRE(unranked.outputs);
  CHECK_FALSE(unranked.outputs->front().hasRank());
  CHECK(unranked.params.isUnknown());
}

TEST_CASE("einsum dense with LoRA freezes the kernel", "[shape][einsum]") {
  // enable_lora: lora_kernel_a (32, 4) and lora_kernel_b (4, 64); the kernel becomes non-trainable.
  Outcome lora = einsum("ab,bc->ac", Value::integer(64), "c", {"batch", "32"}, {attr("lora_rank", Value::integer(4))});
  checkShape(lora, {"batch", "64"});
  CHECK(lora.params == Dim::constant(2048 + 128 + 256 + 64));
  CHECK(lora.nonTrainableParams == Dim::constant(2048));
  // kernel (8, 64) gives lora_kernel_a (2, 8, 2) and lora_kernel_b (2, 64).
  Outcome heads = einsum("abc,cde->abde", dimsOrNull({-1, 2, 64}), "", {"batch", "seq", "8"},
                         {attr("lora_rank", Value::integer(2))});
  CHECK(heads.params == Dim::constant(8 * 2 * 64 + 8 * 2 * 2 + 2 * 64));
  CHECK(heads.nonTrainableParams == Dim::constant(8 * 2 * 64));
}

TEST_CASE("einsum dense errors show the equation", "[shape][einsum]") {
  std::vector<std::string> input = {"batch", "32"};
  CHECK(errorOf(einsum("ab,bc", Value::integer(4), "", input)) ==
        "EinsumDense equation 'ab,bc' is not of the form X,Y->Z, ...X,Y->...Z or X...,Y->Z... (X, Y, Z are letters)");
  CHECK(errorOf(einsum("ab,b c->ac", Value::integer(4), "", input)) ==
        "EinsumDense equation 'ab,b c->ac' is not of the form X,Y->Z, ...X,Y->...Z or X...,Y->Z... (X, Y, Z are "
        "letters)");
  // Keras' right-ellipsis form needs two input letters.
  CHECK(errorOf(einsum("a...,ac->c...", ints({}), "", input)) ==
        "EinsumDense equation 'a...,ac->c...' is not of the form X,Y->Z, ...X,Y->...Z or X...,Y->Z... (X, Y, Z are "
        "letters)");
  CHECK(errorOf(einsum("ab,bc->ac", Value::integer(4), "", {"batch", "seq", "32"})) ==
        "EinsumDense equation 'ab,bc->ac' expects a 2-D input, got the 3-D input (batch, seq, 32)");
  CHECK(errorOf(einsum("...bc,cd->...bd", ints({4, 4}), "", {"32"})) ==
        "EinsumDense equation '...bc,cd->...bd' expects an input of rank >= 2, got the 1-D input (32,)");
  CHECK(errorOf(einsum("...b,bc->...c", ints({4}), "", {"32"})) ==
        "EinsumDense equation '...b,bc->...c' expects an input of rank >= 2 (the batch dim is in the ellipsis), got "
        "the 1-D input (32,)");
  CHECK(errorOf(einsum("abc,cd->abd", Value::integer(64), "", {"batch", "seq", "32"})) ==
        "EinsumDense output_shape 64 has 1 dim, but the output 'abd' of 'abc,cd->abd' needs 2 (the first, batch dim is "
        "not included)");
  CHECK(errorOf(einsum("...b,bc->...c", ints({4, 4}), "", {"batch", "32"})) ==
        "EinsumDense output_shape [4, 4] has 2 dims, but the output 'c' of '...b,bc->...c' needs 1 (the ellipsis dims "
        "are not included)");
  CHECK(errorOf(einsum("abc,cd->abd", ints({10, 64}), "", {"batch", "12", "128"})) ==
        "EinsumDense input and output_shape differ at the shared dim 'b' of 'abc,cd->abd': the input (batch, 12, 128) "
        "has 12, output_shape has 10");
  CHECK(errorOf(einsum("ab,bc->ad", Value::integer(4), "", input)) ==
        "EinsumDense output dim 'd' of 'ab,bc->ad' is in neither the input 'ab' nor the weight 'bc'");
  CHECK(errorOf(einsum("ab,zc->ac", Value::integer(4), "", input)) ==
        "EinsumDense weight dim 'z' of 'ab,zc->ac' is in neither the input 'ab' nor the output 'ac', so the kernel "
        "size is not defined");
  CHECK(errorOf(einsum("ab,bc->ac", dimsOrNull({-1}), "", input)) ==
        "EinsumDense kernel dim 'c' of 'ab,bc->ac' takes its size from output_shape [None], which leaves it null");
  CHECK(errorOf(einsum("ab,bc->ac", Value::integer(4), "x", input)) ==
        "EinsumDense bias axis 'x' is not in the output 'ac' of 'ab,bc->ac'");
}

TEST_CASE("einsum dense schema takes Keras 3 configs and rejects bad values", "[shape][einsum]") {
  // EinsumDense.get_config() from Keras 3 (MultiHeadAttention's query projection).
  CHECK(issuesOf("EinsumDense", {attr("name", Value::string("query")), attr("trainable", Value::boolean(true)),
                                 attr("output_shape", dimsOrNull({-1, 8, 64})),
                                 attr("equation", Value::string("abc,cde->abde")), attr("activation", Value::string("linear")),
                                 attr("bias_axes", Value::string("de")),
                                 attr("kernel_initializer", Value::string("glorot_uniform")),
                                 attr("bias_initializer", Value::string("zeros")), attr("kernel_regularizer", Value::null()),
                                 attr("bias_regularizer", Value::null()), attr("activity_regularizer", Value::null()),
                                 attr("kernel_constraint", Value::null()), attr("bias_constraint", Value::null()),
                                 attr("quantization_config", Value::null())})
            .empty());
  CHECK(issuesOf("EinsumDense", {attr("equation", Value::string("ab,bc->ac"))}) ==
        std::vector<std::string>{
            "EinsumDense needs the attribute 'output_shape' (output dims without the first (batch) dim and elided "
            "dims; null: the input's size)"});
  CHECK(issuesOf("EinsumDense", {attr("equation", Value::string("ab,bc->ac")), attr("output_shape", ints({0}))}) ==
        std::vector<std::string>{"EinsumDense attribute 'output_shape' must be >= 1 where given, got [0]"});
  CHECK(issuesOf("EinsumDense", {attr("equation", Value::string("ab,bc->ac")), attr("output_shape", Value::string("4"))}) ==
        std::vector<std::string>{
            "EinsumDense attribute 'output_shape' must be an integer or a list of integers and nulls, got \"4\""});
  CHECK(issuesOf("EinsumDense", {attr("equation", Value::string("ab,bc->ac")), attr("output_shape", Value::integer(4)),
                                 attr("bias_axes", Value::integer(1))})
            .size() == 1);
}
