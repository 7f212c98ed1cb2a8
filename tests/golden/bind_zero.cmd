check --bind batch=0 specs/examples/residual_block.yaml
