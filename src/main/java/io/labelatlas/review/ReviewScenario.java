package io.labelatlas.review;

import static org.apache.spark.sql.functions.col;

import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * What a simulated review starts from: a run and one of its clusterings, the true labels, and (for an audit) the
 * labels under audit. {@link #copyTo} writes the run's crops, assignments, neighbours and audited labels into a
 * scratch root, where the simulation's decisions and propagated labels go, so the real tables are never touched.
 *
 * @param base the labels source under audit ({@code injected:NAME}); null for a cold start, where nothing is labelled
 */
public record ReviewScenario(DeltaStore source, String runId, String algorithm, String truthSource, String base) {
  /** The source {@link CurrentLabels} ranks third: the audited labels, or {@code given} (absent) on a cold start. */
  public String baseOrGiven() {
    return base == null ? LabelSources.GIVEN : base;
  }

  public boolean coldStart() {
    return base == null;
  }

  /** {@code crop_id, truth} of the run's crops that have a true label; persisted, release with unpersist. */
  public Dataset<Row> truth() {
    Dataset<Row> runCrops = runCrops();
    Dataset<Row> truth = source.read(Table.LABELS).filter(col("source").equalTo(truthSource).and(
            col("label").isNotNull()))
        .select(col("crop_id"), col("label").as("truth"))
        .join(runCrops, new String[] {"crop_id"}, "left_semi")
        .persist(StorageLevel.MEMORY_AND_DISK());
    if (truth.isEmpty()) {
      throw new DecisionException("run " + runId + ": no crop has a label of source '" + truthSource
          + "' to use as the truth");
    }
    return truth;
  }

  Dataset<Row> runCrops() {
    if (!source.exists(Table.NEIGHBOURS)) {
      throw new DecisionException("no neighbours table under " + source.root() + ": run the job with the audit on");
    }
    return source.read(Table.NEIGHBOURS).filter(col("run_id").equalTo(runId)).select("crop_id");
  }

  /** The run's assignments of the algorithm; refuses a run or algorithm that has none. */
  public Dataset<Row> requireAssignments() {
    Dataset<Row> assignments = source.read(Table.ASSIGNMENTS)
        .filter(col("run_id").equalTo(runId).and(col("algorithm").equalTo(algorithm)));
    if (assignments.isEmpty()) {
      throw new DecisionException("run " + runId + " has no clustering by '" + algorithm + "' in "
          + source.path(Table.ASSIGNMENTS));
    }
    return assignments;
  }

  /** Writes what the review reads into {@code scratch}, which must not hold tables yet. */
  public void copyTo(DeltaStore scratch) {
    for (Table table : new Table[] {Table.CROPS, Table.ASSIGNMENTS, Table.NEIGHBOURS, Table.LABELS,
        Table.DECISIONS}) {
      if (scratch.exists(table)) {
        throw new DecisionException(scratch.path(table) + " exists: simulate into an empty folder");
      }
    }
    Dataset<Row> runCrops = runCrops();
    Dataset<Row> assignments = requireAssignments();
    scratch.merge(Table.CROPS, source.read(Table.CROPS).join(runCrops, new String[] {"crop_id"}, "left_semi"),
        DeltaStore.OnMatch.UPDATE);
    scratch.merge(Table.ASSIGNMENTS, assignments, DeltaStore.OnMatch.UPDATE);
    scratch.merge(Table.NEIGHBOURS, source.read(Table.NEIGHBOURS).filter(col("run_id").equalTo(runId)),
        DeltaStore.OnMatch.UPDATE);
    Dataset<Row> audited = source.read(Table.LABELS).filter(col("source").equalTo(baseOrGiven()))
        .join(runCrops, new String[] {"crop_id"}, "left_semi");
    if (!coldStart() && audited.isEmpty()) {
      throw new DecisionException("no labels of source '" + base + "' for run " + runId + " (inject-noise writes "
          + "injected:NAME)");
    }
    // A cold start begins with no labels at all: an empty table of the right schema.
    scratch.merge(Table.LABELS, coldStart() ? audited.limit(0) : audited, DeltaStore.OnMatch.UPDATE);
  }
}
