"""PyTorch reference of the harness's `cnn` learner (issue 11, item 6).

Same architecture as src/learners/nn: L non-overlapping convolutions
(filter = stride = s, no bias), as torch.nn.functional.conv1d ("conv1d", the
default, as [C]'s reference code; oneDNN kernels) or as per-patch dense maps
("dense": reshape to [n·patches, s·channels] and one matrix product; BLAS), ReLU, width H,
mean-field readout logits = h·a/H; He-normal hidden weights (std sqrt(2/fan_in)),
unit-normal readout; mean cross-entropy; Adam (β = 0.9, 0.999, ε = 1e-8) or SGD.

Reads one JSON object on stdin, writes one JSON object on stdout.
  mode "step":  time `steps` training steps on random one-hot batches.
  mode "train": train on the given samples (seeded shuffling, epochs until the
                epoch's mean loss < stopLoss or the held-out error <= targetError,
                checked after every epoch) and report the training time.
"""
import json
import sys
import time

import torch


def build(cfg, gen):
    v, s, L, H, nc, kind = cfg["v"], cfg["s"], cfg["L"], cfg["H"], cfg["nc"], cfg["kind"]
    d = cfg["d"]
    chans = [v] + [H] * (L - 1)
    if kind == "cnn" and cfg.get("formulation", "conv1d") == "conv1d":
        # nn.Conv1d layout (out, in, kernel), fan-in = in·kernel, as in [C]'s code.
        hidden = [(torch.randn(H, c, s, generator=gen) * (2.0 / (c * s)) ** 0.5).requires_grad_() for c in chans]
    else:
        fans = [s * c for c in chans] if kind == "cnn" else [d * v]
        hidden = [(torch.randn(f, H, generator=gen) * (2.0 / f) ** 0.5).requires_grad_() for f in fans]
    readout = torch.randn(H, nc, generator=gen).requires_grad_()
    return hidden, readout


def forward(cfg, hidden, readout, x):
    """x: (n, d) int64 tokens."""
    n, d = x.shape
    v, s, H = cfg["v"], cfg["s"], cfg["H"]
    h = torch.nn.functional.one_hot(x, v).to(torch.float32)
    if cfg["kind"] == "cnn" and cfg.get("formulation", "conv1d") == "conv1d":
        # Channels first (n, v, d); each layer a Conv1d with kernel = stride = s, no bias (oneDNN).
        h = h.transpose(1, 2)
        for w in hidden:
            h = torch.relu(torch.nn.functional.conv1d(h, w, stride=s))
        return (h.reshape(n, H) @ readout) / H
    h = h.reshape(n * d // s, s * v) if cfg["kind"] == "cnn" else h.reshape(n, d * v)
    for k, w in enumerate(hidden):
        h = torch.relu(h @ w)
        if k < len(hidden) - 1:
            h = h.reshape(h.shape[0] // s, s * H)
    return (h @ readout) / H


def optimiser(cfg, params):
    if cfg["optimizer"] == "adam":
        return torch.optim.Adam(params, lr=cfg["learningRate"], betas=(0.9, 0.999), eps=1e-8)
    return torch.optim.SGD(params, lr=cfg["learningRate"])


def step(cfg, hidden, readout, opt, x, y):
    opt.zero_grad(set_to_none=True)
    loss = torch.nn.functional.cross_entropy(forward(cfg, hidden, readout, x), y)
    loss.backward()
    opt.step()
    return float(loss)


def mode_step(cfg):
    gen = torch.Generator().manual_seed(cfg.get("seed", 1))
    hidden, readout = build(cfg, gen)
    opt = optimiser(cfg, hidden + [readout])
    B, d = cfg["batchSize"], cfg["d"]
    xs = [torch.randint(cfg["v"], (B, d), generator=gen) for _ in range(8)]
    ys = [torch.randint(cfg["nc"], (B,), generator=gen) for _ in range(8)]
    for i in range(cfg.get("warmup", 5)):
        step(cfg, hidden, readout, opt, xs[i % 8], ys[i % 8])
    steps = cfg["steps"]
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(steps):
        step(cfg, hidden, readout, opt, xs[i % 8], ys[i % 8])
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"msPerStep": wall * 1e3 / steps, "cpuMsPerStep": cpu * 1e3 / steps, "steps": steps}


def test_error(cfg, hidden, readout, x, y):
    with torch.no_grad():
        return float((forward(cfg, hidden, readout, x).argmax(1) != y).float().mean())


def mode_train(cfg):
    gen = torch.Generator().manual_seed(cfg.get("seed", 1))
    hidden, readout = build(cfg, gen)
    opt = optimiser(cfg, hidden + [readout])
    d = cfg["d"]
    x = torch.tensor(cfg["trainTokens"], dtype=torch.int64).reshape(-1, d)
    y = torch.tensor(cfg["trainLabels"], dtype=torch.int64)
    xt = torch.tensor(cfg["testTokens"], dtype=torch.int64).reshape(-1, d)
    yt = torch.tensor(cfg["testLabels"], dtype=torch.int64)
    n, B = x.shape[0], min(cfg["batchSize"], x.shape[0])
    train_seconds, epochs, err, last = 0.0, 0, 1.0, float("inf")
    steps = 0
    for e in range(cfg["maxEpochs"]):
        t0 = time.perf_counter()
        order = torch.randperm(n, generator=gen)
        total = 0.0
        for b0 in range(0, n, B):
            idx = order[b0 : b0 + B]
            total += step(cfg, hidden, readout, opt, x[idx], y[idx]) * idx.shape[0]
            steps += 1
        train_seconds += time.perf_counter() - t0
        epochs, last = e + 1, total / n
        err = test_error(cfg, hidden, readout, xt, yt)
        if err <= cfg["targetError"] or last < cfg["stopLoss"]:
            break
    return {"trainSeconds": train_seconds, "epochs": epochs, "steps": steps, "testError": err, "finalTrainLoss": last}


def main():
    cfg = json.load(sys.stdin)
    torch.set_num_threads(cfg.get("threads", 1))
    torch.manual_seed(cfg.get("seed", 1))
    out = mode_step(cfg) if cfg["mode"] == "step" else mode_train(cfg)
    out.update({"threads": torch.get_num_threads(), "torch": torch.__version__})
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
