#!/usr/bin/python3
"""The executor benchmark's three models in PyTorch (Debian's python3-torch 1.13), as the peer
graphlint run is timed against (bench/executor/run.sh), and the source of the weights and inputs
both run on.

  torch_models.py prepare DIR
      Builds each model with seeded weights and writes, for model M in mlp, text, cnn:
      DIR/M.npz (weights keyed by Keras weight names, in Keras layouts), DIR/M.input.npy and
      DIR/M.expected.npy (PyTorch's output); and DIR/text_one_hot.npz, the weights of the spine
      example's one_hot form, whose LSTM input kernels are the embedding table times the
      Embedding form's input kernels (one_hot(t) @ (E @ K) == E[t] @ K).
  torch_models.py compare EXPECTED.npy ACTUAL.npy
      Prints: max_abs_diff max_abs_expected scale_relative_diff (the difference over the largest
      magnitude of the expected output, as tests/executor/check_goldens.py measures).
  torch_models.py time DIR MODEL THREADS RUNS [nchw|channels_last]
      Times model(x) under torch.inference_mode() RUNS times after a warm-up, on THREADS
      threads (set OPENBLAS_NUM_THREADS and OMP_NUM_THREADS to the same before starting the
      process: torch.set_num_threads alone does not limit OpenBLAS). Prints:
      median_ms fastest_ms cpu_per_wall (process CPU time over wall time of the timed runs).

Keras layouts: Dense kernel (in, out); Conv2D kernel (kh, kw, in, out); LSTM kernel (in, 4u) and
recurrent kernel (u, 4u) with gates i, f, c, o, which is PyTorch's i, f, g, o order, transposed;
Keras has one LSTM bias, PyTorch two (bias_ih + bias_hh): the Keras bias goes in bias_ih and
bias_hh is zero. BatchNormalization's epsilon is Keras' default 1e-3 on both sides.
"""
import sys
import time

import numpy as np
import torch
from torch import nn

SEED = 0
BATCH = {"mlp": 256, "text": 64, "cnn": 64}
VOCABULARY, SEQUENCE = 10000, 200


class Mlp(nn.Module):
    """mlp.yaml: Dense 784-1024-1024-10, relu, relu, softmax."""

    def __init__(self):
        super().__init__()
        self.hidden1, self.hidden2, self.probabilities = nn.Linear(784, 1024), nn.Linear(1024, 1024), nn.Linear(1024, 10)

    def forward(self, x):
        x = torch.relu(self.hidden1(x))
        x = torch.relu(self.hidden2(x))
        return torch.softmax(self.probabilities(x), dim=1)

    def keras_weights(self):
        w = {}
        for name in ("hidden1", "hidden2", "probabilities"):
            layer = getattr(self, name)
            w[f"{name}/kernel"] = layer.weight.T
            w[f"{name}/bias"] = layer.bias
        return w


class TextClassifier(nn.Module):
    """specs/examples/text_classifier_embedding.yaml: Embedding(10000, 64), Bidirectional(LSTM(32))
    with the last outputs concatenated (forward, backward), Dropout (inference: nothing), Dense(1,
    sigmoid)."""

    def __init__(self):
        super().__init__()
        self.embedded = nn.Embedding(VOCABULARY, 64)
        self.bilstm = nn.LSTM(64, 32, batch_first=True, bidirectional=True)
        self.outputs = nn.Linear(64, 1)
        with torch.no_grad():  # one bias, as Keras has
            self.bilstm.bias_hh_l0.zero_()
            self.bilstm.bias_hh_l0_reverse.zero_()

    def forward(self, tokens):
        _, (h, _) = self.bilstm(self.embedded(tokens))
        return torch.sigmoid(self.outputs(torch.cat([h[0], h[1]], dim=1)))

    def lstm_weights(self):
        """(direction, input kernel, recurrent kernel, bias) in Keras layouts."""
        lstm = self.bilstm
        return [("forward", lstm.weight_ih_l0.T, lstm.weight_hh_l0.T, lstm.bias_ih_l0),
                ("backward", lstm.weight_ih_l0_reverse.T, lstm.weight_hh_l0_reverse.T, lstm.bias_ih_l0_reverse)]

    def keras_weights(self, one_hot=False):
        w = {} if one_hot else {"embedded/embeddings": self.embedded.weight}
        for direction, kernel, recurrent, bias in self.lstm_weights():
            prefix = f"bilstm/{direction}_lstm/lstm_cell"
            if one_hot:  # rows of E @ K, computed in double and rounded once
                kernel = (self.embedded.weight.double() @ kernel.double()).float()
            w[f"{prefix}/kernel"], w[f"{prefix}/recurrent_kernel"], w[f"{prefix}/bias"] = kernel, recurrent, bias
        w["outputs/kernel"], w["outputs/bias"] = self.outputs.weight.T, self.outputs.bias
        return w


