package io.labelatlas.pipeline;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Runs a job stage between "stage NAME ..." and "stage NAME done in Ns" (or "stage NAME failed after Ns") lines, adds
 * its time to the report and remembers the stage that failed, so the run's failure can name it.
 */
final class StageTimer {
  private final PrintStream out;
  private final RunReport report;
  private String failedStage;

  StageTimer(PrintStream out, RunReport report) {
    this.out = out;
    this.report = report;
  }

  <T> T timed(String stage, Supplier<T> work) {
    long start = System.nanoTime();
    out.println("stage " + stage + " ...");
    boolean done = false;
    try {
      T result = work.get();
      done = true;
      return result;
    } finally {
      double seconds = (System.nanoTime() - start) / 1e9;
      report.time(stage, seconds);
      out.println(String.format(Locale.ROOT, "stage %s %s %.1fs", stage, done ? "done in" : "failed after", seconds));
      if (!done && failedStage == null) failedStage = stage;
    }
  }

  /** The first stage that failed, or null when none has (or the failure came between stages). */
  String failedStage() {
    return failedStage;
  }

  void timed(String stage, Runnable work) {
    timed(stage, () -> {
      work.run();
      return null;
    });
  }
}
