package io.labelatlas.review;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Replays an oracle reviewer (it answers from the true labels) through {@link DecisionLog} and
 * {@link LabelPropagation}, the code a person's decisions go through, and measures the labels after each batch of
 * actions. One action is one cluster confirmed with its true majority label, or one crop given its true label (looked
 * at, whether or not it was wrong). Measurements are taken at {@link #checkpoints} (about 26% apart).
 */
public final class ReviewSimulation {
  /** The most decisions recorded (and crop ids collected) at once: bounds the driver whatever the run's size. */
  static final int MAX_BATCH = 10_000;
  /** Where the simulated reviewer's decisions are dated from; a fixed time keeps decision ids reproducible. */
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * The labels after {@code actions} actions: share of crops whose current label is true, share with a label at all;
   * for an audit, the share of the initially wrong labels now right and the count of initially right ones now wrong.
   */
  public record Point(long actions, double accuracy, double labelled, double wrongFixed, long broken,
      double seconds) {}

  private final ReviewScenario scenario;
  private final DeltaStore scratch;
  private final LabelSpreading spreading;
  private final double baseWeight;
  private final Consumer<String> progress;

  public ReviewSimulation(ReviewScenario scenario, DeltaStore scratch, LabelSpreading spreading, double baseWeight,
      Consumer<String> progress) {
    this.scenario = scenario;
    this.scratch = scratch;
    this.spreading = spreading;
    this.baseWeight = baseWeight;
    this.progress = progress;
  }

  /** 1, 2, ..., 9, then 10, 12, 15, 20, 25, 30, 40, 50, 60, 80 times powers of ten, up to and including {@code max}. */
  public static List<Long> checkpoints(long max) {
    java.util.TreeSet<Long> points = new java.util.TreeSet<>();
    for (long i = 1; i <= Math.min(9, max); i++) points.add(i);
    for (long scale = 1; scale <= max; scale *= 10) {
      for (long m : new long[] {10, 12, 15, 20, 25, 30, 40, 50, 60, 80}) {
        if (m * scale <= max) points.add(m * scale);
      }
    }
    if (max > 0) points.add(max);
    return new ArrayList<>(points);
  }

  /** Refuses a strategy the scenario cannot serve, before any work. */
  public static void requireServes(ReviewScenario scenario, ReviewStrategy strategy) {
    if (strategy.needsBase() && scenario.coldStart()) {
      throw new DecisionException("strategy " + strategy.word() + " reviews labels under audit: give the labels "
          + "(an injected:NAME source) to audit");
    }
  }

  public List<Point> run(ReviewStrategy strategy, long seed, long maxActions) {
    requireServes(scenario, strategy);
    scenario.copyTo(scratch);
    Dataset<Row> truth = scenario.truth();
    SimulatedReviewer reviewer = new SimulatedReviewer(scenario, scratch, truth, strategy, seed);
    DecisionLog log = new DecisionLog(truth.sparkSession(), scratch);
    LabelPropagation propagation = new LabelPropagation(scratch);
    long n = truth.count();
    Dataset<Row> audited = scenario.coldStart() ? null : scratch.read(Table.LABELS)
        .filter(col("source").equalTo(scenario.base())).join(truth, "crop_id");
    Dataset<Row> wrongAtStart = audited == null ? null
        : audited.filter(col("label").notEqual(col("truth"))).select("crop_id").persist();
    Dataset<Row> rightAtStart = audited == null ? null
        : audited.filter(col("label").equalTo(col("truth"))).select("crop_id").persist();
    List<Point> points = new ArrayList<>();
    long started = System.nanoTime();
    try {
      points.add(measure(truth, n, wrongAtStart, rightAtStart, 0, started));
      long actions = 0;
      for (long checkpoint : checkpoints(maxActions)) {
        boolean exhausted = false;
        while (actions < checkpoint && !exhausted) {
          List<Decision> batch = reviewer.next(Math.min(MAX_BATCH, checkpoint - actions), START.plusMillis(actions));
          exhausted = batch.isEmpty();
          log.record(batch);
          actions += batch.size();
        }
        if (exhausted && points.get(points.size() - 1).actions() == actions) break;
        if (strategy.propagates() && undecided(truth)) {
          propagation.propagate(scenario.runId(), scenario.baseOrGiven(), baseWeight, spreading, line -> {});
        }
        Point point = measure(truth, n, wrongAtStart, rightAtStart, actions, started);
        points.add(point);
        progress.accept(String.format(java.util.Locale.ROOT, "%s: %,d actions, accuracy %.3f%s", strategy.word(),
            actions, point.accuracy(), scenario.coldStart() ? "" : String.format(java.util.Locale.ROOT,
                ", wrong labels fixed %.3f", point.wrongFixed())));
        if (point.accuracy() >= 1.0 || exhausted) break;
      }
      return points;
    } finally {
      truth.unpersist();
      reviewer.release();
      if (wrongAtStart != null) wrongAtStart.unpersist();
      if (rightAtStart != null) rightAtStart.unpersist();
    }
  }

  /**
   * True while some crop has neither a person's label nor one under audit: only those can take a propagated label
   * (it ranks last), so once every crop has one, propagating changes nothing and is skipped.
   */
  private boolean undecided(Dataset<Row> truth) {
    Dataset<Row> decided = scratch.read(Table.LABELS).filter(col("label").isNotNull()
        .and(col("source").isin(LabelSources.HUMAN, LabelSources.CLUSTER_CONFIRMED, scenario.baseOrGiven())));
    return !truth.join(decided, new String[] {"crop_id"}, "left_anti").isEmpty();
  }

  private Point measure(Dataset<Row> truth, long n, Dataset<Row> wrongAtStart, Dataset<Row> rightAtStart,
      long actions, long started) {
    Dataset<Row> current = CurrentLabels.of(scratch.read(Table.LABELS), scenario.baseOrGiven())
        .join(truth, "crop_id");
    Row counts = current.agg(functions.count(lit(1)),
        functions.sum(functions.when(col("label").equalTo(col("truth")), 1L).otherwise(0L))).first();
    long labelled = counts.getLong(0);
    long correct = labelled == 0 ? 0 : counts.getLong(1);
    double fixed = Double.NaN;
    long broken = 0;
    if (wrongAtStart != null) {
      Dataset<Row> right = current.filter(col("label").equalTo(col("truth"))).select("crop_id");
      long wrong = wrongAtStart.count();
      fixed = wrong == 0 ? 1 : right.join(wrongAtStart, new String[] {"crop_id"}, "left_semi").count()
          / (double) wrong;
      broken = current.filter(col("label").notEqual(col("truth")))
          .join(rightAtStart, new String[] {"crop_id"}, "left_semi").count();
    }
    return new Point(actions, correct / (double) n, labelled / (double) n, fixed, broken,
        (System.nanoTime() - started) / 1e9);
  }
}
