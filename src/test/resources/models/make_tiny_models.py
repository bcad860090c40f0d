"""Tiny TorchScript models for the DJL backbone tests (committed, so those tests need no Python).

  cd src/test/resources/models && /usr/bin/python3 make_tiny_models.py

tiny_embedder_ts.pt:    [N, 3, H, W] -> [N, 8]        conv 3->8 (3x3, stride 4), ReLU, global average pool, flatten
tiny_feature_map_ts.pt: [N, 3, H, W] -> [N, 8, 1, 1]  the same without the flatten: a wrong output rank
"""
import torch

torch.manual_seed(3)


class Tiny(torch.nn.Module):
    def __init__(self, flatten):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3, stride=4)
        self.pool = torch.nn.AdaptiveAvgPool2d(1)
        self.flatten = flatten

    def forward(self, x):
        y = self.pool(torch.relu(self.conv(x)))
        return torch.flatten(y, 1) if self.flatten else y


example = torch.zeros(1, 3, 224, 224)
embedder = Tiny(True).eval()
feature_map = Tiny(False).eval()
feature_map.load_state_dict(embedder.state_dict())
with torch.no_grad():
    torch.jit.trace(embedder, example).save('tiny_embedder_ts.pt')
    torch.jit.trace(feature_map, example).save('tiny_feature_map_ts.pt')
