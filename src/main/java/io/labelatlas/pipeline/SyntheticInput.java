package io.labelatlas.pipeline;

import io.labelatlas.config.ConfigException;
import io.labelatlas.config.JobConfig;
import io.labelatlas.ingest.synthetic.SyntheticDefectSet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The synthetic input of a job ({@code input.kind: synthetic}): generated on the local disk on first use, and reused
 * while the stamp file {@code generated-with.txt} records the same settings and generator version.
 */
final class SyntheticInput {
  // Bump when SyntheticDefectSet draws differently, so cached demo data is regenerated.
  static final String GENERATOR = "v1";

  private SyntheticInput() {}

  static void ensure(JobConfig.InputConfig input, PrintStream out) {
    if (input.path().matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !input.path().startsWith("file:")) {
      throw new ConfigException("'input.path' = " + input.path()
          + ": the synthetic data set is generated on the local disk; give a local folder");
    }
    Path root = Path.of(input.path().replaceFirst("^file:", ""));
    Path stamp = root.resolve("generated-with.txt");
    String settings = "images_per_class=" + input.imagesPerClass() + " label_noise=" + input.labelNoise()
        + " seed=" + input.seed() + " generator=" + GENERATOR;
    try {
      if (Files.exists(stamp) && Files.readString(stamp).trim().equals(settings)
          && Files.exists(root.resolve("manifest.csv"))) {
        out.println("synthetic data set already at " + root + " (" + settings + ")");
        return;
      }
      SyntheticDefectSet.Summary summary =
          SyntheticDefectSet.generate(root, input.imagesPerClass(), input.labelNoise(), input.seed());
      Files.writeString(stamp, settings + "\n");
      out.println("generated synthetic data set at " + root + ": " + summary);
    } catch (IOException e) {
      throw new IllegalStateException("cannot generate the synthetic data set at " + root + ": " + e.getMessage(), e);
    }
  }
}
