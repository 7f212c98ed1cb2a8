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

TensorType t(const std::vector<std::string>& dims) { return TensorType::of(DType::Float32, shape(dims)); }

Outcome run(const std::string& className, std::vector<Value::Entry> entries, const std::vector<TensorType>& inputs,
            AssumptionLog* log = nullptr) {
  return test::runLayerOnInputs(className, std::move(entries), inputs, log);
}

Value::Entry heads(int64_t n) { return attr("num_heads", Value::integer(n)); }
Value::Entry keyDim(int64_t n) { return attr("key_dim", Value::integer(n)); }

}  // namespace

// Attention and AdditiveAttention ---------------------------------------------------------

TEST_CASE("Attention gives (*query[:-1], value[-1]) and counts its scalars", "[shape][attention]") {
  // Keras' attention_test: [(2, 3, 4), (2, 4, 4)] -> (2, 3, 4), 0 weights; with use_scale and
  // score_mode concat, 2 scalar weights.
  Outcome plain = run("Attention", {}, {t({"2", "3", "4"}), t({"2", "4", "4"})});
  checkShape(plain, {"2", "3", "4"});
  CHECK(plain.params == Dim::constant(0));
  Outcome scaled =
      run("Attention", {attr("use_scale", Value::boolean(true)), attr("score_mode", Value::string("concat"))},
          {t({"2", "3", "4"}), t({"2", "4", "4"})});
  checkShape(scaled, {"2", "3", "4"});
  CHECK(scaled.params == Dim::constant(2));
  CHECK(run("Attention", {attr("use_scale", Value::boolean(true))}, {t({"2", "3", "4"}), t({"2", "4", "4"})}).params ==
        Dim::constant(1));

  // A separate key: the value's last dim is the output's, the key's must match the query's.
  checkShape(run("Attention", {}, {t({"batch", "tq", "16"}), t({"batch", "tv", "32"}), t({"batch", "tv", "16"})}),
             {"batch", "tq", "32"});
  checkShape(run("Attention", {}, {t({"batch", "tq", "d"}), t({"batch", "tv", "d"})}), {"batch", "tq", "d"});
  // Batched matmul takes any leading dims.
  checkShape(run("Attention", {}, {t({"batch", "heads", "tq", "8"}), t({"batch", "heads", "tv", "8"})}),
             {"batch", "heads", "tq", "8"});
}

TEST_CASE("Attention computes in the layer's dtype and tolerates unknown shapes", "[shape][attention]") {
  Outcome half = run("Attention", {attr("dtype", Value::string("float16"))}, {t({"b", "3", "4"}), t({"b", "5", "4"})});
  REQUIRE(half.outputs);
  CHECK(half.outputs->front().dtype == DType::Float16);
  checkShape(run("Attention", {}, {t({"b", "3", "4"}), TensorType::unknown()}), {"b", "3", "?"});
  Outcome unranked = run("Attention", {}, {TensorType::unknown(), t({"b", "5", "4"})});
  REQUIRE(unranked.outputs);
  CHECK_FALSE(unranked.outputs->front().hasRank());
  checkShape(run("Attention", {}, {t({"b", "3", "?"}), t({"b", "?", "4"})}), {"b", "3", "4"});
}

