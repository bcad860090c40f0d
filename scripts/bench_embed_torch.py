"""The PyTorch peer of scripts/bench-embed: the same TorchScript on the same crops, same threads, batch 32.

  python3 bench_embed_torch.py WORK N MODEL DIMENSION PASSES THREADS

Reads WORK/crops.u8 (N x 224 x 224 x 3 RGB bytes, written by io.labelatlas.bench.EmbedBenchmark), preprocesses all
crops beforehand exactly as torchvision's ToTensor + ImageNet Normalize do (the crops are already 224 x 224), then
times only the forward passes: torch.set_num_threads(THREADS), torch.no_grad(), batches of 32, median of PASSES
passes after two warm-up batches. Compares its vectors with WORK/java_vectors.f32 (LabelAtlas's output) and prints
images/s.

  python3 bench_embed_torch.py trace-resnet50 OUT_FILE
      writes torchvision's resnet50 with random weights and fc = Identity, traced ([N, 3, 224, 224] -> [N, 2048]).
"""
import statistics
import sys
import time

import numpy as np
import torch

BATCH = 32
MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


def trace_resnet50(out):
    import torchvision
    torch.manual_seed(0)
    model = torchvision.models.resnet50(weights=None)
    model.fc = torch.nn.Identity()
    with torch.no_grad():
        torch.jit.trace(model.eval(), torch.zeros(1, 3, 224, 224)).save(out)


def main(work, n, model_path, dimension, passes, threads):
    torch.set_num_threads(threads)
    crops = np.fromfile(f'{work}/crops.u8', dtype=np.uint8).reshape(n, 224, 224, 3)
    # ToTensor (uint8 HWC -> float CHW / 255) and Normalize, in float32 as torchvision does them.
    images = torch.from_numpy(crops).permute(0, 3, 1, 2).float().div(255).sub(MEAN).div(STD).contiguous()
    model = torch.jit.load(model_path).eval()
    batches = [images[i:i + BATCH] for i in range(0, n, BATCH)]
    with torch.no_grad():
        for batch in batches[:2]:
            model(batch)
        seconds = []
        for _ in range(passes):
            start = time.perf_counter()
            outputs = [model(batch) for batch in batches]
            seconds.append(time.perf_counter() - start)
    vectors = torch.cat(outputs).numpy()
    assert vectors.shape == (n, dimension), vectors.shape
    java = np.fromfile(f'{work}/java_vectors.f32', dtype='<f4').reshape(n, dimension)
    difference = np.abs(java - vectors).max()
    scale = np.abs(vectors).max()
    median = statistics.median(seconds)
    print(f'PyTorch {torch.__version__} (TorchScript, {threads} threads, batch {BATCH}, no_grad, preprocessing done '
          f'beforehand): median of {passes} passes {median:.2f} s (min {min(seconds):.2f}, max {max(seconds):.2f}) '
          f'-> {n / median:.2f} images/s')
    print(f'vectors: max abs difference LabelAtlas vs PyTorch {difference:.2e} (max |value| {scale:.2f})')
    print(f'torch_images_per_s={n / median:.4f}')


if __name__ == '__main__':
    if sys.argv[1] == 'trace-resnet50':
        trace_resnet50(sys.argv[2])
    else:
        work, n, model, dimension, passes, threads = sys.argv[1:7]
        main(work, int(n), model, int(dimension), int(passes), int(threads))
