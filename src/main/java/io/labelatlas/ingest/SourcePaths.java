package io.labelatlas.ingest;

import io.labelatlas.config.ConfigException;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** Input paths as the sources need them: qualified through Hadoop (local or {@code s3a://}), checked to exist. */
final class SourcePaths {
  private SourcePaths() {}

  static String qualified(SparkSession spark, String path) {
    try {
      Path hadoopPath = new Path(path);
      FileSystem fs = hadoopPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(hadoopPath)) throw new ConfigException("'input.path' " + path + " does not exist");
      return fs.makeQualified(hadoopPath).toString();
    } catch (IOException e) {
      throw new ConfigException("'input.path' " + path + " cannot be read: " + e.getMessage(), e);
    }
  }

  static boolean isAbsolute(String path) {
    return path.startsWith("/") || path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
  }
}
