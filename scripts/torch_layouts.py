"""PyTorch mirrors of BullWatch's networks (io.bullwatch.models.backbone.Backbone).

The body of ALEXNET and VGG16 is torchvision's own class (its forward: features, avgpool,
flatten, classifier); the width multiplier replaces the layers with narrower ones exactly as
BackboneOptions.scale does in Java: max(1, round(size * width)), halves rounded up. COMPACT is
written here layer by layer, in the same order as the Java description. The whole network is
adapter (norm, conv), backbone and head, so its state_dict names are those of
BullNetwork.torchParameters(): adapter.norm.*, adapter.conv.*, backbone.features.0.weight, ...,
head.5.bias.

Run with Debian's Python (apt-get install python3-torchvision): /usr/bin/python3.
"""
import math
from collections import OrderedDict

import torch
from torch import nn
import torchvision


def scale(size, width):
    """BackboneOptions.scale: max(1, round(size * width)), halves rounded up."""
    return max(1, int(math.floor(size * width + 0.5)))


def alexnet_body(width=1.0):
    s = lambda c: scale(c, width)
    body = torchvision.models.AlexNet(num_classes=s(1000))
    body.features = nn.Sequential(
        nn.Conv2d(3, s(64), kernel_size=11, stride=4, padding=2),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(s(64), s(192), kernel_size=5, padding=2),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(s(192), s(384), kernel_size=3, padding=1),
        nn.ReLU(inplace=True),
        nn.Conv2d(s(384), s(256), kernel_size=3, padding=1),
        nn.ReLU(inplace=True),
        nn.Conv2d(s(256), s(256), kernel_size=3, padding=1),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2),
    )
    body.classifier = nn.Sequential(
        nn.Dropout(p=0.5),
        nn.Linear(s(256) * 6 * 6, s(4096)),
        nn.ReLU(inplace=True),
        nn.Dropout(p=0.5),
        nn.Linear(s(4096), s(4096)),
        nn.ReLU(inplace=True),
        nn.Linear(s(4096), s(1000)),
    )
    return body


VGG16_CFG = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M",
             512, 512, 512, "M"]


def vgg16_body(width=1.0):
    s = lambda c: scale(c, width)
    cfg = [c if c == "M" else s(c) for c in VGG16_CFG]
    features = torchvision.models.vgg.make_layers(cfg, batch_norm=False)
    body = torchvision.models.VGG(features, num_classes=s(1000))
    body.classifier = nn.Sequential(
        nn.Linear(s(512) * 7 * 7, s(4096)),
        nn.ReLU(True),
        nn.Dropout(p=0.5),
        nn.Linear(s(4096), s(4096)),
        nn.ReLU(True),
        nn.Dropout(p=0.5),
        nn.Linear(s(4096), s(1000)),
    )
    return body


class FrequencyMeanTimeMax(nn.Module):
    """Mean over frequency (dim 2), then maximum over time: (N, C, F, T) -> (N, C)."""

    def forward(self, x):
        return x.mean(dim=2).amax(dim=2)


class CompactBody(nn.Module):
    """Backbone.COMPACT: stem, four depthwise-separable blocks, frequency-mean time-max pool."""

    BLOCKS = [(32, (2, 2)), (64, (2, 2)), (128, (2, 4)), (128, None)]

    def __init__(self, width=1.0):
        super().__init__()
        s = lambda c: scale(c, width)
        stem = s(16)
        layers = [nn.Conv2d(1, stem, 3, stride=2, padding=1, bias=False),
                  nn.BatchNorm2d(stem), nn.ReLU(inplace=True)]
        cin = stem
        for channels, pool in self.BLOCKS:
            cout = s(channels)
            layers += [nn.Conv2d(cin, cin, 3, padding=1, groups=cin, bias=False),
                       nn.BatchNorm2d(cin), nn.ReLU(inplace=True),
                       nn.Conv2d(cin, cout, 1, bias=False),
                       nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]
            if pool is not None:
                layers.append(nn.MaxPool2d(pool))
            cin = cout
        self.features = nn.Sequential(*layers)
        self.pool = FrequencyMeanTimeMax()
        self.out_features = cin

    def forward(self, x):
        return self.pool(self.features(x))


class BullNet(nn.Module):
    """Adapter, backbone and the seed's head, named as BullNetwork.torchParameters()."""

    def __init__(self, backbone, width=1.0, adapter="batch_norm"):
        super().__init__()
        adapter_layers = OrderedDict()
        if adapter == "batch_norm":
            adapter_layers["norm"] = nn.BatchNorm2d(1, affine=False)
        elif adapter == "group_norm":
            adapter_layers["norm"] = nn.GroupNorm(1, 1)
        elif adapter != "standardised":
            raise ValueError(adapter)
        if backbone == "compact":
            self.backbone = CompactBody(width)
            features = self.backbone.out_features
        else:
            adapter_layers["conv"] = nn.Conv2d(1, 3, 1)
            self.backbone = alexnet_body(width) if backbone == "alexnet" else vgg16_body(width)
            features = scale(1000, width)
        self.adapter = nn.Sequential(adapter_layers)
        self.head = nn.Sequential(nn.ReLU(), nn.Dropout(0.3), nn.Linear(features, 100),
                                  nn.ReLU(), nn.Dropout(0.2), nn.Linear(100, 2))

    def forward(self, x):
        return self.head(self.backbone(self.adapter(x)))


def parameter_count(module):
    return sum(p.numel() for p in module.parameters())


if __name__ == "__main__":
    # The width-1 mirrors have torchvision's parameter counts.
    assert parameter_count(alexnet_body()) == parameter_count(torchvision.models.alexnet())
    assert parameter_count(vgg16_body()) == parameter_count(torchvision.models.vgg16())
    print("alexnet", parameter_count(alexnet_body()), "vgg16", parameter_count(vgg16_body()),
          "compact", parameter_count(CompactBody()))
