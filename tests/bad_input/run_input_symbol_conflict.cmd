run tests/bad_input/run/tiny_dense.yaml --input x=tests/bad_input/run/x_wrong_batch.npy --input ids=tests/bad_input/run/ids.npy
