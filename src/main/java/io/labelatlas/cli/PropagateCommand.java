package io.labelatlas.cli;

import io.labelatlas.pipeline.TextTable;
import io.labelatlas.review.LabelPropagation;
import io.labelatlas.review.LabelSources;
import io.labelatlas.review.LabelSpreading;
import io.labelatlas.review.RunLookup;
import io.labelatlas.runtime.Checkpoints;
import io.labelatlas.store.DeltaStore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/** {@code propagate}: spreads people's decisions over a run's neighbour graph ({@link LabelPropagation}). */
final class PropagateCommand {
  static final String HELP = """
      usage: labelatlas propagate --tables DIR [--run ID] [--base SOURCE] [--base-weight W] [--alpha A]
                                  [--threshold T] [--max-passes N] [--master URL]

      Spreads the labels people decided (decide, the review page) over the run's neighbour graph (label spreading,
      Zhou et al. 2003) and writes one row of source 'propagated' per crop of the run into the labels table: the
      spread label where its confidence is at least T, else an empty label with its confidence (the crop stays for
      review). human and cluster_confirmed labels seed with weight 1, the labels of SOURCE with weight W.
        --run ID           default: the latest succeeded run
        --base SOURCE      the labels the review started from: given (default) or injected:NAME
        --base-weight W    their seed weight in [0, 1] (default 0.5; 0 spreads people's decisions only)
        --alpha A          share of a crop's scores that comes from its neighbours, in (0, 1) (default %s)
        --threshold T      least confidence for a label to be written, in [0, 1] (default %s)
        --max-passes N     passes over the graph at most (default %s)
        --master URL       %s
      A propagated label never outranks a person's or the base label: a crop's current label is its human one, else
      cluster_confirmed, else the base label, else the propagated one. Rerunning replaces only propagated rows.
      """.formatted(LabelSpreading.defaults().alpha(), LabelSpreading.defaults().threshold(),
      LabelSpreading.defaults().maxIterations(), CommandSessions.MASTER_HELP);

  private PropagateCommand() {}

  static int run(String[] args, PrintStream out) {
    Arguments parsed = Arguments.parse(args,
        Set.of("tables", "run", "base", "base-weight", "alpha", "threshold", "max-passes", "master"), "propagate");
    if (parsed.help) {
      out.print(HELP);
      return 0;
    }
    String tables = parsed.flags.get("tables");
    if (tables == null) throw new UsageException("propagate: --tables DIR is required");
    if (!parsed.positionals.isEmpty()) {
      throw new UsageException("propagate: unexpected argument '" + parsed.positionals.get(0) + "'");
    }
    LabelSpreading defaults = LabelSpreading.defaults();
    LabelSpreading spreading;
    try {
      spreading = new LabelSpreading(number(parsed, "alpha", defaults.alpha()),
          parsed.intFlag("max-passes", defaults.maxIterations(), 1), defaults.tolerance(),
          number(parsed, "threshold", defaults.threshold()));
    } catch (IllegalArgumentException e) {
      throw new UsageException("propagate: " + e.getMessage().replace("maxIterations", "--max-passes"));
    }
    String base = parsed.flags.getOrDefault("base", LabelSources.GIVEN);
    if (!base.equals(LabelSources.GIVEN) && !base.startsWith("injected:")) {
      throw new UsageException("propagate: --base '" + base + "': the labels a review starts from are 'given' or an "
          + "injected:NAME source");
    }
    double baseWeight = number(parsed, "base-weight", 0.5);

    SparkSession spark = CommandSessions.start(parsed, 4, "propagate");
    DeltaStore store = new DeltaStore(spark, tables);
    String runId = RunLookup.resolve(store, parsed.flags.get("run"));
    LabelPropagation.Outcome outcome;
    try (Checkpoints.Scope checkpoints = Checkpoints.open(spark, store.root())) {
      outcome = new LabelPropagation(store).propagate(runId, base, baseWeight, spreading,
          line -> out.println("  [propagate] " + line));
    }
    print(outcome, spreading, out);
    return 0;
  }

  private static double number(Arguments parsed, String flag, double fallback) {
    String text = parsed.flags.get(flag);
    if (text == null) return fallback;
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("propagate: --" + flag + " = '" + text + "' is not a number");
    }
  }

  private static void print(LabelPropagation.Outcome outcome, LabelSpreading spreading, PrintStream out) {
    out.println(String.format(Locale.ROOT, "propagate: run %s, %,d crops, seeds %s; %d passes (last change %.2g)",
        outcome.runId(), outcome.crops(), outcome.seedsBySource(), outcome.passes(), outcome.change()));
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, Long> entry : outcome.labelledPerClass().entrySet()) {
      rows.add(List.of(entry.getKey(), Long.toString(entry.getValue())));
    }
    out.print(TextTable.render(List.of("label", "propagated"), rows));
    out.println(String.format(Locale.ROOT, "propagated %,d labels at confidence >= %s; %,d crops stay for review "
        + "(below it), %,d not reached by any seed", outcome.labelled(), spreading.threshold(),
        outcome.belowThreshold(), outcome.unreached()));
  }
}
