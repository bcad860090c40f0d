"""torchvision 0.14 reference tensors for io.labelatlas.embed.djl.ImageNetPreprocessing.

  python3 torchvision_reference.py images OUT_DIR [small|large]
      seeded test images (PNG, RGB and grey, odd sizes): small for the committed golden files, large for live checks
  python3 torchvision_reference.py tensors IN_DIR OUT_DIR SIZE
      for every IN_DIR/*.png: OUT_DIR/<stem>.resize.f32 and OUT_DIR/<stem>.center_crop.f32, the float32
      little-endian [3, SIZE, SIZE] tensors of
        resize:      Resize((SIZE, SIZE)), ToTensor(), Normalize(IMAGENET_MEAN, IMAGENET_STD)
        center_crop: Resize(SIZE * 8 // 7), CenterCrop(SIZE), ToTensor(), Normalize(IMAGENET_MEAN, IMAGENET_STD)
      on Image.open(png).convert('RGB') (grey images become RGB first).
"""
import os
import sys

import numpy as np
from PIL import Image

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def images(out_dir, sizes):
    """Smooth gradients, sharp edges and noise, so that resize rounding and edge handling are both exercised."""
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(20241123)
    for name, (w, h, mode) in sizes.items():
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
        planes = []
        for c in range(3 if mode == 'RGB' else 1):
            base = 128 + 90 * np.sin(xx / rng.uniform(2, 12) + c) * np.cos(yy / rng.uniform(2, 12))
            base[yy > h * rng.uniform(0.3, 0.7)] += rng.uniform(-80, 80)  # a sharp edge
            base += rng.normal(0, 12, (h, w))
            planes.append(np.clip(np.rint(base), 0, 255).astype(np.uint8))
        array = np.stack(planes, axis=-1) if mode == 'RGB' else planes[0]
        Image.fromarray(array, mode).save(os.path.join(out_dir, name + '.png'))


def tensors(in_dir, out_dir, size):
    import torch
    from torchvision import transforms as T
    torch.set_num_threads(1)
    pipelines = {
        'resize': T.Compose([T.Resize((size, size)), T.ToTensor(), T.Normalize(MEAN, STD)]),
        'center_crop': T.Compose([T.Resize(size * 8 // 7), T.CenterCrop(size), T.ToTensor(), T.Normalize(MEAN, STD)]),
    }
    os.makedirs(out_dir, exist_ok=True)
    for file in sorted(os.listdir(in_dir)):
        if not file.endswith('.png'):
            continue
        image = Image.open(os.path.join(in_dir, file)).convert('RGB')
        for mode, pipeline in pipelines.items():
            tensor = pipeline(image).numpy()
            assert tensor.shape == (3, size, size), tensor.shape
            tensor.astype('<f4').tofile(os.path.join(out_dir, file[:-4] + '.' + mode + '.f32'))


if __name__ == '__main__':
    if sys.argv[1] == 'images':
        # name: (width, height, mode)
        small = {
            'rgb_37x53': (37, 53, 'RGB'), 'rgb_80x61': (80, 61, 'RGB'), 'rgb_32x32': (32, 32, 'RGB'),
            'rgb_121x29': (121, 29, 'RGB'), 'grey_19x45': (19, 45, 'L'), 'grey_70x33': (70, 33, 'L'),
        }
        large = {
            'rgb_300x211': (300, 211, 'RGB'), 'rgb_224x224': (224, 224, 'RGB'), 'rgb_640x480': (640, 480, 'RGB'),
            'rgb_224x301': (224, 301, 'RGB'), 'rgb_57x40': (57, 40, 'RGB'), 'grey_97x61': (97, 61, 'L'),
            'grey_200x200': (200, 200, 'L'), 'grey_13x29': (13, 29, 'L'),
        }
        images(sys.argv[2], large if len(sys.argv) > 3 and sys.argv[3] == 'large' else small)
    elif sys.argv[1] == 'tensors':
        tensors(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit(__doc__)
