package io.labelatlas.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.ingest.synthetic.SyntheticDefectSet;
import io.labelatlas.testing.LocalS3;
import io.labelatlas.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images, manifest and Delta tables all on s3a://, against an S3-compatible store on loopback, and no secret leaks.
 * The job runs as a user runs it, `labelatlas run` in its own JVM, and gets the S3 secret only from its job file's
 * {@code spark.conf} ({@code spark.hadoop.fs.s3a.*}): if the job did not apply it, S3Proxy would refuse every request
 * and the run would fail. Its console and log4j output (at INFO) and every cell of every table it wrote must not hold
 * the secret.
 */
@Tag("slow")
class S3EndToEndTest {

  private static void upload(FileSystem fs, Path file, String target) throws Exception {
    try (var out = fs.create(new org.apache.hadoop.fs.Path(target), true)) {
      out.write(Files.readAllBytes(file));
    }
  }

  @Test
  void jobReadsImagesFromS3aAndWritesDeltaTablesThere(@TempDir Path dir) throws Exception {
    SparkSession spark = SharedSpark.session();
    try (LocalS3 s3 = LocalS3.start(dir, "factory")) {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      s3.configure(conf);

      Path local = dir.resolve("local");
      SyntheticDefectSet.Summary summary = SyntheticDefectSet.generate(local, 3, 0.1, 5);
      String prefix = local.toAbsolutePath() + "/";
      List<String> manifest = Files.readAllLines(local.resolve("manifest.csv")).stream()
          .map(line -> line.replace(prefix, "")).collect(Collectors.toList());
      Files.write(local.resolve("manifest-relative.csv"), manifest);
      FileSystem fs = new org.apache.hadoop.fs.Path("s3a://factory/").getFileSystem(conf);
      try (var images = Files.list(local.resolve("images"))) {
        for (Path image : images.toList()) upload(fs, image, "s3a://factory/line-7/images/" + image.getFileName());
      }
      upload(fs, local.resolve("manifest-relative.csv"), "s3a://factory/line-7/manifest.csv");

      String output = runJob(dir, s3);
      assertFalse(output.contains(LocalS3.SECRET_KEY), "secret in console or log output:\n" + output);

      DeltaStore store = new DeltaStore(spark, "s3a://factory/labelatlas");
      assertEquals((long) summary.boxes(), store.read(Table.CROPS).count());
      assertEquals((long) summary.badInputs(), store.read(Table.ERRORS).count());
      assertTrue(store.read(Table.CROPS).first().<String>getAs("source_path").startsWith("s3a://factory/line-7/images/"));
      List<String> views = TableCatalog.registerAll(spark, "s3a://factory/labelatlas");
      assertTrue(views.containsAll(List.of("runs", "crops", "embeddings", "assignments", "metrics", "errors")),
          views.toString());
      assertEquals(1L, spark.sql("SELECT count(*) FROM runs WHERE status = 'succeeded'").first().getLong(0));
      String config = store.read(Table.RUNS).first().getAs("config_json");
      assertTrue(config.contains("<redacted>"), config);

      // Only the tables, and nothing left of the run's checkpoints. S3Proxy's file backend keeps emptied folders on
      // its disk and lists them as prefixes, which S3 itself does not, so a listed folder counts if it exists.
      org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path("s3a://factory/labelatlas");
      assertFalse(fs.exists(new org.apache.hadoop.fs.Path(root, "_checkpoints")), "the run's checkpoints are left");
      List<String> folders = new java.util.ArrayList<>();
      for (org.apache.hadoop.fs.FileStatus status : fs.listStatus(root)) {
        if (status.isDirectory() && fs.exists(status.getPath())) folders.add(status.getPath().getName());
      }
      assertTrue(views.containsAll(folders), "not a Delta table: " + folders + " vs " + views);
      for (String view : views) {
        for (Row row : spark.table(view).collectAsList()) {
          for (int i = 0; i < row.size(); i++) {
            assertFalse(text(row.get(i)).contains(LocalS3.SECRET_KEY),
                "secret in table " + view + ", column " + row.schema().fieldNames()[i]);
          }
        }
      }
    }
  }

  /**
   * Runs {@code labelatlas run} in its own JVM with every S3 setting, the secret included, in the job file only;
   * returns its stdout and stderr (log4j at INFO) together after asserting it succeeded.
   */
  private static String runJob(Path dir, LocalS3 s3) throws Exception {
    Configuration s3Settings = new Configuration(false);
    s3.configure(s3Settings);
    StringBuilder sparkConf = new StringBuilder();
    for (Map.Entry<String, String> setting : s3Settings) {
      sparkConf.append("    spark.hadoop.").append(setting.getKey()).append(": '").append(setting.getValue())
          .append("'\n");
    }
    Path job = Files.writeString(dir.resolve("s3-job.yaml"), "name: s3-job\n"
        + "input: {kind: manifest, path: 's3a://factory/line-7/manifest.csv'}\n"
        + "crop: {size: 64}\nreduce: {dimension: 8}\ncluster: {k: 3, algorithms: [kmeans]}\n"
        + "audit: {probe: false}\n"
        + "output: {tables: 's3a://factory/labelatlas'}\n"
        + "spark:\n  master: local[2]\n  partitions: 4\n  conf:\n" + sparkConf);
    Path log4j = Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
        "rootLogger.level = info", "rootLogger.appenderRef.stderr.ref = console", "appender.console.type = Console",
        "appender.console.name = console", "appender.console.target = SYSTEM_ERR",
        "appender.console.layout.type = PatternLayout", "appender.console.layout.pattern = %p %c: %m%n%ex", ""));

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx2g");
    command.addAll(Arrays.asList(Files.readString(Path.of("conf/jvm-options")).trim().split("\\s+")));
    command.add("-Dlog4j2.configurationFile=" + log4j.toAbsolutePath());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.labelatlas.cli.LabelAtlas",
        "run", job.toString()));
    Path log = dir.resolve("job.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = process.waitFor(8, TimeUnit.MINUTES);
    if (!finished) process.destroyForcibly();
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(finished, "the job did not finish in 8 minutes:\n" + output);
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("INFO "), "no log4j output captured:\n" + output);
    return output;
  }

  /** A cell as text; binary as ISO-8859-1 so that secret bytes inside it show. */
  private static String text(Object cell) {
    return cell instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(cell);
  }
}
