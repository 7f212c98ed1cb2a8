#include "rules/SchemaIssueRule.h"

namespace graphlint {
namespace {

class UnknownAttributeRule final : public SchemaIssueRule {
 public:
  UnknownAttributeRule() : SchemaIssueRule(SchemaIssueKind::UnknownAttribute) {}
  llvm::StringRef id() const override { return "unknown-attribute"; }
  llvm::StringRef summary() const override { return "a layer attribute or op argument that Keras does not know"; }
  llvm::StringRef doc() const override {
    return R"(## What it does
Reports config keys that the layer class does not accept, and op arguments that the function
does not take, with the closest known name.

## Why it matters
Keras raises `TypeError: Unrecognized keyword arguments` for a layer; a misspelt optional
attribute (`return_sequence`) would otherwise be silently missing from the model you meant.

## Example
```yaml
- layer: LSTM
  config: {units: 32, return_sequence: true}
```

## Use instead
```yaml
- layer: LSTM
  config: {units: 32, return_sequences: true}
```)";
  }
};

}  // namespace

std::unique_ptr<Rule> makeUnknownAttributeRule() { return std::make_unique<UnknownAttributeRule>(); }

}  // namespace graphlint
