check --bind n=4,m=5 tests/golden/shape_errors.yaml