TEST_CASE("Attention rejects provably mismatched query, key and value", "[shape][attention]") {
  CHECK(errorOf(run("Attention", {}, {t({"batch", "8", "64"}), t({"batch", "4", "32"})})) ==
        "Attention query last dim 64 and key last dim 32 differ: score_mode 'dot' computes query @ transpose(key), "
        "so they must be equal (query (batch, 8, 64), key (batch, 4, 32))");
  CHECK(errorOf(run("Attention", {attr("score_mode", Value::string("concat"))},
                    {t({"batch", "8", "16"}), t({"batch", "4", "16"}), t({"batch", "4", "8"})})) ==
        "Attention query last dim 16 and key last dim 8 differ: score_mode 'concat' adds query and key, so they "
        "must be equal or 1 (query (batch, 8, 16), key (batch, 4, 8))");
  // concat broadcasts a feature dim of 1; dot does not.
  checkShape(run("Attention", {attr("score_mode", Value::string("concat"))},
                 {t({"batch", "8", "1"}), t({"batch", "4", "16"})}),
             {"batch", "8", "16"});
  CHECK_FALSE(run("Attention", {}, {t({"batch", "8", "1"}), t({"batch", "4", "16"})}).outputs);
  CHECK(errorOf(run("Attention", {}, {t({"batch", "8", "16"}), t({"batch", "4", "16"}), t({"batch", "5", "16"})})) ==
        "Attention value (batch, 4, 16) and key (batch, 5, 16) must have the same number of timesteps (dim -2): "
        "4 vs 5");
  CHECK(errorOf(run("Attention", {}, {t({"2", "8", "16"}), t({"3", "4", "16"})})) ==
        "Attention query (2, 8, 16) and value (3, 4, 16) have different batch dims: dim 0 is 2 vs 3");
  checkShape(run("Attention", {}, {t({"1", "8", "16"}), t({"3", "4", "16"})}), {"1", "8", "16"});
  CHECK(errorOf(run("Attention", {},
                    {t({"batch", "tq", "16"}), t({"batch", "tv", "16"}), t({"2*batch", "tv", "16"})})) ==
        "Attention query (batch, tq, 16) and key (2*batch, tv, 16) have different batch dims: dim 0 is batch vs "
        "2*batch");
  CHECK(errorOf(run("Attention", {}, {t({"batch"}), t({"batch", "4", "16"})})) ==
        "Attention expects a query of rank >= 2 (batch..., T, dim), got the 1-D input (batch,)");
  CHECK(errorOf(run("AdditiveAttention", {}, {t({"batch", "4", "16"}), t({"batch", "4", "16"}), t({"16"})})) ==
        "AdditiveAttention expects a key of rank >= 2 (batch..., T, dim), got the 1-D input (16,)");
}

TEST_CASE("Attention records the dims it needs equal", "[shape][attention]") {
  AssumptionLog log;
  checkShape(run("Attention", {}, {t({"batch", "tq", "d"}), t({"batch", "tv", "e"}), t({"batch", "tk", "f"})}, &log),
             {"batch", "tq", "e"});
  REQUIRE(log.items().size() == 2);
  CHECK(log.items()[0].lhs == parsed("d"));
  CHECK(log.items()[0].rhs == parsed("f"));
  CHECK(log.items()[0].reason == "the last dims of the query and key of Attention");
  CHECK(log.items()[1].lhs == parsed("tk"));
  CHECK(log.items()[1].rhs == parsed("tv"));
  CHECK(log.items()[1].reason == "the timesteps of the value and key of Attention");
}

TEST_CASE("AdditiveAttention learns a scale vector of the query's size", "[shape][attention]") {
  // Keras' additive_attention_test: [(2, 3, 4), (2, 4, 4)] -> (2, 3, 4); `scale` has shape (4,).
  Outcome keras = run("AdditiveAttention", {}, {t({"2", "3", "4"}), t({"2", "4", "4"})});
  checkShape(keras, {"2", "3", "4"});
  CHECK(keras.params == Dim::constant(4));
  CHECK(run("AdditiveAttention", {attr("use_scale", Value::boolean(false))}, {t({"2", "3", "4"}), t({"2", "4", "4"})})
            .params == Dim::constant(0));
  Outcome symbolic = run("AdditiveAttention", {}, {t({"batch", "tq", "d"}), t({"batch", "tv", "e"})});
  checkShape(symbolic, {"batch", "tq", "e"});
  CHECK(symbolic.params == parsed("d"));
  CHECK(errorOf(run("AdditiveAttention", {}, {t({"batch", "8", "16"}), t({"batch", "4", "32"})})) ==
        "AdditiveAttention query last dim 16 and key last dim 32 differ: additive scores add query and key, so they "
        "must be equal or 1 (query (batch, 8, 16), key (batch, 4, 32))");
}

