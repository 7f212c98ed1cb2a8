#include "rules/SchemaIssueRule.h"

namespace graphlint {
namespace {

class InputCountRule final : public SchemaIssueRule {
 public:
  InputCountRule() : SchemaIssueRule(SchemaIssueKind::InputCount) {}
  llvm::StringRef id() const override { return "input-count"; }
  llvm::StringRef summary() const override { return "a layer or op is called on the wrong number of inputs"; }
  llvm::StringRef doc() const override {
    return R"(## What it does
Checks how many tensors feed each node: `Dense` takes one, `Add` and `Concatenate` at least two,
`Subtract` exactly two, an `LSTM` one plus optional initial states, `tf.matmul` two.

## Why it matters
Keras raises at model construction ("A merge layer should be called on a list of at least 2
inputs"), or the model silently computes something other than intended.

## Example
```yaml
- name: sum
  layer: Add
  inputs: [branch_a]
```

## Use instead
```yaml
- name: sum
  layer: Add
  inputs: [branch_a, branch_b]
```)";
  }
};

}  // namespace

std::unique_ptr<Rule> makeInputCountRule() { return std::make_unique<InputCountRule>(); }

}  // namespace graphlint
