convert tests/keras/call_args/mha_call_kwargs_keras2.json