TEST_CASE("attention schemas follow Keras 3's constructors", "[shape][attention]") {
  CHECK(issuesOf("Attention", {attr("use_scale", Value::boolean(false)), attr("score_mode", Value::string("dot")),
                               attr("dropout", Value::number(0.1)), attr("seed", Value::integer(3)),
                               attr("name", Value::string("attention")), attr("trainable", Value::boolean(true))})
            .empty());
  CHECK(issuesOf("Attention", {attr("score_mode", Value::string("add"))}) ==
        std::vector<std::string>{"Attention attribute 'score_mode': 'add' is not one of dot, concat"});
  CHECK(issuesOf("Attention", {attr("dropout", Value::number(1.5))}) ==
        std::vector<std::string>{"Attention attribute 'dropout' must be in [0, 1], got 1.5"});
  CHECK(issuesOf("AdditiveAttention", {attr("use_scale", Value::boolean(true)), attr("dropout", Value::number(0.0)),
                                       attr("seed", Value::null())})
            .empty());
  // AdditiveAttention's get_config drops score_mode; return_attention_scores is a call argument.
  CHECK(issuesOf("AdditiveAttention", {attr("score_mode", Value::string("dot"))}).size() == 1);
  CHECK(issuesOf("Attention", {attr("return_attention_scores", Value::boolean(true))}).size() == 1);
  const LayerSchema* schema = LayerCatalogue::builtin().find("Attention");
  REQUIRE(schema);
  CHECK(schema->minInputs == 2);
  CHECK(schema->maxInputs == 3);
}

// MultiHeadAttention ----------------------------------------------------------------------

TEST_CASE("MultiHeadAttention gives the query's shape and Keras' weight count", "[shape][attention]") {
  // Keras' multi_head_attention_test, test_basics: query (2, 8, 16), value (2, 4, 16).
  // query, key, value: kernel (16, 2, 2) + bias (2, 2) = 68 each; output: kernel (2, 2, 16) +
  // bias (16,) = 80.
  std::vector<TensorType> inputs = {t({"2", "8", "16"}), t({"2", "4", "16"})};
  Outcome basic = run("MultiHeadAttention", {heads(2), keyDim(2)}, inputs);
  checkShape(basic, {"2", "8", "16"});
  CHECK(basic.params == Dim::constant(3 * 68 + 80));
  // value_dim 4, no biases: 64 + 64 + (16, 2, 4) 128 + (2, 4, 16) 128.
  Outcome noBias = run("MultiHeadAttention",
                       {heads(2), keyDim(2), attr("value_dim", Value::integer(4)),
                        attr("use_bias", Value::boolean(false)), attr("dropout", Value::number(0.5))},
                       inputs);
  checkShape(noBias, {"2", "8", "16"});
  CHECK(noBias.params == Dim::constant(384));
  // use_gate adds a query-side projection to (num_heads, value_dim): (16, 2, 2) + (2, 2).
  CHECK(run("MultiHeadAttention", {heads(2), keyDim(2), attr("use_gate", Value::boolean(true))}, inputs).params ==
        Dim::constant(3 * 68 + 80 + 68));
  // A key of its own sizes the key projection.
  CHECK(run("MultiHeadAttention", {heads(2), keyDim(2)}, {t({"2", "8", "16"}), t({"2", "4", "16"}), t({"2", "4", "8"})})
            .params == Dim::constant(68 + 36 + 68 + 80));
}

TEST_CASE("MultiHeadAttention output_shape replaces the last dim", "[shape][attention]") {
  std::vector<TensorType> inputs = {t({"2", "4", "16"}), t({"2", "4", "16"})};
  // Keras: output_shape=8 gives (2, 4, 8), output_shape=(8, 8) gives (2, 4, 8, 8). Each of query,
  // key, value: (16, 2, 16) + (2, 16) = 544; output: (2, 16, 8) + (8,) or (2, 16, 8, 8) + (8, 8).
  Outcome one = run("MultiHeadAttention", {heads(2), keyDim(16), attr("output_shape", Value::integer(8))}, inputs);
  checkShape(one, {"2", "4", "8"});
  CHECK(one.params == Dim::constant(3 * 544 + 264));
  Outcome two = run("MultiHeadAttention", {heads(2), keyDim(16), attr("output_shape", ints({8, 8}))}, inputs);
  checkShape(two, {"2", "4", "8", "8"});
  CHECK(two.params == Dim::constant(3 * 544 + 2112));
}

