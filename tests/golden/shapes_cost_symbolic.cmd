shapes --cost specs/examples/text_classifier_embedding.yaml
