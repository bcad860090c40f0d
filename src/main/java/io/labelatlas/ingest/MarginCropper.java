package io.labelatlas.ingest;

import java.util.Arrays;

/**
 * Cuts the square, fixed-size crop that gets embedded for one box: the box plus a margin of context, grown to a minimum
 * size, clamped to the image, resized whole (never centre-cropped, so a small defect near the box edge stays in frame)
 * and optionally gamma-adjusted. Pure geometry and pixel arithmetic over {@link Raster}, deterministic to the bit.
 *
 * <p>The resize is Pillow's {@code Image.resize(size, Image.BILINEAR)} as implemented in {@code Resample.c}: a
 * separable triangle filter whose support widens with the downscale factor, so shrinking averages every source pixel
 * under the output pixel (antialiasing) and enlarging is ordinary bilinear interpolation with pixel centres at
 * {@code i + 0.5}. Horizontal pass first, then vertical, accumulating in double and storing float, as Pillow does for
 * mode {@code "F"}: on float images the output equals Pillow 9.4's bit for bit ({@code MarginCropperTest} checks it to
 * 1e-3 against {@code Image.frombytes("F", ...).resize(size, Image.BILINEAR)}).
 */
public final class MarginCropper {

  private MarginCropper() {}

  /**
   * Crops {@code image} around {@code boxOrNull} (the whole image when null), makes it {@code settings.size()}
   * square as {@code settings.resize()} says and applies {@code settings.gamma()} to the resized pixels. Rejects a
   * box with no area or one entirely outside the image; a box partly outside is clamped and the result carries a note.
   */
  public static CropResult cut(Raster image, Box boxOrNull, CropSettings settings) {
    boolean fixed = settings.resize() == CropResize.FIXED_SCALE && boxOrNull != null;
    Box.Fit fit = fixed ? fixedWindow(image.width(), image.height(), boxOrNull, settings.window())
        : window(image.width(), image.height(), boxOrNull, settings.margin(), settings.minSize());
    if (!fit.isAccepted()) return CropResult.rejected(fit.rejection());
    Box w = fit.box();
    Raster crop = image.crop(w.x1(), w.y1(), w.width(), w.height());
    int size = settings.size();
    Raster sized = switch (settings.resize()) {
      case STRETCH -> resize(crop, size, size);
      // fixed_scale on a whole image (no box to centre on) is letterboxed.
      case LETTERBOX, FIXED_SCALE -> padded(crop,
          (double) size / (fixed ? settings.window() : Math.max(crop.width(), crop.height())), size);
    };
    return CropResult.accepted(gamma(sized, settings.gamma()), w, fit.note());
  }

  /**
   * The {@code window}-pixel square centred on the box (clamped to the image first), shifted back inside the image;
   * along an axis where the image is smaller than the window, the whole axis.
   */
  public static Box.Fit fixedWindow(int width, int height, Box box, int window) {
    Box.Fit fit = box.fitTo(width, height);
    if (!fit.isAccepted()) return fit;
    Box b = fit.box();
    int[] xs = centred(b.x1() + b.x2(), window, width);
    int[] ys = centred(b.y1() + b.y2(), window, height);
    String note = fit.note();
    if (b.width() > window || b.height() > window) {
      String cut = "box " + b.width() + "x" + b.height() + " is larger than crop.window " + window
          + ": the crop shows its centre";
      note = note == null ? cut : note + "; " + cut;
    }
    return new Box.Fit(new Box(xs[0], ys[0], xs[1], ys[1]), null, note);
  }

  private static int[] centred(int twiceCentre, int window, int limit) {
    if (window >= limit) return new int[] {0, limit};
    int lo = Math.floorDiv(twiceCentre - window, 2);
    lo = Math.max(0, Math.min(lo, limit - window));
    return new int[] {lo, lo + window};
  }

  /**
   * {@code crop} scaled by {@code scale} (at most to the square) and centred on a {@code size} square filled with the
   * crop's mean value per channel, so the padding adds no edge of its own beyond the crop's border.
   */
  static Raster padded(Raster crop, double scale, int size) {
    int w = (int) Math.max(1, Math.min(size, Math.round(crop.width() * scale)));
    int h = (int) Math.max(1, Math.min(size, Math.round(crop.height() * scale)));
    Raster scaled = resize(crop, w, h);
    int channels = scaled.channels();
    double[] mean = new double[channels];
    float[] in = scaled.data();
    for (int i = 0; i < in.length; i++) mean[i % channels] += in[i];
    float[] out = new float[size * size * channels];
    for (int i = 0; i < out.length; i++) out[i] = (float) (mean[i % channels] / (w * h));
    int left = (size - w) / 2;
    int top = (size - h) / 2;
    for (int y = 0; y < h; y++) {
      System.arraycopy(in, y * w * channels, out, ((top + y) * size + left) * channels, w * channels);
    }
    return new Raster(size, size, channels, out);
  }

