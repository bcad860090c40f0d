package io.labelatlas.embed.djl;

import io.labelatlas.ingest.CropPixels;
import java.io.Serializable;
import java.util.Locale;

/**
 * Crop pixels to the float tensor an ImageNet-trained torchvision backbone expects, equal to torchvision 0.14's
 * transforms on a PIL image of the same pixels (grey images converted to RGB first):
 * <ul>
 *   <li>{@link Mode#RESIZE}: {@code Resize((size, size))}, the whole crop squeezed to a square with no centre crop, so
 *       a defect near the crop's edge stays in view (the field note's choice for defect crops);</li>
 *   <li>{@link Mode#CENTER_CROP}: {@code Resize(size * 8 / 7)} then {@code CenterCrop(size)}, torchvision's ImageNet
 *       evaluation (256 / 224), for whole images;</li>
 * </ul>
 * both followed by {@code ToTensor()} and {@code Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])}.
 * The resize is Pillow's bilinear ({@link PillowResize}); the arithmetic after it is float32 in torchvision's order
 * ({@code v / 255}, then {@code (x - mean) / std}), so the tensors match element for element.
 */
public record ImageNetPreprocessing(Mode mode, int size) implements Serializable {
  /** Bump when the tensor this class makes changes, so cached embeddings are not reused. */
  static final int IMPLEMENTATION = 1;
  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};

  public enum Mode {
    RESIZE("resize"),
    CENTER_CROP("center_crop");

    private final String configName;

    Mode(String configName) {
      this.configName = configName;
    }

    /** The value of {@code embed.preprocess} that selects this mode. */
    public String configName() {
      return configName;
    }

    public static Mode fromConfig(String name) {
      for (Mode mode : values()) {
        if (mode.configName.equals(name)) return mode;
      }
      throw new IllegalArgumentException("unknown preprocessing '" + name + "' (resize or center_crop)");
    }
  }

  public ImageNetPreprocessing {
    if (mode == null) throw new IllegalArgumentException("mode is null");
    if (size < 1) throw new IllegalArgumentException("size must be positive, got " + size);
  }

  /** Values per image in the tensor: 3 x size x size. */
  public int tensorLength() {
    return 3 * size * size;
  }

  /** The shorter side before the centre crop: 256 for 224, as in torchvision's ImageNet evaluation. */
  public int resizeShortSide() {
    return size * 8 / 7;
  }

  /** Identifies every step, for the embeddings table's preprocessing column. */
  public String describe() {
    String geometry = mode == Mode.RESIZE
        ? String.format(Locale.ROOT, "resize=%dx%d", size, size)
        : String.format(Locale.ROOT, "resize_short=%d,center_crop=%d", resizeShortSide(), size);
    return "imagenet(" + geometry + ",pil_bilinear,rgb,mean=0.485/0.456/0.406,std=0.229/0.224/0.225,impl="
        + IMPLEMENTATION + ")";
  }

  public float[] tensor(CropPixels crop) {
    float[] out = new float[tensorLength()];
    tensor(crop, out, 0);
    return out;
  }

  /** Writes the [3, size, size] tensor (channel-major, RGB) of {@code crop} into {@code out} from {@code offset}. */
  public void tensor(CropPixels crop, float[] out, int offset) {
    int channels = crop.channels();
    byte[] pixels;
    int width;
    int height;
    if (mode == Mode.RESIZE) {
      pixels = PillowResize.resize(crop.pixels(), crop.width(), crop.height(), channels, size, size);
      width = size;
      height = size;
    } else {
      int shortSide = resizeShortSide();
      int w = crop.width();
      int h = crop.height();
      // torchvision: new_long = int(short_target * long / short), a true division truncated.
      if (w <= h) {
        width = shortSide;
        height = (int) ((double) ((long) shortSide * h) / w);
      } else {
        height = shortSide;
        width = (int) ((double) ((long) shortSide * w) / h);
      }
      pixels = PillowResize.resize(crop.pixels(), w, h, channels, width, height);
    }
    // CenterCrop: int(round((H - size) / 2.0)) with Python's round half to even; 0 for RESIZE.
    int top = (int) Math.rint((height - size) / 2.0);
    int left = (int) Math.rint((width - size) / 2.0);
    int plane = size * size;
    for (int c = 0; c < 3; c++) {
      int source = channels == 1 ? 0 : c;
      float mean = MEAN[c];
      float std = STD[c];
      int o = offset + c * plane;
      for (int y = 0; y < size; y++) {
        int row = ((top + y) * width + left) * channels + source;
        for (int x = 0; x < size; x++) {
          float v = (pixels[row + x * channels] & 0xff) / 255f;
          out[o++] = (v - mean) / std;
        }
      }
    }
  }
}
