package io.labelatlas.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** One run of a project script (scripts/cluster, scripts/labelatlas) in its own process, its output in a log file. */
final class ScriptRun {
  private static int runs;
  private final Process process;
  private final Path log;
  private final Path work;

  private ScriptRun(Process process, Path log, Path work) {
    this.process = process;
    this.log = log;
    this.work = work;
  }

  /** {@code scripts/<script> args...} with the cluster's state in {@code work/cluster}, without rebuilding. */
  static ScriptRun of(Path work, String script, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", "scripts/" + script));
    command.addAll(List.of(args));
    return start(work, command, Map.of());
  }

  /** The job on the standalone cluster: {@code scripts/cluster submit -- args}. */
  static ScriptRun submit(Path work, List<String> args) throws IOException {
    return submit(work, List.of(), args);
  }

  /** {@code scripts/cluster submit sparkOptions -- args}. */
  static ScriptRun submit(Path work, List<String> sparkOptions, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", "scripts/cluster", "submit"));
    command.addAll(sparkOptions);
    command.add("--");
    command.addAll(args);
    return start(work, command, Map.of("LABELATLAS_DRIVER_MEMORY", "2g"));
  }

  private static synchronized ScriptRun start(Path work, List<String> command, Map<String, String> env)
      throws IOException {
    Path log = work.resolve("run-" + (++runs) + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("LABELATLAS_CLUSTER_DIR", work.resolve("cluster").toString());
    builder.environment().put("LABELATLAS_NO_BUILD", "1");
    builder.environment().putAll(env);
    return new ScriptRun(builder.start(), log, work);
  }

  ScriptRun await(int minutes) throws InterruptedException {
    if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError("did not finish in " + minutes + " minutes:\n" + output());
    }
    return this;
  }

  int exitCode() {
    return process.exitValue();
  }

  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits (while the run goes on) until its output shows {@code marker}. */
  ScriptRun awaitOutput(String marker, int minutes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
    while (!output().contains(marker)) {
      if (!process.isAlive()) throw new AssertionError("the job ended before '" + marker + "':\n" + output());
      if (System.nanoTime() > deadline) throw new AssertionError("no '" + marker + "' in:\n" + output());
      Thread.sleep(50);
    }
    return this;
  }

  /** Kills (SIGKILL) one executor JVM of this test's cluster, as a crashed node would end. */
  void killOneExecutor() {
    ProcessHandle victim = clusterProcesses(work).filter(p -> p.info().commandLine().orElse("")
            .contains("CoarseGrainedExecutorBackend") && !p.info().commandLine().orElse("").contains("SparkSubmit"))
        .findFirst().orElseThrow(() -> new AssertionError("no executor JVM of the cluster in " + work));
    victim.destroyForcibly();
  }

  /** The live processes whose command line names this test's cluster's jars: master, workers, executors. */
  static Stream<ProcessHandle> clusterProcesses(Path work) {
    String clusterJars = work.resolve("cluster").resolve("spark-home").resolve("jars").toString();
    return ProcessHandle.allProcesses().filter(p -> p.isAlive() && p.info().commandLine()
        .map(line -> line.contains(clusterJars)).orElse(false));
  }

}