  /**
   * The crop window for {@code boxOrNull} on a {@code width} x {@code height} image, as a {@link Box.Fit} whose box is
   * the window: the box widened by {@code margin} on each side and clamped to the image; then, along each axis still
   * shorter than {@code minSize}, grown symmetrically (odd pixel on the right or bottom) and shifted back inside the
   * image, so it is exactly {@code minSize} unless the image itself is smaller. A null box means the whole image.
   */
  public static Box.Fit window(int width, int height, Box boxOrNull, int margin, int minSize) {
    Box whole = new Box(0, 0, width, height);
    if (boxOrNull == null) return new Box.Fit(whole, null, null);
    if (margin < 0) throw new IllegalArgumentException("margin must not be negative, got " + margin);
    Box.Fit fit = boxOrNull.fitTo(width, height);
    if (!fit.isAccepted()) return fit;
    Box b = fit.box();
    int[] xs = grow(Math.max(0, b.x1() - margin), Math.min(width, b.x2() + margin), minSize, width);
    int[] ys = grow(Math.max(0, b.y1() - margin), Math.min(height, b.y2() + margin), minSize, height);
    return new Box.Fit(new Box(xs[0], ys[0], xs[1], ys[1]), null, fit.note());
  }

  private static int[] grow(int lo, int hi, int minSize, int limit) {
    int target = Math.min(minSize, limit);
    int extra = target - (hi - lo);
    if (extra <= 0) return new int[] {lo, hi};
    lo -= extra / 2;
    hi += extra - extra / 2;
    if (lo < 0) {
      hi -= lo;
      lo = 0;
    }
    if (hi > limit) {
      lo -= hi - limit;
      hi = limit;
    }
    return new int[] {lo, hi};
  }

  /** Each value v becomes {@code 255 (v / 255)^gamma}; gamma 1.0 returns the raster unchanged. */
  public static Raster gamma(Raster raster, double gamma) {
    if (gamma == 1.0) return raster;
    if (!(gamma > 0)) throw new IllegalArgumentException("gamma must be positive, got " + gamma);
    float[] in = raster.data();
    float[] out = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = (float) Math.min(255.0, 255.0 * Math.pow(in[i] / 255.0, gamma));
    }
    return new Raster(raster.width(), raster.height(), raster.channels(), out);
  }

  /** {@code raster} resized to {@code outWidth} x {@code outHeight} with Pillow's antialiased bilinear filter. */
  public static Raster resize(Raster raster, int outWidth, int outHeight) {
    if (outWidth <= 0 || outHeight <= 0) {
      throw new IllegalArgumentException("resize target must be positive, got " + outWidth + "x" + outHeight);
    }
    Raster out = raster;
    if (outWidth != raster.width()) out = resizeHorizontal(out, outWidth);
    if (outHeight != raster.height()) out = resizeVertical(out, outHeight);
    return out;
  }

  /** Filter taps for one axis: output i reads {@code count[i]} inputs from {@code start[i]} with weights at i*taps. */
  private record Taps(int[] start, int[] count, double[] weights, int taps) {}

  // Pillow's precompute_coeffs with the bilinear (triangle) filter, support 1.
  private static Taps taps(int inSize, int outSize) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = filterScale;
    int taps = (int) Math.ceil(support) * 2 + 1;
    int[] start = new int[outSize];
    int[] count = new int[outSize];
    double[] weights = new double[outSize * taps];
    double inverse = 1.0 / filterScale;
    for (int o = 0; o < outSize; o++) {
      double centre = (o + 0.5) * scale;
      // (int) truncates toward zero, as the C cast does; the negative case is clamped to 0 just after either way.
      int min = Math.max(0, (int) (centre - support + 0.5));
      int max = Math.min(inSize, (int) (centre + support + 0.5)) - min;
      double sum = 0;
      for (int k = 0; k < max; k++) {
        double w = Math.max(0.0, 1.0 - Math.abs((k + min - centre + 0.5) * inverse));
        weights[o * taps + k] = w;
        sum += w;
      }
      if (sum != 0) {
        for (int k = 0; k < max; k++) weights[o * taps + k] /= sum;
      }
      start[o] = min;
      count[o] = max;
    }
    return new Taps(start, count, weights, taps);
  }

  private static Raster resizeHorizontal(Raster in, int outWidth) {
    Taps t = taps(in.width(), outWidth);
    int c = in.channels();
    float[] src = in.data();
    float[] dst = new float[outWidth * in.height() * c];
    for (int y = 0; y < in.height(); y++) {
      int rowIn = y * in.width() * c;
      int rowOut = y * outWidth * c;
      for (int x = 0; x < outWidth; x++) {
        int base = t.taps * x;
        for (int ch = 0; ch < c; ch++) {
          double sum = 0;
          for (int k = 0; k < t.count[x]; k++) {
            sum += src[rowIn + (t.start[x] + k) * c + ch] * t.weights[base + k];
          }
          dst[rowOut + x * c + ch] = clamp((float) sum);
        }
      }
    }
    return new Raster(outWidth, in.height(), c, dst);
  }

  private static Raster resizeVertical(Raster in, int outHeight) {
    Taps t = taps(in.height(), outHeight);
    int c = in.channels();
    int rowLength = in.width() * c;
    float[] src = in.data();
    float[] dst = new float[outHeight * rowLength];
    double[] sums = new double[rowLength];
    for (int y = 0; y < outHeight; y++) {
      Arrays.fill(sums, 0.0);
      int base = t.taps * y;
      for (int k = 0; k < t.count[y]; k++) {
        double w = t.weights[base + k];
        int row = (t.start[y] + k) * rowLength;
        for (int i = 0; i < rowLength; i++) sums[i] += src[row + i] * w;
      }
      for (int i = 0; i < rowLength; i++) dst[y * rowLength + i] = clamp((float) sums[i]);
    }
    return new Raster(in.width(), outHeight, c, dst);
  }

  // Normalised non-negative weights keep values in 0..255 up to rounding, which this removes.
  private static float clamp(float v) {
    return v < 0f ? 0f : Math.min(v, 255f);
  }
}
