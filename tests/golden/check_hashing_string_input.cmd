check tests/executor/hashing_string_input.yaml
