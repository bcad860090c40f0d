package io.labelatlas.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's {@code /usr/bin/python3} for reference checks: whether it has the modules, and running a script. */
public final class ReferencePython {
  public static final String PYTHON = "/usr/bin/python3";

  private ReferencePython() {}

  /** True when /usr/bin/python3 imports every module named (e.g. "sklearn, numpy"). */
  public static boolean has(String modules) {
    if (!Files.isExecutable(Path.of(PYTHON))) return false;
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import " + modules).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs a script file with {@code stdin}; its standard output lines, or an exception carrying its stderr. */
  public static List<String> run(Path script, String stdin) throws IOException, InterruptedException {
    Path err = Files.createTempFile("labelatlas-python", ".err");
    try {
      Process p = new ProcessBuilder(PYTHON, script.toString()).redirectError(err.toFile()).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(script + " failed: " + Files.readString(err));
      }
      return out.lines().toList();
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
