package io.labelatlas.review;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Records reviewers' decisions: each one is appended to {@code decisions} (once, however often it is sent) and applied
 * to {@code labels} as {@code human} rows (single crops) or {@code cluster_confirmed} rows (every member of the named
 * clusters, read from {@code assignments}). A crop's row of a source is replaced only by a decision made at the same
 * time or later, so two reviewers on one crop end with the later one's label and both decisions kept.
 */
public final class DecisionLog {
  private static final StructType TARGETS = new StructType()
      .add("decision_id", DataTypes.StringType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("algorithm", DataTypes.StringType, true)
      .add("cluster", DataTypes.IntegerType, true)
      .add("crop_id", DataTypes.StringType, true)
      .add("label", DataTypes.StringType, true)
      .add("source", DataTypes.StringType, true)
      .add("reviewer", DataTypes.StringType, false)
      .add("decided_at", DataTypes.TimestampType, false);

  private final SparkSession spark;
  private final DeltaStore store;

  public DecisionLog(SparkSession spark, DeltaStore store) {
    this.spark = spark;
    this.store = store;
  }

  /** Crops each decision reached, by decision id, in the order given. */
  public Map<String, Long> record(List<Decision> decisions) {
    if (decisions.isEmpty()) return Map.of();
    requireKnownTargets(decisions);
    Dataset<Row> targets = targets(decisions).persist();
    try {
      Map<String, Long> affected = new LinkedHashMap<>();
      for (Decision decision : decisions) affected.put(decision.decisionId(), 0L);
      for (Row row : targets.filter(col("crop_id").isNotNull()).groupBy("decision_id").count().collectAsList()) {
        affected.put(row.getString(0), row.getLong(1));
      }
      store.merge(Table.DECISIONS, decisionRows(decisions, affected), DeltaStore.OnMatch.KEEP);
      writeLabels(targets.filter(col("source").isNotNull().and(col("crop_id").isNotNull())));
      return affected;
    } finally {
      targets.unpersist();
    }
  }

  /** One row per decision and crop it reaches; cluster decisions reach their clusters' members. */
  private Dataset<Row> targets(List<Decision> decisions) {
    List<Row> cropRows = new ArrayList<>();
    List<Row> clusterRows = new ArrayList<>();
    for (Decision d : decisions) {
      String id = d.decisionId();
      String source = d.action().labelSource();
      Timestamp at = Timestamp.from(d.decidedAt());
      for (String crop : d.cropIds()) {
        cropRows.add(RowFactory.create(id, d.runId(), d.algorithm(), null, crop, d.labelAfter(), source,
            d.reviewer(), at));
      }
      for (int cluster : d.clusters()) {
        clusterRows.add(RowFactory.create(id, d.runId(), d.algorithm(), cluster, null, d.labelAfter(), source,
            d.reviewer(), at));
      }
    }
    Dataset<Row> crops = spark.createDataFrame(cropRows, TARGETS);
    if (clusterRows.isEmpty()) return crops;
    Dataset<Row> members = spark.createDataFrame(clusterRows, TARGETS).drop("crop_id")
        .join(store.read(Table.ASSIGNMENTS).select("run_id", "algorithm", "cluster", "crop_id"),
            new String[] {"run_id", "algorithm", "cluster"});
    return crops.unionByName(members);
  }

  private Dataset<Row> decisionRows(List<Decision> decisions, Map<String, Long> affected) {
    List<Row> rows = new ArrayList<>();
    for (Decision d : decisions) {
      rows.add(RowFactory.create(d.decisionId(), d.runId(), d.algorithm(), d.reviewer(),
          Timestamp.from(d.decidedAt()), d.action().word(), d.clusters().isEmpty() ? null : d.clusters().toArray(),
          d.cropIds().isEmpty() ? null : d.cropIds().toArray(), d.labelBefore(), d.labelAfter(),
          affected.get(d.decisionId())));
    }
    return spark.createDataFrame(rows, Table.DECISIONS.schema());
  }

  /** The latest decision of the batch per crop and source, merged so that an older decision never wins. */
  private void writeLabels(Dataset<Row> targets) {
    Dataset<Row> latest = targets
        .withColumn("order", functions.row_number().over(Window.partitionBy("crop_id", "source")
            .orderBy(col("decided_at").desc(), col("decision_id").desc())))
        .filter(col("order").equalTo(1))
        .select(col("crop_id"), col("label"), col("source"),
            functions.concat(lit("decision:"), col("decision_id")).as("origin"), col("run_id"),
            col("reviewer").as("decided_by"), col("decided_at").as("updated_at"),
            lit(null).cast("double").as("confidence"));
    Map<String, String> update = new HashMap<>();
    // The later decision wins; of two made at the same instant, the larger decision id, as within a batch above, so
    // the outcome does not depend on the order in which they arrive.
    String newer = "s.updated_at > t.updated_at OR (s.updated_at = t.updated_at AND s.origin >= t.origin)";
    for (String column : List.of("label", "origin", "run_id", "decided_by", "updated_at", "confidence")) {
      update.put(column, "CASE WHEN " + newer + " THEN s." + column + " ELSE t." + column + " END");
    }
    store.merge(Table.LABELS, latest, update);
  }

  /** Every cluster named must exist in the run's clustering and every crop in {@code crops}. */
  private void requireKnownTargets(List<Decision> decisions) {
    Map<String, TreeSet<Integer>> clustersWanted = new LinkedHashMap<>();
    TreeSet<String> cropsWanted = new TreeSet<>();
    for (Decision d : decisions) {
      if (!d.clusters().isEmpty()) {
        clustersWanted.computeIfAbsent(d.runId() + "\u0000" + d.algorithm(), k -> new TreeSet<>())
            .addAll(d.clusters());
      }
      cropsWanted.addAll(d.cropIds());
    }
    if (!clustersWanted.isEmpty() && !store.exists(Table.ASSIGNMENTS)) {
      throw new DecisionException("no assignments table under " + store.root() + ": run a job first");
    }
    for (Map.Entry<String, TreeSet<Integer>> wanted : clustersWanted.entrySet()) {
      String[] key = wanted.getKey().split("\u0000");
      TreeSet<Integer> known = new TreeSet<>();
      for (Row row : store.read(Table.ASSIGNMENTS).filter(col("run_id").equalTo(key[0])
          .and(col("algorithm").equalTo(key[1]))).select("cluster").distinct().collectAsList()) {
        known.add(row.getInt(0));
      }
      if (known.isEmpty()) {
        throw new DecisionException("run " + key[0] + " has no clustering by '" + key[1] + "' in "
            + store.path(Table.ASSIGNMENTS));
      }
      TreeSet<Integer> missing = new TreeSet<>(wanted.getValue());
      missing.removeAll(known);
      if (!missing.isEmpty()) {
        throw new DecisionException("run " + key[0] + ", " + key[1] + ": no cluster " + missing.first()
            + " (its clusters are " + known.first() + ".." + known.last() + ")");
      }
    }
    if (cropsWanted.isEmpty()) return;
    if (!store.exists(Table.CROPS)) {
      throw new DecisionException("no crops table under " + store.root() + ": run a job first");
    }
    Dataset<Row> wanted = spark.createDataset(new ArrayList<>(cropsWanted), org.apache.spark.sql.Encoders.STRING())
        .toDF("crop_id");
    List<String> missing = wanted.join(store.read(Table.CROPS).select("crop_id"), new String[] {"crop_id"},
        "left_anti").limit(5).collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toList());
    if (!missing.isEmpty()) {
      throw new DecisionException("no crop " + String.join(", ", missing) + " in " + store.path(Table.CROPS));
    }
  }
}
