// Kernels of Attention, AdditiveAttention and MultiHeadAttention on tiny inputs, outputs computed
// by hand (NumPy, float64, from Keras' formulas); TF.js has none of these layers. Masks, causal
// masks and attention scores go through the kernel directly (KernelTestUtil.h).

#include "ExecutorTestUtil.h"
#include "KernelTestUtil.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

Value config(std::vector<Value::Entry> entries) { return Value::map(std::move(entries)); }

// Attention: query (1, 2, 2), value = key (1, 3, 2).
HostTensor query() { return floats({1, 2, 2}, {1, 0, 0, 1}); }
HostTensor value() { return floats({1, 3, 2}, {1, 2, 3, -1, 0, 5}); }

// MultiHeadAttention: query (1, 2, 2), value = key (1, 3, 2), 2 heads of size 1.
HostTensor mhaQuery() { return floats({1, 2, 2}, {1, 0, 0.5f, -1}); }
HostTensor mhaValue() { return floats({1, 3, 2}, {1, 2, 3, -1, 0, 1}); }
std::vector<HostTensor> mhaKernels() {
  return {floats({2, 2, 1}, {1, 0.5f, -1, 2}), floats({2, 2, 1}, {0.5f, 1, 1, -1}), floats({2, 2, 1}, {1, 0, 0, 2}),
          floats({2, 1, 2}, {1, -1, 0.5f, 2})};
}
Value mhaConfig() {
  return config({{"num_heads", Value::integer(2), {}},
                 {"key_dim", Value::integer(1), {}},
                 {"use_bias", Value::boolean(false), {}}});
}

/// The call argument use_causal_mask=True.
Value causalCall() { return config({{"use_causal_mask", Value::boolean(true), {}}}); }

}  // namespace

TEST_CASE("Attention scales dot-product scores and returns them as a second output", "[executor][attention]") {
  KernelRun run = runKernel("Attention", config({{"use_scale", Value::boolean(true), {}}}), {query(), value()}, {},
                            {floats({}, {0.5f})}, {{1, 2, 2}, {1, 2, 3}});
  REQUIRE_FALSE(run.error);
  requireClose(valuesOf(run.outputs[0]), {2.116819f, 0.535138f, 0.2926281f, 4.239453f});
  requireClose(valuesOf(run.outputs[1]), {0.2312239f, 0.6285317f, 0.1402444f, 0.1752904f, 0.03911257f, 0.785597f});
}

TEST_CASE("Attention hides masked value steps and zeroes masked query steps", "[executor][attention]") {
  HostTensor scale = floats({}, {0.5f});
  SECTION("value mask") {
    KernelRun run = runKernel("Attention", config({{"use_scale", Value::boolean(true), {}}}), {query(), value()},
                              {std::nullopt, boolMask({1, 3}, {true, true, false})}, {scale}, {{1, 2, 2}});
    REQUIRE_FALSE(run.error);
    requireClose(valuesOf(run.outputs[0]), {2.462117f, -0.1931757f, 1.364851f, 1.452723f});
  }
  SECTION("query and value masks") {
    KernelRun run = runKernel("Attention", config({{"use_scale", Value::boolean(true), {}}}), {query(), value()},
                              {boolMask({1, 2}, {true, false}), boolMask({1, 3}, {true, true, false})}, {scale},
                              {{1, 2, 2}});
    REQUIRE_FALSE(run.error);
    requireClose(valuesOf(run.outputs[0]), {2.462117f, -0.1931757f, 0, 0});
  }
  SECTION("causal mask") {
    KernelRun run = runKernel("Attention", config({{"use_scale", Value::boolean(true), {}}}), {query(), value()}, {},
                              {scale}, {{1, 2, 2}}, {}, causalCall());
    REQUIRE_FALSE(run.error);
    requireClose(valuesOf(run.outputs[0]), {1, 2, 1.364851f, 1.452723f});
  }
}

TEST_CASE("Attention score_mode concat sums tanh(query + key) times concat_score_weight", "[executor][attention]") {
  std::string spec = R"(
inputs: [{name: q, shape: [1, 2, 2]}, {name: v, shape: [1, 3, 2]}]
nodes:
  - {name: att, layer: Attention, config: {score_mode: concat}, inputs: [q, v]}
outputs: [att]
)";
  std::vector<float> y = runSpecOutput(spec, {query(), value()}, {{"att", {floats({}, {2})}}});
  requireClose(y, {0.6294987f, 3.16981f, 1.150087f, 2.004509f});
}

