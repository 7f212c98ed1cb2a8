#!/usr/bin/env python3
"""Writes a Keras 2.13-style functional model config (model.to_json()) of N Dense layers in a
chain with a residual Add every 4 layers, as Keras writes it (one line, json.dumps' default
separators, module/registered_name on every object): about 12 MB for 20,000 layers.

usage: generate.py LAYERS OUT.json
"""
import json
import sys


def initializer(cls):
    return {"module": "keras.initializers", "class_name": cls, "config": {"seed": None} if cls != "Zeros" else {},
            "registered_name": None}


def dense(i, inbound):
    name = f"dense_{i}"
    return {"module": "keras.layers", "class_name": "Dense",
            "config": {"name": name, "trainable": True, "dtype": "float32", "units": 64,
                       "activation": "relu" if i % 2 else "linear", "use_bias": True,
                       "kernel_initializer": initializer("GlorotUniform"), "bias_initializer": initializer("Zeros"),
                       "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
                       "kernel_constraint": None, "bias_constraint": None},
            "registered_name": None, "build_config": {"input_shape": [None, 64]}, "name": name,
            "inbound_nodes": [[[x, 0, 0, {}] for x in inbound]]}


def add(i, inbound):
    name = f"add_{i}"
    return {"module": "keras.layers", "class_name": "Add",
            "config": {"name": name, "trainable": True, "dtype": "float32"}, "registered_name": None,
            "build_config": {"input_shape": [[None, 64], [None, 64]]}, "name": name,
            "inbound_nodes": [[[x, 0, 0, {}] for x in inbound]]}


def main():
    count, out = int(sys.argv[1]), sys.argv[2]
    layers = [{"module": "keras.layers", "class_name": "InputLayer",
               "config": {"batch_input_shape": [None, 64], "dtype": "float32", "sparse": False, "ragged": False,
                          "name": "input_1"}, "registered_name": None, "name": "input_1", "inbound_nodes": []}]
    previous, skip = "input_1", "input_1"
    for i in range(count - 1):
        if i % 4 == 3:
            layers.append(add(i, [previous, skip]))
            skip = layers[-1]["name"]
        else:
            layers.append(dense(i, [previous]))
        previous = layers[-1]["name"]
    model = {"class_name": "Functional",
             "config": {"name": "model", "trainable": True, "layers": layers,
                        "input_layers": [["input_1", 0, 0]], "output_layers": [[previous, 0, 0]]},
             "keras_version": "2.13.1", "backend": "tensorflow"}
    with open(out, "w") as f:
        json.dump(model, f)


if __name__ == "__main__":
    main()
