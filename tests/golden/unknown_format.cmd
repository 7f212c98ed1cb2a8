check --format xml specs/examples/residual_block.yaml
