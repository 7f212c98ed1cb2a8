run tests/bad_input/run/tiny_dense.yaml --threads 0
