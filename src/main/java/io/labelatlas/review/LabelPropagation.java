package io.labelatlas.review;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code propagate}: spreads the labels people decided (and, with a weight, the labels the review started from) over
 * a run's neighbour graph and writes one {@code propagated} row per crop of the run: the spread label at or above the
 * threshold, else a null label with its confidence (the crop stays for review). Rows of other sources are never
 * touched, so a rerun only replaces the previous propagation.
 */
public final class LabelPropagation {
  /** What a propagation did: seeds by source, crops labelled, left for review and not reached, per class. */
  public record Outcome(String runId, long crops, Map<String, Long> seedsBySource, long labelled, long belowThreshold,
      long unreached, int passes, double change, Map<String, Long> labelledPerClass) {}

  private final DeltaStore store;

  public LabelPropagation(DeltaStore store) {
    this.store = store;
  }

  /**
   * @param base the source the review started from ({@code given} or {@code injected:NAME})
   * @param baseWeight seed weight of those labels, in [0, 1]; 0 spreads people's decisions only
   */
  public Outcome propagate(String runId, String base, double baseWeight, LabelSpreading spreading,
      Consumer<String> progress) {
    if (!(baseWeight >= 0 && baseWeight <= 1)) {
      throw new DecisionException("the weight of '" + base + "' labels must lie in [0, 1], got " + baseWeight);
    }
    Dataset<Row> neighbours = neighbours(runId);
    Dataset<Row> crops = neighbours.select("crop_id");
    Dataset<Row> seeds = seeds(crops, base, baseWeight).persist();
    try {
      Map<String, Long> seedsBySource = new TreeMap<>();
      for (Row row : seeds.groupBy("source").count().collectAsList()) seedsBySource.put(row.getString(0), row.getLong(1));
      if (seedsBySource.isEmpty()) {
        throw new DecisionException("run " + runId + ": no crop has a label to spread (no human or cluster_confirmed "
            + "decision" + (baseWeight > 0 ? " and no '" + base + "' label" : "") + "); decide some clusters first");
      }
      progress.accept("seeds: " + seedsBySource);
      PropagationStage.Spread spread = PropagationStage.run(neighbours, seeds, spreading, progress);
      Column confident = col("confidence").geq(spreading.threshold());
      Dataset<Row> rows = crops.join(spread.labels(), new String[] {"crop_id"}, "left").select(
          col("crop_id"),
          when(confident, col("label")).as("label"),
          lit(LabelSources.PROPAGATED).as("source"),
          lit(String.format(Locale.ROOT, "spreading(alpha=%s,threshold=%s,base=%s,weight=%s)", spreading.alpha(),
              spreading.threshold(), base, baseWeight)).as("origin"),
          lit(runId).as("run_id"),
          lit("propagate").as("decided_by"),
          functions.current_timestamp().as("updated_at"),
          col("confidence"));
      store.merge(Table.LABELS, rows, DeltaStore.OnMatch.UPDATE);
      return outcome(runId, spread, seedsBySource, spreading.threshold());
    } finally {
      seeds.unpersist();
    }
  }

  private Dataset<Row> neighbours(String runId) {
    if (!store.exists(Table.NEIGHBOURS)) {
      throw new DecisionException("no neighbours table under " + store.root() + ": run the job with the audit on "
          + "(audit.enabled: true), which writes each run's neighbour lists");
    }
    Dataset<Row> rows = store.read(Table.NEIGHBOURS).filter(col("run_id").equalTo(runId))
        .select("crop_id", "neighbour_ids", "neighbour_distances");
    if (rows.isEmpty()) {
      throw new DecisionException("run " + runId + " has no rows in " + store.path(Table.NEIGHBOURS)
          + " (a run of an older LabelAtlas, or with the audit off): rerun its job");
    }
    return rows;
  }

  /** One seed per crop: its strongest label of a person or of {@code base}, weighted; propagated labels never seed. */
  private Dataset<Row> seeds(Dataset<Row> crops, String base, double baseWeight) {
    Dataset<Row> labels = store.read(Table.LABELS).filter(col("source").notEqual(LabelSources.PROPAGATED))
        .join(crops, new String[] {"crop_id"}, "left_semi");
    Dataset<Row> current = CurrentLabels.of(labels, base);
    Column weight = when(col("source").equalTo(base), lit(baseWeight)).otherwise(lit(1.0));
    return current.withColumn("weight", weight).filter(col("weight").gt(0))
        .select("crop_id", "label", "source", "weight");
  }

  private Outcome outcome(String runId, PropagationStage.Spread spread, Map<String, Long> seedsBySource,
      double threshold) {
    long crops = store.read(Table.NEIGHBOURS).filter(col("run_id").equalTo(runId)).count();
    Map<String, Long> perClass = new TreeMap<>();
    long labelled = 0;
    for (Row row : spread.labels().filter(col("confidence").geq(threshold)).groupBy("label").count()
        .collectAsList()) {
      perClass.put(row.getString(0), row.getLong(1));
      labelled += row.getLong(1);
    }
    long reached = spread.labels().count();
    spread.labels().unpersist();
    return new Outcome(runId, crops, seedsBySource, labelled, reached - labelled, crops - reached, spread.passes(),
        spread.change(), perClass);
  }
}
