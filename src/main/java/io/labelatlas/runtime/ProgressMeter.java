package io.labelatlas.runtime;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints "stage: done/total (rate/s, eta)" for a long stage while it runs. Executors count finished items into a Spark
 * accumulator; this meter only reads that count on the driver, so it costs the workers nothing.
 */
public final class ProgressMeter implements AutoCloseable {
  private static final ScheduledExecutorService TICKER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "labelatlas-progress");
    thread.setDaemon(true);
    return thread;
  });

  private final String stage;
  private final long total;
  private final LongSupplier done;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private final ScheduledFuture<?> ticking;
  private long lastPrinted = -1;

  public ProgressMeter(String stage, long total, LongSupplier done, PrintStream out, long periodMillis) {
    this.stage = stage;
    this.total = total;
    this.done = done;
    this.out = out;
    this.ticking = TICKER.scheduleAtFixedRate(this::print, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  public static ProgressMeter start(String stage, long total, LongSupplier done) {
    return new ProgressMeter(stage, total, done, System.out, 5000);
  }

  private synchronized void print() {
    long count = done.getAsLong();
    if (count == lastPrinted) return;
    lastPrinted = count;
    out.println(line(count));
  }

  String line(long count) {
    double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    double rate = count / seconds;
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "  [%s] %,d", stage, count));
    if (total > 0) text.append(String.format(Locale.ROOT, "/%,d (%.0f%%)", total, 100.0 * count / total));
    text.append(String.format(Locale.ROOT, ", %.1f/s", rate));
    if (total > 0 && rate > 0 && count < total) {
      text.append(String.format(Locale.ROOT, ", eta %.0fs", (total - count) / rate));
    }
    return text.toString();
  }

  @Override
  public void close() {
    ticking.cancel(false);
    synchronized (this) {
      long count = done.getAsLong();
      out.println(line(count) + String.format(Locale.ROOT, " done in %.1fs", (System.nanoTime() - startNanos) / 1e9));
    }
  }
}
