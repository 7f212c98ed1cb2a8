// The backend-op catalogue (rules/backend_ops.yaml): its data, name canonicalization, argument
// translation, and rejection of broken catalogue text.

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "llvm/ADT/StringExtras.h"

#include "catalogue/ops/OpCatalogue.h"
#include "catalogue/ops/OpShapes.h"
#include "frontends/yaml/YamlValue.h"

namespace graphlint {
extern const char kBackendOpsYaml[];  // generated from rules/backend_ops.yaml
}

using namespace graphlint;

namespace {

const OpEntry* entryNamed(llvm::StringRef op) {
  for (const OpEntry& entry : OpCatalogue::builtin().entries())
    if (entry.op == op) return &entry;
  return nullptr;
}

bool hasSpellingIn(const OpEntry& entry, llvm::StringRef prefix) {
  return std::any_of(entry.backends.begin(), entry.backends.end(),
                     [&](const BackendSpelling& s) { return llvm::StringRef(s.name).startswith(prefix); });
}

std::vector<std::string> keys(const KerasArgs& args) {
  std::vector<std::string> out;
  for (const Value::Entry& e : args.args) out.push_back(e.key);
  return out;
}

/// Whether a parameter list names `name`.
bool namesParam(const std::vector<OpParam>& params, llvm::StringRef name) {
  return std::any_of(params.begin(), params.end(), [&](const OpParam& p) { return p.name == name; });
}

Value::Entry arg(std::string key, Value value) { return Value::Entry{std::move(key), std::move(value), {}}; }

// The ops every backend-op check relies on, as rules/backend_ops.yaml names them.
const std::vector<std::string> kRequiredOps = {
    "one_hot",    "reshape",    "concat",     "expand_dims",   "squeeze",    "cast",        "transpose",
    "matmul",     "einsum",     "gather",     "argmax",        "softmax",    "relu",        "sigmoid",
    "tanh",       "where",      "stack",      "split",         "tile",       "reduce_mean", "reduce_sum",
    "reduce_max", "reduce_min", "reduce_prod", "clip_by_value", "sqrt",      "exp",         "log",
    "abs",        "pow",        "add",        "subtract",      "multiply",   "maximum",     "minimum",
    "l2_normalize", "range",    "shape",      "reverse",       "pad",        "top_k",       "conv2d",
    "dropout"};

}  // namespace

TEST_CASE("the builtin catalogue parses", "[catalogue]") {
  Result<OpCatalogue> parsed = OpCatalogue::parse(kBackendOpsYaml);
  if (!parsed) FAIL("rules/backend_ops.yaml: " << parsed.error().message);
  CHECK(parsed->entries().size() == OpCatalogue::builtin().entries().size());
  CHECK(OpCatalogue::builtin().entries().size() >= 40);
}

TEST_CASE("the required ops have a TensorFlow spelling and mostly JAX, PyTorch and NumPy ones", "[catalogue]") {
  size_t jax = 0, torch = 0, numpy = 0;
  std::vector<std::string> missing;
  for (const std::string& op : kRequiredOps) {
    INFO("op " << op);
    const OpEntry* entry = entryNamed(op);
    REQUIRE(entry != nullptr);
    CHECK(hasSpellingIn(*entry, "tf."));
    jax += hasSpellingIn(*entry, "jax.");
    torch += hasSpellingIn(*entry, "torch.");
    numpy += hasSpellingIn(*entry, "np.");
    for (const char* prefix : {"jax.", "torch.", "np."})
      if (!hasSpellingIn(*entry, prefix)) missing.push_back(op + " has no " + prefix + " spelling");
  }
  INFO(llvm::join(missing, "\n"));
  // "Most": at least three in four of the required ops.
  size_t most = (kRequiredOps.size() * 3 + 3) / 4;
  CHECK(jax >= most);
  CHECK(torch >= most);
  CHECK(numpy >= most);
  // Ops with no keras.ops function still have a Keras answer (dropout: the Dropout layer).
  CHECK(!entryNamed("dropout")->keras);
  CHECK(entryNamed("dropout")->layer == "Dropout(rate={rate})");
}

