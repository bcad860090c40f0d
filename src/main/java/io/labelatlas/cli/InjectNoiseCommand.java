package io.labelatlas.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.labelatlas.audit.LabelNoise;
import io.labelatlas.pipeline.TextTable;
import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code inject-noise --tables DIR --fraction F --seed S [--name NAME]}: flips a known fraction of the given labels
 * ({@link LabelNoise}) and records them in {@code label_noise} and as the {@code labels} source
 * {@code injected:NAME}, so an audit run over the noisy labels can be scored against the truth.
 */
final class InjectNoiseCommand {
  static final String HELP = """
      usage: labelatlas inject-noise --tables DIR --fraction F [--seed S] [--name NAME] [--master URL]

      Flips exactly round(F * n) of the n crops with a given label (crops.given_label) to a different class, chosen
      uniformly. The choice depends only on the seed and each crop_id, so a rerun flips the same crops.
        --fraction F   share of labelled crops to flip, in [0, 1)
        --seed S       whole number (default 0)
        --name NAME    the injection's name (default noise-f<F>-s<S>); letters, digits, '.', '_', '-'
        --master URL   %s
      Writes every labelled crop to the label_noise table (flipped or not) and its noisy label to the labels table
      as source 'injected:NAME'. Labels of other sources (given, human, ...) are never changed. Rerunning with the
      same name and settings rewrites the same rows; reusing a name with other settings is an error.
      """.formatted(CommandSessions.MASTER_HELP);

  /** Key ranges are split into this many buckets per counting pass while searching the flip threshold. */
  private static final int BUCKETS = 1024;
  /** At most this many (rank, crop_id) keys are collected to pick the exact threshold. */
  static final int COLLECT_LIMIT = 4096;

  /** What an injection did: per class, crops labelled with it and flips out of and into it. */
  record Outcome(String name, long labelled, long flipped, Map<String, long[]> perClass) {}

  private InjectNoiseCommand() {}

  static int run(String[] args, PrintStream out) {
    Arguments parsed = Arguments.parse(args, Set.of("tables", "fraction", "seed", "name", "master"), "inject-noise");
    if (parsed.help) {
      out.print(HELP);
      return 0;
    }
    String tables = parsed.flags.get("tables");
    if (tables == null) throw new UsageException("inject-noise: --tables DIR is required");
    String fractionText = parsed.flags.get("fraction");
    if (fractionText == null) throw new UsageException("inject-noise: --fraction F is required, in [0, 1)");
    if (!parsed.positionals.isEmpty()) {
      throw new UsageException("inject-noise: unexpected argument '" + parsed.positionals.get(0) + "'");
    }
    LabelNoise noise;
    try {
      noise = new LabelNoise(Double.parseDouble(fractionText.trim()), parseSeed(parsed.flags.get("seed")));
    } catch (NumberFormatException e) {
      throw new UsageException("--fraction = '" + fractionText + "' is not a number in [0, 1)");
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    String name = parsed.flags.getOrDefault("name", noise.defaultName());
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new UsageException("--name = '" + name + "': use letters, digits, '.', '_' and '-' only");
    }
    SparkSession spark = CommandSessions.start(parsed, 4, "inject-noise");
    Outcome outcome = inject(new DeltaStore(spark, tables), noise, name, COLLECT_LIMIT);
    print(outcome, noise, out);
    return 0;
  }

