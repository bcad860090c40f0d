package io.labelatlas.ingest;

import io.labelatlas.config.JobConfig.InputConfig;
import io.labelatlas.runtime.HadoopFiles;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code input.kind: folders}: one folder per class, ROOT/&lt;label&gt;/.../image; a file outside a class folder is an
 * error row.
 */
final class FolderSource implements InputSource {
  @Override
  public Dataset<Row> list(SparkSession spark, InputConfig input, HadoopFiles files) {
    String root = input.path();
    String qualifiedRoot = SourcePaths.qualified(spark, root);
    Dataset<Row> paths = spark.read().format("binaryFile").option("recursiveFileLookup", "true")
        .load(qualifiedRoot).select("path");
    return paths.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
      String prefix = qualifiedRoot.endsWith("/") ? qualifiedRoot : qualifiedRoot + "/";
      List<Row> out = new ArrayList<>();
      while (rows.hasNext()) {
        String path = rows.next().getString(0);
        String relative = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
        int slash = relative.indexOf('/');
        if (slash <= 0) {
          out.add(ImageRefs.problem(path, qualifiedRoot, "ingest", "image", "file is not inside a class folder of " + root));
        } else {
          out.add(ImageRefs.whole(path, relative.substring(0, slash), qualifiedRoot));
        }
      }
      return out.iterator();
    }, Encoders.row(ImageRefs.SCHEMA));
  }

}