TEST_CASE("well-known spellings resolve to their catalogue entry", "[catalogue]") {
  auto [name, op, keras] = GENERATE(table<std::string, std::string, std::string>({
      {"tf.one_hot", "one_hot", "keras.ops.one_hot"},
      {"jax.nn.one_hot", "one_hot", "keras.ops.one_hot"},
      {"torch.nn.functional.one_hot", "one_hot", "keras.ops.one_hot"},
      {"jax.numpy.take", "gather", "keras.ops.take"},
      {"tf.gather", "gather", "keras.ops.take"},
      {"np.log", "log", "keras.ops.log"},
      {"tf.math.reduce_sum", "reduce_sum", "keras.ops.sum"},
      {"torch.cat", "concat", "keras.ops.concatenate"},
      {"tf.nn.conv2d", "conv2d", "keras.ops.conv"},
      {"tf.reverse", "reverse", "keras.ops.flip"},
      {"torch.topk", "top_k", "keras.ops.top_k"},
  }));
  const OpCatalogue& ops = OpCatalogue::builtin();
  OpCatalogue::Match match = ops.find(name);
  INFO(name);
  REQUIRE(match.entry != nullptr);
  REQUIRE(match.spelling != nullptr);
  CHECK(match.spelling->name == name);
  CHECK(match.entry->op == op);
  REQUIRE(match.entry->keras);
  CHECK(*match.entry->keras == keras);
  // The keras.ops function itself matches without a backend spelling.
  OpCatalogue::Match kerasMatch = ops.find(keras);
  REQUIRE(kerasMatch.entry != nullptr);
  CHECK(kerasMatch.spelling == nullptr);
  CHECK(*kerasMatch.entry->keras == keras);

  CHECK(ops.find("tf.no_such_op").entry == nullptr);
  CHECK(ops.find("keras.ops.onehot").entry == nullptr);
}

TEST_CASE("every catalogue entry is well-formed", "[catalogue]") {
  const OpCatalogue& ops = OpCatalogue::builtin();
  std::set<std::string> opNames;
  for (const OpEntry& entry : ops.entries()) {
    INFO("op " << entry.op);
    CHECK(opNames.insert(entry.op).second);
    CHECK(isKnownShapeFamily(entry.shape));
    CHECK(isKnownDTypeRule(entry.dtype));
    CHECK(entry.tensors >= -1);
    CHECK(entry.tensors <= 3);
    if (entry.keras) CHECK(ops.isKerasOp(*entry.keras));
    CHECK(!entry.backends.empty());
    for (const BackendSpelling& spelling : entry.backends) {
      INFO("spelling " << spelling.name);
      // Spellings are canonical names of a backend, and find() leads back to them.
      CHECK(ops.canonicalName(spelling.name) == spelling.name);
      CHECK(!ops.backendOf(spelling.name).empty());
      OpCatalogue::Match match = ops.find(spelling.name);
      CHECK(match.entry == &entry);
      CHECK(match.spelling == &spelling);
      // Renames and drops name real parameters of the backend function.
      for (const auto& rename : spelling.rename) {
        INFO("rename " << rename.first().str() << " -> " << rename.second);
        CHECK(namesParam(spelling.params, rename.first()));
        if (!entry.params.empty()) CHECK(namesParam(entry.params, rename.second));
      }
      for (const std::string& dropped : spelling.drop) {
        INFO("drop " << dropped);
        CHECK(namesParam(spelling.params, dropped));
      }
      for (const std::string& reshaping : spelling.reshapes) {
        INFO("reshapes " << reshaping);
        CHECK(llvm::is_contained(spelling.drop, reshaping));
      }
      // A spelling's own shape family is one the C++ side knows; what it implies is in keras terms.
      if (!spelling.shape.empty()) CHECK(isKnownShapeFamily(spelling.shape));
      for (const Value::Entry& implied : spelling.implies) {
        INFO("implies " << implied.key);
        CHECK(namesParam(entry.params, implied.key));
        CHECK(!entry.isTensorParam(implied.key));
      }
    }
  }
  CHECK(isKnownShapeFamily("one_hot"));
  CHECK(!isKnownShapeFamily("one-hot"));
  CHECK(!isKnownShapeFamily(""));
  CHECK(isKnownDTypeRule("float"));
  CHECK(!isKnownDTypeRule("float64x"));
  CHECK(!isKnownDTypeRule(""));
}

