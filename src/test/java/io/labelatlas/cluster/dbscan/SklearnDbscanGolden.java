package io.labelatlas.cluster.dbscan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One data set of {@code golden/dbscan/generate.py}: points, scikit-learn DBSCAN runs and k-distances. */
record SklearnDbscanGolden(double[][] points, List<Run> runs, Map<Integer, double[]> kDistances) {

  record Run(double eps, int minSamples, int[] labels, boolean[] core) {
    @Override
    public String toString() {
      return "eps=" + eps + " minSamples=" + minSamples;
    }
  }

  static SklearnDbscanGolden load(String name) throws IOException {
    String resource = "/golden/dbscan/" + name + ".txt";
    String text;
    try (InputStream in = SklearnDbscanGolden.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String[] lines = text.split("\n");
    int at = 0;
    while (lines[at].startsWith("#")) {
      at++;
    }
    String[] header = lines[at++].split(" ");
    int n = Integer.parseInt(header[1]);
    double[][] points = new double[n][];
    for (int i = 0; i < n; i++) {
      points[i] = parseDoubles(lines[at++]);
    }
    List<Run> runs = new ArrayList<>();
    Map<Integer, double[]> kDistances = new LinkedHashMap<>();
    while (at < lines.length && !lines[at].isEmpty()) {
      String[] head = lines[at++].split(" ");
      if (head[0].equals("dbscan")) {
        int[] labels = Arrays.stream(lines[at++].split(" ")).mapToInt(Integer::parseInt).toArray();
        int[] coreFlags = Arrays.stream(lines[at++].split(" ")).mapToInt(Integer::parseInt).toArray();
        boolean[] core = new boolean[coreFlags.length];
        for (int i = 0; i < core.length; i++) {
          core[i] = coreFlags[i] == 1;
        }
        runs.add(new Run(Double.parseDouble(head[1]), Integer.parseInt(head[2]), labels, core));
      } else if (head[0].equals("kdistance")) {
        kDistances.put(Integer.parseInt(head[1]), parseDoubles(lines[at++]));
      } else {
        throw new IOException(resource + ": unexpected line '" + lines[at - 1] + "'");
      }
    }
    return new SklearnDbscanGolden(points, runs, kDistances);
  }

  static double[] parseDoubles(String line) {
    return Arrays.stream(line.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
  }
}
