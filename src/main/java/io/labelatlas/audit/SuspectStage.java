package io.labelatlas.audit;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.labelatlas.runtime.Checkpoints;
import io.labelatlas.store.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The label-error candidates of the audit: every labelled crop scored by {@link SuspectScoring} from the labels of its
 * nearest neighbours and of its cluster ({@link LabelEvidence}), ranked, next to the plain kNN-vote baseline; and the
 * quality of both rankings against known flipped labels ({@link RankingQuality}).
 *
 * <p>The evidence columns describe the sources, not the score: {@code cluster_majority_label} and
 * {@code cluster_label_share} are the most frequent label among the other labelled members of the crop's cluster and
 * its share (null for noise and for a cluster with no other labelled member), {@code neighbour_majority_label} and
 * {@code neighbour_label_share} the same among its labelled neighbours, {@code boundary_margin} is
 * {@link BoundaryMargin}'s, {@code baseline_score} the plain vote. {@code flag} says whether the suggested label beats
 * the given one after calibration.
 *
 * <p>Spark does the per-crop work; the driver holds only the class names, the label counts per cluster
 * (classes x clusters), the per-class threshold sums, the cluster centroids (clusters x d) and, for {@link #quality},
 * the head of each ranking (the largest k rows, per class too). Ranks come from sorting the rows by
 * {@link SuspectScoring.RankKey} and numbering them ({@code zipWithIndex}), never from a window over all rows.
 */
public final class SuspectStage {
  /** The method names of {@link #quality}. */
  public static final String METHOD = "labelatlas";
  public static final String BASELINE_METHOD = "knn_vote";
  /** The class column of {@link #quality} rows about the whole ranking. */
  public static final String ALL_CLASSES = "*";

  private static final List<String> ADDED_BY_CALLER = List.of("run_id", "algorithm");

  private SuspectStage() {}

  /** The columns of {@link #score}: those of the {@code suspects} table without run_id and algorithm, plus flag. */
  public static StructType scoredSchema() {
    StructType schema = new StructType();
    for (StructField field : Table.SUSPECTS.schema().fields()) {
      if (!ADDED_BY_CALLER.contains(field.name())) {
        schema = schema.add(field);
      }
    }
    return schema.add("flag", DataTypes.BooleanType, false);
  }

  /**
   * Scores every labelled crop.
   *
   * @param features {@code crop_id, features} (MLlib vectors), for the cluster centroids and boundary margins
   * @param assigned {@code crop_id, cluster} (negative: noise); a labelled crop without an assignment counts as noise
   * @param labels {@code crop_id, label}; crops with a null label are not scored, nor do they vote
   * @param neighbours {@code crop_id, neighbour_ids} as {@code ApproximateNeighbours.find} returns them; neighbours
   *     without a label do not vote, the crop itself is ignored if listed
   * @return one row per labelled crop with the columns of {@link #scoredSchema()}, materialized
   *     ({@link Checkpoints#materialize})
   */
  public static Dataset<Row> score(Dataset<Row> features, Dataset<Row> assigned, Dataset<Row> labels,
      Dataset<Row> neighbours, AuditSettings settings) {
    if (settings == null) {
      throw new IllegalArgumentException("'settings' must not be null");
    }
    requireColumns(features, "features", "crop_id", "features");
    requireColumns(assigned, "assigned", "crop_id", "cluster");
    requireColumns(labels, "labels", "crop_id", "label");
    requireColumns(neighbours, "neighbours", "crop_id", "neighbour_ids");
    if (!features.schema().apply("features").dataType().equals(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException("column 'features' of the features must hold MLlib vectors, not "
          + features.schema().apply("features").dataType().simpleString());
    }
    SparkSession spark = features.sparkSession();
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());

    Dataset<Row> labelled = labels.filter(col("label").isNotNull()).select(col("crop_id"), col("label"));
    Dataset<Row> clustered = labelled
        .join(assigned.select(col("crop_id"), col("cluster").cast(DataTypes.IntegerType).as("cluster")),
            new String[] {"crop_id"}, "left")
        .withColumn("cluster", coalesce(col("cluster"), lit(-1)));
    CropEvidence.Context shared = CropEvidence.Context.collect(clustered, features, assigned, settings);
    if (shared.classes.length == 0) {
      throw new IllegalArgumentException("the labels hold no labelled crop to audit");
    }

    Dataset<Row> votes = neighbours.select(col("crop_id"), posexplode(col("neighbour_ids")).as(
            new String[] {"position", "neighbour_id"}))
        .filter(col("neighbour_id").notEqual(col("crop_id")))
        .join(labelled.select(col("crop_id").as("neighbour_id"), col("label").as("neighbour_label")),
            new String[] {"neighbour_id"})
        .groupBy("crop_id").agg(collect_list("neighbour_label").as("neighbour_labels"));
    Dataset<Row> base = clustered
        .join(votes, new String[] {"crop_id"}, "left")
        .join(features.select("crop_id", "features"), new String[] {"crop_id"}, "left")
        .select("crop_id", "label", "cluster", "neighbour_labels", "features");

    Broadcast<CropEvidence.Context> broadcast = context.broadcast(shared);
    JavaRDD<CropEvidence> samples = base.javaRDD().map(row -> CropEvidence.of(row, broadcast.value()))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      int classes = shared.classes.length;
      CropEvidence.ClassSums sums = samples.treeAggregate(new CropEvidence.ClassSums(classes),
          CropEvidence.ClassSums::add, CropEvidence.ClassSums::merge);
      double[] thresholds = SuspectScoring.thresholds(sums.ownProbability, sums.count);
      Broadcast<double[]> sharedThresholds = context.broadcast(thresholds);
      JavaRDD<Row> unranked = samples.map(sample -> sample.row(broadcast.value(), sharedThresholds.value()));
      StructType unrankedSchema = unrankedSchema();
      long seed = settings.seed();
      JavaRDD<Row> ranked = rank(unranked, unrankedSchema.fieldIndex("score"), seed);
      JavaRDD<Row> rankedTwice = rank(ranked, unrankedSchema.fieldIndex("baseline_score"), seed);
      Dataset<Row> both = spark.createDataFrame(rankedTwice, unrankedSchema
          .add("rank", DataTypes.IntegerType, false)
          .add("baseline_rank", DataTypes.IntegerType, false));
      StructType out = scoredSchema();
      Column[] columns = Arrays.stream(out.fieldNames()).map(name -> col(name)).toArray(Column[]::new);
      Dataset<Row> scored = Checkpoints.materialize(spark.createDataFrame(both.select(columns).javaRDD(), out));
      sharedThresholds.destroy();
      return scored;
    } finally {
      samples.unpersist(false);
      broadcast.destroy();
    }
  }

  /**
   * The rows of the {@code suspects} table (without run_id and algorithm, which the caller adds): the flagged crops
   * among the first {@code max_suspects} of the ranking.
   */
  public static Dataset<Row> suspects(Dataset<Row> scored, AuditSettings settings) {
    return scored.filter(col("flag").and(col("rank").leq(settings.maxSuspects()))).drop("flag");
  }

  /**
   * Precision@k and recall@k of our ranking ({@value #METHOD}) and of the kNN vote ({@value #BASELINE_METHOD}) over
   * all labelled crops (class {@value #ALL_CLASSES}) and within each given label, for each k of {@code audit.ks}, by
   * {@link RankingQuality#fromHead}. Only the first max(ks) rows of each ranking, per class too, reach the
   * driver.
   *
   * @param scored the rows of {@link #score}
   * @param truth {@code crop_id, flipped}; a scored crop missing from it counts as not flipped
   * @return rows {@code method, class, k, precision, recall}; recall is null where no crop is flipped
   */
  public static Dataset<Row> quality(Dataset<Row> scored, Dataset<Row> truth, AuditSettings settings) {
    requireColumns(scored, "scored", "crop_id", "given_label", "rank", "baseline_rank");
    requireColumns(truth, "truth", "crop_id", "flipped");
    SparkSession spark = scored.sparkSession();
    Dataset<Row> joined = scored.select("crop_id", "given_label", "rank", "baseline_rank")
        .join(truth.select(col("crop_id"), col("flipped").cast(DataTypes.BooleanType).as("flipped")),
            new String[] {"crop_id"}, "left")
        .withColumn("flipped", coalesce(col("flipped"), lit(false)));
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
    for (String[] method : new String[][] {{METHOD, "rank"}, {BASELINE_METHOD, "baseline_rank"}}) {
      String rankColumn = method[1];
      boolean[] head = new boolean[(int) Math.min(maxK, overall[0])];
      for (Row row : joined.filter(col(rankColumn).leq(maxK)).select(rankColumn, "flipped").collectAsList()) {
        head[row.getInt(0) - 1] = row.getBoolean(1);
      }
      addRows(rows, method[0], ALL_CLASSES, head, overall, ks);
      Map<String, boolean[]> classHeads = new HashMap<>();
      totals.forEach((label, counts) -> classHeads.put(label, new boolean[(int) Math.min(maxK, counts[0])]));
      Dataset<Row> classRanked = joined.withColumn("class_rank",
          row_number().over(Window.partitionBy("given_label").orderBy(col(rankColumn))));
      for (Row row : classRanked.filter(col("class_rank").leq(maxK))
          .select("given_label", "class_rank", "flipped").collectAsList()) {
        classHeads.get(row.getString(0))[row.getInt(1) - 1] = row.getBoolean(2);
      }
      totals.forEach((label, counts) -> addRows(rows, method[0], label, classHeads.get(label), counts, ks));
    }
    StructType schema = new StructType()
        .add("method", DataTypes.StringType, false)
        .add("class", DataTypes.StringType, false)
        .add("k", DataTypes.IntegerType, false)
        .add("precision", DataTypes.DoubleType, true)
        .add("recall", DataTypes.DoubleType, true);
    return spark.createDataFrame(rows, schema);
  }

  /** One row per k; {@code head} holds the flipped flags of the first ranks, {@code counts} = {samples, flipped}. */
  private static void addRows(List<Row> rows, String method, String label, boolean[] head, long[] counts, int[] ks) {
    for (RankingQuality.AtK at : RankingQuality.fromHead(head, counts[0], counts[1], ks)) {
      rows.add(RowFactory.create(method, label, at.k(), nullIfNaN(at.precision()), nullIfNaN(at.recall())));
    }
  }

  /**
   * Appends the rank by the value at {@code scoreIndex}: 1 for the most suspect in {@link SuspectScoring.RankKey}'s
   * order (crop id at index 0); by a sort and {@code zipWithIndex}, so no partition has to hold every row.
   */
  private static JavaRDD<Row> rank(JavaRDD<Row> rows, int scoreIndex, long seed) {
    return rows.keyBy(row -> new SuspectScoring.RankKey(row.getDouble(scoreIndex), row.getString(0), seed))
        .sortByKey()
        .values()
        .zipWithIndex().map(pair -> {
          if (pair._2() >= Integer.MAX_VALUE) {
            throw new IllegalStateException("more than " + Integer.MAX_VALUE + " labelled crops to rank");
          }
          Row row = pair._1();
          Object[] values = new Object[row.length() + 1];
          for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
          }
          values[row.length()] = (int) (pair._2() + 1);
          return RowFactory.create(values);
        });
  }

  private static StructType unrankedSchema() {
    StructType schema = new StructType();
    for (StructField field : scoredSchema().fields()) {
      if (!field.name().equals("rank") && !field.name().equals("baseline_rank")) {
        schema = schema.add(field);
      }
    }
    return schema;
  }

  private static void requireColumns(Dataset<Row> data, String what, String... columns) {
    if (data == null) {
      throw new IllegalArgumentException("'" + what + "' must not be null");
    }
    List<String> names = Arrays.asList(data.columns());
    for (String column : columns) {
      if (!names.contains(column)) {
        throw new IllegalArgumentException("the " + what + " have no column '" + column + "' (they have " + names
            + ")");
      }
    }
  }

  static Double nullIfNaN(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
