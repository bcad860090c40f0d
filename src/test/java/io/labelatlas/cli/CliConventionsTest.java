package io.labelatlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.store.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One convention across the commands: {@code --input-format} for what is read, {@code --format} for what is printed,
 * one default Spark master, and job files that leave the master to the profile or to spark-submit. No Spark needed.
 */
class CliConventionsTest {
  private static final String DEFAULT_MASTER = "local[*]";

  private static List<Path> shippedJobs() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("jobs"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @Test
  void shippedJobsTakeTheirMasterFromTheProfile() throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<Path> jobs = shippedJobs();
    assertTrue(jobs.size() >= 3, jobs.toString());
    for (Path job : jobs) {
      JsonNode tree = yaml.readTree(job.toFile());
      assertTrue(tree.path("spark").path("master").isMissingNode(), job + " sets its own spark.master");
      if (tree.has("base")) continue; // a comparison grid, not a job
      assertEquals(DEFAULT_MASTER, JobConfigLoader.load(job, null, List.of()).config().spark().master(),
          job + " without a profile runs on all local cores");
      String local = JobConfigLoader.load(job, Path.of("conf/local.yaml"), List.of()).config().spark().master();
      assertTrue(local.startsWith("local"), job + " with conf/local.yaml: " + local);
      assertEquals(DEFAULT_MASTER, JobConfigLoader.load(job, Path.of("conf/cluster.yaml"), List.of()).config().spark()
          .master(), "conf/cluster.yaml leaves the master to spark-submit (local[*] without it)");
    }
    for (String profile : List.of("cluster", "standalone", "yarn", "kubernetes", "gpu")) {
      JsonNode cluster = yaml.readTree(Path.of("conf", profile + ".yaml").toFile());
      assertTrue(cluster.path("spark").path("master").isMissingNode(),
          "conf/" + profile + ".yaml must not set a master");
    }
  }

  @Test
  void everyCommandWithAMasterHasTheSameDefault() {
    for (String command : new String[] {"sql", "cluster", "evaluate", "inject-noise", "decide", "propagate"}) {
      String help = LabelAtlasCliTest.run(command, "--help").out();
      Matcher master = Pattern.compile("--master URL\\s+Spark master, default (\\S+)").matcher(help);
      assertTrue(master.find(), command + " --help documents --master:\n" + help);
      assertEquals(DEFAULT_MASTER, master.group(1), command);
    }
  }

  @Test
  void formatIsTheOutputFormatAndInputFormatTheInputFormatEverywhere() {
    for (String command : new String[] {"sql", "cluster", "evaluate"}) {
      String help = LabelAtlasCliTest.run(command, "--help").out();
      Matcher format = Pattern.compile("--format (\\S+)").matcher(help);
      assertTrue(format.find(), command + " has --format:\n" + help);
      assertTrue(format.group(1).startsWith("table"), command + " --format is an output format: " + format.group(1));
      assertFalse(help.contains("--format parquet"), command + ":\n" + help);
    }
    for (String command : new String[] {"cluster", "evaluate"}) {
      assertTrue(LabelAtlasCliTest.run(command, "--help").out().contains("--input-format parquet|csv"), command);
    }
    LabelAtlasCliTest.Result badInput = LabelAtlasCliTest.run("cluster", "--input", "x.bin", "--input-format", "xml",
        "--algorithm", "kmeans", "--output", "out");
    assertEquals(2, badInput.code());
    assertTrue(badInput.err().contains("--input-format 'xml' is not one of parquet, csv"), badInput.err());
    LabelAtlasCliTest.Result badOutput = LabelAtlasCliTest.run("cluster", "--input", "x.csv", "--format", "xml",
        "--algorithm", "kmeans", "--output", "out");
    assertEquals(2, badOutput.code());
    assertTrue(badOutput.err().contains("--format 'xml' is not one of table, json"), badOutput.err());
  }

  @Test
  void sqlHelpListsEveryTable() {
    String help = LabelAtlasCliTest.run("sql", "--help").out();
    for (Table table : Table.values()) {
      assertTrue(Pattern.compile("\\b" + table.tableName() + "\\b").matcher(help).find(),
          table.tableName() + " missing from:\n" + help);
    }
  }
}
