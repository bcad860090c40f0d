package io.labelatlas.ingest;

/**
 * How {@link MarginCropper} cuts a crop, validated on construction; a bad value fails with a message that names its
 * job-file key ({@code crop.margin}, {@code crop.min_size}, {@code crop.gamma}, {@code crop.size}).
 *
 * @param margin context added on every side of the box, in source pixels, 0..64
 * @param minSize smallest crop side in source pixels before resizing, 1..{@code size}; small boxes grow to it
 * @param gamma contrast exponent, 0.9..1.2; 1.0 leaves values alone
 * @param size side of the square output crop, at least 16
 * @param resize how the window becomes the square ({@link CropResize})
 * @param window side of the source-pixel window of {@link CropResize#FIXED_SCALE}, 8..4096 (unused otherwise)
 */
public record CropSettings(int margin, int minSize, double gamma, int size, CropResize resize, int window)
    implements java.io.Serializable {

  public static final int DEFAULT_MARGIN = 10;
  public static final int DEFAULT_MIN_SIZE = 32;
  public static final double DEFAULT_GAMMA = 1.0;
  public static final int DEFAULT_SIZE = 224;
  public static final int MAX_MARGIN = 64;
  public static final double MIN_GAMMA = 0.9;
  public static final double MAX_GAMMA = 1.2;
  public static final int MIN_OUTPUT_SIZE = 16;
  public static final int DEFAULT_WINDOW = 128;
  public static final int MIN_WINDOW = 8;
  public static final int MAX_WINDOW = 4096;

  public static final CropSettings DEFAULTS =
      new CropSettings(DEFAULT_MARGIN, DEFAULT_MIN_SIZE, DEFAULT_GAMMA, DEFAULT_SIZE);

  /** Stretched crops, as before {@code crop.resize} existed. */
  public CropSettings(int margin, int minSize, double gamma, int size) {
    this(margin, minSize, gamma, size, CropResize.STRETCH, DEFAULT_WINDOW);
  }

  public CropSettings {
    if (resize == null) throw new IllegalArgumentException("crop.resize is null");
    if (window < MIN_WINDOW || window > MAX_WINDOW) {
      throw new IllegalArgumentException("crop.window must be in " + MIN_WINDOW + ".." + MAX_WINDOW
          + " source pixels, got " + window);
    }
    if (margin < 0 || margin > MAX_MARGIN) {
      throw new IllegalArgumentException("crop.margin must be in 0.." + MAX_MARGIN + " pixels, got " + margin);
    }
    if (size < MIN_OUTPUT_SIZE) {
      throw new IllegalArgumentException("crop.size must be at least " + MIN_OUTPUT_SIZE + " pixels, got " + size);
    }
    if (minSize < 1 || minSize > size) {
      throw new IllegalArgumentException(
          "crop.min_size must be in 1..crop.size (" + size + ") pixels, got " + minSize);
    }
    if (!(gamma >= MIN_GAMMA && gamma <= MAX_GAMMA)) {
      throw new IllegalArgumentException(
          "crop.gamma must be in " + MIN_GAMMA + ".." + MAX_GAMMA + " (1.0 = off), got " + gamma);
    }
  }

  public CropSettings withMargin(int value) {
    return new CropSettings(value, minSize, gamma, size, resize, window);
  }

  public CropSettings withMinSize(int value) {
    return new CropSettings(margin, value, gamma, size, resize, window);
  }

  public CropSettings withGamma(double value) {
    return new CropSettings(margin, minSize, value, size, resize, window);
  }

  public CropSettings withSize(int value) {
    return new CropSettings(margin, minSize, gamma, value, resize, window);
  }

  /** How the window becomes the square, for the embeddings' preprocessing key ({@code whole} is stretch). */
  public String describeResize() {
    return switch (resize) {
      case STRETCH -> "whole";
      case LETTERBOX -> "letterbox";
      case FIXED_SCALE -> "fixed_scale(window=" + window + ")";
    };
  }
}