TEST_CASE("a variadic parameter is named without its '*' marker", "[catalogue]") {
  // The catalogue writes einsum's operands as "*operands" and renames tf.einsum's `inputs` to
  // `operands`; keeping the '*' in the name breaks that rename and makes the operands look like
  // a required keyword argument (missing-attribute: "needs the argument '*operands'").
  const OpEntry* einsum = entryNamed("einsum");
  REQUIRE(einsum != nullptr);
  CHECK(einsum->findParam("operands") != nullptr);
  OpCatalogue::Match tf = OpCatalogue::builtin().find("tf.einsum");
  REQUIRE(tf.spelling != nullptr);
  std::vector<std::string> names;
  for (const OpParam& p : tf.spelling->params) names.push_back(p.name);
  CHECK(names == std::vector<std::string>{"equation", "inputs"});
  // The marker survives as a flag; einsum's tensors are its variadic operands.
  CHECK(einsum->findParam("operands")->variadic);
  CHECK(!einsum->findParam("subscripts")->variadic);
  CHECK(tf.spelling->params[1].variadic);
  CHECK(einsum->hasVariadicTensors());
  CHECK(einsum->isTensorParam("operands"));
  CHECK(!einsum->isTensorParam("subscripts"));
  CHECK(!entryNamed("matmul")->hasVariadicTensors());
  // The rename to `operands` now names a keras parameter, so translate keeps it.
  KerasArgs translated = OpCatalogue::translate(tf, Value::map({arg("equation", Value::string("ij->ji"))}));
  CHECK(keys(translated) == std::vector<std::string>{"subscripts"});
  CHECK(translated.dropped.empty());
  CHECK(translated.unknown.empty());
}

TEST_CASE("a variadic parameter takes no default and no second '*'", "[catalogue]") {
  auto [params, message] = GENERATE(table<std::string, std::string>({
      {"[x, \"*rest=1\"]", "a variadic param is written \"*name\", without a default (rules/backend_ops.yaml:4)"},
      {"[x, \"**kwargs\"]", "a variadic param is written \"*name\", without a default (rules/backend_ops.yaml:4)"},
  }));
  std::string text = "ops:\n  - op: f\n    keras: keras.ops.f\n    params: " + params + "\n";
  INFO(text);
  Result<OpCatalogue> parsed = OpCatalogue::parse(text);
  REQUIRE(!parsed.ok());
  CHECK(parsed.error().message == message);
}

TEST_CASE("translate adds the keras args a backend's defaults imply", "[catalogue]") {
  const OpCatalogue& ops = OpCatalogue::builtin();
  // tf.gather gathers rows (axis 0) where keras.ops.take would flatten; tf.math.top_k's k is 1.
  auto [name, given, expected] = GENERATE(table<std::string, std::string, std::string>({
      {"tf.gather", "", "axis=0"},
      {"tf.gather", "axis", "axis=3"},
      {"tf.nn.embedding_lookup", "", "axis=0"},
      {"jax.numpy.take", "", ""},
      {"tf.math.top_k", "", "k=1"},
      {"tf.math.top_k", "k", "k=3"},
  }));
  INFO(name << " given " << given);
  OpCatalogue::Match match = ops.find(name);
  REQUIRE(match.spelling != nullptr);
  Value args = given.empty() ? Value::map({}) : Value::map({arg(given, Value::integer(3))});
  KerasArgs translated = OpCatalogue::translate(match, args);
  std::vector<std::string> got;
  for (const Value::Entry& e : translated.args) got.push_back(e.key + "=" + e.value.str());
  CHECK(llvm::join(got, ",") == expected);
}

TEST_CASE("translate puts the tensors of a backend that lists them differently in keras order", "[catalogue]") {
  const OpCatalogue& ops = OpCatalogue::builtin();
  // F.embedding(input, weight) is keras.ops.take(x=weight, indices=input).
  KerasArgs embedding = OpCatalogue::translate(ops.find("torch.nn.functional.embedding"), Value::map({}));
  CHECK(embedding.tensorOrder == std::vector<size_t>{1, 0});
  std::vector<std::string> nodeOrder = {"ids", "table"};
  CHECK(embedding.inKerasOrder(llvm::ArrayRef<std::string>(nodeOrder)) == std::vector<std::string>{"table", "ids"});
  // torch.index_select(input, dim, index): the tensors come in keras order around `dim`.
  CHECK(OpCatalogue::translate(ops.find("torch.index_select"), Value::map({})).tensorOrder.empty());
  CHECK(OpCatalogue::translate(ops.find("tf.gather"), Value::map({})).tensorOrder.empty());
  CHECK(OpCatalogue::translate(ops.find("keras.ops.take"), Value::map({})).tensorOrder.empty());
}

TEST_CASE("translate picks a spelling's own shape family", "[catalogue]") {
  const OpCatalogue& ops = OpCatalogue::builtin();
  auto [name, family, countKnown] = GENERATE(table<std::string, std::string, bool>({
      {"keras.ops.split", "split", true},
      {"np.split", "split", true},
      {"tf.split", "split_sizes", true},
      {"torch.split", "unknown", false},
      {"tf.nn.conv2d", "conv", true},
      {"torch.nn.functional.conv2d", "torch_conv", true},
      {"torch.nn.functional.pad", "unknown", false},
      {"keras.ops.top_k", "top_k", true},
      {"keras.ops.shape", "shape", false},
  }));
  INFO(name);
  OpCatalogue::Match match = ops.find(name);
  REQUIRE(match.entry != nullptr);
  KerasArgs translated = OpCatalogue::translate(match, Value::map({}));
  CHECK(translated.shape == family);
  CHECK(knowsOutputCount(*match.entry, translated) == countKnown);
}

