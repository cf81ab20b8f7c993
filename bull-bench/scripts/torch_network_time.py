#!/usr/bin/env python3
"""Times BullWatch's networks in PyTorch: the reference for bull-bench's NetworkMain.

The networks are the project's PyTorch mirrors (scripts/torch_layouts.py, checked against the
Java networks by TorchvisionParityTest): torchvision's AlexNet and VGG16 behind the seed's input
adapter (BatchNorm2d(1, affine=False) for AlexNet, GroupNorm(1, 1) for VGG16, then a 1x1
convolution 1 -> 3) and the seed's head (ReLU, Dropout 0.3, Linear 1000 -> 100, ReLU, Dropout
0.2, Linear 100 -> 2); the compact network layer by layer as docs/models.md describes it
(BatchNorm adapter, backbone.features.N, backbone.pool, head.N). Full width, 1x128x646 windows
unless --input MELSxFRAMES says otherwise.

Timing scheme, as NetworkMain's: warm up for at least --warmup-seconds and 2 operations, then
--runs runs of whole operations lasting at least --seconds each; a run's speed is windows / wall
seconds; the median and range over the runs are printed. An operation is
- infer: copy a batch of windows into a new tensor, forward pass in eval mode under
  torch.inference_mode(), softmax, read the bull probabilities back to numpy;
- train: forward pass in train mode over a micro-batch, weighted cross-entropy (the seed's class
  weights, summed over windows and divided by the micro-batch's sum of weights, as BullTrainer),
  backward, Adam step (lr 1e-4, betas 0.9/0.999), gradients cleared.

Output lines (the same as NetworkMain's, impl=pytorch):
  PARAMS impl=pytorch backbone=alexnet whole=61201148 body=61100840
  RESULT impl=pytorch backbone=compact mode=infer device=cpu batch=8 threads=2 windows_per_s=...

Usage: /usr/bin/python3 bull-bench/scripts/torch_network_time.py [--device cpu|gpu]
    [--mode infer|train|both] [--batches 1,8,32] [--micro-batch 16] [--threads 2] [--runs 5]
    [--seconds 2] [--warmup-seconds 3] [BACKBONE ...]
Needs Debian's python3-torch and python3-torchvision (apt-get install -y python3-torchvision).
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np
import torch
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
import torch_layouts  # noqa: E402  (the project's PyTorch mirrors)

SEED_WINDOW = (1, 128, 646)
ADAPTER = {"alexnet": "batch_norm", "vgg16": "group_norm", "compact": "batch_norm"}
# Parameter counts the Java networks have (docs/models.md): body, whole.
EXPECTED = {"alexnet": (61_100_840, 61_201_148), "vgg16": (138_357_544, 138_457_854),
            "compact": (30_656, 43_758)}


def count(module):
    return sum(p.numel() for p in module.parameters())


def build(backbone, device):
    torch.manual_seed(1)
    net = torch_layouts.BullNet(backbone, 1.0, ADAPTER[backbone])
    body, whole = count(net.backbone), count(net)
    if backbone == "alexnet":
        assert body == count(torchvision.models.alexnet()), "AlexNet body differs from torchvision's"
    if backbone == "vgg16":
        assert body == count(torchvision.models.vgg16()), "VGG16 body differs from torchvision's"
    if (body, whole) != EXPECTED[backbone]:
        raise SystemExit(f"{backbone}: {body:,} body / {whole:,} whole parameters, expected "
                         f"{EXPECTED[backbone][0]:,} / {EXPECTED[backbone][1]:,} (the Java network's)")
    return net.to(device), body, whole


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def measure(op, batch, device, warmup_seconds, runs, seconds):
    start, warm = time.perf_counter(), 0
    while warm < 2 or time.perf_counter() - start < warmup_seconds:
        op()
        warm += 1
    sync(device)
    speeds = []
    for _ in range(runs):
        t0, ops = time.perf_counter(), 0
        while True:
            op()
            ops += 1
            sync(device)
            elapsed = time.perf_counter() - t0
            if elapsed >= seconds:
                break
        speeds.append(ops * batch / elapsed)
    return speeds


def inference_op(net, batch, device, window=SEED_WINDOW):
    net.eval()
    rng = np.random.default_rng(1)
    host = rng.standard_normal((batch,) + window).astype(np.float32)

    def op():
        with torch.inference_mode():
            x = torch.tensor(host, device=device)  # a copy, as Detector copies into native memory
            p = net(x).softmax(1)[:, 1].cpu().numpy()
        return p
    return op


def training_op(net, micro_batch, device, window=SEED_WINDOW):
    net.train()
    rng = np.random.default_rng(1)
    x_host = rng.standard_normal((micro_batch,) + window).astype(np.float32)
    labels = np.array([1 if i % 4 == 3 else 0 for i in range(micro_batch)], dtype=np.int64)
    if labels.sum() == 0:
        labels[0] = 1
    bulls = int(labels.sum())
    share = bulls / micro_batch
    weights = torch.tensor([share, 1 - share], dtype=torch.float32, device=device)  # the seed's
    normaliser = float(weights[torch.as_tensor(labels, device=device)].sum())
    y = torch.as_tensor(labels, device=device)
    adam = torch.optim.Adam(net.parameters(), lr=1e-4, betas=(0.9, 0.999), weight_decay=0)

    def op():
        x = torch.tensor(x_host, device=device)
        logits = net(x)
        loss = torch.nn.functional.cross_entropy(logits, y, weight=weights, reduction="sum") / normaliser
        loss.backward()
        adam.step()
        adam.zero_grad(set_to_none=True)
        return float(loss)
    return op


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("backbones", nargs="*", default=["compact", "alexnet", "vgg16"])
    ap.add_argument("--device", default="cpu", choices=["cpu", "gpu"])
    ap.add_argument("--mode", default="both", choices=["infer", "train", "both"])
    ap.add_argument("--batches", default="1,8,32")
    ap.add_argument("--micro-batch", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=2)
    ap.add_argument("--warmup-seconds", type=float, default=3)
    ap.add_argument("--input", default="128x646",
                    help="MELSxFRAMES of one window (the detector's quickstart windows: 64x324)")
    a = ap.parse_args()
    try:
        mels, frames = (int(v) for v in a.input.lower().split("x"))
        if mels < 1 or frames < 1:
            raise ValueError
    except ValueError:
        raise SystemExit(f"torch_network_time.py: --input must be MELSxFRAMES, e.g. 64x324; got {a.input}")
    window = (1, mels, frames)
    torch.set_num_threads(a.threads)
    if a.device == "gpu":
        if not torch.cuda.is_available():
            raise SystemExit("torch_network_time.py: no GPU visible to PyTorch")
        device = torch.device("cuda")
    else:
        device = torch.device("cpu")
    batches = [int(b) for b in a.batches.split(",")]
    load = os.getloadavg()[0]
    print(f"# pytorch {torch.__version__} torchvision {torchvision.__version__} device={a.device}"
          f" intra-op threads={torch.get_num_threads()} cores={os.cpu_count()} load={load:.2f}"
          f" warm-up>={a.warmup_seconds:.1f}s runs={a.runs} of >={a.seconds:.1f}s", flush=True)
    for name in a.backbones:
        name = name.lower()
        plan = ([(b, False) for b in batches] if a.mode != "train" else []) \
            + ([(a.micro_batch, True)] if a.mode != "infer" else [])
        printed = False
        for batch, training in plan:
            net, body, whole = build(name, device)
            if not printed:
                print(f"PARAMS impl=pytorch backbone={name} whole={whole} body={body}", flush=True)
                printed = True
            op = (training_op(net, batch, device, window) if training
                  else inference_op(net, batch, device, window))
            speeds = measure(op, batch, device, a.warmup_seconds, a.runs, a.seconds)
            print(f"RESULT impl=pytorch backbone={name} mode={'train' if training else 'infer'}"
                  f" device={a.device} batch={batch} threads={torch.get_num_threads()}"
                  f" input=1x{mels}x{frames}"
                  f" windows_per_s={statistics.median(speeds):.3f} min={min(speeds):.3f}"
                  f" max={max(speeds):.3f} runs={len(speeds)}", flush=True)
            del net, op


if __name__ == "__main__":
    main()
