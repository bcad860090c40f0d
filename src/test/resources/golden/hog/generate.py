"""Golden HOG descriptors from scikit-image for HogEmbedderTest.

Writes, next to this script, for each case <name>.pixels.bin (the image, row-major float64 little-endian) and
<name>.hog.bin (skimage.feature.hog's feature vector, float64 little-endian), and cases.txt listing
`name width height orientations pixels_per_cell cells_per_block length skimage_version`.
Pixel values are float32-representable because HogEmbedder takes float[].
"""
import os

import numpy as np
import skimage
from skimage.feature import hog

HERE = os.path.dirname(os.path.abspath(__file__))


def natural(rng, height, width):
    """Smooth shading, a few soft blobs and sensor noise, clipped to 0..255."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float64)
    img = 60 + 0.4 * xx + 0.25 * yy + 30 * np.sin(xx / 17.0) * np.cos(yy / 23.0)
    for _ in range(6):
        cy, cx = rng.uniform(0, height), rng.uniform(0, width)
        r = rng.uniform(5, 30)
        img += rng.uniform(-60, 60) * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * r * r))
    img += rng.normal(0, 4, size=img.shape)
    return np.clip(img, 0, 255)


def steps(height, width):
    """Integer-valued rectangles and a diagonal: many gradients exactly on an axis or at 45 degrees."""
    img = np.full((height, width), 40.0)
    img[5:30, 8:25] = 200.0
    img[18:36, 20:38] = 90.0
    yy, xx = np.mgrid[0:height, 0:width]
    img[(xx - yy) > 24] = 255.0
    return img


def degenerate(height, width):
    """Row gradients of +-1e-20 (and -0.0) beside column gradients of 50: angles that round to 0 and to exactly 180,
    which skimage drops from every bin."""
    img = np.zeros((height, width))
    img[:, 2::4] = 50.0
    img[:, 3::4] = 50.0
    tiny = np.where(np.arange(height) % 3 == 0, 1e-20, 0.0)
    img[:, 1::4] = tiny[:, None]
    img[::5, 1::8] = -0.0
    return img


def main():
    rng = np.random.default_rng(20240611)
    cases = [
        ('random_int_64x48', rng.integers(0, 256, size=(48, 64)).astype(np.float64), (9, 8, 2)),
        ('random_real_100x77', rng.uniform(0, 255, size=(77, 100)), (9, 8, 2)),
        ('constant_32x24', np.full((24, 32), 128.0), (9, 8, 2)),
        ('steps_48x40', steps(40, 48), (9, 8, 2)),
        ('degenerate_48x40', degenerate(40, 48), (9, 8, 2)),
        ('natural_odd_params_61x50', natural(rng, 50, 61), (7, 6, 3)),
        ('natural_224x224', natural(rng, 224, 224), (9, 8, 2)),
    ]
    lines = []
    for name, img, (orientations, cell, block) in cases:
        img = img.astype(np.float32).astype(np.float64)
        out = hog(img, orientations=orientations, pixels_per_cell=(cell, cell), cells_per_block=(block, block),
                  block_norm='L2-Hys', feature_vector=True)
        img.astype('<f8').tofile(os.path.join(HERE, name + '.pixels.bin'))
        out.astype('<f8').tofile(os.path.join(HERE, name + '.hog.bin'))
        height, width = img.shape
        lines.append(f'{name} {width} {height} {orientations} {cell} {block} {out.size} {skimage.__version__}')
    with open(os.path.join(HERE, 'cases.txt'), 'w') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
