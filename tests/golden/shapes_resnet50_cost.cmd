shapes --bind batch=32 specs/examples/resnet50.yaml
