package io.labelatlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Usage errors fail fast with exit code 2 and a message naming the problem, before any Spark work. */
class LabelAtlasCliTest {
  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = LabelAtlas.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"demo", "run", "sql", "cluster"}) {
      Result result = run(command, "--help");
      assertEquals(0, result.code());
      assertTrue(result.out().startsWith("usage: labelatlas " + command), result.out());
    }
    assertEquals(0, run("--help").code());
  }

  @Test
  void badUsageExitsTwoWithTheReason() {
    Result unknown = run("frobnicate");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("unknown command 'frobnicate'"));
    Result missing = run("run", "jobs/does-not-exist.yaml");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("does-not-exist.yaml"), missing.err());
    Result badSet = run("run", "jobs/demo.yaml", "--set", "crop.margin=200");
    assertEquals(2, badSet.code());
    assertTrue(badSet.err().contains("crop.margin"), badSet.err());
    Result badFlag = run("sql", "--tablez", "x", "SELECT 1");
    assertEquals(2, badFlag.code());
    assertTrue(badFlag.err().contains("--tablez"), badFlag.err());
    Result badProfile = run("run", "jobs/demo.yaml", "--profile", "nowhere");
    assertEquals(2, badProfile.code());
    assertTrue(badProfile.err().contains("nowhere"), badProfile.err());
  }

  @Test
  void csvQuotingFollowsRfc4180() {
    assertEquals("a,\"b,c\",\"say \"\"hi\"\"\",", SqlCommand.csvLine(java.util.List.of("a", "b,c", "say \"hi\"", "null")));
  }
}
