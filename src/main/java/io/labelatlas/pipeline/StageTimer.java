package io.labelatlas.pipeline;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/** Runs a job stage between "stage NAME ..." and "stage NAME done in Ns" lines and adds its time to the report. */
final class StageTimer {
  private final PrintStream out;
  private final RunReport report;

  StageTimer(PrintStream out, RunReport report) {
    this.out = out;
    this.report = report;
  }

  <T> T timed(String stage, Supplier<T> work) {
    long start = System.nanoTime();
    out.println("stage " + stage + " ...");
    try {
      return work.get();
    } finally {
      double seconds = (System.nanoTime() - start) / 1e9;
      report.time(stage, seconds);
      out.println(String.format(Locale.ROOT, "stage %s done in %.1fs", stage, seconds));
    }
  }

  void timed(String stage, Runnable work) {
    timed(stage, () -> {
      work.run();
      return null;
    });
  }
}
