run tests/bad_input/run/tiny_dense.yaml --weights tests/bad_input/run/does_not_exist.npz
