package io.labelatlas.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import io.labelatlas.runtime.Checkpoints;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Out-of-fold class probabilities for every labelled crop from a probe classifier, as confident learning needs
 * (Northcutt, Jiang and Chuang, JAIR 2021, section 2): MLlib's multinomial logistic regression on the reduced
 * features, trained k times, each time without one fold, and applied to that fold, so no crop is scored by a model
 * that saw its label. A crop's fold is a seeded hash of its crop id ({@link SuspectScoring#tieBreak}), so the folds do
 * not depend on partitioning and a rerun draws the same ones.
 *
 * <p>Only the class names (k), the class counts, the k fitted models' coefficients and the crop ids of classes
 * smaller than {@value #SMALL_CLASS} x folds reach the driver.
 */
public final class OutOfFoldProbe {
  /** The column of {@link Result#probabilities}: the probe's class probabilities, in {@link Result#classes} order. */
  public static final String PROBABILITIES = "probe_probabilities";
  static final long CROPS_PER_PARTITION = 50_000;
  /** A class with fewer crops than this many per fold gets its folds dealt round robin. */
  static final int SMALL_CLASS = 10;

  /**
   * @param folds k, at least 2 ({@code audit.probe_folds})
   * @param regularization MLlib's {@code regParam} (L2, on standardised features) ({@code audit.probe_regularization})
   * @param maxIterations L-BFGS iterations per fold
   * @param seed draws the folds
   */
  public record Settings(int folds, double regularization, int maxIterations, long seed) {
    public static final int DEFAULT_FOLDS = 5;
    public static final double DEFAULT_REGULARIZATION = 1e-3;
    public static final int DEFAULT_MAX_ITERATIONS = 100;

    public Settings {
      if (folds < 2 || folds > 100) {
        throw new IllegalArgumentException("audit.probe_folds must be between 2 and 100, got " + folds);
      }
      if (!(regularization >= 0) || Double.isInfinite(regularization)) {
        throw new IllegalArgumentException("audit.probe_regularization must be a number >= 0, got " + regularization);
      }
      if (maxIterations < 1) {
        throw new IllegalArgumentException("the probe needs at least one iteration, got " + maxIterations);
      }
    }
  }

  /**
   * @param probabilities {@code crop_id, label, probe_probabilities} for every labelled crop with features,
   *     materialized; null when the probe could not run (see {@code note})
   * @param classes the class names in the order of the probabilities (sorted)
   * @param folds the folds used (fewer than asked when a class is smaller)
   * @param note why the probe did not run or ran with fewer folds; null otherwise
   */
  public record Result(Dataset<Row> probabilities, String[] classes, int folds, String note) {
    public boolean ran() {
      return probabilities != null;
    }
  }

  private OutOfFoldProbe() {}

  /**
   * Folds for the crops of the classes smaller than {@value #SMALL_CLASS} x folds: by their order under the seeded
   * hash, round robin, so each fold holds its share of a small class (a hash alone can put all of it in one fold,
   * which then never sees the class while scoring it). At most that many crop ids per class reach the driver.
   */
  static Map<String, Integer> smallClassFolds(Dataset<Row> labelled, List<Row> counts, int folds, long seed) {
    List<String> small = counts.stream().filter(row -> row.getLong(1) < SMALL_CLASS * folds)
        .map(row -> row.getString(0)).toList();
    Map<String, Integer> assigned = new HashMap<>();
    if (small.isEmpty()) {
      return assigned;
    }
    Map<String, List<String>> byClass = new HashMap<>();
    for (Row row : labelled.filter(col("label").isin(small.toArray())).select("label", "crop_id").collectAsList()) {
      byClass.computeIfAbsent(row.getString(0), c -> new ArrayList<>()).add(row.getString(1));
    }
    for (List<String> ids : byClass.values()) {
      ids.sort(Comparator.comparingLong((String id) -> SuspectScoring.tieBreak(id, seed ^ 0x5DEECE66DL))
          .thenComparing(Comparator.naturalOrder()));
      for (int i = 0; i < ids.size(); i++) {
        assigned.put(ids.get(i), i % folds);
      }
    }
    return assigned;
  }

  /** The fold of a crop: its seeded hash modulo the folds (a seed of its own, so not the tie order of the ranks). */
  public static int fold(String cropId, long seed, int folds) {
    return (int) Math.floorMod(SuspectScoring.tieBreak(cropId, seed ^ 0x5DEECE66DL), (long) folds);
  }

  /**
   * @param features {@code crop_id, features} (MLlib vectors); crops without features are not probed
   * @param labels {@code crop_id, label}; null labels are not probed
   * @param progress receives one line per fitted fold
   */
  public static Result fit(Dataset<Row> features, Dataset<Row> labels, Settings settings, Consumer<String> progress) {
    Dataset<Row> labelled = labels.filter(col("label").isNotNull()).select("crop_id", "label")
        .join(features.select("crop_id", "features").filter(col("features").isNotNull()), "crop_id")
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Row> counts = labelled.groupBy("label").count().orderBy("label").collectAsList();
      String[] classes = counts.stream().map(row -> row.getString(0)).toArray(String[]::new);
      if (classes.length < 2) {
        return new Result(null, classes, 0, classes.length == 0
            ? "no labelled crop with features: the probe has nothing to learn"
            : "a single labelled class ('" + classes[0] + "'): the probe has nothing to tell apart");
      }
      long smallest = counts.stream().mapToLong(row -> row.getLong(1)).min().orElse(0);
      int folds = (int) Math.min(settings.folds(), Math.max(2, smallest));
      List<String> notes = new ArrayList<>();
      if (folds < settings.folds()) {
        notes.add(String.format(Locale.ROOT, "%d folds instead of audit.probe_folds = %d: the smallest class has %d "
            + "crops", folds, settings.folds(), smallest));
      }
      counts.stream().filter(row -> row.getLong(1) < 2).findFirst().ifPresent(row -> notes.add("class '"
          + row.getString(0) + "' has a single crop: no fold can learn it while scoring it, so the probe gives it "
          + "a probability near 0 and the labels around it decide"));

      long seed = settings.seed();
      int k = folds;
      Map<String, Integer> smallClassFolds = smallClassFolds(labelled, counts, k, seed);
      UserDefinedFunction fold = udf((UDF1<String, Integer>) id -> smallClassFolds.getOrDefault(id, fold(id, seed, k)),
          DataTypes.IntegerType);
      StringIndexerModel indexer = new StringIndexer().setInputCol("label").setOutputCol("label_index")
          .setStringOrderType("alphabetAsc").fit(labelled);
      String[] indexed0 = indexer.labelsArray()[0];
      // Each of the k fits makes one Spark job per L-BFGS iteration; on a small set the tasks' overhead is the cost,
      // so the training set is cut to one partition per CROPS_PER_PARTITION crops (never more than it had).
      long crops = counts.stream().mapToLong(row -> row.getLong(1)).sum();
      int partitions = (int) Math.max(1, Math.min(labelled.rdd().getNumPartitions(),
          (crops + CROPS_PER_PARTITION - 1) / CROPS_PER_PARTITION));
      Dataset<Row> indexed = indexer.transform(labelled).withColumn("fold", fold.apply(col("crop_id")))
          .coalesce(partitions).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        List<Dataset<Row>> scored = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
          long start = System.nanoTime();
          LogisticRegressionModel model = new LogisticRegression()
              .setFamily("multinomial").setFeaturesCol("features").setLabelCol("label_index")
              .setRegParam(settings.regularization()).setElasticNetParam(0).setStandardization(true)
              .setMaxIter(settings.maxIterations()).setTol(1e-6)
              .fit(indexed.filter(col("fold").notEqual(f)));
          scored.add(model.transform(indexed.filter(col("fold").equalTo(f)))
              .select(col("crop_id"), col("label"), functions.vector_to_array(col("probability"), "float64")
                  .as(PROBABILITIES)));
          progress.accept(String.format(Locale.ROOT, "probe fold %d/%d: %d iterations, %.1fs", f + 1, folds,
              model.summary().totalIterations(), (System.nanoTime() - start) / 1e9));
        }
        Dataset<Row> all = scored.get(0);
        for (int f = 1; f < scored.size(); f++) {
          all = all.unionAll(scored.get(f));
        }
        return new Result(Checkpoints.materialize(all), indexed0, folds,
            notes.isEmpty() ? null : String.join("; ", notes));
      } finally {
        indexed.unpersist(false);
      }
    } finally {
      labelled.unpersist(false);
    }
  }
}
