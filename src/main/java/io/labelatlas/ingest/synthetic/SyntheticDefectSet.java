package io.labelatlas.ingest.synthetic;

import io.labelatlas.ingest.Box;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The project's own demo data set: industrial-looking surfaces (brushed metal, fine grain, smooth gradients, woven
 * texture) with defects drawn inside known boxes, a manifest whose labels are partly wrong on purpose, and the truth
 * to score an audit against. Everything follows from the seed, so two runs with the same arguments write identical
 * bytes.
 *
 * <p>The classes differ in the shape and orientation statistics that gradient-orientation features (HOG) see, as on a
 * rolled strip whose rolling direction is the x axis: a {@code scratch} is one long thin stroke running diagonally
 * (30..60 degrees, sometimes with a faint parallel twin), a {@code crack} a jagged branching walk running across the
 * strip (vertical within 25 degrees), an {@code inclusion} a stringer of short dark specks along the rolling direction,
 * a {@code pit} a small dark round spot with a lit rim, a {@code stain} a soft lighter or darker blob with weak
 * gradients only, and a {@code good} box plain background. Orientations are confined to a class because HOG is not
 * rotation invariant: with uniformly random orientations each class falls apart into one k-means cluster per
 * direction. Size, contrast, polarity, curvature and background still vary within every class.
 *
 * <p>Layout under {@code outDir}: {@code images/img_NNNNN.png|jpg} (names say nothing about content; about one image
 * in seven is an RGB JPEG, the rest grey PNG, sizes 256x256 and 320x240), {@code manifest.csv} with
 * {@code path,label,x1,y1,x2,y2} (absolute paths, half-open {@link Box} corners) and {@code truth.csv} with
 * {@code path,x1,y1,x2,y2,given_label,true_label,flipped}. Five deliberately bad inputs follow the good images and
 * carry the true label {@value #BAD_INPUT}: a zero-byte file, a truncated JPEG, a text file named {@code .png}, a box
 * entirely outside its image and a zero-area box.
 */
public final class SyntheticDefectSet {

  public static final List<String> CLASSES = List.of("scratch", "pit", "crack", "stain", "inclusion", "good");
  public static final String BAD_INPUT = "bad_input";
  public static final int DEFAULT_IMAGES_PER_CLASS = 80;
  public static final double DEFAULT_LABEL_NOISE = 0.05;
  public static final long DEFAULT_SEED = 20_240_611L;
  public static final String MANIFEST = "manifest.csv";
  public static final String TRUTH = "truth.csv";
  public static final String IMAGES = "images";

  private static final Pattern OWN_IMAGE = Pattern.compile("img_\\d{5}\\.(png|jpg)");
  /** Free space kept between boxes, so that a crop with the default margin rarely shows a neighbouring defect. */
  private static final int GAP = 24;
  private static final int BORDER = 2;
  private static final float JPEG_QUALITY = 0.9f;

  private SyntheticDefectSet() {}

  /**
   * What {@link #generate} wrote: {@code images} files (bad inputs included), {@code boxes} usable manifest rows,
   * counted by true class in {@code boxesPerClass}, {@code flipped} of them with a wrong label, plus {@code badInputs}.
   */
  public record Summary(
      Path manifest,
      Path truth,
      int images,
      int boxes,
      Map<String, Integer> boxesPerClass,
      int flipped,
      int badInputs) {}

  /** {@link #generate(Path, int, double, long)} with the defaults: 80 images per class, 5% label noise. */
  public static Summary generate(Path outDir) throws IOException {
    return generate(outDir, DEFAULT_IMAGES_PER_CLASS, DEFAULT_LABEL_NOISE, DEFAULT_SEED);
  }

  /**
   * Writes {@code imagesPerClass} images for each class in {@link #CLASSES} (that class is the first box of the image;
   * half the images get one or two more boxes of random classes), flips {@code round(labelNoise * boxes)} manifest
   * labels to another class, and adds the bad inputs. Earlier {@code img_NNNNN} files in {@code outDir/images} are
   * deleted first so that a folder listing matches the manifest.
   */
  public static Summary generate(Path outDir, int imagesPerClass, double labelNoise, long seed) throws IOException {
    if (imagesPerClass < 1) {
      throw new IllegalArgumentException("imagesPerClass must be at least 1, got " + imagesPerClass);
    }
    if (!(labelNoise >= 0 && labelNoise < 1)) {
      throw new IllegalArgumentException("labelNoise must be in [0, 1), got " + labelNoise);
    }
    Path root = outDir.toAbsolutePath().normalize();
    Path images = root.resolve(IMAGES);
    Files.createDirectories(images);
    deleteOwnImages(images);

    Random master = new Random(seed);
    List<String> primaries = new ArrayList<>();
    for (String c : CLASSES) primaries.addAll(Collections.nCopies(imagesPerClass, c));
    Collections.shuffle(primaries, master);
    long[] seeds = new long[primaries.size()];
    for (int i = 0; i < seeds.length; i++) seeds[i] = master.nextLong();

    List<List<Row>> perImage;
    try {
      perImage =
          IntStream.range(0, seeds.length)
              .parallel()
              .mapToObj(i -> writeImage(images, i + 1, primaries.get(i), seeds[i]))
              .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    List<Row> rows = new ArrayList<>();
    perImage.forEach(rows::addAll);

    int flips = (int) Math.round(labelNoise * rows.size());
    List<Integer> order = new ArrayList<>(IntStream.range(0, rows.size()).boxed().toList());
    Collections.shuffle(order, master);
    for (int k = 0; k < flips; k++) {
      Row row = rows.get(order.get(k));
      List<String> others = new ArrayList<>(CLASSES);
      others.remove(row.trueLabel);
      rows.set(order.get(k), row.withGiven(others.get(master.nextInt(others.size()))));
    }

    Map<String, Integer> perClass = new LinkedHashMap<>();
    for (String c : CLASSES) perClass.put(c, 0);
    for (Row row : rows) perClass.merge(row.trueLabel, 1, Integer::sum);
    int goodRows = rows.size();

    List<Row> bad = writeBadInputs(images, seeds.length + 1, master);
    rows.addAll(bad);

    Path manifest = root.resolve(MANIFEST);
    Path truth = root.resolve(TRUTH);
    StringBuilder m = new StringBuilder("path,label,x1,y1,x2,y2\n");
    StringBuilder t = new StringBuilder("path,x1,y1,x2,y2,given_label,true_label,flipped\n");
    for (Row r : rows) {
      Box b = r.box;
      String corners = b.x1() + "," + b.y1() + "," + b.x2() + "," + b.y2();
      m.append(csv(r.path.toString())).append(',').append(r.givenLabel).append(',').append(corners).append('\n');
      t.append(csv(r.path.toString())).append(',').append(corners).append(',').append(r.givenLabel).append(',')
          .append(r.trueLabel).append(',').append(r.flipped()).append('\n');
    }
    Files.writeString(manifest, m, StandardCharsets.UTF_8);
    Files.writeString(truth, t, StandardCharsets.UTF_8);
    return new Summary(
        manifest, truth, seeds.length + bad.size(), goodRows, Collections.unmodifiableMap(perClass), flips, bad.size());
  }

  /** One manifest line and its truth. */
  private record Row(Path path, Box box, String givenLabel, String trueLabel) {
    Row withGiven(String label) {
      return new Row(path, box, label, trueLabel);
    }

    boolean flipped() {
      return !BAD_INPUT.equals(trueLabel) && !givenLabel.equals(trueLabel);
    }
  }

  private static String csv(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) return value;
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  private static void deleteOwnImages(Path images) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(images)) {
      for (Path f : files) {
        if (OWN_IMAGE.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f)) Files.delete(f);
      }
    }
  }

  private static Path imagePath(Path images, int number, boolean jpeg) {
    return images.resolve(String.format("img_%05d.%s", number, jpeg ? "jpg" : "png"));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // One image

  private static List<Row> writeImage(Path images, int number, String primary, long seed) {
    Random rnd = new Random(seed);
    Scene scene = Scene.random(rnd);
    List<String> classes = new ArrayList<>();
    classes.add(primary);
    double extra = rnd.nextDouble();
    int extras = extra < 0.5 ? 0 : extra < 0.8 ? 1 : 2;
    for (int i = 0; i < extras; i++) classes.add(CLASSES.get(rnd.nextInt(CLASSES.size())));

    float[] canvas = Backgrounds.draw(scene, rnd);
    List<Box> boxes = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (String label : classes) {
      Patch patch = Defects.draw(label, rnd, scene.width - 2 * BORDER, scene.height - 2 * BORDER);
      Box at = place(patch, boxes, scene, rnd);
      if (at == null) continue; // no room left for an extra box; the first always fits an empty image
      patch.addTo(canvas, scene.width, at.x1(), at.y1());
      boxes.add(at);
      labels.add(label);
    }
    blur(canvas, scene.width, scene.height);
    double sigma = 1.2 + 1.6 * rnd.nextDouble();
    PixelNoise noise = new PixelNoise(rnd.nextLong());
    for (int i = 0; i < canvas.length; i++) canvas[i] += (float) (sigma * noise.next());

    Path path = imagePath(images, number, scene.jpeg);
    try {
      Files.write(path, encode(canvas, scene));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < boxes.size(); i++) rows.add(new Row(path, boxes.get(i), labels.get(i), labels.get(i)));
    return rows;
  }

  private static Box place(Patch patch, List<Box> taken, Scene scene, Random rnd) {
    int spanX = scene.width - 2 * BORDER - patch.width;
    int spanY = scene.height - 2 * BORDER - patch.height;
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

  /** Image size, file type and surface of one image. */
  private record Scene(int width, int height, boolean jpeg, Surface surface, float[] tint) {
    static Scene random(Random rnd) {
      boolean square = rnd.nextBoolean();
      boolean jpeg = rnd.nextDouble() < 0.15;
      Surface surface = Surface.values()[rnd.nextInt(Surface.values().length)];
      float[][] tints = {{0.93f, 0.98f, 1.06f}, {1.08f, 1.0f, 0.86f}, {0.9f, 1.04f, 0.94f}, {1.0f, 1.0f, 1.0f}};
      return new Scene(square ? 256 : 320, square ? 256 : 240, jpeg, surface, tints[rnd.nextInt(tints.length)]);
    }
  }

  private enum Surface {
    BRUSHED,
    GRAIN,
    GRADIENT,
    WOVEN
  }

  private static byte[] encode(float[] canvas, Scene scene) {
    int w = scene.width;
    int h = scene.height;
    BufferedImage image;
    if (scene.jpeg) {
      image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
      byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      for (int i = 0; i < canvas.length; i++) {
        for (int c = 0; c < 3; c++) bgr[3 * i + 2 - c] = toByte(canvas[i] * scene.tint[c]);
      }
    } else {
      image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
      byte[] grey = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      for (int i = 0; i < canvas.length; i++) grey[i] = toByte(canvas[i]);
    }
    try {
      return scene.jpeg ? jpeg(image) : png(image);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte toByte(float v) {
    int q = Math.round(v);
    return (byte) (q < 0 ? 0 : Math.min(q, 255));
  }

  private static byte[] png(BufferedImage image) throws IOException {
    return write(image, "png", null);
  }

  private static byte[] jpeg(BufferedImage image) throws IOException {
    return write(image, "jpeg", JPEG_QUALITY);
  }

  private static byte[] write(BufferedImage image, String format, Float quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // In memory: ImageIO.createImageOutputStream would spool through a temporary file.
    try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (quality != null) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
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

  // ---------------------------------------------------------------------------------------------------------------
  // Bad inputs

  private static List<Row> writeBadInputs(Path images, int firstNumber, Random rnd) throws IOException {
    List<Row> rows = new ArrayList<>();
    int n = firstNumber;

    Path empty = imagePath(images, n++, false);
    Files.write(empty, new byte[0]);
    rows.add(new Row(empty, new Box(40, 40, 90, 80), "stain", BAD_INPUT));

    Scene jpegScene = new Scene(256, 256, true, Surface.GRAIN, new float[] {1f, 1f, 1f});
    float[] canvas = Backgrounds.draw(jpegScene, rnd);
    Patch scratch = Defects.draw("scratch", rnd, 200, 200);
    scratch.addTo(canvas, 256, 30, 30);
    byte[] full = encode(canvas, jpegScene);
    Path truncated = imagePath(images, n++, true);
    Files.write(truncated, Arrays.copyOf(full, full.length * 3 / 5));
    rows.add(new Row(truncated, new Box(30, 30, 30 + scratch.width, 30 + scratch.height), "scratch", BAD_INPUT));

    Path text = imagePath(images, n++, false);
    Files.writeString(text, "This is a text file, not an image.\n", StandardCharsets.US_ASCII);
    rows.add(new Row(text, new Box(10, 10, 60, 60), "pit", BAD_INPUT));

    Scene plain = new Scene(256, 256, false, Surface.GRADIENT, new float[] {1f, 1f, 1f});
    Path outside = imagePath(images, n++, false);
    Files.write(outside, encode(Backgrounds.draw(plain, rnd), plain));
    rows.add(new Row(outside, new Box(270, 100, 310, 140), "crack", BAD_INPUT));

    Path flat = imagePath(images, n, false);
    Files.write(flat, encode(Backgrounds.draw(plain, rnd), plain));
    rows.add(new Row(flat, new Box(120, 60, 120, 110), "inclusion", BAD_INPUT));
    return rows;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Backgrounds

  /**
   * Cheap per-pixel noise, roughly standard normal: xorshift64* bits summed as four 16-bit uniforms (Irwin-Hall),
   * rescaled to unit variance. {@link Random#nextGaussian} costs several times more and pixel noise dominated the run.
   */
  private static final class PixelNoise {
    private static final double SCALE = Math.sqrt(3.0) / 65536.0;
    private long state;

    PixelNoise(long seed) {
      state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    double next() {
      state ^= state >>> 12;
      state ^= state << 25;
      state ^= state >>> 27;
      long bits = state * 0x2545F4914F6CDD1DL;
      long sum = (bits & 0xFFFF) + ((bits >>> 16) & 0xFFFF) + ((bits >>> 32) & 0xFFFF) + (bits >>> 48);
      return (sum + 2.0 - 2 * 65536.0) * SCALE;
    }
  }

  private static final class Backgrounds {
    static float[] draw(Scene scene, Random rnd) {
      int w = scene.width;
      int h = scene.height;
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
      switch (scene.surface) {
        case BRUSHED -> brushed(a, w, h, rnd, noise);
        case GRAIN -> grain(a, w, h, rnd, noise);
        case GRADIENT -> gradient(a, w, h, rnd, noise);
        case WOVEN -> woven(a, w, h, rnd, noise);
      }
      return a;
    }

    /** Streaks along x or y: a smoothed random level per line plus a slow wave along it. */
    static void brushed(float[] a, int w, int h, Random rnd, PixelNoise noise) {
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
    static void grain(float[] a, int w, int h, Random rnd, PixelNoise noise) {
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
    static void gradient(float[] a, int w, int h, Random rnd, PixelNoise noise) {
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
    static void woven(float[] a, int w, int h, Random rnd, PixelNoise noise) {
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

  // ---------------------------------------------------------------------------------------------------------------
  // Defects

  /** A defect drawn in its own frame: an additive grey-level change over a rectangle that becomes its box. */
  private static final class Patch {
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

  /** A straight piece of a stroke, in patch-independent coordinates until {@link Shape#render} shifts it. */
  private record Segment(double x0, double y0, double x1, double y1, double halfWidth, double strength) {}

  /** A small filled ellipse, a little stronger towards its centre. */
  private record Spot(double cx, double cy, double a, double b, double angle, double strength) {}

  /** Geometry of one defect, rendered into a patch whose size is its extent plus a random annotation slack. */
  private static final class Shape {
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

  private static final class Defects {
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

    static double polarity(Random rnd, double darkShare) {
      return rnd.nextDouble() < darkShare ? -1 : 1;
    }

    /** One long thin stroke, straight or gently bowed, fading at both ends; now and then a faint parallel twin. */
    static Patch scratch(Random rnd) {
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
    static Patch pit(Random rnd) {
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
    static void addRim(Patch patch, Shape shape, Random rnd) {
      Spot main = shape.spots.get(0);
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
    static Patch crack(Random rnd) {
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
    static List<double[]> walk(
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
    static Patch stain(Random rnd) {
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
    static Patch inclusion(Random rnd) {
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
}
