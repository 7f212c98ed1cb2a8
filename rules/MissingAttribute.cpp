#include "rules/SchemaIssueRule.h"

namespace graphlint {
namespace {

class MissingAttributeRule final : public SchemaIssueRule {
 public:
  MissingAttributeRule() : SchemaIssueRule(SchemaIssueKind::MissingAttribute) {}
  llvm::StringRef id() const override { return "missing-attribute"; }
  llvm::StringRef summary() const override { return "a required layer attribute or op argument is missing"; }
  llvm::StringRef doc() const override {
    return R"(## What it does
Reports a layer config without an attribute Keras requires (`units` for `Dense`, `rate` for
`Dropout`, `input_dim` and `output_dim` for `Embedding`), or an op call without a required
argument (`depth` for `tf.one_hot`).

## Why it matters
The layer cannot be constructed: Keras raises `TypeError: missing a required argument`.

## Example
```yaml
- layer: Dense
  config: {activation: relu}
```

## Use instead
```yaml
- layer: Dense
  config: {units: 64, activation: relu}
```)";
  }
};

}  // namespace

std::unique_ptr<Rule> makeMissingAttributeRule() { return std::make_unique<MissingAttributeRule>(); }

}  // namespace graphlint
