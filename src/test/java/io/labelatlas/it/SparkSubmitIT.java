package io.labelatlas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin jar as a cluster user submits it: Spark's own SparkSubmit main class, --master local[2], our main class,
 * Spark's jars on the classpath (as a Spark installation provides) and nothing of ours but the thin jar.
 */
class SparkSubmitIT {

  @Test
  void thinJarRunsTheDemoUnderSparkSubmit(@TempDir Path dir) throws Exception {
    Path jar = Path.of(System.getProperty("labelatlas.thinJar"));
    assertTrue(Files.isRegularFile(jar), "thin jar not built: " + jar);
    String sparkClasspath = Files.readString(Path.of(System.getProperty("labelatlas.sparkClasspath"))).trim()
        + File.pathSeparator + Files.readString(Path.of(System.getProperty("labelatlas.sparkSharedClasspath"))).trim();
    assertFalse(sparkClasspath.contains("labelatlas"), "Spark's classpath must not hold our classes");

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx2g");
    command.addAll(Arrays.asList(Files.readString(Path.of("conf/jvm-options")).trim().split("\\s+")));
    command.add("-Dlog4j2.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath());
    command.addAll(List.of("-cp", sparkClasspath, "org.apache.spark.deploy.SparkSubmit",
        "--master", "local[2]",
        "--conf", "spark.driver.bindAddress=127.0.0.1", "--conf", "spark.driver.host=127.0.0.1",
        "--class", "io.labelatlas.cli.LabelAtlas", jar.toString(),
        "demo", "--out", dir.toString(), "--images-per-class", "4"));
    Path log = dir.resolve("submit.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = process.waitFor(8, TimeUnit.MINUTES);
    if (!finished) process.destroyForcibly();
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(finished, "spark-submit did not finish in 8 minutes:\n" + output);
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("on local[2]"), "the master given to spark-submit must win:\n" + output);
    assertTrue(output.contains("purity"), output);
    for (String table : List.of("runs", "crops", "labels", "embeddings", "assignments", "metrics", "errors")) {
      assertTrue(new File(dir.resolve("tables").resolve(table).toFile(), "_delta_log").isDirectory(), table);
    }
  }
}
