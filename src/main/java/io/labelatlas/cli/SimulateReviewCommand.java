package io.labelatlas.cli;

import io.labelatlas.pipeline.TextTable;
import io.labelatlas.review.LabelSpreading;
import io.labelatlas.review.ReviewEffort;
import io.labelatlas.review.ReviewScenario;
import io.labelatlas.review.ReviewSimulation;
import io.labelatlas.review.ReviewStrategy;
import io.labelatlas.review.RunLookup;
import io.labelatlas.runtime.Checkpoints;
import io.labelatlas.runtime.HadoopFiles;
import io.labelatlas.store.DeltaStore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** {@code simulate-review}: an oracle reviewer replayed through the decision and propagation code. */
final class SimulateReviewCommand {
  static final String HELP = """
      usage: labelatlas simulate-review --tables DIR --algorithm A --out DIR [--run ID] [--truth SOURCE]
                                        [--audit SOURCE] [--strategy S[,S...]] [--seeds N[,N...]]
                                        [--max-actions N] [--base-weight W] [--master URL]

      Replays a reviewer who answers from the true labels through the same decide and propagate code a person's
      decisions go through, in a scratch copy of the run's tables (OUT/scratch/STRATEGY-sSEED, replaced by a rerun;
      the tables under DIR are only read), and measures the labels after each batch of actions. An action is one cluster confirmed with its true
      majority label, or one crop given its true label.
        --truth SOURCE   labels source holding the truth (default given)
        --audit SOURCE   audit these labels (e.g. injected:noise-f0.1-s7, whose truth is given); without it, a cold
                         start: no crop has a label
        --strategy S     one or more of %s
                         (default: cold start one-by-one,clusters-largest,queue; audit knn-vote,suspects,
                         clusters-worst,queue). suspects and knn-vote read the run's suspects table, so the run's
                         audit.label_source must be the audited source
        --seeds N        seeds of the random orders (default 0)
        --max-actions N  stop after N actions (default: one per crop)
        --base-weight W  seed weight of the audited labels when propagating (default 0.5)
        --master URL     %s
      Writes OUT/simulation.csv (every measured point) and OUT/simulation.md (actions to reach 90/95/99%% accuracy,
      and for an audit to fix 90%% of the wrong labels) and prints the summary.
      """.formatted(String.join(", ", java.util.Arrays.stream(ReviewStrategy.values()).map(ReviewStrategy::word)
      .toList()), CommandSessions.MASTER_HELP);

  private SimulateReviewCommand() {}

  static int run(String[] args, PrintStream out) {
    Arguments parsed = Arguments.parse(args, Set.of("tables", "algorithm", "out", "run", "truth", "audit", "strategy",
        "seeds", "max-actions", "base-weight", "master"), "simulate-review");
    if (parsed.help) {
      out.print(HELP);
      return 0;
    }
    for (String flag : List.of("tables", "algorithm", "out")) {
      if (parsed.flags.get(flag) == null) throw new UsageException("simulate-review: --" + flag + " is required");
    }
    String audit = parsed.flags.get("audit");
    List<ReviewStrategy> strategies = new ArrayList<>();
    String defaults = audit == null ? "one-by-one,clusters-largest,queue" : "knn-vote,suspects,clusters-worst,queue";
    for (String word : parsed.flags.getOrDefault("strategy", defaults).split(",")) {
      strategies.add(ReviewStrategy.parse(word));
    }
    List<Long> seeds = new ArrayList<>();
    for (String text : parsed.flags.getOrDefault("seeds", "0").split(",")) {
      try {
        seeds.add(Long.parseLong(text.strip()));
      } catch (NumberFormatException e) {
        throw new UsageException("simulate-review: --seeds: '" + text + "' is not a whole number");
      }
    }
    double baseWeight;
    try {
      baseWeight = Double.parseDouble(parsed.flags.getOrDefault("base-weight", "0.5"));
    } catch (NumberFormatException e) {
      throw new UsageException("simulate-review: --base-weight must be a number in [0, 1]");
    }
    if (!(baseWeight >= 0 && baseWeight <= 1)) {
      throw new UsageException("simulate-review: --base-weight must lie in [0, 1], got " + baseWeight);
    }
    SparkSession spark = CommandSessions.start(parsed, 4, "simulate-review");
    DeltaStore store = new DeltaStore(spark, parsed.flags.get("tables"));
    String runId = RunLookup.resolve(store, parsed.flags.get("run"));
    ReviewScenario scenario = new ReviewScenario(store, runId, parsed.flags.get("algorithm"),
        parsed.flags.getOrDefault("truth", "given"), audit);
    for (ReviewStrategy strategy : strategies) ReviewSimulation.requireServes(scenario, strategy);
    scenario.requireAssignments();
    Dataset<Row> truth = scenario.truth();
    long crops = truth.count();
    truth.unpersist();
    long maxActions = parsed.flags.containsKey("max-actions") ? parsed.intFlag("max-actions", 1, 1) : crops;
    String outDir = parsed.flags.get("out");

    Map<String, List<ReviewSimulation.Point>> curves = new LinkedHashMap<>();
    try (Checkpoints.Scope checkpoints = Checkpoints.open(spark, outDir)) {
      for (ReviewStrategy strategy : strategies) {
        for (long seed : seeds) {
          String name = strategy.word() + "-s" + seed;
          String scratchRoot = outDir + "/scratch/" + name;
          clear(spark, scratchRoot);
          out.println("simulate-review: " + name + " on run " + runId + " (" + crops + " crops with a true label)");
          curves.put(name, new ReviewSimulation(scenario, new DeltaStore(spark, scratchRoot),
              LabelSpreading.defaults(), baseWeight, line -> out.println("  [simulate] " + line))
              .run(strategy, seed, maxActions));
        }
      }
    }
    String summary = summary(curves, crops, audit != null);
    out.print(summary);
    try {
      HadoopFiles.writeText(spark.sparkContext().hadoopConfiguration(), outDir + "/simulation.csv", csv(curves));
      HadoopFiles.writeText(spark.sparkContext().hadoopConfiguration(), outDir + "/simulation.md",
          "# Simulated review of run " + runId + ", " + parsed.flags.get("algorithm")
          + (audit == null ? ", cold start" : ", audit of " + audit) + "\n\n```\n" + summary + "```\n");
    } catch (java.io.IOException e) {
      throw new UsageException("simulate-review: cannot write to --out " + outDir + ": " + e.getMessage());
    }
    out.println("simulate-review: wrote " + outDir + "/simulation.csv and simulation.md");
    return 0;
  }

