shapes --bind batch=32,n=4,m=4,seq=10 tests/golden/shape_errors.yaml
