package io.labelatlas.ingest.synthetic;

import io.labelatlas.ingest.synthetic.SyntheticManifest.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

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
 *
 * <p>This class orders the random draws, which fix every byte: one master {@link Random} shuffles the primary
 * classes and hands each image its own seed ({@link DefectImage}: {@link BackgroundTexture}, {@link DefectPainter},
 * {@link ImageEncoder}), then picks the label flips ({@link SyntheticManifest}) and the bad inputs
 * ({@link BrokenInputs}). Moving a draw changes the demo data set and its truth.
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
              .mapToObj(i -> DefectImage.write(images, i + 1, primaries.get(i), seeds[i]))
              .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    List<Row> rows = new ArrayList<>();
    perImage.forEach(rows::addAll);

    int flips = SyntheticManifest.flipLabels(rows, labelNoise, master);

    Map<String, Integer> perClass = new LinkedHashMap<>();
    for (String c : CLASSES) perClass.put(c, 0);
    for (Row row : rows) perClass.merge(row.trueLabel(), 1, Integer::sum);
    int goodRows = rows.size();

    List<Row> bad = BrokenInputs.write(images, seeds.length + 1, master);
    rows.addAll(bad);

    Path manifest = root.resolve(MANIFEST);
    Path truth = root.resolve(TRUTH);
    SyntheticManifest.write(rows, manifest, truth);
    return new Summary(
        manifest, truth, seeds.length + bad.size(), goodRows, Collections.unmodifiableMap(perClass), flips, bad.size());
  }

  private static void deleteOwnImages(Path images) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(images)) {
      for (Path f : files) {
        if (OWN_IMAGE.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f)) Files.delete(f);
      }
    }
  }
}
