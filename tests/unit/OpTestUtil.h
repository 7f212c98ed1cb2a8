#pragma once
// Helpers for tests of function-style ops, called as shape inference calls them: a catalogue
// spelling, its arguments (a YAML flow map) translated to keras.ops names, and tensor types
// written as text.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "llvm/ADT/StringExtras.h"

#include "catalogue/ops/OpCatalogue.h"
#include "catalogue/ops/OpShapes.h"
#include "frontends/yaml/YamlValue.h"

namespace graphlint::test {

/// `batch, t, 16` as a tensor type: `?` is an unknown dim, `*` an unknown rank, `` rank 0.
inline TensorType tensor(const std::string& dims, DType dtype = DType::Float32) {
  if (dims == "*") return TensorType{dtype, std::nullopt};
  Dims out;
  llvm::SmallVector<llvm::StringRef, 4> parts;
  llvm::StringRef(dims).split(parts, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef part : parts) {
    part = part.trim();
    if (part == "?") { out.push_back(Dim::unknown()); continue; }
    Result<Dim> d = parseDim(part);
    INFO("dim '" << part.str() << "'");
    REQUIRE(d.ok());
    out.push_back(*d);
  }
  return TensorType::of(dtype, std::move(out));
}

struct Inferred {
  Result<std::vector<TensorType>> outputs = std::vector<TensorType>{};
  bool countKnown = false;
  AssumptionLog log;

  std::string error() const { return outputs ? std::string("(no error)") : outputs.error().message; }
  /// `(a, b) float32 | (c,) int32`.
  std::string text() const {
    if (!outputs) return "error: " + outputs.error().message;
    std::vector<std::string> parts;
    for (const TensorType& t : *outputs) parts.push_back(t.shapeStr() + " " + dtypeName(t.dtype).str());
    return llvm::join(parts, " | ");
  }
  std::vector<std::string> assumptions() const {
    std::vector<std::string> out;
    for (const Assumption& a : log.items()) out.push_back(a.lhs.str() + " == " + a.rhs.str());
    return out;
  }
};

/// `op` (any catalogue spelling) called with `args` (a YAML flow map in the spelling's names)
/// on `tensors`, in the node's order.
inline Inferred infer(const std::string& op, const std::string& args, const std::vector<TensorType>& tensors) {
  const OpCatalogue& ops = OpCatalogue::builtin();
  OpCatalogue::Match match = ops.find(ops.canonicalName(op));
  INFO("op " << op);
  REQUIRE(match.entry != nullptr);
  Result<Value> parsed = parseYaml(args);
  INFO("args " << args);
  REQUIRE(parsed.ok());
  KerasArgs translated = OpCatalogue::translate(match, *parsed);
  REQUIRE(translated.unknown.empty());
  Inferred result;
  result.outputs = inferOpOutputs(*match.entry, translated, tensors, &result.log);
  result.countKnown = knowsOutputCount(*match.entry, translated, tensors);
  return result;
}

struct Case {
  std::string op, args;
  std::vector<TensorType> tensors;
  std::string expected;  // Inferred::text()
};

inline void checkCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    std::vector<std::string> inputs;
    for (const TensorType& t : c.tensors) inputs.push_back(t.shapeStr());
    INFO(c.op << c.args << " on " << llvm::join(inputs, ", "));
    Inferred got = infer(c.op, c.args, c.tensors);
    CHECK(got.text() == c.expected);
  }
}

}  // namespace graphlint::test
