#!/usr/bin/python3
"""Exports torchvision weights to an .npz file that BullWatch imports (NpzWeights.load).

The archive holds one float32 array per state_dict entry, under torchvision's own names
(features.0.weight, ..., classifier.6.bias): BullWatch loads them into the body of its ALEXNET or
VGG16 network (names starting with features. or classifier. go to backbone.*), and the seed's
adapter and head keep their fresh initialisation, as in the seed, which fine-tuned ImageNet
networks end to end.

Setup (Debian/Ubuntu; use the system Python, not a virtualenv or pyenv interpreter):
  apt-get install -y python3-torchvision
Usage:
  /usr/bin/python3 scripts/export-torchvision.py alexnet alexnet-imagenet.npz
      downloads torchvision's IMAGENET1K_V1 weights (needs the network once; cached in
      ~/.cache/torch) and writes them
  /usr/bin/python3 scripts/export-torchvision.py vgg16 vgg16.npz --state-dict vgg16-397923af.pth
      converts a downloaded torchvision checkpoint, offline
  /usr/bin/python3 scripts/export-torchvision.py alexnet random.npz --random --seed 1
      random (untrained) weights, e.g. to try the import offline
  --full-model also exports a whole PyTorch BullNet state_dict (adapter, backbone, head; see
      torch_layouts.py), e.g. a model trained with PyTorch; give its checkpoint with --state-dict.
Then, in Java:
  BullNetwork net = Backbone.ALEXNET.network(Backbone.ALEXNET.defaultOptions());
  net.initialize(manager, FeatureDims.SEED_WINDOW);
  NpzWeights.load(net, Path.of("alexnet-imagenet.npz"), false);  // adapter and head stay random
"""
import argparse
import os
import sys

import numpy as np
import torch
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_layouts import BullNet  # noqa: E402

EXPECTED_PARAMETERS = {"alexnet": 61_100_840, "vgg16": 138_357_544}


def build(args):
    if args.full_model:
        return BullNet(args.model, 1.0, args.adapter)
    return getattr(torchvision.models, args.model)()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model", choices=["alexnet", "vgg16"])
    parser.add_argument("output", help="the .npz file to write")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--state-dict", help="a .pth checkpoint (state_dict) to convert")
    source.add_argument("--random", action="store_true", help="random weights")
    parser.add_argument("--seed", type=int, default=0, help="seed for --random")
    parser.add_argument("--full-model", action="store_true",
                        help="a whole BullNet (adapter, backbone, head) rather than the body")
    parser.add_argument("--adapter", default="batch_norm",
                        choices=["batch_norm", "group_norm", "standardised"],
                        help="BullNet adapter, with --full-model")
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    model = build(args)
    if args.state_dict:
        model.load_state_dict(torch.load(args.state_dict, map_location="cpu"))
    elif not args.random:
        if args.full_model:
            parser.error("--full-model needs --state-dict (or --random)")
        weights = torchvision.models.get_model_weights(args.model).IMAGENET1K_V1
        model = getattr(torchvision.models, args.model)(weights=weights)
    body = model.backbone if args.full_model else model
    count = sum(p.numel() for p in body.parameters())
    if count != EXPECTED_PARAMETERS[args.model]:
        sys.exit(f"{args.model} has {count} parameters, expected {EXPECTED_PARAMETERS[args.model]}")
    arrays = {name: value.detach().cpu().numpy().astype(np.float32)
              for name, value in model.state_dict().items() if value.is_floating_point()}
    tmp = args.output + ".part.npz"
    np.savez(tmp, **arrays)
    os.replace(tmp, args.output)
    print(f"wrote {len(arrays)} arrays, {count:,} body parameters, to {args.output}")


if __name__ == "__main__":
    main()
