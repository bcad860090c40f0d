package io.labelatlas.ingest;

/**
 * A bounding box in pixel coordinates, 0-based and half-open: it covers columns {@code x1 .. x2-1} and rows
 * {@code y1 .. y2-1}, so {@code x2 - x1} is its width. The corners are pixel edges, which is how DeepPCB's
 * {@code x1 y1 x2 y2} and COCO-style corner boxes read; Pascal VOC's 1-based inclusive {@code xmin..xmax} goes through
 * {@link #fromVoc}. Any four integers are accepted here, because a bad annotation is something to report in the errors
 * table rather than to crash on: {@link #fitTo} says whether the box can be used on a given image.
 */
public record Box(int x1, int y1, int x2, int y2) {

  /** Pascal VOC {@code <bndbox>}: 1-based, with {@code xmax}/{@code ymax} the last pixel inside the box. */
  public static Box fromVoc(int xmin, int ymin, int xmax, int ymax) {
    return new Box(xmin - 1, ymin - 1, xmax, ymax);
  }

  public int width() {
    return x2 - x1;
  }

  public int height() {
    return y2 - y1;
  }

  /** Area in pixels, zero for an empty or inverted box. */
  public long area() {
    return x2 > x1 && y2 > y1 ? (long) (x2 - x1) * (y2 - y1) : 0L;
  }

  /** This box intersected with {@code other}; empty (zero area) when they do not overlap. */
  public Box intersect(Box other) {
    return new Box(
        Math.max(x1, other.x1), Math.max(y1, other.y1), Math.min(x2, other.x2), Math.min(y2, other.y2));
  }

  /**
   * How this box sits on a {@code width} x {@code height} image: rejected when it has no area or misses the image
   * entirely, accepted as is when inside, and clamped to the image (with a note saying so) when it sticks out.
   */
  public Fit fitTo(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    if (x2 <= x1 || y2 <= y1) {
      return Fit.rejected("zero or negative area box " + this + " (" + width() + "x" + height() + ")");
    }
    Box clamped = intersect(new Box(0, 0, width, height));
    if (clamped.area() == 0) {
      return Fit.rejected("box " + this + " is entirely outside the " + width + "x" + height + " image");
    }
    if (clamped.equals(this)) return new Fit(this, null, null);
    String note = "box " + this + " is partly outside the " + width + "x" + height + " image; clamped to " + clamped;
    return new Fit(clamped, null, note);
  }

  /**
   * The outcome of {@link #fitTo}: either a usable {@code box} (possibly clamped, then {@code note} says how) or a
   * {@code rejection} reason.
   */
  public record Fit(Box box, String rejection, String note) {
    static Fit rejected(String reason) {
      return new Fit(null, reason, null);
    }

    public boolean isAccepted() {
      return box != null;
    }

    public boolean isClamped() {
      return note != null;
    }
  }

  @Override
  public String toString() {
    return "[" + x1 + "," + y1 + "," + x2 + "," + y2 + ")";
  }
}
