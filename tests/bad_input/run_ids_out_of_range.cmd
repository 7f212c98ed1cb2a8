run tests/bad_input/run/tiny_dense.yaml --input ids=tests/bad_input/run/ids_out_of_range.npy
