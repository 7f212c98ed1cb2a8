check --bind seq=lots specs/examples/residual_block.yaml
