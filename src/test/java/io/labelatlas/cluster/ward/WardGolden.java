package io.labelatlas.cluster.ward;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One data set written by {@code golden/ward/generate.py}: points, scipy's ward linkage and sklearn labels per k. */
record WardGolden(double[][] points, double[] heights, int[][] children, Map<Integer, int[]> labels) {

  static WardGolden resource(String name) {
    try (InputStream in = WardGolden.class.getResourceAsStream("/golden/ward/" + name + ".txt")) {
      if (in == null) {
        throw new IllegalStateException("missing golden/ward/" + name + ".txt on the test class path");
      }
      return parse(Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static WardGolden file(Path path) throws IOException {
    return parse(Files.readAllLines(path));
  }

  private static WardGolden parse(List<String> lines) {
    int at = 0;
    while (lines.get(at).startsWith("#")) {
      at++;
    }
    String[] head = lines.get(at++).trim().split("\\s+");
    int n = Integer.parseInt(head[1]);
    double[][] points = new double[n][];
    for (int i = 0; i < n; i++) {
      points[i] = Arrays.stream(lines.get(at++).trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
    }
    int rows = Integer.parseInt(lines.get(at++).trim().split("\\s+")[1]);
    double[] heights = new double[rows];
    for (int i = 0; i < rows; i++) {
      heights[i] = Double.parseDouble(lines.get(at++).trim());
    }
    at++; // "children rows"
    int[][] children = new int[rows][];
    for (int i = 0; i < rows; i++) {
      children[i] = Arrays.stream(lines.get(at++).trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
    }
    Map<Integer, int[]> labels = new LinkedHashMap<>();
    while (at < lines.size() && !lines.get(at).isBlank()) {
      int k = Integer.parseInt(lines.get(at++).trim().split("\\s+")[1]);
      labels.put(k, Arrays.stream(lines.get(at++).trim().split("\\s+")).mapToInt(Integer::parseInt).toArray());
    }
    return new WardGolden(points, heights, children, labels);
  }
}