TEST_CASE("AdditiveAttention scales tanh(query + key) per feature", "[executor][attention]") {
  std::string spec = R"(
inputs: [{name: q, shape: [1, 2, 2]}, {name: v, shape: [1, 3, 2]}]
nodes:
  - {name: att, layer: AdditiveAttention, inputs: [q, v]}
outputs: [att]
)";
  std::vector<float> y = runSpecOutput(spec, {query(), value()}, {{"att", {floats({2}, {1, -0.5f})}}});
  requireClose(y, {1.96489f, 0.8353239f, 2.041093f, 0.6355592f});
}

TEST_CASE("MultiHeadAttention projects, attends per head and projects back", "[executor][attention]") {
  KernelRun run = runKernel("MultiHeadAttention", mhaConfig(), {mhaQuery(), mhaValue()}, {}, mhaKernels(),
                            {{1, 2, 2}, {1, 2, 2, 3}});
  REQUIRE_FALSE(run.error);
  requireClose(valuesOf(run.outputs[0]), {0.387543f, -3.624806f, 2.494759f, 5.00425f});
  requireClose(valuesOf(run.outputs[1]), {0.7361247f, 0.09962365f, 0.1642516f, 0.8656612f, 0.04309874f, 0.09124002f,
                                          0.07050946f, 0.8589811f, 0.07050946f, 0.4999604f, 7.922439e-05f, 0.4999604f});
}

TEST_CASE("MultiHeadAttention masks keys by the value mask and by a causal mask", "[executor][attention]") {
  SECTION("value mask") {
    KernelRun run = runKernel("MultiHeadAttention", mhaConfig(), {mhaQuery(), mhaValue()},
                              {std::nullopt, boolMask({1, 3}, {true, true, false})}, mhaKernels(), {{1, 2, 2}});
    REQUIRE_FALSE(run.error);
    requireClose(valuesOf(run.outputs[0]), {0.4659804f, -4.328108f, 3.094376f, 6.903247f});
  }
  SECTION("causal") {
    KernelRun run = runKernel("MultiHeadAttention", mhaConfig(), {mhaQuery(), mhaValue()}, {}, mhaKernels(),
                              {{1, 2, 2}}, {}, causalCall());
    REQUIRE_FALSE(run.error);
    requireClose(valuesOf(run.outputs[0]), {3, 7, 3.094376f, 6.903247f});
  }
  SECTION("a mask that does not fit the value is an error") {
    KernelRun run = runKernel("MultiHeadAttention", mhaConfig(), {mhaQuery(), mhaValue()},
                              {std::nullopt, boolMask({1, 2}, {true, false})}, mhaKernels(), {{1, 2, 2}});
    REQUIRE(run.error);
    CHECK_THAT(run.error->message, Catch::Contains("value's mask"));
  }
}

TEST_CASE("MultiHeadAttention adds the projection biases", "[executor][attention]") {
  std::vector<HostTensor> k = mhaKernels();
  std::vector<HostTensor> weights = {k[0], floats({2, 1}, {0.1f, -0.1f}), k[1], floats({2, 1}, {0, 0.2f}),
                                     k[2], floats({2, 1}, {1, -1}),      k[3], floats({2}, {0.5f, 0})};
  Value cfg = config({{"num_heads", Value::integer(2), {}}, {"key_dim", Value::integer(1), {}}});
  KernelRun run = runKernel("MultiHeadAttention", cfg, {mhaQuery(), mhaValue()}, {}, weights, {{1, 2, 2}});
  REQUIRE_FALSE(run.error);
  requireClose(valuesOf(run.outputs[0]), {1.555221f, -5.892546f, 3.491755f, 2.007645f});
}

