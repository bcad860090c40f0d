package io.labelatlas.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.audit.LabelNoise;
import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import io.labelatlas.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code inject-noise} against a small Delta root: 200 labelled crops (classes a, b, c and a one-crop class 'solo'),
 * 10 unlabelled ones, and given and human rows in {@code labels} that the command must leave alone.
 */
class InjectNoiseCommandTest {
  private static final int LABELLED = 200;

  @TempDir static Path root;
  private static SparkSession spark;
  private static DeltaStore store;
  private static Map<String, String> givenLabels;

  record Result(int code, String out, String err) {}

  @BeforeAll
  static void writeTables() {
    spark = SharedSpark.session();
    store = new DeltaStore(spark, root.resolve("tables").toString());
    givenLabels = new TreeMap<>();
    List<Row> crops = new ArrayList<>();
    List<Row> labels = new ArrayList<>();
    Timestamp then = Timestamp.valueOf("2024-01-02 03:04:05");
    for (int i = 0; i < LABELLED + 10; i++) {
      String id = String.format("%032x", 7_919L * i + 1);
      String label = i >= LABELLED ? null : i == 0 ? "solo" : List.of("a", "b", "c").get(i % 3);
      crops.add(crop(id, label));
      if (label == null) continue;
      givenLabels.put(id, label);
      labels.add(RowFactory.create(id, label, "given", "manifest.csv", "job-0123", "import", then, null));
      if (i % 10 == 0) labels.add(RowFactory.create(id, "z", "human", "review", "review-1", "ann", then, null));
    }
    store.merge(Table.CROPS, spark.createDataFrame(crops, Table.CROPS.schema()), DeltaStore.OnMatch.UPDATE);
    store.merge(Table.LABELS, spark.createDataFrame(labels, Table.LABELS.schema()), DeltaStore.OnMatch.UPDATE);
  }

  private static Row crop(String id, String label) {
    return RowFactory.create(id, "/img/" + id + ".png", "ab".repeat(32), "defect", 1, 2, 30, 40, 0, 0, 64, 64, 100,
        100, label, label == null ? null : "manifest", "job-0123", "job-0123");
  }

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = LabelAtlas.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static List<Row> rows(Table table, String filter) {
    return store.read(table).filter(filter).orderBy(table.key().stream().map(k -> col(k)).toArray(
        org.apache.spark.sql.Column[]::new)).collectAsList();
  }

  @Test
  void flipsTheExactShareIdempotentlyAndTouchesNoOtherLabelSource() {
    List<Row> othersBefore = rows(Table.LABELS, "source NOT LIKE 'injected:%'");
    Result first = run("inject-noise", "--tables", store.root(), "--fraction", "0.1", "--seed", "7");
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains("injection noise-f0.1-s7: flipped 20 of 200 labelled crops"), first.out());

    List<Row> noise = rows(Table.LABEL_NOISE, "injection = 'noise-f0.1-s7'");
    assertEquals(LABELLED, noise.size());
    Map<String, LabelNoise.Injected> reference = new TreeMap<>();
    for (LabelNoise.Injected crop : new LabelNoise(0.1, 7).inject(givenLabels)) reference.put(crop.cropId(), crop);
    int flipped = 0;
    for (Row row : noise) {
      LabelNoise.Injected expected = reference.get(row.<String>getAs("crop_id"));
      assertEquals(expected.originalLabel(), row.getAs("original_label"));
      assertEquals(expected.injectedLabel(), row.getAs("injected_label"));
      assertEquals(expected.flipped(), row.getAs("flipped"));
      if (row.<Boolean>getAs("flipped")) {
        flipped++;
        assertNotEquals(row.<String>getAs("original_label"), row.getAs("injected_label"));
      } else {
        assertEquals(row.<String>getAs("original_label"), row.getAs("injected_label"));
      }
      assertEquals(0.1, row.<Double>getAs("fraction"));
      assertEquals(7L, (long) row.getAs("seed"));
    }
    assertEquals(20, flipped);

    List<Row> injected = rows(Table.LABELS, "source = 'injected:noise-f0.1-s7'");
    assertEquals(LABELLED, injected.size());
    for (Row row : injected) {
      assertEquals(reference.get(row.<String>getAs("crop_id")).injectedLabel(), row.getAs("label"));
      assertEquals("inject-noise", row.getAs("decided_by"));
      assertEquals("injected", row.getAs("origin"));
    }
    assertEquals(othersBefore, rows(Table.LABELS, "source NOT LIKE 'injected:%'"));