TEST_CASE("MultiHeadAttention stays symbolic", "[shape][attention]") {
  Outcome outcome =
      run("MultiHeadAttention", {heads(2), keyDim(2)}, {t({"batch", "tq", "dq"}), t({"batch", "tv", "dv"})});
  checkShape(outcome, {"batch", "tq", "dq"});
  // query 4*dq + 4, key and value 4*dv + 4 each, output 4*dq + dq.
  CHECK(outcome.params == parsed("9*dq + 8*dv + 12"));
  // The query's features are projected on their own: they need not match the key's.
  checkShape(run("MultiHeadAttention", {heads(4), keyDim(8)}, {t({"batch", "8", "64"}), t({"batch", "4", "32"})}),
             {"batch", "8", "64"});
  Outcome unknown =
      run("MultiHeadAttention", {heads(2), keyDim(2)}, {t({"batch", "tq", "?"}), t({"batch", "tv", "8"})});
  checkShape(unknown, {"batch", "tq", "?"});
  CHECK(unknown.params.isUnknown());
  Outcome unranked = run("MultiHeadAttention", {heads(2), keyDim(2)}, {TensorType::unknown(), t({"b", "4", "8"})});
  REQUIRE(unranked.outputs);
  CHECK_FALSE(unranked.outputs->front().hasRank());
}

TEST_CASE("MultiHeadAttention pairs the non-attention axes", "[shape][attention]") {
  // Keras' test_high_dim_attention: (3, 3, 4, 8) and (3, 3, 2, 8), attention over axis 2;
  // four projections of (8, 2, 2) + (2, 2) = 36, except the output (2, 2, 8) + (8,) = 40.
  Outcome high = run("MultiHeadAttention", {heads(2), keyDim(2), attr("attention_axes", ints({2}))},
                     {t({"3", "3", "4", "8"}), t({"3", "3", "2", "8"})});
  checkShape(high, {"3", "3", "4", "8"});
  CHECK(high.params == Dim::constant(3 * 36 + 40));
  checkShape(run("MultiHeadAttention", {heads(2), keyDim(2), attr("attention_axes", ints({2, 3}))},
                 {t({"3", "5", "3", "4", "8"}), t({"3", "5", "3", "2", "8"})}),
             {"3", "5", "3", "4", "8"});
  // Default attention axes: everything but batch and features.
  checkShape(run("MultiHeadAttention", {heads(2), keyDim(2)}, {t({"b", "3", "4", "8"}), t({"b", "5", "2", "8"})}),
             {"b", "3", "4", "8"});
  CHECK(errorOf(run("MultiHeadAttention", {heads(2), keyDim(2), attr("attention_axes", Value::integer(2))},
                    {t({"b", "3", "4", "8"}), t({"b", "5", "2", "8"})})) ==
        "MultiHeadAttention query (b, 3, 4, 8) and value (b, 5, 2, 8) must agree on dim 1, which is not an "
        "attention axis: 3 vs 5");
  // A negative axis counts from the end of the input.
  checkShape(run("MultiHeadAttention", {heads(2), keyDim(2), attr("attention_axes", Value::integer(-2))},
                 {t({"b", "3", "4", "8"}), t({"b", "3", "2", "8"})}),
             {"b", "3", "4", "8"});
  CHECK(errorOf(run("MultiHeadAttention", {heads(2), keyDim(2), attr("attention_axes", Value::integer(3))},
                    {t({"batch", "8", "16"}), t({"batch", "4", "16"})})) ==
        "MultiHeadAttention attention_axes (3,) are out of range for the 3-D query (batch, 8, 16)");
  CHECK(errorOf(run("MultiHeadAttention", {heads(2), keyDim(2)}, {t({"2", "8", "16"}), t({"3", "4", "16"})})) ==
        "MultiHeadAttention query (2, 8, 16) and value (3, 4, 16) must agree on dim 0, which is not an attention "
        "axis: 2 vs 3");
}

