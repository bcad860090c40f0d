package io.labelatlas.ingest;

import io.labelatlas.config.ConfigException;
import io.labelatlas.config.JobConfig.InputConfig;
import io.labelatlas.runtime.HadoopFiles;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Lists the images, labels and boxes of a job's input as {@link ImageRefs} rows, through the {@link InputSource} of
 * its {@code input.kind}. The driver sees only file names through Spark's own file index.
 */
public final class ImageSources {
  /** DeepPCB's defect type ids, as in its README. */
  public static final Map<Integer, String> DEEPPCB_TYPES = DeepPcbSource.TYPES;

  /** Every {@code input.kind} and its source; {@code synthetic} is a generated manifest. */
  static final Map<String, InputSource> SOURCES = Map.of(
      "folders", new FolderSource(),
      "manifest", new ManifestSource(),
      "synthetic", new ManifestSource(),
      "voc", new VocSource(),
      "deeppcb", new DeepPcbSource());

  private ImageSources() {}

  public static Dataset<Row> list(SparkSession spark, InputConfig input) {
    InputSource source = SOURCES.get(input.kind());
    if (source == null) throw new ConfigException("'input.kind' = '" + input.kind() + "' has no source");
    Dataset<Row> refs = source.list(spark, input, new HadoopFiles(spark.sparkContext().hadoopConfiguration()));
    if (input.limit() > 0) {
      // Sorted first so that a limit picks the same images on every run.
      refs = refs.orderBy("source_path", "box_x1", "box_y1", "box_x2", "box_y2", "variant").limit(input.limit());
    }
    return refs;
  }

  public static String manifestPath(InputConfig input) {
    return input.kind().equals("synthetic") ? input.path() + "/manifest.csv" : input.path();
  }
}