TEST_CASE("aliases canonicalize a call name before lookup", "[catalogue]") {
  auto [name, canonical, framework] = GENERATE(table<std::string, std::string, std::string>({
      {"jnp.take", "jax.numpy.take", "JAX"},
      {"lax.top_k", "jax.lax.top_k", "JAX"},
      {"F.one_hot", "torch.nn.functional.one_hot", "PyTorch"},
      {"tensorflow.math.log", "tf.math.log", "TensorFlow"},
      {"numpy.log", "np.log", "NumPy"},
      {"onp.log", "np.log", "NumPy"},
      {"ops.one_hot", "keras.ops.one_hot", ""},
      {"tf.one_hot", "tf.one_hot", "TensorFlow"},
      {"torch.nn.functional.one_hot", "torch.nn.functional.one_hot", "PyTorch"},
      {"keras.ops.one_hot", "keras.ops.one_hot", ""},
      // Only a whole leading component is an alias or a backend.
      {"mylib.F.one_hot", "mylib.F.one_hot", ""},
      {"jnpx.take", "jnpx.take", ""},
      {"numpyro.sample", "numpyro.sample", ""},
      {"torchvision.ops.nms", "torchvision.ops.nms", ""},
      {"tfx.transform", "tfx.transform", ""},
  }));
  const OpCatalogue& ops = OpCatalogue::builtin();
  INFO(name);
  CHECK(ops.canonicalName(name) == canonical);
  CHECK(ops.backendOf(ops.canonicalName(name)).str() == framework);
  CHECK(ops.isKerasOp(ops.canonicalName(name)) == llvm::StringRef(canonical).startswith("keras.ops."));
}

TEST_CASE("translate renames tf.one_hot's depth and reports what keras.ops cannot take", "[catalogue]") {
  const OpCatalogue& ops = OpCatalogue::builtin();
  OpCatalogue::Match match = ops.find("tf.one_hot");
  REQUIRE(match.spelling != nullptr);
  Value args = Value::map({arg("depth", Value::integer(10000)), arg("on_value", Value::number(2.0)),
                           arg("off_value", Value::number(-1.0)), arg("axis", Value::integer(-1)),
                           arg("dtype", Value::string("float16")), arg("name", Value::string("onehot"))});
  KerasArgs translated = OpCatalogue::translate(match, args);
  CHECK(keys(translated) == std::vector<std::string>{"num_classes", "axis", "dtype"});
  REQUIRE(translated.find("num_classes") != nullptr);
  CHECK(translated.find("num_classes")->asInt() == 10000);
  CHECK(translated.find("depth") == nullptr);
  CHECK(translated.find("dtype")->asString() == "float16");
  CHECK(translated.dropped == std::vector<std::string>{"on_value", "off_value"});
  CHECK(translated.unknown.empty());
}

TEST_CASE("translate marks dropped arguments that change tf.matmul's shape", "[catalogue]") {
  OpCatalogue::Match match = OpCatalogue::builtin().find("tf.matmul");
  REQUIRE(match.spelling != nullptr);
  auto [flag, value, reshaping] = GENERATE(table<std::string, bool, bool>({
      {"transpose_b", true, true},
      {"transpose_b", false, false},  // the default: keras.ops.matmul computes the same shape
      {"adjoint_a", true, true},
      {"a_is_sparse", true, false},   // dropped, but the shape is unchanged
  }));
  INFO(flag << "=" << value);
  KerasArgs translated = OpCatalogue::translate(match, Value::map({arg(flag, Value::boolean(value))}));
  CHECK(translated.dropped == std::vector<std::string>{flag});
  CHECK(translated.reshaping.empty() == !reshaping);
}

TEST_CASE("a backend default for a parameter keras.ops requires is as if not given", "[catalogue]") {
  // torch's one_hot infers num_classes from the data (-1); keras.ops.one_hot needs it.
  OpCatalogue::Match match = OpCatalogue::builtin().find("torch.nn.functional.one_hot");
  REQUIRE(match.spelling != nullptr);
  CHECK(OpCatalogue::translate(match, Value::map({arg("num_classes", Value::integer(-1))})).find("num_classes") == nullptr);
  KerasArgs given = OpCatalogue::translate(match, Value::map({arg("num_classes", Value::integer(5))}));
  REQUIRE(given.find("num_classes") != nullptr);
  CHECK(given.find("num_classes")->asInt() == 5);
}