TEST_CASE("MultiHeadAttention rejects provably mismatched key and value", "[shape][attention]") {
  Value::Entry h = heads(4), k = keyDim(2), v = attr("value_dim", Value::integer(2));
  // Keras' test_shape_mismatch_error cases.
  CHECK(errorOf(run("MultiHeadAttention", {h, k, v}, {t({"2", "4", "8"}), t({"2", "2", "8"}), t({"2", "1", "7"})})) ==
        "MultiHeadAttention value (2, 2, 8) and key (2, 1, 7) must have equal dims except the last: dim 1 differs "
        "(2 vs 1)");
  CHECK(errorOf(run("MultiHeadAttention", {h, k, v},
                    {t({"2", "4", "2", "3", "8"}), t({"2", "1", "1", "5", "8"}), t({"2", "1", "15", "5", "2"})})) ==
        "MultiHeadAttention value (2, 1, 1, 5, 8) and key (2, 1, 15, 5, 2) must have equal dims except the last: "
        "dim 2 differs (1 vs 15)");
  CHECK(errorOf(run("MultiHeadAttention", {h, k, v}, {t({"2", "4", "8"}), t({"2", "2", "7"}), t({"2"})})) ==
        "MultiHeadAttention expects a key of rank >= 3 (batch, T..., dim), got the 1-D input (2,)");
  CHECK(errorOf(run("MultiHeadAttention", {h, k},
                    {t({"b", "4", "8"}), t({"b", "2", "3", "8"}), t({"b", "2", "8"})})) ==
        "MultiHeadAttention value (b, 2, 3, 8) and key (b, 2, 8) must have equal dims except the last: ranks differ "
        "(4 vs 3)");
  CHECK(errorOf(run("MultiHeadAttention", {h, k}, {t({"batch", "8", "16"}), t({"batch", "2", "4", "16"})})) ==
        "MultiHeadAttention query (batch, 8, 16) and value (batch, 2, 4, 16) must have the same rank: 3 vs 4");
  CHECK(errorOf(run("MultiHeadAttention", {h, k}, {t({"batch", "16"}), t({"batch", "4", "16"})})) ==
        "MultiHeadAttention expects a query of rank >= 3 (batch, T..., dim), got the 2-D input (batch, 16)");
  // Symbolic sequence lengths of value and key are assumed equal.
  AssumptionLog log;
  checkShape(run("MultiHeadAttention", {h, k}, {t({"b", "tq", "8"}), t({"b", "tv", "8"}), t({"b", "tk", "8"})}, &log),
             {"b", "tq", "8"});
  REQUIRE(log.items().size() == 1);
  CHECK(log.items()[0].reason == "dim 1 of the value and key of MultiHeadAttention");
}

TEST_CASE("MultiHeadAttention refuses dropout with flash attention", "[shape][attention]") {
  std::vector<TensorType> inputs = {t({"2", "4", "8"}), t({"2", "4", "8"})};
  CHECK(errorOf(run("MultiHeadAttention",
                    {heads(2), keyDim(2), attr("flash_attention", Value::boolean(true)),
                     attr("dropout", Value::number(0.1))},
                    inputs)) ==
        "MultiHeadAttention does not support dropout with flash_attention: got dropout 0.1 and flash_attention True");
  checkShape(run("MultiHeadAttention", {heads(2), keyDim(2), attr("flash_attention", Value::boolean(true))}, inputs),
             {"2", "4", "8"});
  checkShape(run("MultiHeadAttention", {heads(2), keyDim(2), attr("flash_attention", Value::boolean(false)),
                                        attr("dropout", Value::number(0.1))},
                 inputs),
             {"2", "4", "8"});
}

