package io.labelatlas.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The real data sets in ../shared (DeepPCB, NEU-DET), which tests use where present and skip cleanly where not. */
public final class SharedData {
  private SharedData() {}

  public static Path root() {
    return Path.of(System.getProperty("labelatlas.shared", "../shared")).toAbsolutePath().normalize();
  }

  /** The folder under ../shared/data, or a skipped test that says what is missing. */
  public static Path require(String name) {
    Path folder = root().resolve("data").resolve(name);
    Assumptions.assumeTrue(Files.isDirectory(folder), "skipped: " + folder + " is absent (real data lives in ../shared)");
    return folder;
  }
}
