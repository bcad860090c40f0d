package io.labelatlas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.testing.SharedSpark;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * GPU executors with a driver that has none, on the standalone cluster: each worker offers one 'gpu' through Spark's
 * resource discovery (a script reporting address 0, as nvidia-smi's would), executors ask for it, every task is
 * assigned it. The driver opens the model on its CPU; on the executor, the CUDA-less native library here makes
 * embed.device = gpu fail naming the executor, its host and the reason ('auto' falls back to the CPU instead: the same
 * DeviceChoice.choose, unit-tested in DeviceChoiceTest). The CUDA forward pass itself needs a GPU machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GpuExecutorIT {
  // What conf/gpu.yaml asks for, given to spark-submit as a cluster user would: one GPU per executor and per task.
  private static final List<String> GPU_OPTIONS = List.of("--conf", "spark.executor.resource.gpu.amount=1",
      "--conf", "spark.task.resource.gpu.amount=1");
  private Path work;
  private Path model;

  @BeforeAll
  void startClusterWithAFakeGpu() throws Exception {
    work = Files.createTempDirectory("labelatlas-gpu-it");
    Path script = work.resolve("gpu-discovery.sh");
    Files.writeString(script, "#!/usr/bin/env bash\necho '{\"name\": \"gpu\", \"addresses\": [\"0\"]}'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    model = work.resolve("tiny_embedder_ts.pt");
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("models/tiny_embedder_ts.pt")) {
      Files.copy(in, model);
    }
    ScriptRun started = ScriptRun.of(work, "cluster", "start", "--workers", "1", "--gpu-script", script.toString())
        .await(3);
    assertEquals(0, started.exitCode(), started.output());
  }

  @AfterAll
  void stopCluster() throws Exception {
    ScriptRun.of(work, "cluster", "stop").await(1);
  }

  @Test
  void gpuRequiredFailsOnTheExecutorNamingItsHostAndTheReason() throws Exception {
    ScriptRun run = ScriptRun.submit(work, GPU_OPTIONS, job(work.resolve("gpu-tables"))).await(6);
    assertNotEquals(0, run.exitCode(), run.output());
    String output = run.output();
    // The driver opened the model (on its CPU) and the run started: the failure is the executor's.
    assertTrue(output.contains("stage embed"), output);
    assertTrue(output.contains("embed.device = gpu, but Spark assigned GPU 0"), output);
    assertTrue(output.matches("(?s).*executor \\d+ on host \\S+.*"), output);
    assertTrue(output.contains("stage embed failed after"), output);
    // A setting the node cannot honour is the user's error: one message, no stack trace.
    assertTrue(output.contains("(run with --verbose for the stack trace)"), output);
    List<Row> runs = SharedSpark.session().read().format("delta")
        .load(work.resolve("gpu-tables").resolve("runs").toString()).collectAsList();
    assertEquals(1, runs.size());
    assertEquals("failed", runs.get(0).getAs("status"));
    String message = runs.get(0).getAs("message");
    assertTrue(message.startsWith("stage embed: ") && message.contains("embed.device = gpu"), message);
  }

  private List<String> job(Path tables) {
    return List.of(
        "run", "jobs/demo.yaml", "--set", "input.path=" + work.resolve("data"), "--set", "output.tables=" + tables,
        "--set", "input.images_per_class=6", "--set", "cluster.algorithms=[kmeans]",
        "--set", "embed.backbone=torchscript", "--set", "embed.model_path=" + model, "--set", "embed.dimension=8",
        "--set", "embed.device=gpu", "--set", "reduce.dimension=4", "--set", "audit.enabled=false");
  }

}
