package io.labelatlas.embed.djl;

/**
 * Pillow's {@code Image.resize((w, h), Image.BILINEAR)} on 8-bit images (modes {@code "L"} and {@code "RGB"}), as
 * Pillow 9.4's {@code Resample.c} computes it, so that a tensor made here equals torchvision's {@code Resize} on a PIL
 * image bit for bit.
 *
 * <p>What Pillow does, and this class repeats: a separable triangle filter whose support widens with the downscale
 * factor (antialiasing), with pixel centres at {@code i + 0.5}; the weights of each output pixel normalised to sum 1 in
 * double, then turned into integers with 22 fraction bits ({@code PRECISION_BITS = 32 - 8 - 2}), rounded half away from
 * zero; the horizontal pass first, over only the rows the vertical pass will read, into an 8-bit image; each sum starts
 * at {@code 1 << 21} (rounding) and is shifted down and clamped to 0..255. An axis whose size does not change is not
 * resampled.
 */
public final class PillowResize {
  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final int HALF = 1 << (PRECISION_BITS - 1);

  private PillowResize() {}

  /**
   * {@code pixels} (row-major, {@code channels} interleaved 8-bit values per pixel) resized to
   * {@code outWidth} x {@code outHeight}; returns {@code pixels} itself when the size does not change.
   */
  public static byte[] resize(byte[] pixels, int width, int height, int channels, int outWidth, int outHeight) {
    if (width < 1 || height < 1 || outWidth < 1 || outHeight < 1) {
      throw new IllegalArgumentException("sizes must be positive, got " + width + "x" + height + " -> " + outWidth
          + "x" + outHeight);
    }
    if (channels < 1 || (long) width * height * channels != pixels.length) {
      throw new IllegalArgumentException("pixel buffer of " + pixels.length + " bytes for " + width + "x" + height
          + "x" + channels);
    }
    boolean horizontal = outWidth != width;
    boolean vertical = outHeight != height;
    if (!horizontal && !vertical) return pixels;

    Coefficients rows = Coefficients.bilinear(height, outHeight);
    byte[] image = pixels;
    int imageHeight = height;
    int firstRow = 0;
    if (horizontal) {
      // Only the rows the vertical pass reads, as Pillow does (the result is the same, the work smaller).
      firstRow = rows.start[0];
      int lastRow = rows.start[outHeight - 1] + rows.count[outHeight - 1];
      image = resampleRows(pixels, width, channels, firstRow, lastRow - firstRow, Coefficients.bilinear(width,
          outWidth));
      imageHeight = lastRow - firstRow;
    }
    if (!vertical) return image;
    return resampleColumns(image, outWidth, imageHeight, channels, firstRow, rows);
  }

  private static byte[] resampleRows(byte[] in, int width, int channels, int firstRow, int rowCount,
      Coefficients taps) {
    int outWidth = taps.start.length;
    byte[] out = new byte[outWidth * rowCount * channels];
    for (int y = 0; y < rowCount; y++) {
      int rowIn = (firstRow + y) * width * channels;
      int rowOut = y * outWidth * channels;
      for (int x = 0; x < outWidth; x++) {
        int base = x * taps.size;
        int start = taps.start[x];
        int count = taps.count[x];
        for (int c = 0; c < channels; c++) {
          int sum = HALF;
          for (int k = 0; k < count; k++) {
            sum += (in[rowIn + (start + k) * channels + c] & 0xff) * taps.weights[base + k];
          }
          out[rowOut + x * channels + c] = clip8(sum);
        }
      }
    }
    return out;
  }

  private static byte[] resampleColumns(byte[] in, int width, int height, int channels, int rowOffset,
      Coefficients taps) {
    int outHeight = taps.start.length;
    int rowLength = width * channels;
    byte[] out = new byte[outHeight * rowLength];
    int[] sums = new int[rowLength];
    for (int y = 0; y < outHeight; y++) {
      java.util.Arrays.fill(sums, HALF);
      int base = y * taps.size;
      int start = taps.start[y] - rowOffset;
      for (int k = 0; k < taps.count[y]; k++) {
        int weight = taps.weights[base + k];
        int row = (start + k) * rowLength;
        for (int i = 0; i < rowLength; i++) sums[i] += (in[row + i] & 0xff) * weight;
      }
      int rowOut = y * rowLength;
      for (int i = 0; i < rowLength; i++) out[rowOut + i] = clip8(sums[i]);
    }
    return out;
  }

  private static byte clip8(int sum) {
    int v = sum >> PRECISION_BITS;
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
  }

  /** Pillow's {@code precompute_coeffs} with the bilinear filter (support 1), then {@code normalize_coeffs_8bpc}. */
  private record Coefficients(int[] start, int[] count, int[] weights, int size) {
    static Coefficients bilinear(int inSize, int outSize) {
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = filterScale;
      int size = (int) Math.ceil(support) * 2 + 1;
      int[] start = new int[outSize];
      int[] count = new int[outSize];
      int[] weights = new int[outSize * size];
      double[] k = new double[size];
      double inverse = 1.0 / filterScale;
      for (int o = 0; o < outSize; o++) {
        double centre = (o + 0.5) * scale;
        // (int) truncates toward zero, as the C cast does.
        int min = Math.max(0, (int) (centre - support + 0.5));
        int n = Math.min(inSize, (int) (centre + support + 0.5)) - min;
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
          double x = Math.abs((i + min - centre + 0.5) * inverse);
          k[i] = x < 1.0 ? 1.0 - x : 0.0;
          sum += k[i];
        }
        for (int i = 0; i < n; i++) {
          double w = sum != 0.0 ? k[i] / sum : k[i];
          weights[o * size + i] = (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
        }
        start[o] = min;
        count[o] = n;
      }
      return new Coefficients(start, count, weights, size);
    }
  }
}
