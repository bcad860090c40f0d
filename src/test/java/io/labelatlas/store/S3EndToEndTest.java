package io.labelatlas.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.ingest.synthetic.SyntheticDefectSet;
import io.labelatlas.pipeline.LabelAtlasJob;
import io.labelatlas.pipeline.RunReport;
import io.labelatlas.testing.LocalS3;
import io.labelatlas.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images, manifest and Delta tables all on s3a://, against an S3-compatible store on loopback; no secret leaks. */
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

      ByteArrayOutputStream console = new ByteArrayOutputStream();
      JobConfigLoader.Loaded job = JobConfigLoader.fromYaml("name: s3-job\ninput: {kind: manifest, path: x}\n"
          + "crop: {size: 64}\nreduce: {dimension: 8}\ncluster: {k: 3, algorithms: [kmeans]}\n", List.of(
          "input.path=s3a://factory/line-7/manifest.csv", "output.tables=s3a://factory/labelatlas",
          "spark.conf.spark.hadoop.fs.s3a.secret.key=" + LocalS3.SECRET_KEY));
      RunReport report = new LabelAtlasJob(job, new PrintStream(console, true, StandardCharsets.UTF_8)).run(spark);

      assertEquals((long) summary.boxes(), report.counts().get("crops"));
      assertEquals((long) summary.badInputs(), report.counts().get("errors"));
      DeltaStore store = new DeltaStore(spark, "s3a://factory/labelatlas");
      assertEquals(report.counts().get("crops"), store.read(Table.CROPS).count());
      assertTrue(store.read(Table.CROPS).first().<String>getAs("source_path").startsWith("s3a://factory/line-7/images/"));
      List<String> views = TableCatalog.registerAll(spark, "s3a://factory/labelatlas");
      assertTrue(views.containsAll(List.of("runs", "crops", "metrics", "errors")), views.toString());
      assertEquals(1L, spark.sql("SELECT count(*) FROM runs WHERE status = 'succeeded'").first().getLong(0));

      String output = console.toString(StandardCharsets.UTF_8);
      String config = store.read(Table.RUNS).first().getAs("config_json");
      assertFalse(output.contains(LocalS3.SECRET_KEY), "secret in console output");
      assertFalse(config.contains(LocalS3.SECRET_KEY), "secret in runs.config_json");
      assertTrue(config.contains("<redacted>"), config);
    }
  }
}
