run tests/bad_input/run/tiny_dense.yaml --input x=tests/bad_input/run/not_npy.npy
