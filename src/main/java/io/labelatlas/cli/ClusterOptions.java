package io.labelatlas.cli;

import io.labelatlas.config.JobConfig;
import io.labelatlas.config.JobConfig.ClusterConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The validated command line of {@code cluster}: where the vectors are and which columns mean what, the algorithm and
 * its cluster section (built and checked as a job's is), where the outputs go and how the report prints. Parsing checks
 * everything that needs no data, so a bad flag fails before Spark starts.
 */
record ClusterOptions(VectorInput.Source source, String algorithm, ClusterConfig config, String output,
    boolean overwrite, String metricsJson, boolean json, String master) {

  /** Flags that may stand alone (meaning true) or take true/false. */
  private static final Set<String> SWITCHES = Set.of("overwrite", "allow-single-cluster");
  private static final Set<String> INPUT_FLAGS = Set.of("input", "input-format", "format", "id-col", "features-col",
      "columns", "label-col", "algorithm", "output", "overwrite", "metrics-json", "master");

  static String help() {
    return """
        usage: labelatlas cluster --input FILE --algorithm hdbscan|kmeans|gmm|ward|dbscan [options] --output DIR

        Clusters a Parquet or CSV table of vectors ("bring your own embeddings"), writes DIR/assignments.parquet and
        DIR/assignments.csv (id, cluster with noise as -1, probability / outlier_score where the algorithm gives them,
        label when present), and prints purity, NMI, AMI, ARI, homogeneity, completeness and V-measure when the table
        has a label column. The same algorithms run in jobs (cluster.algorithms).

        input and output:
          --input PATH                     Parquet (file or folder) or CSV with a header line; local or s3a://
          --input-format parquet|csv       default: from the name (.parquet, .csv) or the files in the folder
          --id-col NAME                    default id; any type, unique; written back unchanged as 'id'
          --features-col NAME              one vector column: MLlib vector, array<double> or array<float>
          --columns a,b,c                  numeric feature columns; default: every numeric column but id and
                                           label, or the vector column when there is one and no numeric column
          --label-col NAME                 default label; optional, scored against when present
          --algorithm NAME                 hdbscan, kmeans, gmm, ward or dbscan
          --output DIR                     folder for assignments.parquet and assignments.csv
          --overwrite                      replace DIR/assignments.* if they exist
          --format table|json              what is printed: table (default), or the metrics and the automatic
                                           choices as one JSON object on standard output (progress goes to
                                           standard error)
          --metrics-json FILE              also write that JSON object to FILE
          --master URL                     %s
        --input, --algorithm and --output are required.

        algorithm parameters (flag, default, algorithms that read it):
        """.formatted(CommandSessions.MASTER_HELP) + ClusterParameters.help() + """
          --set key=value                  any cluster.* setting of a job, e.g. --set auto_k.max=20 or
                                           --set ward.micro_clusters=500 ('cluster.' prefix optional); repeatable;
                                           the flags above win over --set
        Bad input (missing, NaN or infinite values, rows of different length, repeated ids, k or min_samples above
        the number of rows) is an error that names the id, column or flag. Exit codes: 0 ok, 1 failed, 2 bad usage,
        configuration or input.
        """;
  }

  /** The options, or null when {@code --help} was asked for. Warnings (deprecated flags) go to {@code err}. */
  static ClusterOptions parse(String[] args, PrintStream err) {
    Map<String, String> switches = new LinkedHashMap<>();
    Set<String> valueFlags = new HashSet<>(INPUT_FLAGS);
    for (ClusterParameters.Parameter p : ClusterParameters.ALL) valueFlags.add(p.flag());
    Arguments parsed = Arguments.parse(withoutSwitches(args, switches), valueFlags, "cluster");
    parsed.flags.putAll(switches);
    if (parsed.help) return null;
    if (!parsed.positionals.isEmpty()) {
      throw new UsageException("cluster: unexpected argument(s) " + parsed.positionals + " (see 'cluster --help')");
    }
    String input = required(parsed, "input");
    String algorithm = required(parsed, "algorithm");
    String output = required(parsed, "output");
    if (!JobConfig.ALGORITHMS.contains(algorithm)) {
      throw new UsageException("cluster: --algorithm '" + algorithm + "' is not one of " + JobConfig.ALGORITHMS);
    }
    String inputFormat = parsed.flags.get("input-format");
    String format = parsed.flags.getOrDefault("format", "table");
    if (format.equals(TabularInput.PARQUET) || format.equals(TabularInput.CSV)) {
      // Before --input-format existed, cluster's --format named the input format; it still does, with a warning.
      if (inputFormat != null && !inputFormat.equals(format)) {
        throw new UsageException("cluster: --format " + format + " (the old name of --input-format) contradicts"
            + " --input-format " + inputFormat);
      }
      err.println("warning: cluster --format " + format + " is deprecated: use --input-format " + format
          + " (--format now names the output format, table or json)");
      inputFormat = format;
      format = "table";
    }
    if (!format.equals("table") && !format.equals("json")) {
      throw new UsageException("cluster: --format '" + format + "' is not one of table, json");
    }
    TabularInput.checkFormatFlag("cluster", inputFormat);
    ClusterConfig config = ClusterParameters.clusterConfig(algorithm, parsed.sets, parsed.flags);
    String columns = parsed.flags.get("columns");
    VectorInput.Source source = new VectorInput.Source(input, inputFormat,
        parsed.flags.getOrDefault("id-col", "id"), parsed.flags.get("features-col"),
        columns == null ? null : Arrays.stream(columns.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
        parsed.flags.getOrDefault("label-col", "label"), parsed.flags.containsKey("label-col"));
    return new ClusterOptions(source, algorithm, config, output, bool(parsed, "overwrite"),
        parsed.flags.get("metrics-json"), format.equals("json"), parsed.flags.get("master"));
  }

  /** Pulls {@code --overwrite} and {@code --allow-single-cluster} out: alone they mean true, unlike other flags. */
  private static String[] withoutSwitches(String[] args, Map<String, String> switches) {
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.startsWith("--") ? arg.substring(2) : "";
      int eq = name.indexOf('=');
      String value = null;
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!SWITCHES.contains(name)) {
        rest.add(arg);
        continue;
      }
      if (value == null && i + 1 < args.length && isBoolean(args[i + 1])) value = args[++i];
      if (value == null) value = "true";
      if (!isBoolean(value)) throw new UsageException("cluster: --" + name + " = '" + value + "' is not true or false");
      switches.put(name, value.toLowerCase(Locale.ROOT));
    }
    return rest.toArray(String[]::new);
  }

  private static boolean isBoolean(String text) {
    return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
  }

  private static boolean bool(Arguments parsed, String flag) {
    return Boolean.parseBoolean(parsed.flags.getOrDefault(flag, "false"));
  }

  private static String required(Arguments parsed, String flag) {
    String value = parsed.flags.get(flag);
    if (value == null || value.isBlank()) {
      throw new UsageException("cluster: --" + flag + " is required (see 'cluster --help')");
    }
    return value;
  }
}
