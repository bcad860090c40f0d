package io.labelatlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.config.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which failures are the user's (exit 2, no stack trace) and which are ours (exit 1, with it). */
class FailureReportTest {
  private static boolean hasStackFrames(String text) {
    return text.contains("\tat ");
  }

  @Test
  void userErrorsAreToldFromInternalOnes() {
    assertEquals(2, print(new UsageException("bad flag"), false).code());
    assertEquals(2, print(new ConfigException("bad key"), false).code());
    assertEquals(2, print(new RuntimeException("reading failed", new FileNotFoundException("/x/y")), false).code());
    LabelAtlasCliTest.Result internal = print(new IllegalStateException("a bug"), false);
    assertEquals(1, internal.code());
    assertTrue(internal.err().startsWith("error: a bug"), internal.err());
    assertTrue(hasStackFrames(internal.err()), "internal errors keep their stack trace:\n" + internal.err());
    assertTrue(hasStackFrames(print(new NullPointerException("null"), false).err()));
    LabelAtlasCliTest.Result hint = print(new UsageException("no such table", "try labels", null), false);
    assertEquals("error: no such table\nhint: try labels\n", hint.err().replace("\r", ""));
  }

  private static LabelAtlasCliTest.Result print(Throwable failure, boolean verbose) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = FailureReport.print(failure, verbose, new PrintStream(err, true, StandardCharsets.UTF_8));
    return new LabelAtlasCliTest.Result(code, "", err.toString(StandardCharsets.UTF_8));
  }
}
