package io.labelatlas.ingest;

import java.util.Arrays;

/**
 * A decoded image as floats: {@code channels} is 1 (grey) or 3 (RGB), {@code data} is interleaved row-major HWC and
 * every value lies in 0..255 whatever the source bit depth. The array is shared, not copied: treat it as read-only.
 */
public record Raster(int width, int height, int channels, float[] data) {

  public Raster {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("raster size must be positive, got " + width + "x" + height);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("raster channels must be 1 or 3, got " + channels);
    }
    if (data == null) throw new IllegalArgumentException("raster data is null");
    if ((long) width * height * channels != data.length) {
      throw new IllegalArgumentException(
          "raster data has " + data.length + " values, expected " + width + "x" + height + "x" + channels);
    }
    for (int i = 0; i < data.length; i++) {
      float v = data[i];
      // Written as a negated range test so that NaN fails too.
      if (!(v >= 0f && v <= 255f)) {
        throw new IllegalArgumentException("raster value " + v + " at index " + i + " is outside 0..255");
      }
    }
  }

  /** A width x height raster of one value in every channel. */
  public static Raster filled(int width, int height, int channels, float value) {
    float[] data = new float[width * height * channels];
    Arrays.fill(data, value);
    return new Raster(width, height, channels, data);
  }

  public float get(int x, int y, int channel) {
    return data[(y * width + x) * channels + channel];
  }

  /**
   * Luma by ITU-R BT.601, {@code 0.299 R + 0.587 G + 0.114 B}, the weights PIL's {@code convert("L")} uses. PIL rounds
   * the result to an integer; this keeps the fraction, so on 8-bit input the two differ by at most 0.5.
   */
  public Raster toGrey() {
    if (channels == 1) return this;
    float[] grey = new float[width * height];
    for (int p = 0, i = 0; p < grey.length; p++, i += 3) {
      float luma = 0.299f * data[i] + 0.587f * data[i + 1] + 0.114f * data[i + 2];
      grey[p] = Math.min(255f, luma);
    }
    return new Raster(width, height, 1, grey);
  }

  /** The w x h window whose top-left pixel is (x, y); it must lie wholly inside this raster. */
  public Raster crop(int x, int y, int w, int h) {
    if (w <= 0 || h <= 0 || x < 0 || y < 0 || x > width - w || y > height - h) {
      throw new IllegalArgumentException(
          "crop " + w + "x" + h + " at (" + x + "," + y + ") is not inside the " + width + "x" + height + " raster");
    }
    if (x == 0 && y == 0 && w == width && h == height) return this;
    float[] out = new float[w * h * channels];
    int rowLength = w * channels;
    for (int row = 0; row < h; row++) {
      System.arraycopy(data, ((y + row) * width + x) * channels, out, row * rowLength, rowLength);
    }
    return new Raster(w, h, channels, out);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Raster r
        && r.width == width
        && r.height == height
        && r.channels == channels
        && Arrays.equals(r.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * width + height) + channels) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Raster[" + width + "x" + height + "x" + channels + "]";
  }
}
