#!/usr/bin/env python3
"""A deep CNN in the style of Cagnetta et al. (PRX 2024) for rhm-harness's external-learner protocol.

L convolutional layers with filter = stride = s (one hidden layer per level of the tree), ReLU,
and a linear read-out of the top layer; trained end to end with Adam on cross-entropy.

Run by the harness as `python3 learner.py TASK.json` (the path is also in $RHM_TASK). It reads the
training set, trains, and writes for every input set of the task its predictions and, for every
level l, the hidden state of the layer that reads level-l patches (one vector per patch).
See docs/external-learners.md for the file layouts.
"""
import json
import os
import sys

import numpy as np
import torch

torch.set_num_threads(1)


def read_samples(path):
    """An rhm-samples/1 file: a JSON header line, then n records of little-endian int32 [label, tokens...]."""
    with open(path, "rb") as f:
        header = json.loads(f.readline())
        records = np.frombuffer(f.read(), dtype="<i4").reshape(header["n"], header["recordInt32s"])
    return records[:, 0].copy(), records[:, 1:].copy()


class CNN(torch.nn.Module):
    """L layers Conv1d(kernel = stride = s) + ReLU; layer k (bottom k = 1) reads level-(L-k+1) patches."""

    def __init__(self, v, nc, s, L, width):
        super().__init__()
        chans = [v] + [width] * L
        self.layers = torch.nn.ModuleList(
            torch.nn.Conv1d(chans[k], chans[k + 1], kernel_size=s, stride=s) for k in range(L)
        )
        self.readout = torch.nn.Linear(width, nc)
        self.v = v

    def hidden(self, tokens):
        """Hidden states bottom-up: entry k has shape (n, width, s^(L-k-1))."""
        x = torch.nn.functional.one_hot(tokens.long(), self.v).float().transpose(1, 2)
        states = []
        for conv in self.layers:
            x = torch.relu(conv(x))
            states.append(x)
        return states

    def forward(self, tokens):
        return self.readout(self.hidden(tokens)[-1][:, :, 0])


def train(task, width=64, epochs=60, batch=128, lr=3e-3):
    g = task["grammar"]
    torch.manual_seed(task["seed"])
    labels, tokens = read_samples(os.path.join(task["taskDir"], task["train"]["file"]))
    x, y = torch.from_numpy(tokens), torch.from_numpy(labels).long()
    net = CNN(g["vocabulary"][-1], g["classes"], g["s"], g["L"], width)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    gen = torch.Generator().manual_seed(task["seed"])
    loss = torch.tensor(0.0)
    epoch = 0
    for epoch in range(1, epochs + 1):
        order = torch.randperm(len(y), generator=gen)
        for i in range(0, len(y), batch):
            idx = order[i : i + batch]
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(x[idx]), y[idx])
            loss.backward()
            opt.step()
        if loss.item() < 1e-3:
            break
    return net, {"epochs": epoch, "finalTrainLoss": float(loss.item())}


def representations(net, tokens, L):
    """Level l -> array (n, s^(l-1), width): the layer that reads level-l patches is layer k = L - l + 1."""
    with torch.no_grad():
        states = net.hidden(torch.from_numpy(tokens))
    return {L - k: states[k].transpose(1, 2).numpy() for k in range(L)}


def answer(task, net, transform=None):
    """Write predictions and representations of every input set, then the result file."""
    g, out_dir = task["grammar"], task["taskDir"]
    outputs = {}
    for s in task["inputSets"]:
        _, tokens = read_samples(os.path.join(out_dir, s["file"]))
        with torch.no_grad():
            pred = net(torch.from_numpy(tokens)).argmax(1).numpy().astype("<i4")
        pred.tofile(os.path.join(out_dir, s["name"] + ".pred.i32"))
        reps = []
        for level, h in sorted(representations(net, tokens, g["L"]).items()):
            if transform is not None:
                h = transform(s["name"], level, h)
            name = "%s.level-%d.f32" % (s["name"], level)
            np.ascontiguousarray(h, dtype="<f4").tofile(os.path.join(out_dir, name))
            reps.append({"level": level, "file": name, "dim": int(h.shape[-1])})
        outputs[s["name"]] = {"predictions": s["name"] + ".pred.i32", "representations": reps}
    return outputs


def main(transform=None):
    task_path = sys.argv[1] if len(sys.argv) > 1 else os.environ["RHM_TASK"]
    with open(task_path) as f:
        task = json.load(f)
    net, training = train(task)
    outputs = answer(task, net, transform)
    with open(os.path.join(task["taskDir"], task["resultFile"]), "w") as f:
        json.dump({"format": "rhm-external-result/1", "outputs": outputs, "training": training}, f)


if __name__ == "__main__":
    main()
