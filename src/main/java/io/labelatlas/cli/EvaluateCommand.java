package io.labelatlas.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.labelatlas.config.JobConfig;
import io.labelatlas.evaluate.BootstrapInterval;
import io.labelatlas.evaluate.ContingencyTable;
import io.labelatlas.evaluate.MetricReport;
import io.labelatlas.evaluate.MetricReport.MetricValue;
import io.labelatlas.evaluate.NoiseTreatment;
import io.labelatlas.pipeline.TextTable;
import io.labelatlas.runtime.SparkSessions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code evaluate --input FILE --truth COL --pred COL}: scores any labelling in a Parquet or CSV table against a
 * truth column with the metrics of a job ({@link MetricReport}): agreement both ways around noise, the label
 * distribution, bootstrap intervals, optionally silhouette and Davies-Bouldin on a sample of a feature column and
 * Cohen's kappa. Spark counts the (truth, pred) pairs; only those counts and the bounded sample reach the driver.
 */
final class EvaluateCommand {
  private static final Set<String> VALUE_FLAGS = Set.of("input", "input-format", "truth", "pred", "format",
      "features", "noise", "resamples", "geometric-resamples", "sample", "seed", "confidence", "master");
  /** More distinct (truth, pred) pairs than this is not a labelling but an id or a measurement column. */
  static final int MAX_PAIRS = 1_000_000;
  private static final Set<String> COUNTS = Set.of("classes", "clusters", "labelled");

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
        --master URL               Spark master, default local[*]; spark-submit's --master wins
      Exit codes: 0 ok, 1 failed, 2 bad usage or input (a missing column, no rows, an unreadable file).
      """;

  private EvaluateCommand() {}

  /** What to score and how. */
  record Request(String input, String inputFormat, String truth, String pred, String noise, boolean json,
      String features, int sample, boolean kappa, MetricReport.Options options) {}

  static int run(String[] args, PrintStream out) {
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
    if (parsed.help) {
      out.print(HELP);
      return 0;
    }
    if (!parsed.positionals.isEmpty() || !parsed.sets.isEmpty()) {
      throw new UsageException("evaluate: unexpected argument(s) " + parsed.positionals + parsed.sets
          + " (see 'evaluate --help')");
    }
    Request request = request(parsed, kappa);
    SparkSession spark = SparkSessions.forJob(
        new JobConfig.SparkConfig(parsed.flags.getOrDefault("master", "local[*]"), 8, Map.of()), "evaluate");
    Scored scored = score(spark, request);
    out.print(request.json() ? json(request, scored) : table(request, scored));
    return 0;
  }

  static Request request(Arguments parsed, boolean kappa) {
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
    return new Request(required(parsed, "input"), parsed.flags.get("input-format"), required(parsed, "truth"),
        required(parsed, "pred"), parsed.flags.getOrDefault("noise", "-1"), format.equals("json"),
        parsed.flags.get("features"), parsed.intFlag("sample", 5000, 3), kappa, options);
  }

  /** The report and what it was computed from. */
  record Scored(String inputFormat, long rows, long unlabelled, long noise, List<MetricValue> metrics) {}

  static Scored score(SparkSession spark, Request request) {
    String format = inputFormat(spark, request.input(), request.inputFormat());
    Dataset<Row> raw = read(spark, request.input(), format);
    StructType schema = raw.schema();
    StructField truth = field(schema, request.truth(), "--truth", request.input());
    StructField pred = field(schema, request.pred(), "--pred", request.input());
    boolean numericPred = pred.dataType() instanceof NumericType;
    Column noise;
    if (numericPred) {
      double noiseValue;
      try {
        noiseValue = Double.parseDouble(request.noise().trim());
      } catch (NumberFormatException e) {
        throw new UsageException("evaluate: --noise '" + request.noise() + "' is not a number, but --pred '"
            + pred.name() + "' is a " + pred.dataType().simpleString() + " column");
      }
      noise = quoted(pred.name()).cast(DataTypes.DoubleType).equalTo(lit(noiseValue));
    } else {
      noise = quoted(pred.name()).cast(DataTypes.StringType).equalTo(lit(request.noise()));
    }
    Column noiseFlag = when(quoted(pred.name()).isNull(), lit(false)).otherwise(noise);
    List<Row> pairs;
    try {
      pairs = raw.groupBy(quoted(truth.name()).cast(DataTypes.StringType).as("truth"),
              quoted(pred.name()).cast(DataTypes.StringType).as("pred"), noiseFlag.as("noise"))
          .count().limit(MAX_PAIRS + 1).collectAsList();
    } catch (RuntimeException e) {
      throw new UsageException("evaluate: cannot read --input '" + request.input() + "' as " + format + ": "
          + firstLine(e.getMessage()));
    }
    if (pairs.size() > MAX_PAIRS) {
      throw new UsageException("evaluate: --truth '" + truth.name() + "' and --pred '" + pred.name() + "' of "
          + request.input() + " form more than " + MAX_PAIRS + " distinct pairs; is one of them an id column?");
    }

    long rows = 0, unlabelled = 0, noiseRows = 0, missingPred = 0;
    TreeSet<String> predValues = new TreeSet<>();
    for (Row pair : pairs) {
      long count = pair.getLong(3);
      rows += count;
      if (pair.isNullAt(1)) {
        missingPred += count;
        continue;
      }
      if (pair.isNullAt(0)) unlabelled += count;
      if (pair.getBoolean(2)) noiseRows += count;
      else predValues.add(pair.getString(1));
    }
    if (rows == 0) throw new UsageException("evaluate: --input '" + request.input() + "' has no rows");
    if (missingPred > 0) {
      throw new UsageException("evaluate: --pred '" + pred.name() + "' is empty in " + missingPred + " of " + rows
          + " rows of " + request.input() + "; every row needs a prediction (mark noise with --noise, default -1)");
    }
    if (unlabelled == rows) {
      throw new UsageException("evaluate: --truth '" + truth.name() + "' is empty in all " + rows + " rows of "
          + request.input() + "; nothing to score against");
    }
    // Prediction values become cluster ids 0..k-1 in sorted order, noise -1; the metrics do not depend on the order.
    Map<String, Integer> clusterIds = new HashMap<>();
    for (String value : predValues) clusterIds.put(value, clusterIds.size());
    ContingencyTable.Builder table = ContingencyTable.builder();
    List<MetricReport.LabelPairCount> labelPairs = new ArrayList<>();
    for (Row pair : pairs) {
      if (pair.isNullAt(0)) continue;
      int cluster = pair.getBoolean(2) ? NoiseTreatment.NOISE : clusterIds.get(pair.getString(1));
      table.add(pair.getString(0), cluster, pair.getLong(3));
      labelPairs.add(new MetricReport.LabelPairCount(pair.getString(0), pair.getString(1), pair.getLong(3)));
    }

    MetricReport.PointSample sample = request.features() == null ? null
        : sample(raw, request, pred, noiseFlag, clusterIds, rows);
    List<MetricValue> metrics = new ArrayList<>(MetricReport.compute(table.build(),
        new MetricReport.Population(rows, noiseRows, clusterIds.size()), sample, request.options()));
    boolean bothText = truth.dataType() instanceof StringType && pred.dataType() instanceof StringType;
    if (request.kappa() || bothText) metrics.add(MetricReport.cohenKappa(labelPairs, request.options()));
    return new Scored(format, rows, unlabelled, noiseRows, metrics);
  }

  /** A seeded sample of at most {@code --sample} rows' feature vectors with their cluster ids. */
  private static MetricReport.PointSample sample(Dataset<Row> raw, Request request, StructField pred,
      Column noiseFlag, Map<String, Integer> clusterIds, long rows) {
    StructField features = field(raw.schema(), request.features(), "--features", request.input());
    DataType type = features.dataType();
    Column values;
    if (type instanceof VectorUDT) {
      values = org.apache.spark.ml.functions.vector_to_array(quoted(features.name()), "float64");
    } else if (type instanceof ArrayType array && array.elementType() instanceof NumericType) {
      values = quoted(features.name()).cast(DataTypes.createArrayType(DataTypes.DoubleType));
    } else {
      throw new UsageException("evaluate: --features '" + features.name() + "' is of type " + type.simpleString()
          + ", not a vector (MLlib vector or array of numbers)");
    }
    Dataset<Row> points = raw.select(values.as("values"), quoted(pred.name()).cast(DataTypes.StringType).as("pred"),
        noiseFlag.as("noise"));
    String description;
    if (rows <= request.sample()) {
      description = "all " + rows + " rows";
    } else {
      double fraction = Math.min(1.0, 1.2 * request.sample() / (double) rows);
      // Ordering the sample by a hash of its content keeps the kept rows independent of the partitioning.
      points = points.sample(false, fraction, request.options().seed())
          .orderBy(org.apache.spark.sql.functions.xxhash64(col("values"), col("pred")))
          .limit(request.sample());
      description = null;
    }
    List<Row> collected = points.collectAsList();
    if (description == null) {
      description = String.format(Locale.ROOT, "sampled %d of %d rows, seed=%d", collected.size(), rows,
          request.options().seed());
    }
    double[][] x = new double[collected.size()][];
    int[] clusters = new int[collected.size()];
    for (int i = 0; i < x.length; i++) {
      Row row = collected.get(i);
      if (row.isNullAt(0)) {
        throw new UsageException("evaluate: --features '" + features.name() + "' is empty in a row of "
            + request.input() + " (pred " + row.getString(1) + ")");
      }
      List<Object> list = row.getList(0);
      x[i] = new double[list.size()];
      for (int t = 0; t < x[i].length; t++) {
        Object v = list.get(t);
        if (!(v instanceof Double d) || !Double.isFinite(d)) {
          throw new UsageException("evaluate: --features '" + features.name() + "' has a missing, NaN or infinite "
              + "value (element " + t + ") in a row of " + request.input());
        }
        x[i][t] = d;
      }
      if (x[i].length == 0 || x[i].length != x[0].length) {
        throw new UsageException("evaluate: --features '" + features.name() + "' has vectors of different length ("
            + x[0].length + " and " + x[i].length + ") in " + request.input());
      }
      clusters[i] = row.getBoolean(2) ? NoiseTreatment.NOISE : clusterIds.get(row.getString(1));
    }
    return new MetricReport.PointSample(x, clusters, description);
  }

  static String table(Request request, Scored scored) {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "evaluate: %s (%s): %d rows, %d labelled; truth '%s', pred '%s' "
            + "(noise: %s, %d rows)%n", request.input(), scored.inputFormat(), scored.rows(),
        scored.rows() - scored.unlabelled(), request.truth(), request.pred(), request.noise(), scored.noise()));
    String level = percent(request.options().confidence());
    List<List<String>> rows = new ArrayList<>();
    for (MetricValue metric : scored.metrics()) {
      BootstrapInterval ci = metric.interval();
      rows.add(List.of(metric.name(), value(metric),
          ci == null ? "" : "[" + number(ci.percentileLow()) + ", " + number(ci.percentileHigh()) + "]",
          ci == null ? "" : "[" + number(ci.bcaLow()) + ", " + number(ci.bcaHigh()) + "]",
          ci == null ? "" : number(ci.standardError()),
          ci == null ? "" : number(ci.bias()),
          metric.detail() == null ? "" : metric.detail()));
    }
    text.append(TextTable.render(List.of("metric", "value", level + " percentile", level + " BCa", "std error",
        "bias", "detail"), rows));
    if (request.options().resamples() > 0) {
      text.append(String.format(Locale.ROOT, "intervals: %d bootstrap resamples (%d for point metrics), seed %d; "
          + "where |bias| > std error the intervals are off-centre (see the detail)%n", request.options().resamples(),
          request.options().geometricResamples(), request.options().seed()));
    }
    return text.toString();
  }

  static String json(Request request, Scored scored) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("input", request.input());
    root.put("input_format", scored.inputFormat());
    root.put("truth", request.truth());
    root.put("pred", request.pred());
    root.put("noise", request.noise());
    root.put("rows", scored.rows());
    root.put("labelled", scored.rows() - scored.unlabelled());
    root.put("unlabelled", scored.unlabelled());
    root.put("noise_rows", scored.noise());
    root.put("resamples", request.options().resamples());
    root.put("geometric_resamples", request.options().geometricResamples());
    root.put("confidence", request.options().confidence());
    root.put("seed", request.options().seed());
    Map<String, Object> metrics = new LinkedHashMap<>();
    for (MetricValue metric : scored.metrics()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("value", finite(metric.value()));
      BootstrapInterval ci = metric.interval();
      entry.put("ci_low", ci == null ? null : finite(ci.percentileLow()));
      entry.put("ci_high", ci == null ? null : finite(ci.percentileHigh()));
      entry.put("bca_low", ci == null ? null : finite(ci.bcaLow()));
      entry.put("bca_high", ci == null ? null : finite(ci.bcaHigh()));
      entry.put("std_error", ci == null ? null : finite(ci.standardError()));
      entry.put("bias", ci == null ? null : finite(ci.bias()));
      entry.put("resamples", ci == null ? null : ci.resamples());
      entry.put("detail", metric.detail());
      metrics.put(metric.name(), entry);
    }
    root.put("metrics", metrics);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
          + System.lineSeparator();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("evaluate: cannot write JSON: " + e.getMessage(), e);
    }
  }

  /** JSON has no NaN: undefined values are null, and the detail says why. */
  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static String value(MetricValue metric) {
    if (COUNTS.contains(metric.name()) && metric.value() == Math.rint(metric.value())) {
      return Long.toString((long) metric.value());
    }
    return number(metric.value());
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "NaN" : String.format(Locale.ROOT, "%.4f", value);
  }

  private static String percent(double confidence) {
    String text = String.format(Locale.ROOT, "%.1f", 100 * confidence);
    return (text.endsWith(".0") ? text.substring(0, text.length() - 2) : text) + "%";
  }

  /** parquet or csv: the flag, else the name's extension, else the files in the folder. */
  static String inputFormat(SparkSession spark, String path, String flag) {
    if (flag != null && !flag.equals("parquet") && !flag.equals("csv")) {
      throw new UsageException("evaluate: --input-format '" + flag + "' is not one of parquet, csv");
    }
    Path hadoopPath = new Path(path);
    try {
      FileSystem fs = hadoopPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(hadoopPath)) throw new UsageException("evaluate: --input '" + path + "' does not exist");
      if (flag != null) return flag;
      String fromName = formatOfName(hadoopPath.getName());
      if (fromName != null) return fromName;
      if (fs.getFileStatus(hadoopPath).isDirectory()) {
        for (FileStatus file : fs.listStatus(hadoopPath)) {
          String name = file.getPath().getName();
          if (!name.startsWith(".") && !name.startsWith("_") && formatOfName(name) != null) {
            return formatOfName(name);
          }
        }
      }
      throw new UsageException("evaluate: cannot tell whether --input '" + path
          + "' is Parquet or CSV from its name; pass --input-format parquet|csv");
    } catch (IOException e) {
      throw new UsageException("evaluate: cannot read --input '" + path + "': " + e.getMessage());
    }
  }

  private static String formatOfName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".parquet")) return "parquet";
    if (lower.endsWith(".csv") || lower.endsWith(".csv.gz") || lower.endsWith(".csv.bz2")) return "csv";
    return null;
  }

  private static Dataset<Row> read(SparkSession spark, String path, String format) {
    try {
      Dataset<Row> raw = format.equals("parquet") ? spark.read().parquet(path)
          : spark.read().option("header", true).option("inferSchema", true).csv(path);
      raw.schema();
      return raw;
    } catch (Exception e) {
      // Spark reports a corrupt or foreign file with checked exceptions through Scala code, so catch them all.
      throw new UsageException("evaluate: cannot read --input '" + path + "' as " + format + ": "
          + firstLine(e.getMessage()));
    }
  }

  /** The column of that name (exact, else ignoring case, as Spark resolves names), or an error naming the flag. */
  private static StructField field(StructType schema, String name, String flag, String path) {
    StructField caseless = null;
    for (StructField field : schema.fields()) {
      if (field.name().equals(name)) return field;
      if (caseless == null && field.name().equalsIgnoreCase(name)) caseless = field;
    }
    if (caseless != null) return caseless;
    throw new UsageException("evaluate: " + flag + " '" + name + "' is not a column of " + path + " (columns: "
        + String.join(", ", schema.fieldNames()) + ")");
  }

  private static Column quoted(String name) {
    return col("`" + name.replace("`", "``") + "`");
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

  private static String firstLine(String text) {
    if (text == null) return "";
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
