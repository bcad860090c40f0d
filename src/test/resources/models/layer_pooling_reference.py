"""Reference for LayerEmbeddingTest: per-channel pooling of intermediate outputs, computed by PyTorch.

  layer_pooling_reference.py MODEL TENSORS N LAYERS POOLING OUT [--sequential CONTAINER]

TENSORS holds N preprocessed images [N, 3, 224, 224] as little-endian float32 (what LabelAtlas feeds the model).
With --sequential the children of CONTAINER in the original model run in order (independent of scripts/export-layers);
without, MODEL's forward returns a dict. Writes the [N, D] pooled vectors to OUT as little-endian float32.
"""
import sys

import numpy as np
import torch

model_path, tensors, n, layers, pooling, out = sys.argv[1:7]
n = int(n)
layers = layers.split(",")
x = torch.from_numpy(np.fromfile(tensors, dtype="<f4").reshape(n, 3, 224, 224))
model = torch.jit.load(model_path, map_location="cpu").eval()
with torch.no_grad():
    if "--sequential" in sys.argv:
        container = sys.argv[sys.argv.index("--sequential") + 1]
        outputs = {}
        for name, block in getattr(model, container).named_children():
            x = block(x)
            outputs[container + "." + name] = x
    else:
        outputs = model(x)
    pooled = []
    for layer in layers:
        y = outputs[layer]
        dims = (2, 3) if y.dim() == 4 else (1,)
        if pooling == "mean":
            pooled.append(y.mean(dims))
        elif pooling == "mean_std":
            pooled.append(torch.cat([y.mean(dims), y.std(dims, unbiased=False)], dim=1))
        else:
            pooled.append(y.clamp(min=1e-6).pow(3).mean(dims).pow(1.0 / 3))
    torch.cat(pooled, dim=1).numpy().astype("<f4").tofile(out)
