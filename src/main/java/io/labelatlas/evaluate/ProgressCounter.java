package io.labelatlas.evaluate;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the finished evaluations of one bootstrap step across threads and passes every tenth of them, and the last,
 * to a {@link BootstrapProgress}: cheap enough to call after every resample.
 */
final class ProgressCounter {
  private final BootstrapProgress progress;
  private final String step;
  private final long total;
  private final AtomicLong done = new AtomicLong();
  private long reported;

  ProgressCounter(BootstrapProgress progress, String step, long total) {
    this.progress = progress == null ? BootstrapProgress.NONE : progress;
    this.step = step;
    this.total = total;
  }

  /** One more evaluation finished. */
  void finished() {
    long count = done.incrementAndGet();
    if (count != total && count * 10 / total == (count - 1) * 10 / total) return;
    synchronized (this) {
      // Another thread may have reported a later count first; never go backwards.
      if (count <= reported) return;
      reported = count;
      progress.update(step, count, total);
    }
  }
}
