package io.labelatlas.ingest.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.ingest.Box;
import io.labelatlas.ingest.ImageDecodeException;
import io.labelatlas.ingest.ImageDecodeException.Kind;
import io.labelatlas.ingest.ImageDecoder;
import io.labelatlas.ingest.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDefectSetTest {

  private static final String MANIFEST_HEADER = "path,label,x1,y1,x2,y2";
  private static final String TRUTH_HEADER = "path,x1,y1,x2,y2,given_label,true_label,flipped";

  @Test
  void sameSeedWritesTheSameBytes(@TempDir Path a, @TempDir Path b) throws IOException {
    SyntheticDefectSet.generate(a, 4, 0.1, 7);
    SyntheticDefectSet.generate(b, 4, 0.1, 7);
    List<String> names = fileNames(a.resolve("images"));
    assertEquals(names, fileNames(b.resolve("images")));
    for (String name : names) {
      assertArrayEquals(Files.readAllBytes(a.resolve("images").resolve(name)),
          Files.readAllBytes(b.resolve("images").resolve(name)), name);
    }
    String rootA = a.toAbsolutePath().normalize().toString();
    String rootB = b.toAbsolutePath().normalize().toString();
    for (String file : List.of("manifest.csv", "truth.csv")) {
      assertEquals(Files.readString(a.resolve(file)).replace(rootA, "ROOT"),
          Files.readString(b.resolve(file)).replace(rootB, "ROOT"), file);
    }
  }

  @Test
  void anotherSeedWritesAnotherDataSet(@TempDir Path a, @TempDir Path b) throws IOException {
    SyntheticDefectSet.generate(a, 2, 0.0, 1);
    SyntheticDefectSet.generate(b, 2, 0.0, 2);
    assertNotEquals(Files.readString(a.resolve("truth.csv")).replace(a.toString(), ""),
        Files.readString(b.resolve("truth.csv")).replace(b.toString(), ""));
  }

  @Test
  void labelNoiseFlipsThatFractionToAnotherClass(@TempDir Path dir) throws IOException {
    SyntheticDefectSet.Summary summary = SyntheticDefectSet.generate(dir, 10, 0.2, 11);
    List<Map<String, String>> truth = read(dir.resolve("truth.csv"), TRUTH_HEADER);
    List<Map<String, String>> usable = truth.stream().filter(r -> !r.get("true_label").equals("bad_input")).toList();
    long flipped = usable.stream().filter(r -> r.get("flipped").equals("true")).count();
    assertEquals(Math.round(0.2 * usable.size()), flipped);
    assertEquals(flipped, summary.flipped());
    assertEquals(usable.size(), summary.boxes());
    for (Map<String, String> r : usable) {
      boolean differs = !r.get("given_label").equals(r.get("true_label"));
      assertEquals(differs, r.get("flipped").equals("true"), r.toString());
      assertTrue(SyntheticDefectSet.CLASSES.contains(r.get("given_label")), r.toString());
    }
    // The manifest carries the given (possibly wrong) labels, row for row.
    List<Map<String, String>> manifest = read(dir.resolve("manifest.csv"), MANIFEST_HEADER);
    assertEquals(truth.size(), manifest.size());
    for (int i = 0; i < truth.size(); i++) {
      assertEquals(truth.get(i).get("given_label"), manifest.get(i).get("label"));
      assertEquals(truth.get(i).get("path"), manifest.get(i).get("path"));
    }
  }

  @Test
  void everyClassIsPresentAndCountsAddUp(@TempDir Path dir) throws IOException {
    SyntheticDefectSet.Summary summary = SyntheticDefectSet.generate(dir, 5, 0.05, 3);
    for (String c : SyntheticDefectSet.CLASSES) {
      assertTrue(summary.boxesPerClass().get(c) >= 5, c + ": " + summary.boxesPerClass());
    }
    assertEquals(summary.boxes(), summary.boxesPerClass().values().stream().mapToInt(Integer::intValue).sum());
    assertEquals(6 * 5 + 5, summary.images());
    assertEquals(summary.images(), fileNames(dir.resolve("images")).size());
  }

  @Test
  void badInputsArePresentAndFailTheWayTheySay(@TempDir Path dir) throws Exception {
    SyntheticDefectSet.Summary summary = SyntheticDefectSet.generate(dir, 2, 0.0, 5);
    List<Map<String, String>> bad = read(dir.resolve("truth.csv"), TRUTH_HEADER).stream()
        .filter(r -> r.get("true_label").equals("bad_input")).toList();
    assertEquals(5, bad.size());
    assertEquals(5, summary.badInputs());

    List<Kind> decodeFailures = new ArrayList<>();
    List<String> boxRejections = new ArrayList<>();
    for (Map<String, String> r : bad) {
      assertEquals("false", r.get("flipped"));
      byte[] bytes = Files.readAllBytes(Path.of(r.get("path")));
      Raster image;
      try {
        image = ImageDecoder.decode(bytes, r.get("path"));
      } catch (ImageDecodeException e) {
        decodeFailures.add(e.kind());
        continue;
      }
      Box.Fit fit = box(r).fitTo(image.width(), image.height());
      assertFalse(fit.isAccepted(), r.toString());
      boxRejections.add(fit.rejection());
    }
    assertEquals(List.of(Kind.EMPTY, Kind.CORRUPT, Kind.NOT_AN_IMAGE), decodeFailures);
    assertEquals(2, boxRejections.size());
    assertTrue(boxRejections.get(0).contains("entirely outside"), boxRejections.get(0));
    assertTrue(boxRejections.get(1).contains("zero or negative area"), boxRejections.get(1));
  }

  @Test
  void everyOtherBoxLiesInsideItsImageWithoutOverlap(@TempDir Path dir) throws Exception {
    SyntheticDefectSet.generate(dir, 6, 0.05, 9);
    Map<String, List<Box>> perImage = new HashMap<>();
    for (Map<String, String> r : read(dir.resolve("truth.csv"), TRUTH_HEADER)) {
      if (r.get("true_label").equals("bad_input")) continue;
      Path path = Path.of(r.get("path"));
      assertTrue(path.isAbsolute(), path.toString());
      perImage.computeIfAbsent(r.get("path"), p -> new ArrayList<>()).add(box(r));
    }
    boolean sawJpeg = false;
    for (Map.Entry<String, List<Box>> e : perImage.entrySet()) {
      Raster image = ImageDecoder.decode(Files.readAllBytes(Path.of(e.getKey())), e.getKey());
      sawJpeg |= e.getKey().endsWith(".jpg");
      assertEquals(e.getKey().endsWith(".jpg") ? 3 : 1, image.channels(), e.getKey());
      assertTrue(image.width() == 256 && image.height() == 256 || image.width() == 320 && image.height() == 240);
      List<Box> boxes = e.getValue();
      assertTrue(boxes.size() >= 1 && boxes.size() <= 3, e.getKey());
      for (Box b : boxes) {
        Box.Fit fit = b.fitTo(image.width(), image.height());
        assertTrue(fit.isAccepted() && !fit.isClamped(), e.getKey() + " " + b);
        for (Box other : boxes) {
          if (other != b) assertEquals(0, b.intersect(other).area(), e.getKey() + " " + b + " overlaps " + other);
        }
      }
    }
    assertTrue(sawJpeg, "some images are RGB JPEG");
  }

  @Test
  void rejectsBadArguments(@TempDir Path dir) {
    assertThrows(IllegalArgumentException.class, () -> SyntheticDefectSet.generate(dir, 0, 0.05, 1));
    assertThrows(IllegalArgumentException.class, () -> SyntheticDefectSet.generate(dir, 1, 1.0, 1));
    assertThrows(IllegalArgumentException.class, () -> SyntheticDefectSet.generate(dir, 1, -0.1, 1));
  }

  @Test
  @Tag("slow")
  void defaultSizeGeneratesEveryImage(@TempDir Path dir) throws IOException {
    SyntheticDefectSet.Summary summary = SyntheticDefectSet.generate(dir);
    assertEquals(6 * 80 + 5, summary.images());
  }

  private static Box box(Map<String, String> r) {
    return new Box(Integer.parseInt(r.get("x1")), Integer.parseInt(r.get("y1")), Integer.parseInt(r.get("x2")),
        Integer.parseInt(r.get("y2")));
  }

  private static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Rows as column -> value; the generator quotes nothing in a temp folder, so a plain split is enough here. */
  private static List<Map<String, String>> read(Path csv, String header) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    assertEquals(header, lines.get(0));
    String[] columns = header.split(",");
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] values = line.split(",");
      assertEquals(columns.length, values.length, line);
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < columns.length; i++) row.put(columns[i], values[i]);
      rows.add(row);
    }
    return rows;
  }
}