TEST_CASE("MultiHeadAttention from a spec scales scores by 1/sqrt(key_dim)", "[executor][attention]") {
  std::string spec = R"(
inputs: [{name: q, shape: [1, 2, 2]}, {name: v, shape: [1, 3, 2]}]
nodes:
  - {name: mha, layer: MultiHeadAttention, config: {num_heads: 1, key_dim: 2, use_bias: false}, inputs: [q, v]}
outputs: [mha]
)";
  HostTensor eye3 = floats({2, 1, 2}, {1, 0, 0, 1});
  HostTensor eyeOut = floats({1, 2, 2}, {1, 0, 0, 1});
  std::vector<float> y = runSpecOutput(spec, {mhaQuery(), mhaValue()}, {{"mha", {eye3, eye3, eye3, eyeOut}}});
  requireClose(y, {2.379413f, -0.2889921f, 2.675729f, -0.6976553f});
}

namespace {

/// MultiHeadAttention on q and v with `call` as the call's keyword arguments; input m is an
/// attention_mask of `maskShape` when the call names it.
std::string mhaCallSpec(const std::string& call, const std::string& maskShape = "[1, 2, 3]",
                        const std::string& outputs = "[mha]") {
  return R"(
inputs: [{name: q, shape: [1, 2, 2]}, {name: v, shape: [1, 3, 2]}, {name: m, shape: )" +
         maskShape + R"(}]
nodes:
  - {name: mha, layer: MultiHeadAttention, config: {num_heads: 2, key_dim: 1, use_bias: false}, inputs: [q, v],
     call: )" + call + R"(}
outputs: )" + outputs + "\n";
}

}  // namespace

TEST_CASE("MultiHeadAttention applies an attention_mask passed by keyword", "[executor][attention]") {
  SECTION("hiding the last key from every query is the value mask that hides it") {
    std::vector<float> y = runSpecOutput(mhaCallSpec("{attention_mask: m}"),
                                         {mhaQuery(), mhaValue(), floats({1, 2, 3}, {1, 1, 0, 1, 1, 0})},
                                         {{"mha", mhaKernels()}});
    requireClose(y, {0.4659804f, -4.328108f, 3.094376f, 6.903247f});
  }
  SECTION("a lower-triangular mask is the causal mask") {
    std::vector<float> y = runSpecOutput(mhaCallSpec("{attention_mask: m}"),
                                         {mhaQuery(), mhaValue(), floats({1, 2, 3}, {1, 0, 0, 1, 1, 0})},
                                         {{"mha", mhaKernels()}});
    requireClose(y, {3, 7, 3.094376f, 6.903247f});
  }
  SECTION("a mask broadcast over the queries") {
    std::vector<float> y = runSpecOutput(mhaCallSpec("{attention_mask: m}", "[1, 1, 3]"),
                                         {mhaQuery(), mhaValue(), floats({1, 1, 3}, {1, 1, 0})}, {{"mha", mhaKernels()}});
    requireClose(y, {0.4659804f, -4.328108f, 3.094376f, 6.903247f});
  }
  SECTION("combined with use_causal_mask by logical and") {
    // Causal hides key 2 from query 1 and keys 1, 2 from query 0; the mask hides key 0 from
    // query 1, leaving it key 1 alone, whose value row projects to (0, ...).
    std::vector<float> both = runSpecOutput(mhaCallSpec("{attention_mask: m, use_causal_mask: true}"),
                                            {mhaQuery(), mhaValue(), floats({1, 2, 3}, {1, 1, 1, 0, 1, 1})},
                                            {{"mha", mhaKernels()}});
    std::vector<float> keyOne = runSpecOutput(mhaCallSpec("{attention_mask: m}"),
                                              {mhaQuery(), mhaValue(), floats({1, 2, 3}, {1, 0, 0, 0, 1, 0})},
                                              {{"mha", mhaKernels()}});
    requireClose(both, keyOne);
    requireClose({both[0], both[1]}, {3, 7});
  }
}

TEST_CASE("MultiHeadAttention returns its scores when the call asks for them", "[executor][attention]") {
  std::vector<float> scores = runSpecOutput(mhaCallSpec("{return_attention_scores: true}", "[1, 2, 3]", "[mha:1]"),
                                            {mhaQuery(), mhaValue(), floats({1, 2, 3}, {0, 0, 0, 0, 0, 0})},
                                            {{"mha", mhaKernels()}});
  requireClose(scores, {0.7361247f, 0.09962365f, 0.1642516f, 0.8656612f, 0.04309874f, 0.09124002f, 0.07050946f,
                        0.8589811f, 0.07050946f, 0.4999604f, 7.922439e-05f, 0.4999604f});
}