TEST_CASE("translate reports arguments a function does not take", "[catalogue]") {
  const OpCatalogue& ops = OpCatalogue::builtin();
  auto [name, key, expectedKeys, unknown] =
      GENERATE(table<std::string, std::string, std::vector<std::string>, std::vector<std::string>>({
          {"tf.one_hot", "dept", {}, {"dept"}},
          {"keras.ops.one_hot", "depth", {}, {"depth"}},
          {"keras.ops.one_hot", "num_classes", {"num_classes"}, {}},
          {"torch.nn.functional.one_hot", "num_classes", {"num_classes"}, {}},
          {"torch.cat", "dim", {"axis"}, {}},
          {"tf.nn.dropout", "rate", {"rate"}, {}},
          {"torch.nn.functional.dropout", "p", {"rate"}, {}},
      }));
  INFO(name << "(" << key << "=...)");
  OpCatalogue::Match match = ops.find(name);
  REQUIRE(match.entry != nullptr);
  KerasArgs translated = OpCatalogue::translate(match, Value::map({arg(key, Value::integer(3))}));
  CHECK(keys(translated) == expectedKeys);
  CHECK(translated.unknown == unknown);
  CHECK(translated.dropped.empty());
}

TEST_CASE("a catalogue that lists a spelling twice is rejected", "[catalogue]") {
  Result<OpCatalogue> parsed = OpCatalogue::parse(R"(backends: {tf.: TensorFlow}
ops:
  - op: first
    keras: keras.ops.first
    params: [x]
    backend:
      tf.shared: {params: [x]}
  - op: second
    keras: keras.ops.second
    params: [x]
    backend:
      tf.shared: {params: [x]}
)");
  REQUIRE(!parsed.ok());
  CHECK(parsed.error().message == "rules/backend_ops.yaml lists 'tf.shared' twice");
}

TEST_CASE("broken catalogue text is an error, not a crash", "[catalogue]") {
  auto [text, message] = GENERATE(table<std::string, std::string>({
      {"aliases: {}\n", "rules/backend_ops.yaml has no 'ops' list"},
      {"ops:\n  - keras: keras.ops.x\n", "op entry without 'op' (rules/backend_ops.yaml:2)"},
      {"ops:\n  - op: x\n    tensors: many\n", "'tensors' must be an integer or 'list' (rules/backend_ops.yaml:3)"},
      {"ops:\n  - op: x\n    params: x\n", "'params' must be a list (rules/backend_ops.yaml:3)"},
      {"ops:\n  - op: x\n    backend: [tf.x]\n", "'backend' must be a mapping (rules/backend_ops.yaml:3)"},
  }));
  INFO(text);
  Result<OpCatalogue> parsed = OpCatalogue::parse(text);
  REQUIRE(!parsed.ok());
  CHECK(parsed.error().message == message);

  Result<OpCatalogue> notYaml = OpCatalogue::parse("ops: [\n");
  REQUIRE(!notYaml.ok());
  CHECK(llvm::StringRef(notYaml.error().message).startswith("rules/backend_ops.yaml:"));
}

TEST_CASE("the longest alias wins", "[catalogue]") {
  Result<OpCatalogue> parsed = OpCatalogue::parse(R"(aliases:
  a.: short.
  a.b.: long.
backends: {long.: Long, short.: Short}
ops:
  - op: f
    keras: keras.ops.f
    params: [x]
    backend:
      long.f: {params: [x]}
)");
  if (!parsed) FAIL(parsed.error().message);
  CHECK(parsed->canonicalName("a.b.f") == "long.f");
  CHECK(parsed->canonicalName("a.c") == "short.c");
  CHECK(parsed->backendOf("long.f") == "Long");
  CHECK(parsed->find("long.f").entry != nullptr);
  CHECK(parsed->allNames() == std::vector<std::string>{"keras.ops.f", "long.f"});
}

TEST_CASE("allNames lists every spelling once, sorted", "[catalogue]") {
  std::vector<std::string> names = OpCatalogue::builtin().allNames();
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
  CHECK(llvm::is_contained(names, "tf.one_hot"));
  CHECK(llvm::is_contained(names, "keras.ops.one_hot"));
  CHECK(llvm::is_contained(names, "torch.nn.functional.one_hot"));
  CHECK(!llvm::is_contained(names, "F.one_hot"));  // aliases are not spellings
}

// ---------------------------------------------------------------------------------------------
// What tf.keras 2 op layers (TFOpLambda, SlicingOpLambda) record
// ---------------------------------------------------------------------------------------------

