#include "rules/SchemaIssueRule.h"

namespace graphlint {
namespace {

class AttributeTypeRule final : public SchemaIssueRule {
 public:
  AttributeTypeRule() : SchemaIssueRule(SchemaIssueKind::AttributeType) {}
  llvm::StringRef id() const override { return "attribute-type"; }
  llvm::StringRef summary() const override { return "a layer attribute has the wrong type or an unsupported value"; }
  llvm::StringRef doc() const override {
    return R"(## What it does
Checks each layer attribute against the type Keras expects: `units` an integer, `use_bias` a
boolean, `activation` a known activation name, `merge_mode` one of its allowed strings.

## Why it matters
Keras rejects the value when the layer is constructed, or worse, accepts it and does something
else (a string `"32"` for `units` fails deep inside `build`).

## Example
```yaml
- layer: Dense
  config: {units: "32", activation: relu6x}
```

## Use instead
```yaml
- layer: Dense
  config: {units: 32, activation: relu6}
```)";
  }
};

}  // namespace

std::unique_ptr<Rule> makeAttributeTypeRule() { return std::make_unique<AttributeTypeRule>(); }

}  // namespace graphlint
