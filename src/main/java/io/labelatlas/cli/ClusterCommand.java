package io.labelatlas.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.labelatlas.cluster.ClusterStage;
import io.labelatlas.cluster.SettingNames;
import io.labelatlas.config.ConfigException;
import io.labelatlas.config.JobConfig;
import io.labelatlas.config.JobConfig.ClusterConfig;
import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.evaluate.AgreementMetrics;
import io.labelatlas.evaluate.AgreementScores;
import io.labelatlas.evaluate.ContingencyTable;
import io.labelatlas.pipeline.TextTable;
import io.labelatlas.runtime.SparkSessions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code cluster --input FILE --algorithm NAME --output DIR}: "bring your own embeddings". Clusters any Parquet or CSV
 * table of vectors with the algorithms of a job's cluster stage, writes the assignments as Parquet and as one CSV
 * file, and scores them against a label column when there is one.
 */
final class ClusterCommand {
  /** One algorithm parameter: its flag, its key in the {@code cluster} section and the algorithms that read it. */
  record Parameter(String flag, String value, String key, String usedBy, String description,
      Function<ClusterConfig, Object> defaultValue) {}

  static final List<Parameter> PARAMETERS = List.of(
      new Parameter("k", "N|auto", "k", "kmeans gmm ward", "number of clusters; auto: searched in auto_k",
          c -> auto(c.k())),
      new Parameter("max-iterations", "N", "max_iterations", "kmeans gmm", "iteration limit",
          ClusterConfig::maxIterations),
      new Parameter("seed", "N", "seed", "kmeans gmm", "random seed", ClusterConfig::seed),
      new Parameter("gmm-dimension", "N", "gmm_dimension", "gmm", "GMM sees only the first N dimensions",
          ClusterConfig::gmmDimension),
      new Parameter("exact-max-points", "N", "exact_max_points", "hdbscan ward dbscan",
          "most rows the exact (driver-side) algorithms take", ClusterConfig::exactMaxPoints),
      new Parameter("min-cluster-size", "N|auto", "hdbscan.min_cluster_size", "hdbscan",
          "smallest group that is a cluster; auto: from n", c -> auto(c.hdbscan().minClusterSize())),
      new Parameter("min-samples", "N|auto", "hdbscan.min_samples", "hdbscan",
          "neighbours for the core distance (self included)", c -> auto(c.hdbscan().minSamples())),
      new Parameter("mode", "exact|partitioned|auto", "hdbscan.mode", "hdbscan",
          "driver, Spark, or exact up to --exact-max-points", c -> c.hdbscan().mode()),
      new Parameter("selection", "eom|leaf", "hdbscan.selection", "hdbscan", "excess of mass or leaf clusters",
          c -> c.hdbscan().selection()),
      new Parameter("epsilon", "X", "hdbscan.epsilon", "hdbscan", "cluster_selection_epsilon",
          c -> c.hdbscan().epsilon()),
      new Parameter("allow-single-cluster", "", "hdbscan.allow_single_cluster", "hdbscan",
          "the root may be the only cluster", c -> c.hdbscan().allowSingleCluster()),
      new Parameter("leaf-size", "N", "hdbscan.leaf_size", "hdbscan partitioned", "points per random-projection leaf",
          c -> c.hdbscan().leafSize()),
      new Parameter("trees", "N", "hdbscan.trees", "hdbscan partitioned", "random-projection trees",
          c -> c.hdbscan().trees()),
      new Parameter("sample-size", "N", "hdbscan.sample_size", "hdbscan partitioned",
          "sample that shapes the partitions", c -> c.hdbscan().sampleSize()),
      new Parameter("eps", "X|auto", "dbscan.eps", "dbscan", "neighbourhood radius; auto (or 0): knee of k-distances",
          c -> c.dbscan().eps() == JobConfig.AUTO ? "auto" : c.dbscan().eps()),
      new Parameter("dbscan-min-samples", "N", "dbscan.min_samples", "dbscan",
          "neighbours of a core point (self included)", c -> c.dbscan().minSamples()));

  private static Object auto(int value) {
    return value == JobConfig.AUTO ? "auto" : value;
  }

  /** Flags that may stand alone (meaning true) or take true/false. */
  private static final Set<String> SWITCHES = Set.of("overwrite", "allow-single-cluster");
  private static final Set<String> INPUT_FLAGS = Set.of("input", "format", "id-col", "features-col", "columns",
      "label-col", "algorithm", "output", "overwrite", "metrics-json", "master");

