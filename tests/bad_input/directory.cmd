check tests/bad_input
