shapes --format json specs/examples/text_classifier_tf_one_hot.yaml
