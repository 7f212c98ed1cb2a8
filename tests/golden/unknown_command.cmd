chek specs/examples/residual_block.yaml
