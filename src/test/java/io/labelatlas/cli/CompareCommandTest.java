package io.labelatlas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code compare}'s help and its usage and settings errors: exit code 2, a message naming the problem, no Spark. */
class CompareCommandTest {
  @Test
  void helpAndUsageErrors() {
    LabelAtlasCliTest.Result help = LabelAtlasCliTest.run("compare", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().startsWith("usage: labelatlas compare GRID.yaml"), help.out());
    assertTrue(LabelAtlasCliTest.run("--help").out().contains("compare "), "listed among the commands");

    LabelAtlasCliTest.Result none = LabelAtlasCliTest.run("compare");
    assertEquals(2, none.code());
    assertTrue(none.err().contains("expected one grid file"), none.err());
    LabelAtlasCliTest.Result missing = LabelAtlasCliTest.run("compare", "jobs/no-such-grid.yaml");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("no-such-grid.yaml"), missing.err());
  }

  @Test
  void aBadSettingNamesTheGridPointAndTheKey() {
    LabelAtlasCliTest.Result bad = LabelAtlasCliTest.run("compare", "jobs/compare-neu-det.yaml",
        "--set", "crop.margin=200");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("compare-neu-det.yaml") && bad.err().contains("embed[0] x cluster[0]")
        && bad.err().contains("crop.margin"), bad.err());
    LabelAtlasCliTest.Result profile = LabelAtlasCliTest.run("compare", "jobs/compare-neu-det.yaml",
        "--profile", "nowhere");
    assertEquals(2, profile.code());
    assertTrue(profile.err().contains("nowhere"), profile.err());
  }
}
