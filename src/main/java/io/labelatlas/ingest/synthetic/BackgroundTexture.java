package io.labelatlas.ingest.synthetic;

import java.util.Random;

/**
 * The plain surface of a synthetic image before any defect: a base grey level with a gentle illumination slope, then
 * one of four industrial-looking textures ({@link Scene.Surface}). Draws from the image's {@link Random} in a fixed
 * order, so the same seed gives the same surface.
 */
final class BackgroundTexture {

  private BackgroundTexture() {}

  static float[] draw(Scene scene, Random rnd) {
    int w = scene.width();
    int h = scene.height();
    float[] a = new float[w * h];
    double base = 95 + 80 * rnd.nextDouble();
    // A gentle illumination slope on every surface.
    double angle = 2 * Math.PI * rnd.nextDouble();
    double slope = (4 + 12 * rnd.nextDouble()) / Math.max(w, h);
    double gx = Math.cos(angle) * slope;
    double gy = Math.sin(angle) * slope;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) a[y * w + x] = (float) (base + gx * (x - w / 2.0) + gy * (y - h / 2.0));
    }
    PixelNoise noise = new PixelNoise(rnd.nextLong());
    switch (scene.surface()) {
      case BRUSHED -> brushed(a, w, h, rnd, noise);
      case GRAIN -> grain(a, w, h, rnd, noise);
      case GRADIENT -> gradient(a, w, h, rnd, noise);
      case WOVEN -> woven(a, w, h, rnd, noise);
    }
    return a;
  }

  /** Streaks along x or y: a smoothed random level per line plus a slow wave along it. */
  private static void brushed(float[] a, int w, int h, Random rnd, PixelNoise noise) {
    boolean vertical = rnd.nextBoolean();
    int lines = vertical ? w : h;
    double amplitude = 1.5 + 2.5 * rnd.nextDouble();
    double[] level = new double[lines];
    for (int i = 0; i < lines; i++) level[i] = rnd.nextGaussian();
    double[] smooth = new double[lines];
    for (int i = 0; i < lines; i++) {
      double s = 0.5 * level[i];
      if (i > 0) s += 0.25 * level[i - 1];
      if (i < lines - 1) s += 0.25 * level[i + 1];
      smooth[i] = s;
    }
    double[] phase = new double[lines];
    double[] wave = new double[lines];
    for (int i = 0; i < lines; i++) {
      phase[i] = 2 * Math.PI * rnd.nextDouble();
      wave[i] = 0.6 * amplitude * rnd.nextDouble();
    }
    double period = 60 + 140 * rnd.nextDouble();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int line = vertical ? x : y;
        int pos = vertical ? y : x;
        double v = amplitude * smooth[line] + wave[line] * Math.sin(2 * Math.PI * pos / period + phase[line]);
        a[y * w + x] += (float) (v + 1.2 * noise.next());
      }
    }
  }

  /** Fine isotropic grain: white noise softened by a box filter, like a cast or blasted surface. */
  private static void grain(float[] a, int w, int h, Random rnd, PixelNoise noise) {
    double sigma = 6 + 6 * rnd.nextDouble();
    float[] grains = new float[w * h];
    for (int i = 0; i < grains.length; i++) grains[i] = (float) (sigma * noise.next());
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double s = 0;
        for (int dy = -1; dy <= 1; dy++) {
          int yy = Math.min(h - 1, Math.max(0, y + dy));
          for (int dx = -1; dx <= 1; dx++) s += grains[yy * w + Math.min(w - 1, Math.max(0, x + dx))];
        }
        a[y * w + x] += (float) (s / 9);
      }
    }
  }

  /** A smooth ramp of 20..60 grey levels in a random direction, like uneven lighting on a polished part. */
  private static void gradient(float[] a, int w, int h, Random rnd, PixelNoise noise) {
    double angle = 2 * Math.PI * rnd.nextDouble();
    double range = 20 + 40 * rnd.nextDouble();
    double cx = Math.cos(angle) * range / w;
    double cy = Math.sin(angle) * range / h;
    double sigma = 1.0 + 1.2 * rnd.nextDouble();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        a[y * w + x] += (float) (cx * (x - w / 2.0) + cy * (y - h / 2.0) + sigma * noise.next());
      }
    }
  }

  /** A low-contrast periodic weave, possibly rotated, like a fabric or a knurled surface. */
  private static void woven(float[] a, int w, int h, Random rnd, PixelNoise noise) {
    double period = 7 + 7 * rnd.nextDouble();
    double amplitude = 2 + 3 * rnd.nextDouble();
    double angle = Math.toRadians(-30 + 60 * rnd.nextDouble());
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    double k = 2 * Math.PI / period;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double u = x * c - y * s;
        double v = x * s + y * c;
        double weave = Math.sin(k * u) * Math.sin(k * v);
        a[y * w + x] += (float) (amplitude * weave + 1.5 * noise.next());
      }
    }
  }
}