TEST_CASE("MultiHeadAttention's schema follows Keras 3's constructor", "[shape][attention]") {
  // MultiHeadAttention.get_config() from Keras 3.
  std::vector<Value::Entry> keras = {
      attr("name", Value::string("mha")), attr("trainable", Value::boolean(true)),
      attr("dtype", Value::string("float32")), heads(8), keyDim(64), attr("value_dim", Value::integer(64)),
      attr("dropout", Value::number(0.1)), attr("use_bias", Value::boolean(true)),
      attr("use_gate", Value::boolean(false)), attr("output_shape", Value::null()),
      attr("attention_axes", ints({1})), attr("sliding_window", Value::null()),
      attr("kernel_initializer", Value::map({attr("module", Value::string("keras.initializers")),
                                             attr("class_name", Value::string("GlorotUniform")),
                                             attr("config", Value::map({attr("seed", Value::null())})),
                                             attr("registered_name", Value::null())})),
      attr("bias_initializer", Value::string("zeros")), attr("kernel_regularizer", Value::null()),
      attr("bias_regularizer", Value::null()), attr("activity_regularizer", Value::null()),
      attr("kernel_constraint", Value::null()), attr("bias_constraint", Value::null()), attr("seed", Value::null())};
  CHECK(issuesOf("MultiHeadAttention", keras).empty());
  checkShape(run("MultiHeadAttention", keras, {t({"batch", "seq", "512"}), t({"batch", "seq", "512"})}),
             {"batch", "seq", "512"});

  CHECK(issuesOf("MultiHeadAttention", {heads(0), keyDim(2)}) ==
        std::vector<std::string>{"MultiHeadAttention attribute 'num_heads' must be >= 1, got 0"});
  CHECK(issuesOf("MultiHeadAttention", {heads(2), keyDim(-1)}) ==
        std::vector<std::string>{"MultiHeadAttention attribute 'key_dim' must be >= 1, got -1"});
  CHECK(issuesOf("MultiHeadAttention", {heads(2), keyDim(2), attr("value_dim", Value::integer(0))}) ==
        std::vector<std::string>{"MultiHeadAttention attribute 'value_dim' must be >= 1, got 0"});
  CHECK(issuesOf("MultiHeadAttention", {heads(2), keyDim(2), attr("output_shape", Value::number(8.5))}) ==
        std::vector<std::string>{
            "MultiHeadAttention attribute 'output_shape' must be an integer, a list of integers or null, got 8.5"});
  CHECK(issuesOf("MultiHeadAttention", {heads(2), keyDim(2), attr("output_shape", ints({8, 0}))}) ==
        std::vector<std::string>{"MultiHeadAttention attribute 'output_shape' dims must be >= 1, got [8, 0]"});
  CHECK(issuesOf("MultiHeadAttention", {heads(2), keyDim(2), attr("attention_axes", Value::string("1"))}) ==
        std::vector<std::string>{
            "MultiHeadAttention attribute 'attention_axes' must be an integer, a list of integers or null, got \"1\""});
  CHECK(issuesOf("MultiHeadAttention", {heads(2), keyDim(2), attr("sliding_window", Value::integer(0))}) ==
        std::vector<std::string>{"MultiHeadAttention attribute 'sliding_window' must be >= 1, got 0"});
  CHECK(issuesOf("MultiHeadAttention", {heads(2), keyDim(2), attr("dropout", Value::number(1.5))}) ==
        std::vector<std::string>{"MultiHeadAttention attribute 'dropout' must be in [0, 1], got 1.5"});
  CHECK(issuesOf("MultiHeadAttention", {heads(2), keyDim(2), attr("flash_attention", Value::string("yes"))}) ==
        std::vector<std::string>{
            "MultiHeadAttention attribute 'flash_attention' must be a boolean or null, got \"yes\""});
  CHECK(issuesOf("MultiHeadAttention", {heads(2)}).size() == 1);
  // Keras 2 (tf.keras) configs also record the build shapes.
  Value queryShape = Value::list({Value::null(), Value::integer(8), Value::integer(16)});
  CHECK(issuesOf("MultiHeadAttention", {heads(2), keyDim(2), attr("query_shape", queryShape),
                                        attr("key_shape", Value::null()), attr("value_shape", Value::null())})
            .empty());
  const LayerSchema* schema = LayerCatalogue::builtin().find("MultiHeadAttention");
  REQUIRE(schema);
  CHECK(schema->minInputs == 2);
  CHECK(schema->maxInputs == 3);
}
