package io.labelatlas.evaluate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads golden/metrics/audit_cases.txt (written by generate.py; its docstring has the format). */
final class AuditCases {
  static final String GOLDEN = "/golden/metrics/audit_cases.txt";

  private AuditCases() {}

  /** A case: "KIND_case HEADER..." up to "end", or a single line outside any case (then lines is empty). */
  record Block(String kind, String[] header, List<String[]> lines) {
    String name() {
      return header[0];
    }

    List<String[]> all(String key) {
      return lines.stream().filter(l -> l[0].equals(key)).toList();
    }

    String[] one(String key) {
      List<String[]> found = all(key);
      if (found.size() != 1) throw new IllegalStateException(found.size() + " '" + key + "' lines in " + name());
      return found.get(0);
    }

    double value(String key) {
      return parse(one(key)[1]);
    }

    double[] doubles(String key) {
      String[] f = one(key);
      return Arrays.stream(f, 1, f.length).mapToDouble(AuditCases::parse).toArray();
    }

    int[] ints(String key) {
      String[] f = one(key);
      return Arrays.stream(f, 1, f.length).mapToInt(Integer::parseInt).toArray();
    }

    /** Tokens after the key (and after a kind token such as "int"/"str" when {@code skip} is 1). */
    String[] tokens(String key, int skip) {
      String[] f = one(key);
      return Arrays.copyOfRange(f, 1 + skip, f.length);
    }

    /** The points and labels of a "point LABEL X..." case. */
    double[][] points() {
      return all("point").stream()
          .map(f -> Arrays.stream(f, 2, f.length).mapToDouble(Double::parseDouble).toArray())
          .toArray(double[][]::new);
    }

    int[] pointLabels() {
      return all("point").stream().mapToInt(f -> Integer.parseInt(f[1])).toArray();
    }
  }

  /** A Python float repr, "nan" and "inf" included. */
  static double parse(String token) {
    return switch (token) {
      case "nan" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(token);
    };
  }

  static List<Block> blocks(String kind) {
    return read().stream().filter(b -> b.kind().equals(kind)).toList();
  }

  private static List<Block> read() {
    List<Block> blocks = new ArrayList<>();
    try (InputStream in = AuditCases.class.getResourceAsStream(GOLDEN)) {
      if (in == null) throw new IOException(GOLDEN + " is not on the test classpath");
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      Block open = null;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] f = line.strip().split(" ");
        if (open == null && f[0].endsWith("_case")) {
          open = new Block(f[0].substring(0, f[0].length() - "_case".length()), Arrays.copyOfRange(f, 1, f.length),
              new ArrayList<>());
        } else if (open == null) {
          blocks.add(new Block(f[0], Arrays.copyOfRange(f, 1, f.length), List.of()));
        } else if (f[0].equals("end")) {
          blocks.add(open);
          open = null;
        } else {
          open.lines().add(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return blocks;
  }
}