TEST_CASE("the TF symbols tf.keras op layers record resolve to their catalogue entry", "[catalogue][tf-keras]") {
  // The `function` of a TFOpLambda is the canonical tf_export name; Python operators on
  // KerasTensors record tf.__operators__.* or the math op they call.
  auto [name, op, keras] = GENERATE(table<std::string, std::string, std::string>({
      {"tf.__operators__.add", "add", "keras.ops.add"},
      {"tf.__operators__.eq", "equal", "keras.ops.equal"},
      {"tf.__operators__.ne", "not_equal", "keras.ops.not_equal"},
      {"tf.__operators__.getitem", "getitem", ""},
      {"tf.math.add", "add", "keras.ops.add"},
      {"tf.math.subtract", "subtract", "keras.ops.subtract"},
      {"tf.math.multiply", "multiply", "keras.ops.multiply"},
      {"tf.math.truediv", "divide", "keras.ops.divide"},
      {"tf.math.floordiv", "floor_divide", "keras.ops.floor_divide"},
      {"tf.math.floormod", "mod", "keras.ops.mod"},
      {"tf.math.pow", "pow", "keras.ops.power"},
      {"tf.math.negative", "negative", "keras.ops.negative"},
      {"tf.math.abs", "abs", "keras.ops.absolute"},
      {"tf.math.greater", "greater", "keras.ops.greater"},
      {"tf.math.greater_equal", "greater_equal", "keras.ops.greater_equal"},
      {"tf.math.less", "less", "keras.ops.less"},
      {"tf.math.less_equal", "less_equal", "keras.ops.less_equal"},
      {"tf.math.logical_and", "logical_and", "keras.ops.logical_and"},
      {"tf.math.logical_or", "logical_or", "keras.ops.logical_or"},
      {"tf.math.logical_xor", "logical_xor", "keras.ops.logical_xor"},
      {"tf.math.logical_not", "logical_not", "keras.ops.logical_not"},
      {"tf.linalg.matmul", "matmul", "keras.ops.matmul"},
      {"tf.compat.v1.squeeze", "squeeze", "keras.ops.squeeze"},
      {"tf.compat.v1.gather", "gather", "keras.ops.take"},
      {"tf.compat.v1.transpose", "transpose", "keras.ops.transpose"},
      {"tf.compat.v1.pad", "pad", "keras.ops.pad"},
      {"tf.compat.v1.shape", "shape", "keras.ops.shape"},
      {"tf.compat.v1.boolean_mask", "boolean_mask", ""},
      {"tf.compat.v1.nn.moments", "moments", "keras.ops.moments"},
      {"tf.compat.v1.gather_nd", "gather_nd", ""},
      {"tf.nn.relu", "relu", "keras.ops.relu"},
      {"tf.nn.selu", "selu", "keras.ops.selu"},
      {"tf.nn.softsign", "softsign", "keras.ops.softsign"},
      {"tf.math.sigmoid", "sigmoid", "keras.ops.sigmoid"},
      {"tf.nn.softmax", "softmax", "keras.ops.softmax"},
      {"tf.nn.gelu", "gelu", "keras.ops.gelu"},
      {"tf.math.reduce_mean", "reduce_mean", "keras.ops.mean"},
      {"tf.math.reduce_max", "reduce_max", "keras.ops.max"},
      {"tf.image.resize", "image_resize", "keras.ops.image.resize"},
      {"tf.expand_dims", "expand_dims", "keras.ops.expand_dims"},
      {"tf.reshape", "reshape", "keras.ops.reshape"},
      {"tf.concat", "concat", "keras.ops.concatenate"},
      {"tf.stack", "stack", "keras.ops.stack"},
      {"tf.cast", "cast", "keras.ops.cast"},
      {"tf.einsum", "einsum", "keras.ops.einsum"},
      {"tf.one_hot", "one_hot", "keras.ops.one_hot"},
      {"tf.where", "where", "keras.ops.where"},
      {"tf.clip_by_value", "clip_by_value", "keras.ops.clip"},
      {"tf.nn.l2_normalize", "l2_normalize", "keras.ops.normalize"},
      {"tf.math.l2_normalize", "l2_normalize", "keras.ops.normalize"},
      {"tf.split", "split", "keras.ops.split"},
      {"tf.tile", "tile", "keras.ops.tile"},
      {"tf.pad", "pad", "keras.ops.pad"},
      {"tf.shape", "shape", "keras.ops.shape"},
      {"tf.boolean_mask", "boolean_mask", ""},
  }));
  INFO(name);
  const OpCatalogue& ops = OpCatalogue::builtin();
  CHECK(ops.backendOf(name) == "TensorFlow");
  OpCatalogue::Match match = ops.find(name);
  REQUIRE(match.entry != nullptr);
  REQUIRE(match.spelling != nullptr);
  CHECK(match.entry->op == op);
  CHECK(match.entry->keras.value_or("") == keras);
}

