"""A tiny dict-returning TorchScript model for LayerEmbeddingTest: a feature map, a token sequence and a flat vector.

  make_tapped_model.py OUT
"""
import sys
from typing import Dict

import torch


class Tapped(torch.nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(7)
        self.conv = torch.nn.Conv2d(3, 6, 5, stride=4)
        self.proj = torch.nn.Linear(6, 4)

    def forward(self, x: torch.Tensor) -> Dict[str, torch.Tensor]:
        fmap = torch.relu(self.conv(x))
        tokens = self.proj(fmap.flatten(2).transpose(1, 2))
        return {"block.map": fmap, "block.tokens": tokens, "head.flat": fmap.mean((2, 3))}


torch.jit.script(Tapped().eval()).save(sys.argv[1])
