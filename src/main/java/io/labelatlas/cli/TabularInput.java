package io.labelatlas.cli;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A user's input table, Parquet or CSV, for the commands that read one ({@code cluster}, {@code evaluate}): the one
 * place that tells the format (the {@code --input-format} flag, else the name's extension, else the files in the
 * folder), reads the table and finds its columns by name. To add an input format, add it here.
 */
final class TabularInput {
  static final String PARQUET = "parquet";
  static final String CSV = "csv";

  /** The table as Spark reads it, and the format it was read as. */
  record Read(Dataset<Row> rows, String format) {}

  private TabularInput() {}

  /** Checks an {@code --input-format} value before any Spark work; null (not given) passes. */
  static String checkFormatFlag(String command, String flag) {
    if (flag != null && !flag.equals(PARQUET) && !flag.equals(CSV)) {
      throw new UsageException(command + ": --input-format '" + flag + "' is not one of parquet, csv");
    }
    return flag;
  }

  /** Reads the table; a missing, unreadable or foreign file is a {@link UsageException} naming it. */
  static Read read(SparkSession spark, String command, String path, String formatFlag) {
    String format = format(spark, command, path, formatFlag);
    try {
      Dataset<Row> rows = format.equals(PARQUET) ? spark.read().parquet(path)
          : spark.read().option("header", true).option("inferSchema", true).csv(path);
      rows.schema();
      return new Read(rows, format);
    } catch (Exception e) {
      // Spark reports a corrupt or foreign file with checked exceptions through Scala code, so catch them all.
      throw new UsageException(command + ": cannot read --input '" + path + "' as " + format + ": "
          + FailureReport.firstLine(e.getMessage()), "pass --input-format parquet|csv if the format is wrong", e);
    }
  }

  /** parquet or csv: the flag, else the name's extension, else the files in the folder (Parquet first). */
  static String format(SparkSession spark, String command, String path, String flag) {
    checkFormatFlag(command, flag);
    Path hadoopPath = new Path(path);
    try {
      FileSystem fs = hadoopPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(hadoopPath)) throw new UsageException(command + ": --input '" + path + "' does not exist");
      if (flag != null) return flag;
      String fromName = formatOfName(hadoopPath.getName());
      if (fromName != null) return fromName;
      if (fs.getFileStatus(hadoopPath).isDirectory()) {
        boolean csv = false;
        for (FileStatus file : fs.listStatus(hadoopPath)) {
          String name = file.getPath().getName();
          if (name.startsWith(".") || name.startsWith("_")) continue;
          String format = formatOfName(name);
          if (PARQUET.equals(format)) return PARQUET;
          csv |= CSV.equals(format);
        }
        if (csv) return CSV;
      }
      throw new UsageException(command + ": cannot tell whether --input '" + path
          + "' is Parquet or CSV from its name; pass --input-format parquet|csv");
    } catch (IOException e) {
      throw new UsageException(command + ": cannot read --input '" + path + "': " + e.getMessage(), null, e);
    }
  }

  static String formatOfName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".parquet")) return PARQUET;
    if (lower.endsWith(".csv") || lower.endsWith(".csv.gz") || lower.endsWith(".csv.bz2")) return CSV;
    return null;
  }

  /** The column of that name (exact, else ignoring case, as Spark resolves names), or an error naming the flag. */
  static StructField column(StructType schema, String name, String command, String flag, String path) {
    StructField field = find(schema, name);
    if (field == null) {
      throw new UsageException(command + ": " + flag + " '" + name + "' is not a column of " + path + " (columns: "
          + String.join(", ", schema.fieldNames()) + ")");
    }
    return field;
  }

  /** The column of that name, exact else ignoring case; null if there is none. */
  static StructField find(StructType schema, String name) {
    StructField caseless = null;
    for (StructField field : schema.fields()) {
      if (field.name().equals(name)) return field;
      if (caseless == null && field.name().equalsIgnoreCase(name)) caseless = field;
    }
    return caseless;
  }

  /** A column reference that takes any name literally (dots, spaces, backticks). */
  static Column quoted(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }
}
