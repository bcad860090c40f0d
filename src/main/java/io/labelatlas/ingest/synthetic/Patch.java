package io.labelatlas.ingest.synthetic;

/** A defect drawn in its own frame: an additive grey-level change over a rectangle that becomes its box. */
final class Patch {
  final int width;
  final int height;
  final float[] delta;
  /** Where the shape's own (0, 0) landed in the patch. */
  double originX;
  double originY;

  Patch(int width, int height) {
    this.width = width;
    this.height = height;
    this.delta = new float[width * height];
  }

  void addTo(float[] canvas, int canvasWidth, int x0, int y0) {
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) canvas[(y0 + y) * canvasWidth + x0 + x] += delta[y * width + x];
    }
  }
}
