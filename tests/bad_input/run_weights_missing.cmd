run tests/bad_input/run/tiny_dense.yaml --weights tests/bad_input/run/weights_missing.npz
