package io.labelatlas.ingest;

import io.labelatlas.config.ConfigException;
import io.labelatlas.config.JobConfig.InputConfig;
import io.labelatlas.runtime.HadoopFiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code input.kind: manifest} (and the generated {@code synthetic} set): a CSV with header or a Parquet file with a
 * {@code path} column, an optional {@code label} and an optional box {@code x1,y1,x2,y2}; relative paths are relative
 * to the manifest. A bad row is an error row naming the row.
 */
final class ManifestSource implements InputSource {
  @Override
  public Dataset<Row> list(SparkSession spark, InputConfig input, HadoopFiles files) {
    String manifest = ImageSources.manifestPath(input);
    String qualifiedManifest = SourcePaths.qualified(spark, manifest);
    Dataset<Row> table = manifest.endsWith(".parquet") || manifest.endsWith(".parq")
        ? spark.read().parquet(qualifiedManifest)
        : spark.read().option("header", "true").option("mode", "PERMISSIVE").csv(qualifiedManifest);
    List<String> columns = Arrays.asList(table.columns());
    if (!columns.contains("path")) {
      throw new ConfigException("manifest " + manifest + " has no 'path' column (columns: " + columns + ")");
    }
    List<String> box = List.of("x1", "y1", "x2", "y2");
    long boxColumns = box.stream().filter(columns::contains).count();
    if (boxColumns != 0 && boxColumns != 4) {
      throw new ConfigException("manifest " + manifest + " must have all of x1,y1,x2,y2 or none of them");
    }
    boolean hasBox = boxColumns == 4;
    boolean hasLabel = columns.contains("label");
    String base = qualifiedManifest.substring(0, qualifiedManifest.lastIndexOf('/') + 1);
    Dataset<Row> selected = table.select(
        functions.col("path").cast("string"),
        hasLabel ? functions.col("label").cast("string") : functions.lit(null).cast("string"),
        hasBox ? functions.col("x1").cast("string") : functions.lit(null).cast("string"),
        hasBox ? functions.col("y1").cast("string") : functions.lit(null).cast("string"),
        hasBox ? functions.col("x2").cast("string") : functions.lit(null).cast("string"),
        hasBox ? functions.col("y2").cast("string") : functions.lit(null).cast("string"));
    return selected.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
      List<Row> out = new ArrayList<>();
      while (rows.hasNext()) {
        Row row = rows.next();
        String raw = row.getString(0);
        if (raw == null || raw.isBlank()) {
          out.add(ImageRefs.problem(qualifiedManifest, qualifiedManifest, "ingest", "row " + rowText(row),
              "manifest row with empty path"));
          continue;
        }
        String path = SourcePaths.isAbsolute(raw) ? raw : base + raw;
        String label = row.isNullAt(1) || row.getString(1).isBlank() ? null : row.getString(1).trim();
        if (row.isNullAt(2) && row.isNullAt(3) && row.isNullAt(4) && row.isNullAt(5)) {
          out.add(ImageRefs.whole(path, label, qualifiedManifest));
          continue;
        }
        try {
          Box parsed = new Box(parseInt(row, 2, "x1"), parseInt(row, 3, "y1"), parseInt(row, 4, "x2"),
              parseInt(row, 5, "y2"));
          out.add(ImageRefs.boxed(path, label, parsed, ImageRefs.DEFECT, qualifiedManifest));
        } catch (IllegalArgumentException e) {
          out.add(ImageRefs.problem(path, qualifiedManifest, "ingest", "row " + rowText(row), "manifest box: " + e.getMessage()));
        }
      }
      return out.iterator();
    }, Encoders.row(ImageRefs.SCHEMA));
  }

  private static String rowText(Row row) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < row.length(); i++) text.append(i == 0 ? "" : ",").append(row.isNullAt(i) ? "" : row.getString(i));
    return text.toString();
  }

  private static int parseInt(Row row, int index, String name) {
    String text = row.isNullAt(index) ? null : row.getString(index).trim();
    if (text == null || text.isEmpty()) throw new IllegalArgumentException(name + " is empty");
    try {
      double value = Double.parseDouble(text);
      if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) throw new NumberFormatException();
      return (int) value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " = '" + text + "' is not a whole pixel coordinate");
    }
  }

}
