check tests/bad_input/does_not_exist.yaml
