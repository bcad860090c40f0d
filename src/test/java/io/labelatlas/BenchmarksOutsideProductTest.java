package io.labelatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.ingest.Box;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks (package {@code io.labelatlas.bench}, source set {@code src/bench/java}) must not compile into the main
 * output, which the product jar is made of. Looks for class files, not the folder: Maven's incremental compiler deletes
 * the stale classes of a moved source but leaves their empty folder behind.
 */
class BenchmarksOutsideProductTest {

  @Test
  void mainOutputHoldsNoBenchmarkClasses() throws Exception {
    Path mainClasses = Path.of(Box.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertTrue(Files.isDirectory(mainClasses.resolve("io/labelatlas/ingest")), mainClasses.toString());
    assertEquals(List.of(), filesUnder(mainClasses.resolve("io/labelatlas/bench")),
        "benchmark classes in the main output " + mainClasses + ": move them to src/bench/java");
  }

  @Test
  void benchmarkSourcesLiveInTheirOwnSourceSet() throws IOException {
    assertEquals(List.of(), filesUnder(Path.of("src/main/java/io/labelatlas/bench")));
    assertTrue(Files.isRegularFile(Path.of("src/bench/java/io/labelatlas/bench/HogBenchmark.java")));
  }

  private static List<Path> filesUnder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