TEST_CASE("only the tf.__operators__ spellings are recorded from operators", "[catalogue][tf-keras]") {
  std::vector<std::string> fromOperator;
  for (const OpEntry& entry : OpCatalogue::builtin().entries())
    for (const BackendSpelling& spelling : entry.backends)
      if (spelling.fromOperator) fromOperator.push_back(spelling.name);
  std::sort(fromOperator.begin(), fromOperator.end());
  CHECK(fromOperator == std::vector<std::string>{"tf.__operators__.add", "tf.__operators__.eq", "tf.__operators__.getitem",
                                                 "tf.__operators__.ne"});
}

TEST_CASE("operator expressions name their entry's parameters", "[catalogue][tf-keras]") {
  size_t withOperator = 0;
  for (const OpEntry& entry : OpCatalogue::builtin().entries()) {
    if (entry.operatorText.empty()) continue;
    ++withOperator;
    INFO("op " << entry.op << ": " << entry.operatorText);
    llvm::StringRef rest = entry.operatorText;
    size_t placeholders = 0;
    while (true) {
      size_t open = rest.find('{');
      if (open == llvm::StringRef::npos) break;
      size_t close = rest.find('}', open);
      REQUIRE(close < rest.size());  // (comparing with npos in REQUIRE would odr-use it)
      auto [name, format] = rest.slice(open + 1, close).split(':');
      CHECK(entry.findParam(name) != nullptr);
      CHECK((format.empty() || format == "index"));
      ++placeholders;
      rest = rest.drop_front(close + 1);
    }
    CHECK(placeholders >= 1);
  }
  CHECK(withOperator >= 18);
  // A KerasTensor has no __eq__: `==` compares identity, so equal has no operator.
  CHECK(entryNamed("equal")->operatorText.empty());
  CHECK(entryNamed("add")->operatorText == "{x1} + {x2}");
  CHECK(entryNamed("getitem")->operatorText == "{x}[{slice_spec:index}]");
}

TEST_CASE("from_operator must be a boolean", "[catalogue][tf-keras]") {
  Result<OpCatalogue> parsed = OpCatalogue::parse(R"(backends: {tf.: TensorFlow}
ops:
  - op: f
    keras: keras.ops.f
    params: [x]
    backend:
      tf.f: {params: [x], from_operator: yes please}
)");
  REQUIRE(!parsed.ok());
  CHECK(parsed.error().message == "'from_operator' must be true or false (rules/backend_ops.yaml:7)");
}

TEST_CASE("the v1 spellings tf.keras records translate by their own parameter names", "[catalogue][tf-keras]") {
  const OpCatalogue& ops = OpCatalogue::builtin();
  auto [name, args, expected, dropped] = GENERATE(table<std::string, std::string, std::string, std::string>({
      {"tf.compat.v1.squeeze", "{axis: [1]}", "axis=[1]", ""},
      {"tf.compat.v1.squeeze", "{squeeze_dims: [1]}", "axis=[1]", ""},
      {"tf.compat.v1.transpose", "{perm: [0, 2, 1], conjugate: false}", "axes=[0, 2, 1]", "conjugate"},
      {"tf.compat.v1.gather", "{}", "axis=0", ""},
      {"tf.compat.v1.gather", "{axis: 1, validate_indices: true}", "axis=1", "validate_indices"},
      {"tf.compat.v1.pad", "{paddings: [[0, 0], [1, 1]], mode: CONSTANT}", "pad_width=[[0, 0], [1, 1]],mode=\"CONSTANT\"", ""},
      {"tf.compat.v1.shape", "{out_type: int64}", "", "out_type"},
      {"tf.compat.v1.nn.moments", "{axes: [0], keep_dims: true}", "axes=[0],keepdims=True", ""},
      {"tf.image.resize", "{size: [8, 8], method: nearest}", "size=[8, 8],interpolation=\"nearest\"", ""},
  }));
  INFO(name << args);
  Result<Value> parsed = parseYaml(args);
  REQUIRE(parsed.ok());
  KerasArgs translated = OpCatalogue::translate(ops.find(name), *parsed);
  std::vector<std::string> got;
  for (const Value::Entry& e : translated.args) got.push_back(e.key + "=" + e.value.str());
  CHECK(llvm::join(got, ",") == expected);
  CHECK(llvm::join(translated.dropped, ",") == dropped);
  CHECK(translated.unknown.empty());
}

