shapes tests/golden/shape_errors.yaml
