package io.labelatlas.ingest.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Geometry of one defect (strokes and spots in the shape's own coordinates), rendered into a {@link Patch} whose size
 * is its extent plus a random annotation slack.
 */
final class Shape {

  /** A straight piece of a stroke, in patch-independent coordinates until {@link Shape#render} shifts it. */
  record Segment(double x0, double y0, double x1, double y1, double halfWidth, double strength) {}

  /** A small filled ellipse, a little stronger towards its centre. */
  record Spot(double cx, double cy, double a, double b, double angle, double strength) {}

  final List<Segment> segments = new ArrayList<>();
  final List<Spot> spots = new ArrayList<>();
  double minX = Double.MAX_VALUE;
  double minY = Double.MAX_VALUE;
  double maxX = -Double.MAX_VALUE;
  double maxY = -Double.MAX_VALUE;

  void extend(double x, double y, double r) {
    minX = Math.min(minX, x - r);
    minY = Math.min(minY, y - r);
    maxX = Math.max(maxX, x + r);
    maxY = Math.max(maxY, y + r);
  }

  void segment(double x0, double y0, double x1, double y1, double halfWidth, double strength) {
    segments.add(new Segment(x0, y0, x1, y1, halfWidth, strength));
    extend(x0, y0, halfWidth + 0.5);
    extend(x1, y1, halfWidth + 0.5);
  }

  void spot(double cx, double cy, double a, double b, double angle, double strength) {
    spots.add(new Spot(cx, cy, a, b, angle, strength));
    extend(cx, cy, Math.max(a, b) + 0.5);
  }

  /** Draws strokes and spots as a coverage mask (overlaps take the maximum, so joints do not darken twice). */
  Patch render(double contrast, Random rnd) {
    int left = 2 + rnd.nextInt(4);
    int top = 2 + rnd.nextInt(4);
    int width = (int) Math.ceil(maxX - minX) + left + 2 + rnd.nextInt(4);
    int height = (int) Math.ceil(maxY - minY) + top + 2 + rnd.nextInt(4);
    double ox = left - minX;
    double oy = top - minY;
    float[] mask = new float[width * height];
    for (Segment s : segments) {
      drawSegment(mask, width, height, s.x0 + ox, s.y0 + oy, s.x1 + ox, s.y1 + oy, s.halfWidth, s.strength);
    }
    for (Spot s : spots) drawSpot(mask, width, height, s.cx + ox, s.cy + oy, s.a, s.b, s.angle, s.strength);
    Patch patch = new Patch(width, height);
    patch.originX = ox;
    patch.originY = oy;
    for (int i = 0; i < mask.length; i++) patch.delta[i] = (float) (contrast * mask[i]);
    return patch;
  }

  private static void drawSegment(
      float[] mask, int w, int h, double x0, double y0, double x1, double y1, double hw, double strength) {
    int xa = Math.max(0, (int) Math.floor(Math.min(x0, x1) - hw - 1));
    int xb = Math.min(w - 1, (int) Math.ceil(Math.max(x0, x1) + hw + 1));
    int ya = Math.max(0, (int) Math.floor(Math.min(y0, y1) - hw - 1));
    int yb = Math.min(h - 1, (int) Math.ceil(Math.max(y0, y1) + hw + 1));
    double dx = x1 - x0;
    double dy = y1 - y0;
    double lengthSq = dx * dx + dy * dy;
    for (int y = ya; y <= yb; y++) {
      for (int x = xa; x <= xb; x++) {
        double px = x + 0.5 - x0;
        double py = y + 0.5 - y0;
        double t = lengthSq == 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / lengthSq));
        double ex = px - t * dx;
        double ey = py - t * dy;
        double coverage = Math.max(0, Math.min(1, hw + 0.5 - Math.sqrt(ex * ex + ey * ey)));
        int i = y * w + x;
        mask[i] = (float) Math.max(mask[i], coverage * strength);
      }
    }
  }

  private static void drawSpot(
      float[] mask, int w, int h, double cx, double cy, double a, double b, double angle, double strength) {
    double r = Math.max(a, b) + 1;
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    for (int y = Math.max(0, (int) (cy - r)); y <= Math.min(h - 1, (int) (cy + r)); y++) {
      for (int x = Math.max(0, (int) (cx - r)); x <= Math.min(w - 1, (int) (cx + r)); x++) {
        double px = x + 0.5 - cx;
        double py = y + 0.5 - cy;
        double u = (px * c + py * s) / a;
        double v = (-px * s + py * c) / b;
        double q = Math.sqrt(u * u + v * v);
        double coverage = Math.max(0, Math.min(1, (1 - q) * Math.min(a, b) + 0.5));
        double depth = q < 1 ? 0.8 + 0.2 * (1 - q * q) : 0.8;
        int i = y * w + x;
        mask[i] = (float) Math.max(mask[i], coverage * depth * strength);
      }
    }
  }
}
