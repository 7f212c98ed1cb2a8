run tests/bad_input/run/tiny_dense.yaml --input tests/bad_input/run/x.npy
