package io.labelatlas.ingest.synthetic;

import io.labelatlas.ingest.Box;
import io.labelatlas.ingest.synthetic.SyntheticManifest.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One good synthetic image from its own seed: a random {@link Scene}, its {@link BackgroundTexture}, the primary defect
 * and up to two extra ones at free places, optics blur and sensor noise, written as {@code img_NNNNN.png|jpg}.
 */
final class DefectImage {

  /** Free space kept between boxes, so that a crop with the default margin rarely shows a neighbouring defect. */
  private static final int GAP = 24;
  private static final int BORDER = 2;

  private DefectImage() {}

  static Path path(Path images, int number, boolean jpeg) {
    return images.resolve(String.format("img_%05d.%s", number, jpeg ? "jpg" : "png"));
  }

  /** Writes image {@code number} with {@code primary} as its first box and returns its manifest rows (true labels). */
  static List<Row> write(Path images, int number, String primary, long seed) {
    Random rnd = new Random(seed);
    Scene scene = Scene.random(rnd);
    List<String> classes = new ArrayList<>();
    classes.add(primary);
    double extra = rnd.nextDouble();
    int extras = extra < 0.5 ? 0 : extra < 0.8 ? 1 : 2;
    List<String> all = SyntheticDefectSet.CLASSES;
    for (int i = 0; i < extras; i++) classes.add(all.get(rnd.nextInt(all.size())));

    float[] canvas = BackgroundTexture.draw(scene, rnd);
    List<Box> boxes = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (String label : classes) {
      Patch patch = DefectPainter.draw(label, rnd, scene.width() - 2 * BORDER, scene.height() - 2 * BORDER);
      Box at = place(patch, boxes, scene, rnd);
      if (at == null) continue; // no room left for an extra box; the first always fits an empty image
      patch.addTo(canvas, scene.width(), at.x1(), at.y1());
      boxes.add(at);
      labels.add(label);
    }
    blur(canvas, scene.width(), scene.height());
    double sigma = 1.2 + 1.6 * rnd.nextDouble();
    PixelNoise noise = new PixelNoise(rnd.nextLong());
    for (int i = 0; i < canvas.length; i++) canvas[i] += (float) (sigma * noise.next());

    Path path = path(images, number, scene.jpeg());
    try {
      Files.write(path, ImageEncoder.encode(canvas, scene));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < boxes.size(); i++) rows.add(new Row(path, boxes.get(i), labels.get(i), labels.get(i)));
    return rows;
  }

  private static Box place(Patch patch, List<Box> taken, Scene scene, Random rnd) {
    int spanX = scene.width() - 2 * BORDER - patch.width;
    int spanY = scene.height() - 2 * BORDER - patch.height;
    if (spanX < 0 || spanY < 0) return null;
    for (int attempt = 0; attempt < 40; attempt++) {
      int x = BORDER + rnd.nextInt(spanX + 1);
      int y = BORDER + rnd.nextInt(spanY + 1);
      Box candidate = new Box(x, y, x + patch.width, y + patch.height);
      Box padded = new Box(x - GAP, y - GAP, x + patch.width + GAP, y + patch.height + GAP);
      if (taken.stream().allMatch(b -> padded.intersect(b).area() == 0)) return candidate;
    }
    return null;
  }

  /** Binomial 3x3 blur, edges repeated: the slight softness of real optics. */
  private static void blur(float[] a, int w, int h) {
    float[] tmp = new float[a.length];
    for (int y = 0; y < h; y++) {
      int row = y * w;
      for (int x = 0; x < w; x++) {
        float left = a[row + Math.max(0, x - 1)];
        float right = a[row + Math.min(w - 1, x + 1)];
        tmp[row + x] = 0.25f * left + 0.5f * a[row + x] + 0.25f * right;
      }
    }
    for (int y = 0; y < h; y++) {
      int up = Math.max(0, y - 1) * w;
      int down = Math.min(h - 1, y + 1) * w;
      for (int x = 0; x < w; x++) a[y * w + x] = 0.25f * tmp[up + x] + 0.5f * tmp[y * w + x] + 0.25f * tmp[down + x];
    }
  }
}
