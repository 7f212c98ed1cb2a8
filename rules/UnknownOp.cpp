#include "rules/SchemaIssueRule.h"

namespace graphlint {
namespace {

class UnknownOpRule final : public SchemaIssueRule {
 public:
  UnknownOpRule() : SchemaIssueRule(SchemaIssueKind::UnknownOp) {}
  llvm::StringRef id() const override { return "unknown-op"; }
  llvm::StringRef summary() const override { return "an op graphlint does not know"; }
  llvm::StringRef doc() const override {
    return R"(## What it does
Reports a `keras.ops` function that does not exist (an error, with the closest name), and an
op outside the known namespaces (a warning: graphlint cannot infer its output). Unknown
functions of a backend namespace (`tf.`, `jax.`, `torch.`, `np.`) are reported by
backend-op-on-symbolic-tensor instead.

## Why it matters
`keras.ops.onehot` raises `AttributeError` when the model is built.

## Example
```yaml
- op: keras.ops.onehot
  args: {num_classes: 10}
```

## Use instead
```yaml
- op: keras.ops.one_hot
  args: {num_classes: 10}
```)";
  }
};

}  // namespace

std::unique_ptr<Rule> makeUnknownOpRule() { return std::make_unique<UnknownOpRule>(); }

}  // namespace graphlint
