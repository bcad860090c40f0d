package io.labelatlas.cli;

import static io.labelatlas.cli.TabularInput.quoted;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.labelatlas.evaluate.BootstrapProgress;
import io.labelatlas.evaluate.ContingencyTable;
import io.labelatlas.evaluate.MetricReport;
import io.labelatlas.evaluate.MetricReport.MetricValue;
import io.labelatlas.evaluate.NoiseTreatment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
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
 * The Spark work of {@code evaluate}, and its result: a labelling in a user's table scored against a truth column with
 * the metrics of a job ({@link MetricReport}). Spark counts the (truth, pred) pairs; only those counts and the bounded
 * sample of {@code --features} reach the driver.
 */
record LabellingScore(String inputFormat, long rows, long unlabelled, long noise, List<MetricValue> metrics) {
  /** More distinct (truth, pred) pairs than this is not a labelling but an id or a measurement column. */
  static final int MAX_PAIRS = 1_000_000;

  static LabellingScore compute(SparkSession spark, EvaluateOptions request) {
    TabularInput.Read input = TabularInput.read(spark, "evaluate", request.input(), request.inputFormat());
    String format = input.format();
    Dataset<Row> raw = input.rows();
    StructType schema = raw.schema();
    StructField truth = column(schema, request.truth(), "--truth", request.input());
    StructField pred = column(schema, request.pred(), "--pred", request.input());
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
          + FailureReport.firstLine(e.getMessage()), null, e);
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
    // Standard error, so that --format json keeps standard output to the JSON alone.
    BootstrapProgress progress = BootstrapProgress.printing(System.err, "evaluate", 5000);
    List<MetricValue> metrics = new ArrayList<>(MetricReport.compute(table.build(),
        new MetricReport.Population(rows, noiseRows, clusterIds.size()), sample, request.options(), progress));
    boolean bothText = truth.dataType() instanceof StringType && pred.dataType() instanceof StringType;
    if (request.kappa() || bothText) metrics.add(MetricReport.cohenKappa(labelPairs, request.options(), progress));
    return new LabellingScore(format, rows, unlabelled, noiseRows, metrics);
  }

  /** A seeded sample of at most {@code --sample} rows' feature vectors with their cluster ids. */
  private static MetricReport.PointSample sample(Dataset<Row> raw, EvaluateOptions request, StructField pred,
      Column noiseFlag, Map<String, Integer> clusterIds, long rows) {
    StructField features = column(raw.schema(), request.features(), "--features", request.input());
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

  private static StructField column(StructType schema, String name, String flag, String path) {
    return TabularInput.column(schema, name, "evaluate", flag, path);
  }
}
