package io.labelatlas.ingest;

/**
 * What {@link MarginCropper#cut} made of one box: either the resized {@code raster} and the {@code window} it was cut
 * from (in source pixels, half-open like {@link Box}), or a {@code rejection} reason. {@code note} is set when the
 * crop was made but something was adjusted on the way, e.g. a box clamped to the image.
 */
public record CropResult(Raster raster, Box window, String rejection, String note) {

  public CropResult {
    if ((raster == null) == (rejection == null)) {
      throw new IllegalArgumentException("a crop result has either a raster or a rejection, not both or neither");
    }
    if (raster != null && window == null) throw new IllegalArgumentException("an accepted crop needs its window");
  }

  public static CropResult accepted(Raster raster, Box window, String note) {
    return new CropResult(raster, window, null, note);
  }

  public static CropResult rejected(String reason) {
    return new CropResult(null, null, reason, null);
  }

  public boolean isAccepted() {
    return raster != null;
  }
}
