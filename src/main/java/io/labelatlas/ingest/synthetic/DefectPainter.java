package io.labelatlas.ingest.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws one defect of a class as a {@link Patch}: the shape and orientation statistics of each class are described in
 * {@link SyntheticDefectSet}. Every size, angle and contrast comes from the image's {@link Random}, in a fixed order.
 */
final class DefectPainter {

  private DefectPainter() {}

  /** A defect of class {@code label}, drawn again (at most 21 times) until it fits {@code maxWidth x maxHeight}. */
  static Patch draw(String label, Random rnd, int maxWidth, int maxHeight) {
    for (int attempt = 0; ; attempt++) {
      Patch p = switch (label) {
        case "scratch" -> scratch(rnd);
        case "pit" -> pit(rnd);
        case "crack" -> crack(rnd);
        case "stain" -> stain(rnd);
        case "inclusion" -> inclusion(rnd);
        case "good" -> new Patch(16 + rnd.nextInt(50), 16 + rnd.nextInt(50));
        default -> throw new IllegalArgumentException("unknown class " + label);
      };
      if ((p.width <= maxWidth && p.height <= maxHeight) || attempt > 20) return p;
    }
  }

  private static double polarity(Random rnd, double darkShare) {
    return rnd.nextDouble() < darkShare ? -1 : 1;
  }

  /** One long thin stroke, straight or gently bowed, fading at both ends; now and then a faint parallel twin. */
  private static Patch scratch(Random rnd) {
    Shape shape = new Shape();
    double length = 45 + 90 * rnd.nextDouble();
    double angle = Math.toRadians(30 + 30 * rnd.nextDouble());
    double bow = length * (rnd.nextDouble() - 0.5) * 0.12;
    double halfWidth = 0.45 + 0.7 * rnd.nextDouble();
    int pieces = (int) Math.ceil(length / 3);
    double ux = Math.cos(angle);
    double uy = Math.sin(angle);
    int twins = rnd.nextDouble() < 0.3 ? 2 : 1;
    double offset = 3 + 3 * rnd.nextDouble();
    for (int twin = 0; twin < twins; twin++) {
      double shift = twin * offset;
      double fade = twin == 0 ? 1.0 : 0.45 + 0.2 * rnd.nextDouble();
      double start = twin == 0 ? 0 : 0.15 + 0.2 * rnd.nextDouble();
      double end = twin == 0 ? 1 : 0.6 + 0.3 * rnd.nextDouble();
      double px = 0;
      double py = 0;
      for (int i = 0; i <= pieces; i++) {
        double t = start + (end - start) * i / pieces;
        double along = t * length;
        double across = bow * 4 * t * (1 - t) + shift;
        double x = ux * along - uy * across;
        double y = uy * along + ux * across;
        if (i > 0) {
          double taper = Math.min(1, Math.min(t, 1 - t) / 0.1);
          shape.segment(px, py, x, y, halfWidth * (0.6 + 0.4 * taper), fade * (0.35 + 0.65 * taper));
        }
        px = x;
        py = y;
      }
    }
    return shape.render(polarity(rnd, 0.6) * (40 + 40 * rnd.nextDouble()), rnd);
  }

  /** A small dark round pit, slightly oval, lit on one rim; sometimes with one or two smaller neighbours. */
  private static Patch pit(Random rnd) {
    Shape shape = new Shape();
    double radius = 2.2 + 3.5 * rnd.nextDouble();
    double oval = 1 + 0.3 * rnd.nextDouble();
    shape.spot(0, 0, radius * oval, radius, Math.PI * rnd.nextDouble(), 1.0);
    int neighbours = rnd.nextDouble() < 0.35 ? 1 + rnd.nextInt(2) : 0;
    for (int i = 0; i < neighbours; i++) {
      double dir = 2 * Math.PI * rnd.nextDouble();
      double dist = radius + 3 + 6 * rnd.nextDouble();
      double r = 1.2 + 0.5 * radius * rnd.nextDouble();
      shape.spot(dist * Math.cos(dir), dist * Math.sin(dir), r, r, 0, 0.7 + 0.3 * rnd.nextDouble());
    }
    Patch patch = shape.render(-(60 + 60 * rnd.nextDouble()), rnd);
    addRim(patch, shape, rnd);
    return patch;
  }

  /** A bright crescent just outside the main pit, facing a random light direction. */
  private static void addRim(Patch patch, Shape shape, Random rnd) {
    Shape.Spot main = shape.spots.get(0);
    double cx = patch.originX + main.cx();
    double cy = patch.originY + main.cy();
    double outer = Math.max(main.a(), main.b());
    double light = 2 * Math.PI * rnd.nextDouble();
    double lx = Math.cos(light);
    double ly = Math.sin(light);
    double brightness = 12 + 18 * rnd.nextDouble();
    for (int y = 0; y < patch.height; y++) {
      for (int x = 0; x < patch.width; x++) {
        double px = x + 0.5 - cx;
        double py = y + 0.5 - cy;
        double d = Math.sqrt(px * px + py * py);
        double ring = 1 - Math.abs(d - outer - 0.8) / 1.2;
        double facing = d == 0 ? 0 : (px * lx + py * ly) / d;
        if (ring > 0 && facing > 0) patch.delta[y * patch.width + x] += (float) (brightness * ring * facing);
      }
    }
  }

