run tests/bad_input/run/tiny_dense.yaml --output-dir tests/bad_input/run/x.npy
