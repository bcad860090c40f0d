package io.labelatlas.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The outputs of {@code cluster}: DIR/assignments.parquet (a Spark Parquet folder) and DIR/assignments.csv (one file). */
final class AssignmentFiles {
  private final Path dir;
  private final FileSystem fs;

  AssignmentFiles(SparkSession spark, String dir) {
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

  /** Fails before any work when the outputs exist (and may not be replaced) or the folder is a file. */
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

  /** Writes both files; the CSV without a collect. */
  void write(Dataset<Row> assigned, List<String> columns, DataType idType, boolean overwrite) {
    Dataset<Row> rows = assigned.select(columns.stream().map(functions::col).toArray(Column[]::new));
    rows.write().mode(overwrite ? "overwrite" : "errorifexists").parquet(parquet().toString());

    // The CSV is for people: sorted by id. It holds no nested values, so such ids (and labels) go out as text.
    List<Column> flat = new ArrayList<>();
    for (StructField field : rows.schema().fields()) {
      Column column = functions.col(field.name());
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
