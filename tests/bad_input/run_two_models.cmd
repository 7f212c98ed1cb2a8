run tests/bad_input/run/tiny_dense.yaml tests/bad_input/run/tiny_dense.yaml