    // Printed per class: crops, flipped out of it, flipped into it, crops with it afterwards.
    for (String label : List.of("a", "b", "c", "solo")) {
      long crops = reference.values().stream().filter(c -> c.originalLabel().equals(label)).count();
      long out = reference.values().stream().filter(c -> c.flipped() && c.originalLabel().equals(label)).count();
      long in = reference.values().stream().filter(c -> c.flipped() && c.injectedLabel().equals(label)).count();
      String line = "(?m)^" + label + " *\\| " + crops + " *\\| " + out + " *\\| " + in + " *\\| "
          + (crops - out + in) + " *$";
      assertTrue(Pattern.compile(line).matcher(first.out()).find(), line + "\n" + first.out());
    }

    Result again = run("inject-noise", "--tables", store.root(), "--fraction", "0.1", "--seed", "7");
    assertEquals(0, again.code(), again.err());
    assertEquals(first.out(), again.out());
    assertEquals(noise, rows(Table.LABEL_NOISE, "injection = 'noise-f0.1-s7'"));
    assertEquals(injected, rows(Table.LABELS, "source = 'injected:noise-f0.1-s7'"));
    assertEquals(othersBefore, rows(Table.LABELS, "source NOT LIKE 'injected:%'"));
  }

  @Test
  void kthSmallestMatchesASortForEveryK() {
    LabelNoise noise = new LabelNoise(0.5, 21);
    List<LabelNoise.Keyed> sorted = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    for (String id : givenLabels.keySet()) {
      sorted.add(new LabelNoise.Keyed(noise.rank(id), id));
      rows.add(RowFactory.create(id, noise.rank(id)));
    }
    sorted.sort(LabelNoise.FLIP_ORDER);
    Dataset<Row> ranked = spark.createDataFrame(rows, new StructType()
        .add("crop_id", DataTypes.StringType).add("rank", DataTypes.LongType)).cache();
    // Collect limits of 1 and 4 force bucket-counting passes before the final collect; 1000 collects at once.
    for (int limit : new int[] {1, 4, 1000}) {
      for (long k : new long[] {1, 2, 57, 199, 200}) {
        assertEquals(sorted.get((int) k - 1), InjectNoiseCommand.kthSmallest(ranked, k, sorted.size(), limit),
            "k=" + k + ", limit=" + limit);
      }
    }
    ranked.unpersist();
  }

  @Test
  void reusingANameWithOtherSettingsIsAnError() {
    Row earlier =
        RowFactory.create("fixed", "00aa", "a", "b", true, 0.05, 0L, Timestamp.valueOf("2024-01-01 00:00:00"));
    store.merge(Table.LABEL_NOISE, spark.createDataFrame(List.of(earlier), Table.LABEL_NOISE.schema()),
        DeltaStore.OnMatch.UPDATE);
    Result clash = run("inject-noise", "--tables", store.root(), "--fraction", "0.2", "--name", "fixed");
    assertEquals(2, clash.code());
    assertTrue(clash.err().contains("'fixed' already exists") && clash.err().contains("--fraction 0.05 --seed 0")
        && clash.err().contains("another --name"), clash.err());
  }

  @Test
  void badInputGetsAClearError() throws Exception {
    Result range = run("inject-noise", "--tables", store.root(), "--fraction", "1");
    assertEquals(2, range.code());
    assertTrue(range.err().contains("--fraction must be in [0, 1)"), range.err());
    Result notNumber = run("inject-noise", "--tables", store.root(), "--fraction", "ten");
    assertEquals(2, notNumber.code());
    assertTrue(notNumber.err().contains("--fraction"), notNumber.err());

    Path empty = Files.createDirectories(root.resolve("empty"));
    Result noCrops = run("inject-noise", "--tables", empty.toString(), "--fraction", "0.1");
    assertEquals(2, noCrops.code());
    assertTrue(noCrops.err().contains("no crops table") && noCrops.err().contains("run a job first"), noCrops.err());

    DeltaStore unlabelled = new DeltaStore(spark, root.resolve("unlabelled").toString());
    unlabelled.merge(Table.CROPS, spark.createDataFrame(List.of(crop("00ff", null)), Table.CROPS.schema()),
        DeltaStore.OnMatch.UPDATE);
    Result none = run("inject-noise", "--tables", unlabelled.root(), "--fraction", "0.1");
    assertEquals(2, none.code());
    assertTrue(none.err().contains("no labelled crops"), none.err());
  }
}