  private ClusterCommand() {}

  static String help() {
    ClusterConfig defaults = JobConfigLoader.clusterConfig(List.of());
    StringBuilder text = new StringBuilder("""
        usage: labelatlas cluster --input FILE --algorithm hdbscan|kmeans|gmm|ward|dbscan [options] --output DIR

        Clusters a Parquet or CSV table of vectors ("bring your own embeddings"), writes DIR/assignments.parquet and
        DIR/assignments.csv (id, cluster with noise as -1, probability / outlier_score where the algorithm gives them,
        label when present), and prints purity, NMI, AMI, ARI, homogeneity, completeness and V-measure when the table
        has a label column. The same algorithms run in jobs (cluster.algorithms).

        input and output:
          --input PATH                     Parquet (file or folder) or CSV with a header line; local or s3a://
          --format parquet|csv             default: from the name (.parquet, .csv) or the files in the folder
          --id-col NAME                    default id; any type, unique; written back unchanged as 'id'
          --features-col NAME              one vector column: MLlib vector, array<double> or array<float>
          --columns a,b,c                  numeric feature columns; default: every numeric column but id and
                                           label, or the vector column when there is one and no numeric column
          --label-col NAME                 default label; optional, scored against when present
          --algorithm NAME                 hdbscan, kmeans, gmm, ward or dbscan
          --output DIR                     folder for assignments.parquet and assignments.csv
          --overwrite                      replace DIR/assignments.* if they exist
          --metrics-json FILE              also write the metrics and the automatic choices as JSON
          --master URL                     Spark master, default local[*]; spark-submit's --master wins
        --input, --algorithm and --output are required.

        algorithm parameters (flag, default, algorithms that read it):
        """);
    for (Parameter p : PARAMETERS) {
      String flag = "--" + p.flag() + (p.value().isEmpty() ? "" : " " + p.value());
      text.append(String.format(Locale.ROOT, "  %-32s %-8s %-20s %s%n", flag, p.defaultValue().apply(defaults),
          p.usedBy(), p.description()));
    }
    text.append("""
          --set key=value                  any cluster.* setting of a job, e.g. --set auto_k.max=20 or
                                           --set ward.micro_clusters=500 ('cluster.' prefix optional); repeatable;
                                           the flags above win over --set
        Bad input (missing, NaN or infinite values, rows of different length, repeated ids, k or min_samples above
        the number of rows) is an error that names the id, column or flag. Exit codes: 0 ok, 1 failed, 2 bad usage,
        configuration or input.
        """);
    return text.toString();
  }

