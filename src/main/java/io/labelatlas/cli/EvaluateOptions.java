package io.labelatlas.cli;

import io.labelatlas.evaluate.MetricReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The validated command line of {@code evaluate}: what to score against what, how to print it, and the settings of
 * the metrics. Parsing checks everything that needs no data, so a bad flag fails before Spark starts.
 */
record EvaluateOptions(String input, String inputFormat, String truth, String pred, String noise, boolean json,
    String features, int sample, boolean kappa, MetricReport.Options options, String master) {
  private static final Set<String> VALUE_FLAGS = Set.of("input", "input-format", "truth", "pred", "format",
      "features", "noise", "resamples", "geometric-resamples", "sample", "seed", "confidence", "master");

  static final String HELP = """
      usage: labelatlas evaluate --input FILE --truth COL --pred COL [options]

      Scores a labelling (a clustering, another annotator, a model) against a truth column: purity, macro purity,
      NMI, AMI, ARI, homogeneity, completeness, V-measure with noise as one cluster (scikit-learn's convention) and,
      when there is noise, the same over the clustered rows only ('clustered:' names) with their coverage; the label
      distribution (classes, imbalance ratio, Gini); percentile and BCa bootstrap intervals. Values equal
      scikit-learn 1.2's where it has the metric.

        --input PATH               Parquet (file or folder) or CSV with a header line; local or s3a://
        --input-format parquet|csv default: from the name (.parquet, .csv) or the files in the folder
        --truth COL                the true labels; rows where it is empty are unlabelled and skipped
        --pred COL                 the labelling to score (cluster ids or labels); must be set on every row
        --noise VALUE              the --pred value that means noise, default -1
        --format table|json        table (default): aligned text; json: one JSON object on standard output
        --features COL             vector column (MLlib vector or array of numbers): adds silhouette and
                                   Davies-Bouldin on a seeded sample of --sample rows
        --sample N                 rows for --features metrics, default 5000 (all rows when there are fewer)
        --resamples N              bootstrap resamples of the table metrics, default 1000; 0: no intervals
        --geometric-resamples N    bootstrap resamples of the --features metrics, default 200; 0: none
        --confidence X             two-sided level of the intervals, default 0.95
        --seed N                   seed of the sample and the resamples, default 42
        --kappa                    add Cohen's kappa between truth and pred (automatic when both are text)
        --master URL               %s
      Exit codes: 0 ok, 1 failed, 2 bad usage or input (a missing column, no rows, an unreadable file).
      """.formatted(CommandSessions.MASTER_HELP);

  /** The options, or null when {@code --help} was asked for. */
  static EvaluateOptions parse(String[] args) {
    List<String> rest = new ArrayList<>();
    boolean kappa = false;
    for (String arg : args) {
      if (arg.equals("--kappa") || arg.equals("--kappa=true")) {
        kappa = true;
      } else if (!arg.equals("--kappa=false")) {
        rest.add(arg);
      }
    }
    Arguments parsed = Arguments.parse(rest.toArray(String[]::new), VALUE_FLAGS, "evaluate");
    if (parsed.help) return null;
    if (!parsed.positionals.isEmpty() || !parsed.sets.isEmpty()) {
      throw new UsageException("evaluate: unexpected argument(s) " + parsed.positionals + parsed.sets
          + " (see 'evaluate --help')");
    }
    return of(parsed, kappa);
  }

  private static EvaluateOptions of(Arguments parsed, boolean kappa) {
    String format = parsed.flags.getOrDefault("format", "table");
    if (!format.equals("table") && !format.equals("json")) {
      throw new UsageException("evaluate: --format '" + format + "' is not one of table, json");
    }
    int resamples = parsed.intFlag("resamples", 1000, 0);
    int geometricResamples = parsed.intFlag("geometric-resamples", 200, 0);
    if (resamples == 1 || geometricResamples == 1) {
      throw new UsageException("evaluate: --" + (resamples == 1 ? "resamples" : "geometric-resamples")
          + " = 1: give 0 (no intervals) or at least 2 resamples");
    }
    double confidence = decimal(parsed, "confidence", 0.95);
    if (!(confidence > 0 && confidence < 1)) {
      throw new UsageException("evaluate: --confidence = " + confidence + " is not in (0, 1), e.g. 0.95");
    }
    long seed = longFlag(parsed, "seed", 42);
    MetricReport.Options options = new MetricReport.Options(resamples, confidence, seed, geometricResamples, false,
        MetricReport.Options.DEFAULT_GEOMETRIC_BOOTSTRAP_MAX_POINTS, true);
    return new EvaluateOptions(required(parsed, "input"),
        TabularInput.checkFormatFlag("evaluate", parsed.flags.get("input-format")), required(parsed, "truth"),
        required(parsed, "pred"), parsed.flags.getOrDefault("noise", "-1"), format.equals("json"),
        parsed.flags.get("features"), parsed.intFlag("sample", 5000, 3), kappa, options,
        parsed.flags.get("master"));
  }

  private static String required(Arguments parsed, String flag) {
    String value = parsed.flags.get(flag);
    if (value == null || value.isBlank()) {
      throw new UsageException("evaluate: --" + flag + " is required (see 'evaluate --help')");
    }
    return value;
  }

  private static double decimal(Arguments parsed, String flag, double fallback) {
    String value = parsed.flags.get(flag);
    if (value == null) return fallback;
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("evaluate: --" + flag + " = '" + value + "' is not a number");
    }
  }

  private static long longFlag(Arguments parsed, String flag, long fallback) {
    String value = parsed.flags.get(flag);
    if (value == null) return fallback;
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("evaluate: --" + flag + " = '" + value + "' is not a whole number");
    }
  }

}
