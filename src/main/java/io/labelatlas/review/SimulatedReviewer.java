package io.labelatlas.review;

import static org.apache.spark.sql.functions.col;

import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The oracle of {@link ReviewSimulation}: answers from the true labels, in the order its {@link ReviewStrategy} says.
 * On the driver it holds the clusters (id, size, true majority, purity against the audited labels) and one batch of
 * crops at a time; crop orders stay on the executors.
 */
final class SimulatedReviewer {
  static final String REVIEWER = "oracle";

  private record ClusterFacts(int cluster, long size, String majority, double auditedPurity, long hash) {}

  private final ReviewScenario scenario;
  private final DeltaStore scratch;
  private final Dataset<Row> truth;
  private final ReviewStrategy strategy;
  private final long seed;
  private final List<ClusterFacts> clusters;
  private Dataset<Row> fixedOrder;
  private long fixedPosition;
  private int clusterPosition;

  SimulatedReviewer(ReviewScenario scenario, DeltaStore scratch, Dataset<Row> truth, ReviewStrategy strategy,
      long seed) {
    this.scenario = scenario;
    this.scratch = scratch;
    this.truth = truth;
    this.strategy = strategy;
    this.seed = seed;
    this.clusters = strategy.clusters() ? clusterOrder() : List.of();
  }

  /** Up to {@code count} decisions, dated one millisecond apart from {@code at}; empty when nothing is left. */
  List<Decision> next(long count, Instant at) {
    List<Decision> batch = new ArrayList<>();
    while (batch.size() < count && clusterPosition < clusters.size()) {
      ClusterFacts cluster = clusters.get(clusterPosition++);
      batch.add(new Decision(scenario.runId(), scenario.algorithm(), REVIEWER, at.plusMillis(batch.size()),
          ReviewAction.CONFIRM, List.of(cluster.cluster()), null, null, cluster.majority()));
    }
    if (batch.size() < count) {
      for (Row row : nextCrops(count - batch.size())) {
        batch.add(new Decision(scenario.runId(), null, REVIEWER, at.plusMillis(batch.size()), ReviewAction.RELABEL,
            null, List.of(row.getString(0)), null, row.getString(1)));
      }
    }
    return batch;
  }

  void release() {
    if (fixedOrder != null) fixedOrder.unpersist();
  }

  /** {@code crop_id, truth} of the next crops to look at. */
  private List<Row> nextCrops(long count) {
    if (strategy.propagates()) {
      Dataset<Row> current = CurrentLabels.of(scratch.read(Table.LABELS), scenario.baseOrGiven());
      Dataset<Row> neighbours = scratch.read(Table.NEIGHBOURS).filter(col("run_id").equalTo(scenario.runId()));
      // Crops without a true label cannot be answered: the oracle skips them.
      return ReviewQueue.of(neighbours, current).join(truth, "crop_id").orderBy(ReviewQueue.order())
          .limit((int) count).select("crop_id", "truth").collectAsList();
    }
    if (fixedOrder == null) fixedOrder = fixedOrder();
    long from = fixedPosition;
    fixedPosition += count;
    return fixedOrder.filter(col("position").geq(from).and(col("position").lt(from + count)))
        .orderBy("position").select("crop_id", "truth").collectAsList();
  }

  /** The crops with a true label in the strategy's fixed order, numbered from 0 ({@code crop_id, truth, position}). */
  private Dataset<Row> fixedOrder() {
    Column random = functions.xxhash64(col("crop_id"), functions.lit(seed));
    Dataset<Row> ordered = truth;
    List<Column> order = new ArrayList<>();
    if (strategy == ReviewStrategy.SUSPECTS || strategy == ReviewStrategy.KNN_VOTE) {
      String rank = strategy == ReviewStrategy.SUSPECTS ? "rank" : "baseline_rank";
      Dataset<Row> suspects = scenario.source().read(Table.SUSPECTS).filter(col("run_id").equalTo(scenario.runId())
          .and(col("algorithm").equalTo(scenario.algorithm()))).select(col("crop_id"), col(rank).as("suspect_rank"));
      ordered = truth.join(suspects, new String[] {"crop_id"}, "left");
      order.add(col("suspect_rank").asc_nulls_last());
    }
    order.add(random);
    order.add(col("crop_id"));
    Dataset<Row> sorted = ordered.orderBy(order.toArray(Column[]::new)).select("crop_id", "truth");
    org.apache.spark.api.java.JavaRDD<Row> numbered = sorted.javaRDD().zipWithIndex()
        .map(t -> org.apache.spark.sql.RowFactory.create(t._1().getString(0), t._1().getString(1), t._2()));
    return io.labelatlas.runtime.Checkpoints.materialize(truth.sparkSession().createDataFrame(numbered,
        new org.apache.spark.sql.types.StructType()
            .add("crop_id", org.apache.spark.sql.types.DataTypes.StringType, false)
            .add("truth", org.apache.spark.sql.types.DataTypes.StringType, false)
            .add("position", org.apache.spark.sql.types.DataTypes.LongType, false)));
  }

  /** The clusters (noise excluded) in the strategy's order, with their true majority labels. */
  private List<ClusterFacts> clusterOrder() {
    Dataset<Row> members = scratch.read(Table.ASSIGNMENTS).filter(col("cluster").geq(0))
        .select("crop_id", "cluster").join(truth, "crop_id");
    Map<Integer, Tuple2<String, Long>> majority = new HashMap<>();
    Map<Integer, Long> sizes = new HashMap<>();
    for (Row row : members.groupBy("cluster", "truth").count().collectAsList()) {
      int cluster = row.getInt(0);
      sizes.merge(cluster, row.getLong(2), Long::sum);
      Tuple2<String, Long> best = majority.get(cluster);
      if (best == null || row.getLong(2) > best._2() || (row.getLong(2) == best._2()
          && row.getString(1).compareTo(best._1()) < 0)) {
        majority.put(cluster, new Tuple2<>(row.getString(1), row.getLong(2)));
      }
    }
    Map<Integer, Double> purity = new HashMap<>();
    if (!scenario.coldStart()) {
      Dataset<Row> audited = scratch.read(Table.LABELS).filter(col("source").equalTo(scenario.base()));
      Map<Integer, Long> top = new HashMap<>();
      for (Row row : members.join(audited, "crop_id").groupBy("cluster", "label").count().collectAsList()) {
        top.merge(row.getInt(0), row.getLong(2), Math::max);
      }
      top.forEach((cluster, count) -> purity.put(cluster, count / (double) sizes.get(cluster)));
    }
    List<ClusterFacts> facts = new ArrayList<>();
    for (Map.Entry<Integer, Long> size : sizes.entrySet()) {
      int cluster = size.getKey();
      long hash = new java.util.Random(seed * 1_000_003L + cluster).nextLong();
      facts.add(new ClusterFacts(cluster, size.getValue(), majority.get(cluster)._1(),
          purity.getOrDefault(cluster, Double.NaN), hash));
    }
    Comparator<ClusterFacts> order = switch (strategy) {
      case CLUSTERS_LARGEST -> Comparator.comparingLong(ClusterFacts::size).reversed();
      case CLUSTERS_WORST -> Comparator.comparingDouble(ClusterFacts::auditedPurity);
      default -> Comparator.comparingLong(ClusterFacts::hash);
    };
    facts.sort(order.thenComparingInt(ClusterFacts::cluster));
    return facts;
  }
}
