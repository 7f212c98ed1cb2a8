#include "rules/SchemaIssueRule.h"

namespace graphlint {
namespace {

class AttributeValueRule final : public SchemaIssueRule {
 public:
  AttributeValueRule() : SchemaIssueRule(SchemaIssueKind::AttributeValue) {}
  llvm::StringRef id() const override { return "attribute-value"; }
  llvm::StringRef summary() const override { return "a layer attribute outside the values Keras accepts"; }
  llvm::StringRef doc() const override {
    return R"(## What it does
Checks well-typed attribute values against their domain: `units`, `filters`, `input_dim`
and `output_dim` at least 1, a dropout `rate` in [0, 1], kernel sizes and strides at least 1.

## Why it matters
Keras raises a ValueError when the layer is constructed (`Received an invalid value for
argument units`), or builds a layer that cannot produce output (a zero-width Dense).

## Example
```yaml
- layer: Dropout
  config: {rate: 1.5}
```

## Use instead
```yaml
- layer: Dropout
  config: {rate: 0.5}
```)";
  }
};

}  // namespace

std::unique_ptr<Rule> makeAttributeValueRule() { return std::make_unique<AttributeValueRule>(); }

}  // namespace graphlint