  private static long parseSeed(String text) {
    if (text == null) return 0;
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--seed = '" + text + "' is not a whole number");
    }
  }

  static Outcome inject(DeltaStore store, LabelNoise noise, String name, int collectLimit) {
    if (!store.exists(Table.CROPS)) {
      throw new UsageException("inject-noise: no crops table under " + store.root()
          + ": run a job first (labelatlas run JOB.yaml, or labelatlas demo)");
    }
    checkSettingsOfExistingInjection(store, noise, name);
    Dataset<Row> ranked = store.read(Table.CROPS)
        .filter(col("given_label").isNotNull())
        .select(col("crop_id"), col("given_label").as("original_label"))
        .withColumn("rank", functions.udf((UDF1<String, Long>) noise::rank, DataTypes.LongType).apply(col("crop_id")))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Long> classSizes = new TreeMap<>();
      for (Row row : ranked.groupBy("original_label").count().collectAsList()) {
        classSizes.put(row.getString(0), row.getLong(1));
      }
      long n = classSizes.values().stream().mapToLong(Long::longValue).sum();
      if (n == 0) {
        throw new UsageException("inject-noise: the crops table under " + store.root()
            + " has no labelled crops (given_label is null everywhere): nothing to flip");
      }
      List<String> classes = LabelNoise.classes(classSizes.keySet());
      long flips = noise.flipCount(n);
      if (flips > 0 && classes.size() < 2) {
        throw new UsageException("inject-noise: all " + n + " labelled crops are class '" + classes.get(0)
            + "': there is no other class to flip to");
      }
      Column flipped = lit(false);
      if (flips > 0) {
        LabelNoise.Keyed last = kthSmallest(ranked, flips, n, collectLimit);
        flipped = col("rank").lt(last.rank())
            .or(col("rank").equalTo(last.rank()).and(col("crop_id").leq(last.cropId())));
      }
      List<String> classList = classes;
      UserDefinedFunction flippedLabel = functions.udf(
          (UDF2<String, String, String>) (cropId, label) -> noise.flippedLabel(cropId, label, classList),
          DataTypes.StringType);
      Dataset<Row> injected = ranked.withColumn("flipped", flipped)
          .withColumn("injected_label", when(col("flipped"), flippedLabel.apply(col("crop_id"), col("original_label")))
              .otherwise(col("original_label")));
      writeLabelNoise(store, injected, noise, name);
      writeLabels(store, injected, name);
      return outcome(injected, name, classSizes, flips);
    } finally {
      ranked.unpersist();
    }
  }

  /** A name identifies one noise realisation: the same name with other settings would mix two. */
  private static void checkSettingsOfExistingInjection(DeltaStore store, LabelNoise noise, String name) {
    if (!store.exists(Table.LABEL_NOISE)) return;
    List<Row> existing = store.read(Table.LABEL_NOISE).filter(col("injection").equalTo(name))
        .select("fraction", "seed").distinct().limit(2).collectAsList();
    for (Row row : existing) {
      if (row.getDouble(0) != noise.fraction() || row.getLong(1) != noise.seed()) {
        throw new UsageException("inject-noise: injection '" + name + "' already exists in " + store.path(
            Table.LABEL_NOISE) + " with --fraction " + row.getDouble(0) + " --seed " + row.getLong(1)
            + "; choose another --name");
      }
    }
  }

  /**
   * The k-th smallest (rank, crop_id) key of n, found with counting passes instead of a sort: each pass counts the keys
   * of the remaining rank range in {@link #BUCKETS} buckets (only the counts reach the driver) and keeps the bucket
   * that holds the k-th key, until at most {@code collectLimit} keys remain; those are collected and sorted. Ranks are
   * uniform hashes, so a pass divides the range's keys by about {@link #BUCKETS}: two passes for a billion crops.
   */
  static LabelNoise.Keyed kthSmallest(Dataset<Row> ranked, long k, long n, int collectLimit) {
    if (k < 1 || k > n) throw new IllegalArgumentException("k = " + k + " outside [1, " + n + "]");
    long lo = 0;
    long hi = Long.MAX_VALUE;
    long below = 0;
    long inRange = n;
    while (inRange > collectLimit && lo < hi) {
      long width = (hi - lo) / BUCKETS + 1;
      TreeMap<Long, Long> buckets = new TreeMap<>();
      for (Row row : inRange(ranked, lo, hi)
          .groupBy(expr("(rank - " + lo + ") div " + width).as("bucket")).count().collectAsList()) {
        buckets.put(row.getLong(0), row.getLong(1));
      }
      long before = 0;
      boolean found = false;
      for (Map.Entry<Long, Long> bucket : buckets.entrySet()) {
        if (below + before + bucket.getValue() >= k) {
          long start = lo + bucket.getKey() * width;
          hi = hi - start < width ? hi : start + width - 1;
          lo = start;
          inRange = bucket.getValue();
          found = true;
          break;
        }
        before += bucket.getValue();
      }
      if (!found) throw new IllegalStateException("the crops changed while counting them: reading again gave fewer");
      below += before;
    }
    List<LabelNoise.Keyed> keys = new ArrayList<>();
    for (Row row : inRange(ranked, lo, hi).select("rank", "crop_id").collectAsList()) {
      keys.add(new LabelNoise.Keyed(row.getLong(0), row.getString(1)));
    }
    keys.sort(LabelNoise.FLIP_ORDER);
    return keys.get((int) (k - below - 1));
  }

  private static Dataset<Row> inRange(Dataset<Row> ranked, long lo, long hi) {
    return ranked.filter(col("rank").geq(lo).and(col("rank").leq(hi)));
  }

  private static void writeLabelNoise(DeltaStore store, Dataset<Row> injected, LabelNoise noise, String name) {
    Dataset<Row> rows = injected.select(
        lit(name).as("injection"),
        col("crop_id"),
        col("original_label"),
        col("injected_label"),
        col("flipped"),
        lit(noise.fraction()).as("fraction"),
        lit(noise.seed()).as("seed"),
        current_timestamp().as("injected_at"));
    Map<String, String> update = new TreeMap<>();
    for (String column : List.of("original_label", "injected_label", "flipped", "fraction", "seed")) {
      update.put(column, "s." + column);
    }
    // A rerun that changes nothing keeps the first injection time, so the rows are the same as before.
    update.put("injected_at", "CASE WHEN t.original_label = s.original_label AND t.injected_label = s.injected_label"
        + " AND t.flipped = s.flipped THEN t.injected_at ELSE s.injected_at END");
    store.merge(Table.LABEL_NOISE, rows, update);
  }

  /** Only rows of source injected:NAME are written: the MERGE key holds the source, so no other row can match. */
  private static void writeLabels(DeltaStore store, Dataset<Row> injected, String name) {
    Dataset<Row> rows = injected.select(
        col("crop_id"),
        col("injected_label").as("label"),
        lit(LabelNoise.SOURCE_PREFIX + name).as("source"),
        lit("injected").as("origin"),
        lit(name).as("run_id"),
        lit("inject-noise").as("decided_by"),
        current_timestamp().as("updated_at"),
        lit(null).cast("double").as("confidence"));
    Map<String, String> update = new TreeMap<>();
    for (String column : List.of("label", "origin", "run_id", "decided_by")) update.put(column, "s." + column);
    update.put("updated_at", "CASE WHEN t.label <=> s.label THEN t.updated_at ELSE s.updated_at END");
    store.merge(Table.LABELS, rows, update);
  }

  private static Outcome outcome(Dataset<Row> injected, String name, Map<String, Long> classSizes, long flips) {
    Map<String, long[]> perClass = new TreeMap<>();
    long n = 0;
    for (Map.Entry<String, Long> size : classSizes.entrySet()) {
      perClass.put(size.getKey(), new long[] {size.getValue(), 0, 0});
      n += size.getValue();
    }
    for (Row row : injected.filter(col("flipped")).groupBy("original_label", "injected_label").count()
        .collectAsList()) {
      perClass.get(row.getString(0))[1] += row.getLong(2);
      perClass.get(row.getString(1))[2] += row.getLong(2);
    }
    return new Outcome(name, n, flips, perClass);
  }

  private static void print(Outcome outcome, LabelNoise noise, PrintStream out) {
    out.println("injection " + outcome.name() + ": flipped " + outcome.flipped() + " of " + outcome.labelled()
        + " labelled crops (fraction " + noise.fraction() + ", seed " + noise.seed() + ")");
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, long[]> entry : outcome.perClass().entrySet()) {
      long[] c = entry.getValue();
      rows.add(List.of(entry.getKey(), Long.toString(c[0]), Long.toString(c[1]), Long.toString(c[2]),
          Long.toString(c[0] - c[1] + c[2])));
    }
    out.print(TextTable.render(List.of("class", "crops", "flipped_out", "flipped_in", "after"), rows));
    out.println("noisy labels: labels table, source 'injected:" + outcome.name() + "'; truth: label_noise table,"
        + " injection '" + outcome.name() + "'");
  }
}
