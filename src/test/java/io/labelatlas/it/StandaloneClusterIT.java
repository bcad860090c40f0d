package io.labelatlas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The thin jar under Spark's own SparkSubmit, as a cluster user submits it (Spark's jars on the classpath, nothing of
 * ours but the thin jar): on a real Spark standalone cluster (scripts/cluster: a master and two one-core workers, each
 * its own JVM, executors launched by the workers) it writes the same tables as on local[2]; and it still does when one
 * executor JVM is killed mid-job.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneClusterIT {
  private static final Pattern MASTER_URL = Pattern.compile("^spark://127\\.0\\.0\\.1:\\d+$");
  // Partitioned HDBSCAN, the neighbour lists and the suspects checkpoint their data: the paths a lost executor tests.
  // The audit's probe is MLlib's own logistic regression (Spark recomputes its lost partitions) and costs a Spark job
  // per iteration: it runs in-process in AuditStepTest and DemoEndToEndTest, not here.
  private static final List<String> SETTINGS = List.of(
      "cluster.algorithms=[hdbscan]", "cluster.hdbscan.mode=partitioned", "input.images_per_class=12",
      "audit.probe=false");

  private Path work;
  private Path data;
  private Path localTables;

  @BeforeAll
  void startClusterAndRunLocally() throws Exception {
    work = Files.createTempDirectory("labelatlas-cluster-it");
    data = work.resolve("data");
    ScriptRun started = ScriptRun.of(work, "cluster", "start", "--workers", "2").await(3);
    assertEquals(0, started.exitCode(), started.output());
    List<String> lines = started.output().lines().toList();
    String url = lines.get(lines.size() - 1);
    assertTrue(MASTER_URL.matcher(url).matches(), "the last line must be the master URL, got: " + url);
    ScriptRun status = ScriptRun.of(work, "cluster", "status").await(1);
    assertEquals(0, status.exitCode(), status.output());
    assertTrue(status.output().contains("worker-2: running"), status.output());

    // The baseline: the same thin jar through Spark's own SparkSubmit, on local[2] in one JVM (a later --master wins).
    localTables = work.resolve("local");
    ScriptRun local = ScriptRun.submit(work, List.of("--master", "local[2]"), job(localTables)).await(8);
    assertEquals(0, local.exitCode(), local.output());
    assertTrue(local.output().contains("on local[2]"), "the master given to spark-submit must win:\n" + local.output());
  }

  @AfterAll
  void stopCluster() throws Exception {
    ScriptRun stopped = ScriptRun.of(work, "cluster", "stop").await(1);
    assertEquals(0, stopped.exitCode(), stopped.output());
    assertEquals(1, ScriptRun.of(work, "cluster", "status").await(1).exitCode(), "the cluster must be down");
    assertEquals(List.of(), ScriptRun.clusterProcesses(work).map(ProcessHandle::pid).toList(),
        "master, workers and executors must all be gone");
  }

  /**
   * The cluster run, with one executor killed part-way, writes the same tables as local[2]. (A run without the kill
   * was a test of its own; it is this one without the kill, so it went to keep the suite's time.)
   */
  @Test
  void losingAnExecutorMidJobStillGivesTheSameTables() throws Exception {
    Path tables = work.resolve("executor-lost");
    // Killed after embedding, once partitioned HDBSCAN* has checkpointed its point numbering: the cached crops and
    // features on that executor must be recomputed and the numbering read back from the checkpoint.
    ScriptRun submitted = ScriptRun.submit(work, job(tables)).awaitOutput("hdbscan partitioned: indexed", 6);
    assertTrue(checkpointFiles(tables) > 0, "no checkpoint files under " + tables.resolve("_checkpoints"));
    submitted.killOneExecutor();
    ScriptRun finished = submitted.await(10);
    assertEquals(0, finished.exitCode(), finished.output());
    assertTrue(finished.output().contains("on spark://127.0.0.1:"), finished.output());
    assertTrue(Pattern.compile("Lost executor \\d+").matcher(finished.output()).find(),
        "Spark never noticed the lost executor:\n" + finished.output());
    TableComparison.assertSameRows(localTables, tables);
    assertFalse(Files.exists(tables.resolve("_checkpoints")), "the run's checkpoints are deleted when it ends");
  }

  private static long checkpointFiles(Path tables) throws IOException {
    Path folder = tables.resolve("_checkpoints");
    if (!Files.isDirectory(folder)) return 0;
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".parquet")).count();
    }
  }

  private List<String> job(Path tables) {
    List<String> args = new ArrayList<>(List.of("run", "jobs/demo.yaml",
        "--set", "input.path=" + data, "--set", "output.tables=" + tables));
    for (String setting : SETTINGS) {
      args.add("--set");
      args.add(setting);
    }
    return args;
  }
}
