#include "rules/SchemaIssueRule.h"

namespace graphlint {
namespace {

class UnknownLayerRule final : public SchemaIssueRule {
 public:
  UnknownLayerRule() : SchemaIssueRule(SchemaIssueKind::UnknownLayer) {}
  llvm::StringRef id() const override { return "unknown-layer"; }
  llvm::StringRef summary() const override { return "a layer class graphlint does not know"; }
  llvm::StringRef doc() const override {
    return R"(## What it does
Reports a `layer:` class name that is not a Keras layer known to graphlint, with the closest
known name.

## Why it matters
A misspelt class (`Dence`) fails when Keras deserializes the model. Shapes after the unknown
layer cannot be inferred, so later checks see unknown dims there.

## Example
```yaml
- layer: Dence
  config: {units: 10}
```

## Use instead
```yaml
- layer: Dense
  config: {units: 10}
```
A layer of your own is written as `custom:` with its declared facts (see specs/README.md).)";
  }
};

}  // namespace

std::unique_ptr<Rule> makeUnknownLayerRule() { return std::make_unique<UnknownLayerRule>(); }

}  // namespace graphlint