TEST_CASE("arguments that change the result's shape are marked for tf.keras spellings", "[catalogue][tf-keras]") {
  const OpCatalogue& ops = OpCatalogue::builtin();
  auto [name, args, reshaping] = GENERATE(table<std::string, std::string, std::string>({
      {"tf.gather", "{batch_dims: 1}", "batch_dims"},
      {"tf.gather", "{batch_dims: 0}", ""},
      {"tf.compat.v1.gather", "{batch_dims: 1}", "batch_dims"},
      {"tf.image.resize", "{size: [8, 8], preserve_aspect_ratio: true}", "preserve_aspect_ratio"},
      {"tf.image.resize", "{size: [8, 8], preserve_aspect_ratio: false}", ""},
  }));
  INFO(name << args);
  Result<Value> parsed = parseYaml(args);
  REQUIRE(parsed.ok());
  CHECK(llvm::join(OpCatalogue::translate(ops.find(name), *parsed).reshaping, ",") == reshaping);
}

TEST_CASE("a tensor parameter given as an argument is a constant tensor", "[catalogue][tf-keras]") {
  const OpCatalogue& ops = OpCatalogue::builtin();
  // tf.keras records `x * 2.0` as tf.math.multiply with input x and y: 2.0, and `1.0 - x` with
  // the constant first.
  auto [name, args, constants, rest] = GENERATE(table<std::string, std::string, std::string, std::string>({
      {"tf.math.multiply", "{y: 2.0}", "1=2.0", ""},
      {"tf.math.subtract", "{x: 1.0}", "0=1.0", ""},
      {"tf.__operators__.eq", "{other: 0}", "1=0", ""},
      {"keras.ops.add", "{x2: [1, 2]}", "1=[1, 2]", ""},
      {"tf.where", "{y: 0.0}", "2=0.0", ""},
      {"tf.where", "{x: 1, y: 0}", "1=1,2=0", ""},
      // Other parameters stay arguments.
      {"tf.compat.v1.nn.moments", "{axes: [1]}", "", "axes=[1]"},
      // A list of tensors or variadic operands is not a constant tensor.
      {"tf.concat", "{values: [1, 2], axis: 0}", "", "xs=[1, 2],axis=0"},
      {"tf.einsum", "{equation: ij}", "", "subscripts=\"ij\""},
  }));
  INFO(name << args);
  Result<Value> parsed = parseYaml(args);
  REQUIRE(parsed.ok());
  KerasArgs translated = OpCatalogue::translate(ops.find(name), *parsed);
  std::vector<std::string> gotConstants, gotArgs;
  for (const ConstantTensor& c : translated.constants) gotConstants.push_back(std::to_string(c.param) + "=" + c.value.str());
  for (const Value::Entry& e : translated.args) gotArgs.push_back(e.key + "=" + e.value.str());
  CHECK(llvm::join(gotConstants, ",") == constants);
  CHECK(llvm::join(gotArgs, ",") == rest);
  CHECK(translated.unknown.empty());
}

TEST_CASE("constant tensors take their parameters' places among the node's tensors", "[catalogue][tf-keras]") {
  const OpCatalogue& ops = OpCatalogue::builtin();
  auto constant = [](const Value& v) { return "const " + v.str(); };
  std::vector<std::string> x = {"x"};
  KerasArgs second = OpCatalogue::translate(ops.find("tf.math.multiply"), Value::map({arg("y", Value::number(2.0))}));
  CHECK(second.inKerasOrder(llvm::ArrayRef<std::string>(x), constant) == std::vector<std::string>{"x", "const 2.0"});
  KerasArgs first = OpCatalogue::translate(ops.find("tf.math.subtract"), Value::map({arg("x", Value::number(1.0))}));
  CHECK(first.inKerasOrder(llvm::ArrayRef<std::string>(x), constant) == std::vector<std::string>{"const 1.0", "x"});
  KerasArgs outer = OpCatalogue::translate(ops.find("tf.where"), Value::map({arg("condition", Value::boolean(true)),
                                                                             arg("y", Value::integer(0))}));
  CHECK(outer.inKerasOrder(llvm::ArrayRef<std::string>(x), constant) ==
        std::vector<std::string>{"const True", "x", "const 0"});
  // F.embedding(input, weight): with the table given as a constant, the node's one tensor is
  // the indices, and no reordering is left to do.
  KerasArgs embedding = OpCatalogue::translate(ops.find("torch.nn.functional.embedding"),
                                               Value::map({arg("weight", Value::list({Value::list({Value::number(0.5)})}))}));
  CHECK(embedding.tensorOrder.empty());
  std::vector<std::string> ids = {"ids"};
  CHECK(embedding.inKerasOrder(llvm::ArrayRef<std::string>(ids), constant) ==
        std::vector<std::string>{"const [[0.5]]", "ids"});
}
