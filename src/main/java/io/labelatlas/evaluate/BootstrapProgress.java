package io.labelatlas.evaluate;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Where a long bootstrap reports how far it has come. A resampling or jackknife loop of {@code total} evaluations
 * calls {@link #update} at about every tenth of them and once at the end ({@code done == total}), possibly from
 * several threads; updates of one step arrive in increasing order of {@code done}.
 */
@FunctionalInterface
public interface BootstrapProgress {
  /** Reports nothing. */
  BootstrapProgress NONE = (step, done, total) -> {};

  /**
   * @param step what is being evaluated, e.g. "table metrics: resamples"
   * @param done evaluations finished so far in this step
   * @param total evaluations in this step
   */
  void update(String step, long done, long total);

  /**
   * Prints {@code "  [stage] step: done/total (p%)"} lines, as {@code runtime.ProgressMeter} does for the job's other
   * long stages, but only for a step still running {@code periodMillis} after the last line: a bootstrap of a small
   * table finishes silently, a slow one prints every period and says when each of its steps is done.
   */
  static BootstrapProgress printing(PrintStream out, String stage, long periodMillis) {
    return new Printer(out, stage, periodMillis);
  }

  /** The throttled printer of {@link #printing}. */
  final class Printer implements BootstrapProgress {
    private final PrintStream out;
    private final String stage;
    private final long periodNanos;
    private long lastNanos = System.nanoTime();
    private String lastStep;

    private Printer(PrintStream out, String stage, long periodMillis) {
      if (out == null || stage == null) throw new IllegalArgumentException("progress needs a stream and a stage");
      this.out = out;
      this.stage = stage;
      this.periodNanos = periodMillis * 1_000_000L;
    }

    @Override
    public synchronized void update(String step, long done, long total) {
      long now = System.nanoTime();
      boolean closesPrintedStep = done == total && step.equals(lastStep);
      if (!closesPrintedStep && now - lastNanos < periodNanos) return;
      lastNanos = now;
      lastStep = done == total ? null : step;
      out.println(String.format(Locale.ROOT, "  [%s] %s: %,d/%,d (%.0f%%)%s", stage, step, done, total,
          total == 0 ? 100.0 : 100.0 * done / total, done == total ? " done" : ""));
    }
  }
}
