package io.labelatlas.audit;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;

import io.labelatlas.runtime.Checkpoints;
import io.labelatlas.store.Table;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The label-error candidates of the audit: every labelled crop scored by {@link SuspectScoring} from the labels of its
 * nearest neighbours and of its cluster ({@link LabelEvidence}), ranked, next to the plain kNN-vote baseline; and the
 * quality of the rankings against known flipped labels ({@link SuspectQuality}).
 *
 * <p>The evidence columns describe the sources, not the score: {@code cluster_majority_label} and
 * {@code cluster_label_share} are the most frequent label among the other labelled members of the crop's cluster and
 * its share (null for noise and for a cluster with no other labelled member), {@code neighbour_majority_label} and
 * {@code neighbour_label_share} the same among its labelled neighbours, {@code boundary_margin} is
 * {@link BoundaryMargin}'s, {@code baseline_score} the plain vote. {@code flag} says whether the suggested label beats
 * the given one after calibration.
 *
 * <p>Spark does the per-crop work; the driver holds only the class names, the label counts per cluster
 * (classes x clusters), the per-class threshold sums, the cluster centroids (clusters x d) and, for {@link SuspectQuality},
 * the head of each ranking (the largest k rows, per class too). Ranks come from sorting the rows by
 * {@link SuspectScoring.RankKey} and numbering them ({@code zipWithIndex}), never from a window over all rows.
 */
public final class SuspectStage {
  /** The method names of {@link SuspectQuality}. */
  public static final String METHOD = "labelatlas";
  public static final String BASELINE_METHOD = "knn_vote";
  /** The class column of {@link SuspectQuality} rows about the whole ranking. */
  public static final String ALL_CLASSES = "*";

