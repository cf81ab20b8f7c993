#!/usr/bin/python3
"""Golden files for BullWatch's network parity tests (bull-models, io.bullwatch.models.weights).

For each case, builds the width-reduced PyTorch mirror of a BullWatch network (torch_layouts.py:
torchvision's AlexNet / VGG16 classes with narrow layers, or the compact network), gives it
random weights and batch-normalisation statistics, and writes under
bull-models/src/test/resources/golden/:

  NAME.weights.npz  the state_dict (float16 values, so the files stay small; the model computes
                    with exactly these values in float32)
  NAME.io.npz       input (float16 values), logits (float32, eval mode, from PyTorch on CPU),
                    parameters (the PyTorch parameter count)

Usage (Debian's Python with python3-torchvision, not a virtualenv):
  /usr/bin/python3 scripts/make-golden-models.py [OUT_DIR]
  /usr/bin/python3 scripts/make-golden-models.py --full OUT_DIR
      full-width AlexNet and VGG16 on two seed windows (1x128x646), float32 weights (about
      250 MB and 550 MB, not committed): run TorchvisionParityTest with
      -Dbullwatch.fullParityDir=OUT_DIR to check them
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_layouts import BullNet, parameter_count  # noqa: E402

# name, backbone, width, adapter, input shape (N, 1, mels, frames)
CASES = [
    ("alexnet-w32-batchnorm", "alexnet", 1 / 32, "batch_norm", (2, 1, 96, 160)),
    ("vgg16-w64-groupnorm", "vgg16", 1 / 64, "group_norm", (2, 1, 64, 128)),
    ("compact-w50-batchnorm", "compact", 0.5, "batch_norm", (1, 1, 128, 646)),
]


FULL_CASES = [
    ("alexnet-full-batchnorm", "alexnet", 1.0, "batch_norm", (2, 1, 128, 646)),
    ("vgg16-full-groupnorm", "vgg16", 1.0, "group_norm", (2, 1, 128, 646)),
]


def half(t):
    """Round to float16 and back, so that the stored float16 values are exact."""
    return t.detach().to(torch.float16).to(torch.float32)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    args = sys.argv[1:]
    full = bool(args) and args[0] == "--full"
    if full:
        args = args[1:]
    out = args[0] if args else os.path.join(
        root, "bull-models", "src", "test", "resources", "golden")
    os.makedirs(out, exist_ok=True)
    store = np.float32 if full else np.float16
    for index, (name, backbone, width, adapter, shape) in enumerate(
            FULL_CASES if full else CASES):
        torch.manual_seed(1000 + index)
        net = BullNet(backbone, width, adapter)
        with torch.no_grad():
            # He initialisation keeps activations at unit scale through the narrow layers, so
            # that the logits are large and differ between inputs (PyTorch's default shrinks
            # them towards zero, which would make the comparison weak).
            for module in net.modules():
                if isinstance(module, (torch.nn.Conv2d, torch.nn.Linear)):
                    torch.nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
                    if module.bias is not None:
                        torch.nn.init.uniform_(module.bias, -0.1, 0.1)
            for key, value in net.state_dict().items():
                if not value.is_floating_point():
                    continue
                if key.endswith("running_mean"):
                    value.uniform_(-0.5, 1.5)
                elif key.endswith("running_var"):
                    value.uniform_(0.5, 2.0)
                elif key.startswith("adapter.norm.") or (
                        value.dim() == 1 and "features" in key and backbone == "compact"):
                    # GroupNorm / BatchNorm scale and shift: move them off 1 and 0
                    value.add_(torch.empty_like(value).uniform_(-0.3, 0.3))
                if not full:
                    value.copy_(half(value))
        net.eval()
        # power-spectrogram-like positive input with a few strong values
        x = torch.rand(shape) ** 3 * 4.0
        x = x if full else half(x)
        with torch.no_grad():
            logits = net(x)
            logits64 = net.double()(x.double())
        state = {k: v.numpy().astype(store) if v.is_floating_point() else v.numpy()
                 for k, v in net.float().state_dict().items()}
        save = np.savez if full else np.savez_compressed
        save(os.path.join(out, name + ".weights.npz"), **state)
        np.savez_compressed(os.path.join(out, name + ".io.npz"),
                            input=x.numpy().astype(store),
                            logits=logits.numpy().astype(np.float32),
                            parameters=np.array(parameter_count(net), dtype=np.int64))
        print(f"{name}: {parameter_count(net)} parameters, logits {logits.numpy().tolist()}, "
              f"float32 vs float64 max diff {(logits.double() - logits64).abs().max().item():.2e}")


if __name__ == "__main__":
    main()
