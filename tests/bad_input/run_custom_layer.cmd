run --force specs/examples/text_classifier_custom_layer.yaml