  /** A jagged walk that keeps a mean heading, with one to three side branches, thinning towards its tips. */
  private static Patch crack(Random rnd) {
    Shape shape = new Shape();
    double length = 40 + 75 * rnd.nextDouble();
    double across = Math.PI / 2 + Math.toRadians(25) * (2 * rnd.nextDouble() - 1);
    double heading = rnd.nextBoolean() ? across : across + Math.PI;
    double width = 0.6 + 0.6 * rnd.nextDouble();
    List<double[]> trunk = walk(shape, 0, 0, heading, length, width, rnd);
    int branches = 1 + rnd.nextInt(3);
    for (int b = 0; b < branches; b++) {
      double[] from = trunk.get((int) ((0.2 + 0.6 * rnd.nextDouble()) * (trunk.size() - 1)));
      double turn = (0.45 + 0.7 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
      walk(shape, from[0], from[1], from[2] + turn, length * (0.25 + 0.35 * rnd.nextDouble()), width * 0.7, rnd);
    }
    return shape.render(-(50 + 45 * rnd.nextDouble()), rnd);
  }

  /** Points {x, y, heading} of a crack walk; each step turns by a random amount pulled back to the mean heading. */
  private static List<double[]> walk(
      Shape shape, double x, double y, double heading, double length, double width, Random rnd) {
    List<double[]> points = new ArrayList<>();
    points.add(new double[] {x, y, heading});
    double deviation = 0;
    int steps = Math.max(3, (int) (length / 2.5));
    for (int i = 1; i <= steps; i++) {
      deviation = 0.6 * deviation + 0.55 * rnd.nextGaussian();
      double dir = heading + deviation;
      double nx = x + 2.5 * Math.cos(dir);
      double ny = y + 2.5 * Math.sin(dir);
      double t = (double) i / steps;
      shape.segment(x, y, nx, ny, Math.max(0.35, width * (1 - 0.6 * t)), 1 - 0.35 * t);
      x = nx;
      y = ny;
      points.add(new double[] {x, y, dir});
    }
    return points;
  }

  /** A soft blotch, lighter or darker: a few overlapping smooth bumps with compact support, so no hard edge. */
  private static Patch stain(Random rnd) {
    int bumps = 2 + rnd.nextInt(4);
    double spread = 6 + 14 * rnd.nextDouble();
    double[][] b = new double[bumps][4];
    double minX = Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (int i = 0; i < bumps; i++) {
      double dir = 2 * Math.PI * rnd.nextDouble();
      double dist = i == 0 ? 0 : spread * rnd.nextDouble();
      double r = 7 + 11 * rnd.nextDouble();
      b[i] = new double[] {dist * Math.cos(dir), dist * Math.sin(dir), r, 0.5 + 0.5 * rnd.nextDouble()};
      minX = Math.min(minX, b[i][0] - r);
      minY = Math.min(minY, b[i][1] - r);
      maxX = Math.max(maxX, b[i][0] + r);
      maxY = Math.max(maxY, b[i][1] + r);
    }
    int pad = 1 + rnd.nextInt(3);
    int width = (int) Math.ceil(maxX - minX) + 2 * pad;
    int height = (int) Math.ceil(maxY - minY) + 2 * pad;
    float[] field = new float[width * height];
    float peak = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double px = x + 0.5 - pad + minX;
        double py = y + 0.5 - pad + minY;
        double f = 0;
        for (double[] bump : b) {
          double d2 = ((px - bump[0]) * (px - bump[0]) + (py - bump[1]) * (py - bump[1])) / (bump[2] * bump[2]);
          if (d2 < 1) f += bump[3] * (1 - d2);
        }
        field[y * width + x] = (float) f;
        peak = Math.max(peak, (float) f);
      }
    }
    double contrast = polarity(rnd, 0.5) * (30 + 30 * rnd.nextDouble());
    Patch patch = new Patch(width, height);
    for (int i = 0; i < field.length; i++) patch.delta[i] = (float) (contrast * field[i] / peak);
    return patch;
  }

  /** A cluster of short dark specks, all stretched along one rolling direction and scattered along it. */
  private static Patch inclusion(Random rnd) {
    Shape shape = new Shape();
    double direction = Math.toRadians(6) * (2 * rnd.nextDouble() - 1);
    double along = 12 + 28 * rnd.nextDouble();
    double across = 2 + 5 * rnd.nextDouble();
    int specks = 3 + rnd.nextInt(7);
    double c = Math.cos(direction);
    double s = Math.sin(direction);
    for (int i = 0; i < specks; i++) {
      double u = along * (rnd.nextDouble() - 0.5);
      double v = across * (rnd.nextDouble() - 0.5);
      double length = 2.5 + 3.5 * rnd.nextDouble();
      double thickness = 0.6 + 0.5 * rnd.nextDouble();
      double tilt = direction + 0.1 * rnd.nextGaussian();
      shape.spot(u * c - v * s, u * s + v * c, length, thickness, tilt, 0.6 + 0.4 * rnd.nextDouble());
    }
    return shape.render(-(45 + 45 * rnd.nextDouble()), rnd);
  }
}
