"""Random-weight TorchScript stand-ins for the resnet50 and vit_b16 backbones (no weights can be downloaded here).

  /usr/bin/python3 trace_torchvision_backbones.py OUT_DIR [resnet50] [vit]

resnet50_random_ts.pt: torchvision.models.resnet50(weights=None) with fc = Identity: [N, 3, 224, 224] -> [N, 2048]
vit_1layer_random_ts.pt: torchvision's VisionTransformer with vit_b_16's patch size (16), width (768), heads (12)
    and MLP (3072) but 1 encoder layer instead of 12 (31 MB instead of 343 MB), heads = Identity: -> [N, 768]
Both are exported as docs/models.md exports the real ones (eval mode, torch.jit.trace on a [1, 3, 224, 224] example).
"""
import os
import sys

import torch
import torchvision

out = sys.argv[1]
which = sys.argv[2:] or ['resnet50', 'vit']
torch.manual_seed(0)
example = torch.zeros(1, 3, 224, 224)
os.makedirs(out, exist_ok=True)
if 'resnet50' in which:
    model = torchvision.models.resnet50(weights=None)
    model.fc = torch.nn.Identity()
    with torch.no_grad():
        torch.jit.trace(model.eval(), example).save(os.path.join(out, 'resnet50_random_ts.pt'))
if 'vit' in which:
    model = torchvision.models.VisionTransformer(image_size=224, patch_size=16, num_layers=1, num_heads=12,
                                                 hidden_dim=768, mlp_dim=3072)
    model.heads = torch.nn.Identity()
    with torch.no_grad():
        torch.jit.trace(model.eval(), example).save(os.path.join(out, 'vit_1layer_random_ts.pt'))
