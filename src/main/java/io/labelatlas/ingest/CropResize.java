package io.labelatlas.ingest;

/**
 * How the crop window becomes the square crop ({@code crop.resize}). Stretching squeezes every window to the square,
 * so a small box's texture is magnified more than a large one's and the box size leaks into the pixels; letterbox
 * keeps the aspect ratio; fixed_scale cuts the same source-pixel window around every box, so a pixel means the same
 * physical size in every crop.
 */
public enum CropResize {
  /** The margin window resized to the square, aspect ratio not kept (the default). */
  STRETCH("stretch"),
  /** The margin window scaled so its longer side fills the square, the rest padded with the crop's mean value. */
  LETTERBOX("letterbox"),
  /** A {@code crop.window}-pixel square centred on the box, shifted inside the image, resized to the square. */
  FIXED_SCALE("fixed_scale");

  private final String configName;

  CropResize(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static CropResize fromConfig(String name) {
    for (CropResize resize : values()) {
      if (resize.configName.equals(name)) return resize;
    }
    throw new IllegalArgumentException("unknown crop.resize '" + name + "' (stretch, letterbox or fixed_scale)");
  }
}
