package io.labelatlas.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.labelatlas.cluster.ClusterStage;
import io.labelatlas.cluster.SettingNames;
import io.labelatlas.config.JobConfig.ClusterConfig;
import io.labelatlas.evaluate.ContingencyTable;
import io.labelatlas.runtime.Checkpoints;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code cluster --input FILE --algorithm NAME --output DIR}: "bring your own embeddings". Clusters any Parquet or CSV
 * table of vectors with the algorithms of a job's cluster stage, writes the assignments as Parquet and as one CSV
 * file, and scores them against a label column when there is one. The options are parsed by {@link ClusterOptions},
 * the table read by {@link VectorInput}, the files written by {@link AssignmentFiles} and the report rendered by
 * {@link ClusterReport}; this class runs the Spark work between them.
 */
final class ClusterCommand {
  private ClusterCommand() {}

  static String help() {
    return ClusterOptions.help();
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    ClusterOptions options = ClusterOptions.parse(args, err);
    if (options == null) {
      out.print(help());
      return 0;
    }
    // With --format json, standard output holds the JSON object alone; progress goes to standard error.
    PrintStream progress = options.json() ? err : out;
    SparkSession spark = CommandSessions.start(options.master(), 8, "cluster");
    AssignmentFiles outputs = new AssignmentFiles(spark, options.output());
    outputs.checkWritable(options.overwrite());

    long started = System.nanoTime();
    VectorInput.Table table = VectorInput.read(spark, options.source());
    Dataset<Row> assigned = null;
    Checkpoints.Scope checkpoints = Checkpoints.open(spark, options.output());
    try {
      String algorithm = options.algorithm();
      progress.println(String.format(Locale.ROOT, "cluster: read %d rows x %d dims from %s (%s; features: %s%s) in %s",
          table.n(), table.dimension(), options.source().path(), table.format(), table.featuresDescription(),
          table.labelled() ? "; labels: '" + options.source().labelColumn() + "'" : "; no label column",
          seconds(started)));
      checkSizes(algorithm, options.config(), table.n(), table.dimension());

      long clusterStarted = System.nanoTime();
      progress.println("cluster: running " + algorithm + " on " + table.n() + " rows");
      ClusterStage.Clustering clustering = assign(table, algorithm, options.config(), progress);
      for (ClusterStage.Choice choice : clustering.choices()) {
        progress.println(String.format(Locale.ROOT, "cluster: %s chose %s = %.6g (%s)", algorithm, choice.name(),
            choice.value(), choice.evidence()));
      }
      assigned = withIds(clustering.assignments(), table).persist(StorageLevel.MEMORY_AND_DISK());
      Summary summary = summarize(assigned, table.labelled());
      progress.println(String.format(Locale.ROOT, "cluster: %s done in %s: %d clusters, %d noise rows (%.1f%%)",
          algorithm, seconds(clusterStarted), summary.clusters(), summary.noise(),
          100.0 * summary.noise() / summary.n()));

      long writeStarted = System.nanoTime();
      List<String> written = outputColumns(summary, table.labelled());
      outputs.write(assigned, written, table.idType(), options.overwrite());
      progress.println("cluster: wrote " + outputs.parquet() + " and " + outputs.csv() + " ("
          + String.join(", ", written) + ") in " + seconds(writeStarted));

      ClusterReport report = ClusterReport.of(options, table, summary, clustering);
      if (!options.json()) out.print(report.table());
      if (options.metricsJson() != null) {
        report.writeJson(spark, options.metricsJson());
        progress.println("cluster: wrote metrics to " + options.metricsJson());
      }
      progress.println("cluster: finished in " + seconds(started));
      if (options.json()) out.print(report.json());
      return 0;
    } finally {
      if (assigned != null) assigned.unpersist();
      table.rows().unpersist();
      checkpoints.close();
    }
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
    for (ClusterParameters.Parameter p : ClusterParameters.ALL) {
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
        throw new UsageException("cluster: " + ClusterParameters.withFlags(e.getMessage()), null, e);
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

  private static String seconds(long startedNanos) {
    return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startedNanos) / 1e9);
  }
}
