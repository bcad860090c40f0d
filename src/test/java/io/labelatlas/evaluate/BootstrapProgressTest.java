package io.labelatlas.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootstrapProgressTest {
  private static List<String> lines(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void printsEachUpdateWithTheStagePrefixWhenThePeriodHasPassed() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BootstrapProgress progress = BootstrapProgress.printing(new PrintStream(bytes, true, StandardCharsets.UTF_8),
        "evaluate", 0);
    double[] x = new double[40];
    for (int i = 0; i < x.length; i++) x[i] = i % 7;
    Bootstrap.replicates(x.length, List.of(indices -> indices[0]), BootstrapSettings.of(1000, 2), progress,
        "mean: resamples");
    List<String> lines = lines(bytes);
    assertEquals(10, lines.size(), lines.toString());
    assertEquals("  [evaluate] mean: resamples: 100/1,000 (10%)", lines.get(0));
    assertEquals("  [evaluate] mean: resamples: 1,000/1,000 (100%) done", lines.get(9));
  }

  @Test
  void aStepFasterThanThePeriodPrintsNothingAndASlowOneSaysWhenItIsDone() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BootstrapProgress progress = BootstrapProgress.printing(new PrintStream(bytes, true, StandardCharsets.UTF_8),
        "evaluate", 60_000);
    for (int done = 1; done <= 10; done++) progress.update("fast", done * 10, 100);
    assertEquals(List.of(), lines(bytes), "a step done within the period prints nothing");

    ByteArrayOutputStream slowBytes = new ByteArrayOutputStream();
    BootstrapProgress slow = BootstrapProgress.printing(new PrintStream(slowBytes, true, StandardCharsets.UTF_8),
        "evaluate", 1000);
    sleep(1100);
    slow.update("slow: resamples", 10, 100);
    slow.update("slow: resamples", 20, 100);
    slow.update("slow: resamples", 100, 100);
    assertEquals(List.of("  [evaluate] slow: resamples: 10/100 (10%)",
        "  [evaluate] slow: resamples: 100/100 (100%) done"), lines(slowBytes),
        "within the period only the end of a step that printed");
    assertThrows(IllegalArgumentException.class, () -> BootstrapProgress.printing(null, "evaluate", 1));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
