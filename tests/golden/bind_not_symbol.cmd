check --bind 2*seq=4 specs/examples/residual_block.yaml
