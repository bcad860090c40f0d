package io.labelatlas.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.labelatlas.cluster.ClusterStage;
import io.labelatlas.evaluate.AgreementMetrics;
import io.labelatlas.evaluate.AgreementScores;
import io.labelatlas.evaluate.ContingencyTable;
import io.labelatlas.pipeline.TextTable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * What {@code cluster} reports once the assignments are written: the metrics (sizes, agreement with the label column,
 * the automatic choices) as a text table or as one JSON object, on the console and optionally in a file.
 */
final class ClusterReport {
  private final Map<String, Object> metrics;
  private final String agreementTable;

  private ClusterReport(Map<String, Object> metrics, String agreementTable) {
    this.metrics = metrics;
    this.agreementTable = agreementTable;
  }

  /** Scores the clustering against the labels when the table has them; no Spark work, the counts are in hand. */
  static ClusterReport of(ClusterOptions options, VectorInput.Table table, ClusterCommand.Summary summary,
      ClusterStage.Clustering clustering) {
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("input", options.source().path());
    metrics.put("algorithm", options.algorithm());
    metrics.put("n", summary.n());
    metrics.put("dimension", table.dimension());
    metrics.put("clusters", summary.clusters());
    metrics.put("noise_fraction", summary.noise() / (double) summary.n());
    String agreement = table.labelled() ? agreement(summary, options.source().labelColumn(), metrics) : "";
    metrics.put("choices", clustering.choices());
    if (!clustering.curves().isEmpty()) metrics.put("curves", clustering.curves());
    return new ClusterReport(metrics, agreement);
  }

  /** The agreement table (empty without a label column) for the console. */
  String table() {
    return agreementTable;
  }

  /** The metrics and the automatic choices as one indented JSON object, with a final newline. */
  String json() {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(metrics)
          + System.lineSeparator();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cluster: cannot write the metrics as JSON: " + e.getMessage(), e);
    }
  }

  /** Writes {@link #json()} to a local or Hadoop path ({@code --metrics-json}). */
  void writeJson(SparkSession spark, String file) {
    Path path = new Path(file);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream stream = fs.create(path, true)) {
        stream.write(json().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cluster: cannot write --metrics-json '" + file + "': " + e.getMessage(), e);
    }
  }

  /** The agreement text, and the scores into {@code metrics}. */
  private static String agreement(ClusterCommand.Summary summary, String labelColumn, Map<String, Object> metrics) {
    ContingencyTable contingency = summary.contingency();
    metrics.put("labelled", contingency.n());
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("n", Long.toString(summary.n())));
    rows.add(List.of("labelled", Long.toString(contingency.n())));
    rows.add(List.of("classes", Integer.toString(contingency.numClasses())));
    rows.add(List.of("clusters", Long.toString(summary.clusters())));
    rows.add(List.of("noise_fraction", format(summary.noise() / (double) summary.n())));
    StringBuilder text = new StringBuilder("cluster: agreement with label column '" + labelColumn
        + "' (noise, cluster -1, counts as one cluster here)" + System.lineSeparator());
    if (contingency.n() == 0) {
      text.append(TextTable.render(List.of("metric", "value"), rows));
      return text.append("cluster: no row has a label; no agreement metrics").append(System.lineSeparator())
          .toString();
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
    return text.append(TextTable.render(List.of("metric", "value"), rows)).toString();
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
