run tests/bad_input/run/mc_dropout_lstm.yaml