class Cnn(nn.Module):
    """cnn.yaml: three blocks Conv2D(3x3, same, no bias)-BatchNormalization-ReLU-MaxPool(2) with
    32/64/128 filters, GlobalAveragePooling2D, Dense(10) logits. Takes NCHW (or channels_last)."""

    def __init__(self):
        super().__init__()
        blocks, channels = [], 3
        for filters in (32, 64, 128):
            blocks += [nn.Conv2d(channels, filters, 3, padding=1, bias=False), nn.BatchNorm2d(filters, eps=1e-3),
                       nn.ReLU(), nn.MaxPool2d(2)]
            channels = filters
        self.blocks = nn.Sequential(*blocks)
        self.logits = nn.Linear(128, 10)
        generator = torch.Generator().manual_seed(SEED + 1)
        with torch.no_grad():  # statistics and affine terms that are not the identity
            for bn in self.batch_norms():
                n = bn.num_features
                bn.weight.copy_(torch.rand(n, generator=generator) + 0.5)
                bn.bias.copy_(torch.randn(n, generator=generator) * 0.1)
                bn.running_mean.copy_(torch.randn(n, generator=generator) * 0.1)
                bn.running_var.copy_(torch.rand(n, generator=generator) + 0.5)

    def batch_norms(self):
        return [m for m in self.blocks if isinstance(m, nn.BatchNorm2d)]

    def forward(self, x):
        return self.logits(self.blocks(x).mean(dim=(2, 3)))

    def keras_weights(self):
        w = {}
        convs = [m for m in self.blocks if isinstance(m, nn.Conv2d)]
        for i, (conv, bn) in enumerate(zip(convs, self.batch_norms()), start=1):
            w[f"conv{i}/kernel"] = conv.weight.permute(2, 3, 1, 0)  # (out, in, kh, kw) -> (kh, kw, in, out)
            w[f"bn{i}/gamma"], w[f"bn{i}/beta"] = bn.weight, bn.bias
            w[f"bn{i}/moving_mean"], w[f"bn{i}/moving_variance"] = bn.running_mean, bn.running_var
        w["logits/kernel"], w["logits/bias"] = self.logits.weight.T, self.logits.bias
        return w


def build(name):
    """The model with its seeded weights, in inference mode."""
    torch.manual_seed(SEED)
    return {"mlp": Mlp, "text": TextClassifier, "cnn": Cnn}[name]().eval()


def make_input(name):
    """The model's input as graphlint reads it (NHWC images, int64 tokens)."""
    rng = np.random.default_rng(SEED)
    if name == "mlp":
        return rng.standard_normal((BATCH[name], 784), dtype=np.float32)
    if name == "text":
        return rng.integers(0, VOCABULARY, size=(BATCH[name], SEQUENCE), dtype=np.int64)
    return rng.standard_normal((BATCH[name], 32, 32, 3), dtype=np.float32)


def torch_input(name, x, layout="nchw"):
    """The input as the PyTorch model takes it: images NCHW, contiguous in `layout`."""
    t = torch.from_numpy(x)
    if name != "cnn":
        return t
    t = t.permute(0, 3, 1, 2)
    return t.contiguous(memory_format=torch.channels_last if layout == "channels_last" else torch.contiguous_format)


def save_weights(path, weights):
    np.savez(path, **{k: v.detach().contiguous().numpy().astype(np.float32) for k, v in weights.items()})


def prepare(directory):
    for name in BATCH:
        model, x = build(name), make_input(name)
        save_weights(f"{directory}/{name}.npz", model.keras_weights())
        if name == "text":
            save_weights(f"{directory}/text_one_hot.npz", model.keras_weights(one_hot=True))
        np.save(f"{directory}/{name}.input.npy", x)
        with torch.inference_mode():
            np.save(f"{directory}/{name}.expected.npy", model(torch_input(name, x)).numpy())


def compare(expected_path, actual_path):
    expected, actual = np.load(expected_path), np.load(actual_path)
    if expected.shape != actual.shape:
        sys.exit(f"compare: shapes differ: expected {expected.shape}, got {actual.shape}")
    diff = float(np.max(np.abs(expected.astype(np.float64) - actual)))
    scale = float(np.max(np.abs(expected)))
    print(f"{diff:.3e} {scale:.3e} {diff / scale:.3e}")


def time_model(directory, name, threads, runs, layout="nchw"):
    torch.set_num_threads(threads)
    model = build(name)
    if name == "cnn" and layout == "channels_last":
        model = model.to(memory_format=torch.channels_last)
    x = torch_input(name, np.load(f"{directory}/{name}.input.npy"), layout)
    seconds = []
    with torch.inference_mode():
        for _ in range(3):  # warm-up: first-call allocations and oneDNN/OpenBLAS set-up
            model(x)
        cpu_start, wall_start = time.process_time(), time.perf_counter()
        for _ in range(runs):
            start = time.perf_counter()
            model(x)
            seconds.append(time.perf_counter() - start)
        cpu, wall = time.process_time() - cpu_start, time.perf_counter() - wall_start
    seconds.sort()
    print(f"{seconds[len(seconds) // 2] * 1e3:.3f} {seconds[0] * 1e3:.3f} {cpu / wall:.2f}")


def main(argv):
    if len(argv) == 3 and argv[1] == "prepare":
        prepare(argv[2])
    elif len(argv) == 4 and argv[1] == "compare":
        compare(argv[2], argv[3])
    elif len(argv) in (6, 7) and argv[1] == "time":
        time_model(argv[2], argv[3], int(argv[4]), int(argv[5]), *argv[6:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