  /** The scratch tables of an earlier simulation of the same name are this command's own: replaced, not mixed in. */
  private static void clear(SparkSession spark, String root) {
    try {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(root);
      path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, true);
    } catch (java.io.IOException e) {
      throw new UsageException("simulate-review: cannot clear " + root + ": " + e.getMessage());
    }
  }

  static String summary(Map<String, List<ReviewSimulation.Point>> curves, long crops, boolean audit) {
    List<String> header = new ArrayList<>(List.of("strategy", "to 90%", "to 95%", "to 99%"));
    if (audit) header.add("to fix 90% of wrong");
    header.add("actions");
    header.add("final accuracy");
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, List<ReviewSimulation.Point>> curve : curves.entrySet()) {
      List<ReviewSimulation.Point> points = curve.getValue();
      List<String> row = new ArrayList<>(List.of(curve.getKey()));
      for (double level : new double[] {0.90, 0.95, 0.99}) row.add(actions(ReviewEffort.toAccuracy(points, level), crops));
      if (audit) row.add(actions(ReviewEffort.toFixed(points, 0.90), crops));
      ReviewSimulation.Point last = points.get(points.size() - 1);
      row.add(Long.toString(last.actions()));
      row.add(String.format(Locale.ROOT, "%.4f", last.accuracy()));
      rows.add(row);
    }
    return TextTable.render(header, rows) + String.format(Locale.ROOT, "actions to reach a level (interpolated "
        + "between measurements about 26%% apart) and as a share of the %,d crops; '-' not reached%n", crops);
  }

  private static String actions(double actions, long crops) {
    return actions < 0 ? "-" : String.format(Locale.ROOT, "%.0f (%.1f%%)", actions, 100.0 * actions / crops);
  }

  private static String csv(Map<String, List<ReviewSimulation.Point>> curves) {
    StringBuilder text = new StringBuilder("strategy,actions,accuracy,labelled,wrong_fixed,broken,seconds\n");
    for (Map.Entry<String, List<ReviewSimulation.Point>> curve : curves.entrySet()) {
      for (ReviewSimulation.Point p : curve.getValue()) {
        text.append(String.format(Locale.ROOT, "%s,%d,%.6f,%.6f,%s,%d,%.1f%n", curve.getKey(), p.actions(),
            p.accuracy(), p.labelled(), Double.isNaN(p.wrongFixed()) ? "" : String.format(Locale.ROOT, "%.6f",
                p.wrongFixed()), p.broken(), p.seconds()));
      }
    }
    return text.toString();
  }
}
