package io.labelatlas.ingest.synthetic;

import io.labelatlas.ingest.Box;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The synthetic set's label files: the rows (box, given label, true label) of every image, the deliberate label noise
 * that flips some given labels, and {@code manifest.csv} / {@code truth.csv} as {@link SyntheticDefectSet} describes.
 */
final class SyntheticManifest {

  private SyntheticManifest() {}

  /** One manifest line and its truth. */
  record Row(Path path, Box box, String givenLabel, String trueLabel) {
    Row withGiven(String label) {
      return new Row(path, box, label, trueLabel);
    }

    boolean flipped() {
      return !SyntheticDefectSet.BAD_INPUT.equals(trueLabel) && !givenLabel.equals(trueLabel);
    }
  }

  /**
   * Gives {@code round(labelNoise * rows)} rows, chosen by a shuffle, another class as their given label; returns how
   * many it flipped.
   */
  static int flipLabels(List<Row> rows, double labelNoise, Random rnd) {
    int flips = (int) Math.round(labelNoise * rows.size());
    List<Integer> order = new ArrayList<>(IntStream.range(0, rows.size()).boxed().toList());
    Collections.shuffle(order, rnd);
    for (int k = 0; k < flips; k++) {
      Row row = rows.get(order.get(k));
      List<String> others = new ArrayList<>(SyntheticDefectSet.CLASSES);
      others.remove(row.trueLabel);
      rows.set(order.get(k), row.withGiven(others.get(rnd.nextInt(others.size()))));
    }
    return flips;
  }

  /** Writes {@code path,label,x1,y1,x2,y2} to {@code manifest} and the full truth to {@code truth}. */
  static void write(List<Row> rows, Path manifest, Path truth) throws IOException {
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
  }

  private static String csv(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) return value;
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}
