package io.labelatlas.cli;

import static org.apache.spark.sql.functions.col;

import io.labelatlas.review.CurrentLabels;
import io.labelatlas.review.Decision;
import io.labelatlas.review.DecisionLog;
import io.labelatlas.review.LabelSources;
import io.labelatlas.review.ReviewAction;
import io.labelatlas.review.RunLookup;
import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code decide ACTION ...}: one reviewer decision from the command line, recorded in {@code decisions} and applied to
 * {@code labels} by the same {@link DecisionLog} the review page uses.
 */
final class DecideCommand {
  static final String HELP = """
      usage: labelatlas decide --tables DIR ACTION [--run ID] [--algorithm NAME] [--clusters C[,C...]]
                               [--crops ID[,ID...]] [--label LABEL] [--reviewer NAME] [--master URL]

      Records one decision in the decisions table and applies it to the labels table. ACTION is one of:
        confirm  --algorithm A --clusters C [--label L]  the cluster's crops are L (default: its majority label)
        rename   --algorithm A --clusters C --label L    the same, under another label
        merge    --algorithm A --clusters C1,C2,... --label L   several clusters are one class
        relabel  --crops ID[,ID...] --label L            single crops (labels source 'human')
        unsure   --algorithm A --clusters C  |  --crops ID[,ID...]   recorded only; no label is written
        --run ID         the run whose clusters are meant (default: the latest succeeded run)
        --reviewer NAME  who decided (default: the login name)
        --master URL     %s
      Cluster actions write source 'cluster_confirmed' for every member, relabel writes 'human'. A crop's current
      label is its human one, else cluster_confirmed, else given, else propagated; a job never writes the first two.
      Of two decisions on one crop the later one wins; both stay in decisions.
      """.formatted(CommandSessions.MASTER_HELP);

  private DecideCommand() {}

  static int run(String[] args, PrintStream out) {
    Arguments parsed = Arguments.parse(args,
        Set.of("tables", "run", "algorithm", "clusters", "crops", "label", "reviewer", "master"), "decide");
    if (parsed.help) {
      out.print(HELP);
      return 0;
    }
    String tables = parsed.flags.get("tables");
    if (tables == null) throw new UsageException("decide: --tables DIR is required");
    if (parsed.positionals.size() != 1) {
      throw new UsageException("decide: name one action (confirm, rename, merge, relabel, unsure), got "
          + parsed.positionals);
    }
    ReviewAction action = ReviewAction.parse(parsed.positionals.get(0));
    List<Integer> clusters = clusterList(parsed.flags.get("clusters"));
    List<String> crops = list(parsed.flags.get("crops"));
    String algorithm = parsed.flags.get("algorithm");
    String reviewer = parsed.flags.getOrDefault("reviewer", System.getProperty("user.name", "reviewer"));

    if (action.clusterLevel() && (algorithm == null || clusters.isEmpty())) {
      throw new UsageException("decide: " + action.word() + " names clusters: give --algorithm and --clusters");
    }
    SparkSession spark = CommandSessions.start(parsed, 4, "decide");
    DeltaStore store = new DeltaStore(spark, tables);
    String runId = RunLookup.resolve(store, parsed.flags.get("run"));
    String before = labelBefore(store, runId, algorithm, clusters, crops);
    String after = parsed.flags.get("label");
    if (action == ReviewAction.CONFIRM && after == null) {
      if (before == null) {
        throw new UsageException("decide: " + algorithm + " cluster " + clusters.get(0) + " of run " + runId
            + " has no majority label in the clusters table (no labelled members, or no such cluster): give --label");
      }
      after = before;
    }
    Decision decision = new Decision(runId, action.clusterLevel() || !clusters.isEmpty() ? algorithm : null,
        reviewer, Instant.now(), action, clusters, crops, before, after);
    long affected = new DecisionLog(spark, store).record(List.of(decision)).get(decision.decisionId());
    out.println("decision " + decision.decisionId() + ": " + action.word() + " "
        + (clusters.isEmpty() ? "crops " + crops : algorithm + " clusters " + clusters)
        + (after == null ? "" : " as '" + after + "'") + (before == null ? "" : " (was '" + before + "')")
        + ", " + affected + " crops, run " + runId + ", by " + reviewer);
    return 0;
  }

  /** A cluster's majority label (the one shared by all named clusters), or a single crop's current label. */
  private static String labelBefore(DeltaStore store, String runId, String algorithm, List<Integer> clusters,
      List<String> crops) {
    if (!clusters.isEmpty() && algorithm != null && store.exists(Table.CLUSTERS)) {
      List<Row> majorities = store.read(Table.CLUSTERS)
          .filter(col("run_id").equalTo(runId).and(col("algorithm").equalTo(algorithm))
              .and(col("cluster").isin(clusters.toArray())))
          .select("majority_label").distinct().collectAsList();
      return majorities.size() == 1 ? majorities.get(0).getString(0) : null;
    }
    if (crops.size() == 1 && store.exists(Table.LABELS)) {
      List<Row> current = CurrentLabels.of(store.read(Table.LABELS).filter(col("crop_id").equalTo(crops.get(0))),
          LabelSources.GIVEN).select("label").collectAsList();
      return current.isEmpty() ? null : current.get(0).getString(0);
    }
    return null;
  }

  private static List<Integer> clusterList(String text) {
    List<Integer> clusters = new ArrayList<>();
    for (String item : list(text)) {
      try {
        clusters.add(Integer.parseInt(item));
      } catch (NumberFormatException e) {
        throw new UsageException("decide: --clusters: '" + item + "' is not a cluster number");
      }
    }
    return clusters;
  }

  private static List<String> list(String text) {
    List<String> items = new ArrayList<>();
    if (text == null) return items;
    for (String item : text.split(",")) {
      if (!item.isBlank()) items.add(item.strip());
    }
    return items;
  }
}