  static int run(String[] args, PrintStream out) {
    Map<String, String> switches = new LinkedHashMap<>();
    Set<String> valueFlags = new HashSet<>(INPUT_FLAGS);
    for (Parameter p : PARAMETERS) valueFlags.add(p.flag());
    Arguments parsed = Arguments.parse(withoutSwitches(args, switches), valueFlags, "cluster");
    parsed.flags.putAll(switches);
    if (parsed.help) {
      out.print(help());
      return 0;
    }
    if (!parsed.positionals.isEmpty()) {
      throw new UsageException("cluster: unexpected argument(s) " + parsed.positionals + " (see 'cluster --help')");
    }
    String input = required(parsed, "input");
    String algorithm = required(parsed, "algorithm");
    String output = required(parsed, "output");
    if (!JobConfig.ALGORITHMS.contains(algorithm)) {
      throw new UsageException("cluster: --algorithm '" + algorithm + "' is not one of " + JobConfig.ALGORITHMS);
    }
    boolean overwrite = bool(parsed, "overwrite");
    ClusterConfig config = clusterConfig(algorithm, parsed);
    String columns = parsed.flags.get("columns");
    VectorInput.Source source = new VectorInput.Source(input, parsed.flags.get("format"),
        parsed.flags.getOrDefault("id-col", "id"), parsed.flags.get("features-col"),
        columns == null ? null : Arrays.stream(columns.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
        parsed.flags.getOrDefault("label-col", "label"), parsed.flags.containsKey("label-col"));

    SparkSession spark = SparkSessions.forJob(
        new JobConfig.SparkConfig(parsed.flags.getOrDefault("master", "local[*]"), 8, Map.of()), "cluster");
    Outputs outputs = new Outputs(spark, output);
    outputs.checkWritable(overwrite);

    long started = System.nanoTime();
    VectorInput.Table table = VectorInput.read(spark, source);
    Dataset<Row> assigned = null;
    try {
      out.println(String.format(Locale.ROOT, "cluster: read %d rows x %d dims from %s (%s; features: %s%s) in %s",
          table.n(), table.dimension(), input, table.format(), table.featuresDescription(),
          table.labelled() ? "; labels: '" + source.labelColumn() + "'" : "; no label column", seconds(started)));
      checkSizes(algorithm, config, table.n(), table.dimension());

      long clusterStarted = System.nanoTime();
      out.println("cluster: running " + algorithm + " on " + table.n() + " rows");
      ClusterStage.Clustering clustering = assign(table, algorithm, config, out);
      for (ClusterStage.Choice choice : clustering.choices()) {
        out.println(String.format(Locale.ROOT, "cluster: %s chose %s = %.6g (%s)", algorithm, choice.name(),
            choice.value(), choice.evidence()));
      }
      assigned = withIds(clustering.assignments(), table).persist(StorageLevel.MEMORY_AND_DISK());
      Summary summary = summarize(assigned, table.labelled());
      out.println(String.format(Locale.ROOT, "cluster: %s done in %s: %d clusters, %d noise rows (%.1f%%)", algorithm,
          seconds(clusterStarted), summary.clusters(), summary.noise(), 100.0 * summary.noise() / summary.n()));

      long writeStarted = System.nanoTime();
      List<String> written = outputColumns(summary, table.labelled());
      outputs.write(assigned, written, table.idType(), overwrite);
      out.println("cluster: wrote " + outputs.parquet() + " and " + outputs.csv() + " (" + String.join(", ", written)
          + ") in " + seconds(writeStarted));

      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("input", input);
      metrics.put("algorithm", algorithm);
      metrics.put("n", summary.n());
      metrics.put("dimension", table.dimension());
      metrics.put("clusters", summary.clusters());
      metrics.put("noise_fraction", summary.noise() / (double) summary.n());
      if (table.labelled()) printAgreement(summary, source.labelColumn(), metrics, out);
      metrics.put("choices", clustering.choices());
      if (!clustering.curves().isEmpty()) metrics.put("curves", clustering.curves());
      String metricsJson = parsed.flags.get("metrics-json");
      if (metricsJson != null) {
        writeJson(spark, metricsJson, metrics);
        out.println("cluster: wrote metrics to " + metricsJson);
      }
      out.println("cluster: finished in " + seconds(started));
      return 0;
    } finally {
      if (assigned != null) assigned.unpersist();
      table.rows().unpersist();
    }
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

  /**
   * The cluster section from {@code --set} settings, then {@code --algorithm}, then the named flags (later wins).
   * Values pass through as text, so settings this command does not know by name still work.
   */
  static ClusterConfig clusterConfig(String algorithm, Arguments parsed) {
    List<String> settings = new ArrayList<>();
    for (String set : parsed.sets) settings.add(set.startsWith("cluster.") ? set.substring("cluster.".length()) : set);
    settings.add("algorithms=[" + algorithm + "]");
    for (Parameter p : PARAMETERS) {
      String value = parsed.flags.get(p.flag());
      if (value != null) settings.add(p.key() + "=" + value);
    }
    try {
      return JobConfigLoader.clusterConfig(settings);
    } catch (ConfigException e) {
      throw new ConfigException("cluster: " + withFlags(e.getMessage()), e);
    }
  }

  /** Appends the flag that sets each {@code 'cluster.key'} a message names, since the user typed flags, not keys. */
  static String withFlags(String message) {
    if (message == null) return "";
    List<String> flags = new ArrayList<>();
    for (Parameter p : PARAMETERS) {
      if (message.contains("'cluster." + p.key() + "'")) flags.add("--" + p.flag());
    }
    if (message.contains("'cluster.algorithms'")) flags.add("--algorithm");
    return flags.isEmpty() ? message : message + " (set by " + String.join(", ", flags) + ")";
  }

  /** The stage's own size checks, before any Spark work, naming the flags the user typed and the rows they gave. */
  private static void checkSizes(String algorithm, ClusterConfig config, long n, int d) {
    try {
      ClusterStage.validate(algorithm, n, d, config, new SettingNames(ClusterCommand::flagOf, "rows"));
    } catch (IllegalArgumentException e) {
      throw new UsageException("cluster: " + e.getMessage());
    }
  }

  /** {@code --flag} for a key under {@code cluster.}, or the quoted key for settings only {@code --set} reaches. */
  private static String flagOf(String key) {
    for (Parameter p : PARAMETERS) {
      if (p.key().equals(key)) return "--" + p.flag();
    }
    return "'cluster." + key + "'";
  }

  private static ClusterStage.Clustering assign(VectorInput.Table table, String algorithm, ClusterConfig config,
      PrintStream out) {
    try {
      return ClusterStage.assign(table.features(), algorithm, config, line -> out.println("cluster: " + line));
    } catch (IllegalArgumentException e) {
      // The stage names 'cluster.*' keys for parameters that do not fit the data (exact_max_points, auto_k.min).
      if (e.getMessage() != null && e.getMessage().contains("'cluster.")) {
        throw new UsageException("cluster: " + withFlags(e.getMessage()));
      }
      throw e;
    }
  }

  /** The assignments keyed by the original id, with the label when there is one. */
  private static Dataset<Row> withIds(Dataset<Row> assignments, VectorInput.Table table) {
    Set<String> present = Set.of(assignments.columns());
    List<Column> keys = new ArrayList<>(List.of(col(VectorInput.KEY), col(VectorInput.ID)));
    if (table.labelled()) keys.add(col(VectorInput.LABEL));
    Dataset<Row> joined = assignments.join(table.rows().select(keys.toArray(Column[]::new)), VectorInput.KEY);
    List<Column> columns = new ArrayList<>(List.of(col(VectorInput.ID).as("id"), col("cluster").cast("int")));
    columns.add(present.contains("probability") ? col("probability").cast("double")
        : lit(null).cast("double").as("probability"));
    columns.add(present.contains("outlier_score") ? col("outlier_score").cast("double")
        : lit(null).cast("double").as("outlier_score"));
    if (table.labelled()) columns.add(col(VectorInput.LABEL).as("label"));
    return joined.select(columns.toArray(Column[]::new));
  }

  /**
   * Sizes of a clustering and, when labelled, its contingency table against the labels (null otherwise); both from
   * one {@code groupBy(label, cluster)}, so only a row per (label, cluster) pair reaches the driver.
   */
  record Summary(long n, long clusters, long noise, boolean probabilities, boolean outlierScores,
      ContingencyTable contingency) {}

  private static Summary summarize(Dataset<Row> assigned, boolean labelled) {
    List<Column> keys = new ArrayList<>();
    if (labelled) keys.add(col("label").cast(DataTypes.StringType).as("label"));
    keys.add(col("cluster"));
    List<Row> groups = assigned.groupBy(keys.toArray(Column[]::new))
        .agg(count(lit(1)), count(col("probability")), count(col("outlier_score"))).collectAsList();
    int offset = labelled ? 1 : 0;
    long n = 0, noise = 0, probabilities = 0, outlierScores = 0;
    Set<Integer> clusters = new HashSet<>();
    ContingencyTable.Builder contingency = ContingencyTable.builder();
    for (Row group : groups) {
      int cluster = group.getInt(offset);
      long rows = group.getLong(offset + 1);
      n += rows;
      if (cluster < 0) noise += rows;
      else clusters.add(cluster);
      probabilities += group.getLong(offset + 2);
      outlierScores += group.getLong(offset + 3);
      if (labelled && !group.isNullAt(0)) contingency.add(group.getString(0), cluster, rows);
    }
    return new Summary(n, clusters.size(), noise, probabilities > 0, outlierScores > 0,
        labelled ? contingency.build() : null);
  }

  private static List<String> outputColumns(Summary summary, boolean labelled) {
    List<String> columns = new ArrayList<>(List.of("id", "cluster"));
    if (summary.probabilities()) columns.add("probability");
    if (summary.outlierScores()) columns.add("outlier_score");
    if (labelled) columns.add("label");
    return columns;
  }

  private static void printAgreement(Summary summary, String labelColumn, Map<String, Object> metrics,
      PrintStream out) {
    ContingencyTable contingency = summary.contingency();
    metrics.put("labelled", contingency.n());
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("n", Long.toString(summary.n())));
    rows.add(List.of("labelled", Long.toString(contingency.n())));
    rows.add(List.of("classes", Integer.toString(contingency.numClasses())));
    rows.add(List.of("clusters", Long.toString(summary.clusters())));
    rows.add(List.of("noise_fraction", format(summary.noise() / (double) summary.n())));
    out.println("cluster: agreement with label column '" + labelColumn
        + "' (noise, cluster -1, counts as one cluster here)");
    if (contingency.n() == 0) {
      out.print(TextTable.render(List.of("metric", "value"), rows));
      out.println("cluster: no row has a label; no agreement metrics");
      return;
    }
    AgreementScores scores = AgreementMetrics.score(contingency);
    Map<String, Double> named = new LinkedHashMap<>();
    named.put("purity", scores.purity());
    named.put("nmi", scores.nmi());
    named.put("ami", scores.ami());
    named.put("ari", scores.ari());
    named.put("homogeneity", scores.homogeneity());
    named.put("completeness", scores.completeness());
    named.put("v_measure", scores.vMeasure());
    for (Map.Entry<String, Double> score : named.entrySet()) {
      rows.add(List.of(score.getKey(), format(score.getValue())));
      metrics.put(score.getKey(), score.getValue());
    }
    out.print(TextTable.render(List.of("metric", "value"), rows));
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  private static String seconds(long startedNanos) {
    return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startedNanos) / 1e9);
  }

