package io.labelatlas.ingest;

import java.io.Serializable;

/**
 * A finished crop as it travels between stages: 8-bit pixels, interleaved, {@code channels} 1 (grey) or 3 (RGB), and
 * where its box sat on the source image ({@code box}, null where the caller does not know it).
 * 8 bits keep a 224 x 224 crop at 50 kB (grey), the same quantisation a saved PNG crop would have.
 */
public record CropPixels(int width, int height, int channels, byte[] pixels, CropBox box) implements Serializable {
  public CropPixels(int width, int height, int channels, byte[] pixels) {
    this(width, height, channels, pixels, null);
  }

  public CropPixels {
    if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    if (pixels.length != width * height * channels) {
      throw new IllegalArgumentException("pixel buffer of " + pixels.length + " bytes for " + width + "x" + height + "x"
          + channels);
    }
  }

  /** Rounds and clamps a 0..255 raster to 8 bits. */
  public static CropPixels of(Raster raster) {
    float[] data = raster.data();
    byte[] bytes = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      int v = Math.round(data[i]);
      bytes[i] = (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
    return new CropPixels(raster.width(), raster.height(), raster.channels(), bytes);
  }

  /** Grey values 0..255 row-major: the pixels themselves for grey crops, BT.601 luma for RGB ones. */
  public float[] grey() {
    int n = width * height;
    float[] out = new float[n];
    if (channels == 1) {
      for (int i = 0; i < n; i++) out[i] = pixels[i] & 0xff;
    } else {
      for (int i = 0; i < n; i++) {
        int r = pixels[3 * i] & 0xff, g = pixels[3 * i + 1] & 0xff, b = pixels[3 * i + 2] & 0xff;
        out[i] = (float) (0.299 * r + 0.587 * g + 0.114 * b);
      }
    }
    return out;
  }
}