  public static final String PROBE_METHOD = "confident_learning";
  public static final List<String> METHOD_NAMES = List.of(METHOD, BASELINE_METHOD, PROBE_METHOD);
  /** The rankings of a scored row: {score column, rank column}, each most suspect first. */
  static final String[][] RANKINGS = {{"score", "rank"}, {"baseline_score", "baseline_rank"},
      {"probe_score", "probe_rank"}};
  /** The methods of {@link SuspectQuality}: {method, rank column}. */
  static final String[][] METHODS = {{METHOD, "rank"}, {BASELINE_METHOD, "baseline_rank"},
      {PROBE_METHOD, "probe_rank"}};

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
   * What {@link #score} returns: the scored rows and, where the probe ran, confident learning's joint over the
   * labelled crops it scored (classes in {@code classes} order).
   */
  public record Scored(Dataset<Row> rows, String[] classes, ConfidentLearning.Joint joint) {}

  /**
   * Scores every labelled crop.
   *
   * @param features {@code crop_id, features} (MLlib vectors), for the cluster centroids and boundary margins
   * @param assigned {@code crop_id, cluster} (negative: noise); a labelled crop without an assignment counts as noise
   * @param labels {@code crop_id, label}; crops with a null label are not scored, nor do they vote
   * @param neighbours {@code crop_id, neighbour_ids} as {@code ApproximateNeighbours.find} returns them; neighbours
   *     without a label do not vote, the crop itself is ignored if listed
   * @param probe the out-of-fold probe's probabilities; null (or not run) leaves the score to the labels around
   * @return one row per labelled crop with the columns of {@link #scoredSchema()}, materialized
   *     ({@link Checkpoints#materialize}), and the confident joint (null without a probe)
   */
  public static Scored score(Dataset<Row> features, Dataset<Row> assigned, Dataset<Row> labels,
      Dataset<Row> neighbours, OutOfFoldProbe.Result probe, AuditSettings settings) {
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
    boolean probed = probe != null && probe.ran();

    Dataset<Row> labelled = labels.filter(col("label").isNotNull()).select(col("crop_id"), col("label"));
    Dataset<Row> clustered = labelled
        .join(assigned.select(col("crop_id"), col("cluster").cast(DataTypes.IntegerType).as("cluster")),
            new String[] {"crop_id"}, "left")
        .withColumn("cluster", coalesce(col("cluster"), lit(-1)));
    CropEvidence.Context shared = CropEvidence.Context.collect(clustered, features, assigned, settings,
        probed ? probe.classes() : null);
    if (shared.classes.length == 0) {
      throw new IllegalArgumentException("the labels hold no labelled crop to audit");
    }

    Dataset<Row> votes = neighbours.select(col("crop_id"), posexplode(col("neighbour_ids")).as(
            new String[] {"position", "neighbour_id"}))
        .filter(col("neighbour_id").notEqual(col("crop_id")))
        .join(labelled.select(col("crop_id").as("neighbour_id"), col("label").as("neighbour_label")),
            new String[] {"neighbour_id"})
        .groupBy("crop_id").agg(collect_list("neighbour_label").as("neighbour_labels"));
    Dataset<Row> probabilities = probed
        ? probe.probabilities().select("crop_id", OutOfFoldProbe.PROBABILITIES)
        : spark.createDataFrame(List.of(), new StructType().add("crop_id", DataTypes.StringType)
            .add(OutOfFoldProbe.PROBABILITIES, DataTypes.createArrayType(DataTypes.DoubleType)));
    Dataset<Row> base = clustered
        .join(votes, new String[] {"crop_id"}, "left")
        .join(features.select("crop_id", "features"), new String[] {"crop_id"}, "left")
        .join(probabilities, new String[] {"crop_id"}, "left")
        .select("crop_id", "label", "cluster", "neighbour_labels", "features", OutOfFoldProbe.PROBABILITIES);

    Broadcast<CropEvidence.Context> broadcast = context.broadcast(shared);
    JavaRDD<CropEvidence> samples = base.javaRDD().map(row -> CropEvidence.of(row, broadcast.value()))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      int classes = shared.classes.length;
      CropEvidence.Thresholds thresholds = samples.treeAggregate(new CropEvidence.ClassSums(classes),
          CropEvidence.ClassSums::add, CropEvidence.ClassSums::merge).thresholds();
      ConfidentLearning.Joint joint = !probed ? null : samples.filter(sample -> sample.probe != null)
          .treeAggregate(new ConfidentLearning.Joint(classes),
              (sums, sample) -> sums.add(sample.given(),
                  ConfidentLearning.confidentClass(sample.probe, thresholds.probe())),
              ConfidentLearning.Joint::merge);
      Broadcast<CropEvidence.Thresholds> sharedThresholds = context.broadcast(thresholds);
      JavaRDD<Row> unranked = samples.map(sample -> sample.row(broadcast.value(), sharedThresholds.value()));
      StructType unrankedSchema = unrankedSchema();
      long seed = settings.seed();
      JavaRDD<Row> ranked = unranked;
      StructType rankedSchema = unrankedSchema;
      for (String[] ranking : RANKINGS) {
        ranked = rank(ranked, unrankedSchema.fieldIndex(ranking[0]), seed);
        rankedSchema = rankedSchema.add(ranking[1], DataTypes.IntegerType, true);
      }
      Dataset<Row> all = spark.createDataFrame(ranked, rankedSchema);
      StructType out = scoredSchema();
      Column[] columns = Arrays.stream(out.fieldNames()).map(name -> col(name)).toArray(Column[]::new);
      Dataset<Row> scored = Checkpoints.materialize(spark.createDataFrame(all.select(columns).javaRDD(), out));
      sharedThresholds.destroy();
      return new Scored(scored, shared.classes.clone(), joint);
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
   * Appends the rank by the value at {@code scoreIndex}: 1 for the most suspect in {@link SuspectScoring.RankKey}'s
   * order (crop id at index 0); by a sort and {@code zipWithIndex}, so no partition has to hold every row.
   */
  private static JavaRDD<Row> rank(JavaRDD<Row> rows, int scoreIndex, long seed) {
    JavaRDD<Row> ranked = rows.filter(row -> !row.isNullAt(scoreIndex))
        .keyBy(row -> new SuspectScoring.RankKey(row.getDouble(scoreIndex), row.getString(0), seed))
        .sortByKey()
        .values()
        .zipWithIndex().map(pair -> {
          if (pair._2() >= Integer.MAX_VALUE) {
            throw new IllegalStateException("more than " + Integer.MAX_VALUE + " labelled crops to rank");
          }
          return withRank(pair._1(), (int) (pair._2() + 1));
        });
    // A crop without that score (no probe probabilities) has no place in that ranking.
    return ranked.union(rows.filter(row -> row.isNullAt(scoreIndex)).map(row -> withRank(row, null)));
  }

  private static Row withRank(Row row, Integer rank) {
    Object[] values = new Object[row.length() + 1];
    for (int i = 0; i < row.length(); i++) {
      values[i] = row.get(i);
    }
    values[row.length()] = rank;
    return RowFactory.create(values);
  }

  private static StructType unrankedSchema() {
    List<String> ranks = Arrays.stream(RANKINGS).map(ranking -> ranking[1]).toList();
    StructType schema = new StructType();
    for (StructField field : scoredSchema().fields()) {
      if (!ranks.contains(field.name())) {
        schema = schema.add(field);
      }
    }
    return schema;
  }

  static void requireColumns(Dataset<Row> data, String what, String... columns) {
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