  private static void writeJson(SparkSession spark, String file, Map<String, Object> metrics) {
    Path path = new Path(file);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(metrics);
      try (OutputStream stream = fs.create(path, true)) {
        stream.write(json);
        stream.write("\n".getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cluster: cannot write --metrics-json '" + file + "': " + e.getMessage(), e);
    }
  }

  /** DIR/assignments.parquet (a Spark Parquet folder) and DIR/assignments.csv (one file, written without a collect). */
  private static final class Outputs {
    private final Path dir;
    private final FileSystem fs;

    Outputs(SparkSession spark, String dir) {
      this.dir = new Path(dir);
      try {
        this.fs = this.dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      } catch (IOException e) {
        throw new UncheckedIOException("cluster: cannot open --output '" + dir + "': " + e.getMessage(), e);
      }
    }

    Path parquet() {
      return new Path(dir, "assignments.parquet");
    }

    Path csv() {
      return new Path(dir, "assignments.csv");
    }

    void checkWritable(boolean overwrite) {
      try {
        if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
          throw new UsageException("cluster: --output '" + dir + "' is a file, not a folder");
        }
        if (overwrite) return;
        for (Path target : List.of(parquet(), csv())) {
          if (fs.exists(target)) {
            throw new UsageException("cluster: " + target + " already exists; pass --overwrite to replace it");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cluster: cannot check --output '" + dir + "': " + e.getMessage(), e);
      }
    }

    void write(Dataset<Row> assigned, List<String> columns, DataType idType, boolean overwrite) {
      Dataset<Row> rows = assigned.select(columns.stream().map(org.apache.spark.sql.functions::col)
          .toArray(Column[]::new));
      rows.write().mode(overwrite ? "overwrite" : "errorifexists").parquet(parquet().toString());

      // The CSV is for people: sorted by id. It holds no nested values, so such ids (and labels) go out as text.
      List<Column> flat = new ArrayList<>();
      for (org.apache.spark.sql.types.StructField field : rows.schema().fields()) {
        Column column = org.apache.spark.sql.functions.col(field.name());
        flat.add(nested(field.dataType()) ? column.cast(DataTypes.StringType).as(field.name()) : column);
      }
      Dataset<Row> sorted = idType instanceof MapType ? rows : rows.orderBy("id");
      Path temporary = new Path(dir, ".assignments.csv-" + UUID.randomUUID());
      try {
        // coalesce(1) after the sort keeps the order: one task reads the sorted partitions one after another.
        sorted.select(flat.toArray(Column[]::new)).coalesce(1).write().option("header", true)
            .csv(temporary.toString());
        Path part = null;
        for (FileStatus file : fs.listStatus(temporary)) {
          String name = file.getPath().getName();
          if (name.startsWith("part-")) part = file.getPath();
        }
        if (part == null) throw new IllegalStateException("Spark wrote no CSV part file under " + temporary);
        if (fs.exists(csv())) fs.delete(csv(), true);
        if (!fs.rename(part, csv())) throw new IOException("cannot move " + part + " to " + csv());
      } catch (IOException e) {
        throw new UncheckedIOException("cluster: cannot write " + csv() + ": " + e.getMessage(), e);
      } finally {
        try {
          fs.delete(temporary, true);
        } catch (IOException e) {
          // A leftover folder is harmless: its name starts with '.', which Spark's readers skip.
        }
      }
    }

    private static boolean nested(DataType type) {
      return type instanceof ArrayType || type instanceof MapType || type instanceof StructType
          || type instanceof BinaryType;
    }
  }
}
