package io.labelatlas.store;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** Registers the Delta tables under a root as temporary views named after their folders, for Spark SQL. */
public final class TableCatalog {
  private TableCatalog() {}

  public static List<String> registerAll(SparkSession spark, String root) {
    List<String> names = new ArrayList<>();
    try {
      Path rootPath = new Path(root);
      FileSystem fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(rootPath)) throw new IllegalArgumentException("tables root " + root + " does not exist");
      for (FileStatus child : fs.listStatus(rootPath)) {
        if (!child.isDirectory()) continue;
        String path = child.getPath().toString();
        if (!DeltaTable.isDeltaTable(spark, path)) continue;
        String name = child.getPath().getName();
        spark.read().format("delta").load(path).createOrReplaceTempView(name);
        names.add(name);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list tables under " + root + ": " + e.getMessage(), e);
    }
    return names;
  }
}
