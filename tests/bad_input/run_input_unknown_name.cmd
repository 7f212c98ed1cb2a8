run tests/bad_input/run/tiny_dense.yaml --input y=tests/bad_input/run/x.npy
