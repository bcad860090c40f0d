package io.labelatlas.audit;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * How well each ranking of {@link SuspectStage#score} finds labels known to be flipped: ours (the fused score), the
 * plain kNN vote and confident learning's self-confidence, overall (class {@value SuspectStage#ALL_CLASSES}) and
 * within each given label. Precision@k and recall@k for each k of {@code audit.ks} ({@link RankingQuality#fromHead});
 * precision at k = the number flipped, average precision and AUROC ({@link RankingQuality#whole}).
 *
 * <p>Only the first max(ks) rows of each ranking (per class too) and per-class sums reach the driver; the whole-ranking
 * measures come from sums over the flipped rows, numbered by a window per class.
 */
public final class SuspectQuality {
  private static final StructType SCHEMA = new StructType()
      .add("method", DataTypes.StringType, false)
      .add("class", DataTypes.StringType, false)
      .add("measure", DataTypes.StringType, false)
      .add("k", DataTypes.IntegerType, true)
      .add("value", DataTypes.DoubleType, true);

  private SuspectQuality() {}

  /**
   * @param scored the rows of {@link SuspectStage#score}
   * @param truth {@code crop_id, flipped}; a scored crop missing from it counts as not flipped
   * @return rows {@code method, class, measure, k, value}: measures {@code precision} and {@code recall} (with k),
   *     {@code precision@flipped}, {@code average_precision}, {@code auroc} (k null); value null where undefined;
   *     no {@value SuspectStage#PROBE_METHOD} rows where no crop has a probe rank
   */
  public static Dataset<Row> of(Dataset<Row> scored, Dataset<Row> truth, AuditSettings settings) {
    SuspectStage.requireColumns(scored, "scored", "crop_id", "given_label", "rank", "baseline_rank", "probe_rank");
    SuspectStage.requireColumns(truth, "truth", "crop_id", "flipped");
    SparkSession spark = scored.sparkSession();
    Dataset<Row> joined = scored.select("crop_id", "given_label", "rank", "baseline_rank", "probe_rank")
        .join(truth.select(col("crop_id"), col("flipped").cast(DataTypes.BooleanType).as("flipped")),
            new String[] {"crop_id"}, "left")
        .withColumn("flipped", coalesce(col("flipped"), lit(false)))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return of(joined, settings, spark);
    } finally {
      joined.unpersist(false);
    }
  }

  private static Dataset<Row> of(Dataset<Row> joined, AuditSettings settings, SparkSession spark) {
    Map<String, long[]> totals = new TreeMap<>();
    long[] overall = new long[2];
    for (Row row : joined.groupBy("given_label")
        .agg(count(lit(1)), sum(when(col("flipped"), 1L).otherwise(0L))).collectAsList()) {
      long[] counts = {row.getLong(1), row.getLong(2)};
      totals.put(row.getString(0), counts);
      overall[0] += counts[0];
      overall[1] += counts[1];
    }
    int maxK = settings.maxK();
    int[] ks = settings.ksArray();
    List<Row> rows = new ArrayList<>();
    boolean probed = !joined.filter(col("probe_rank").isNotNull()).isEmpty();
    for (String[] method : SuspectStage.METHODS) {
      String rankColumn = method[1];
      if (!probed && method[0].equals(SuspectStage.PROBE_METHOD)) {
        continue;
      }
      boolean[] head = new boolean[(int) Math.min(maxK, overall[0])];
      for (Row row : joined.filter(col(rankColumn).leq(maxK)).select(rankColumn, "flipped").collectAsList()) {
        head[row.getInt(0) - 1] = row.getBoolean(1);
      }
      addAtK(rows, method[0], SuspectStage.ALL_CLASSES, head, overall, ks);
      addWhole(rows, method[0], SuspectStage.ALL_CLASSES, overall,
          wholeSums(joined.withColumn("group", lit(SuspectStage.ALL_CLASSES)).withColumn("group_rank",
              col(rankColumn)), overall[1]).get(SuspectStage.ALL_CLASSES));

      Map<String, boolean[]> classHeads = new HashMap<>();
      totals.forEach((label, counts) -> classHeads.put(label, new boolean[(int) Math.min(maxK, counts[0])]));
      // Read twice (the heads, the whole-ranking sums): numbered once.
      Dataset<Row> classRanked = joined.withColumn("group", col("given_label")).withColumn("group_rank",
          row_number().over(Window.partitionBy("given_label").orderBy(col(rankColumn))))
          .persist(StorageLevel.MEMORY_AND_DISK());
      Map<String, double[]> classSums;
      try {
        for (Row row : classRanked.filter(col("group_rank").leq(maxK))
            .select("given_label", "group_rank", "flipped").collectAsList()) {
          classHeads.get(row.getString(0))[row.getInt(1) - 1] = row.getBoolean(2);
        }
        classSums = wholeSums(classRanked, -1);
      } finally {
        classRanked.unpersist(false);
      }
      totals.forEach((label, counts) -> {
        addAtK(rows, method[0], label, classHeads.get(label), counts, ks);
        addWhole(rows, method[0], label, counts, classSums.get(label));
      });
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  /**
   * Per group: {sum of j / rank_j, sum of (rank_j - j), flipped ranked within the first F} over its flipped rows, the
   * j-th flipped at {@code group_rank} rank_j. {@code flipped} is F for the single overall group; -1 takes F per group
   * from the count of its flipped rows.
   */
  private static Map<String, double[]> wholeSums(Dataset<Row> grouped, long flipped) {
    Dataset<Row> numbered = grouped.filter(col("flipped"))
        .withColumn("j", row_number().over(Window.partitionBy("group").orderBy(col("group_rank"))))
        .withColumn("f", flipped >= 0 ? lit(flipped)
            : count(lit(1)).over(Window.partitionBy("group")));
    Map<String, double[]> sums = new HashMap<>();
    for (Row row : numbered.groupBy("group").agg(
            sum(col("j").cast(DataTypes.DoubleType).divide(col("group_rank"))),
            sum(col("group_rank").minus(col("j"))),
            sum(when(col("group_rank").leq(col("f")), 1L).otherwise(0L)))
        .collectAsList()) {
      sums.put(row.getString(0), new double[] {row.getDouble(1), row.getLong(2), row.getLong(3)});
    }
    return sums;
  }

  private static void addAtK(List<Row> rows, String method, String label, boolean[] head, long[] counts, int[] ks) {
    for (RankingQuality.AtK at : RankingQuality.fromHead(head, counts[0], counts[1], ks)) {
      rows.add(RowFactory.create(method, label, "precision", at.k(), SuspectStage.nullIfNaN(at.precision())));
      rows.add(RowFactory.create(method, label, "recall", at.k(), SuspectStage.nullIfNaN(at.recall())));
    }
  }

  private static void addWhole(List<Row> rows, String method, String label, long[] counts, double[] sums) {
    RankingQuality.Whole whole = sums == null
        ? RankingQuality.whole(counts[0], 0, 0, 0, 0)
        : RankingQuality.whole(counts[0], counts[1], sums[0], (long) sums[1], (long) sums[2]);
    rows.add(RowFactory.create(method, label, "precision@flipped", null,
        SuspectStage.nullIfNaN(whole.precisionAtFlipped())));
    rows.add(RowFactory.create(method, label, "average_precision", null,
        SuspectStage.nullIfNaN(whole.averagePrecision())));
    rows.add(RowFactory.create(method, label, "auroc", null, SuspectStage.nullIfNaN(whole.auroc())));
  }
}
