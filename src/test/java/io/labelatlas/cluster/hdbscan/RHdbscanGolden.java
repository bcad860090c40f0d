package io.labelatlas.cluster.hdbscan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One data set written by {@code golden/hdbscan/generate.R}: points and R dbscan::hdbscan's answers. */
record RHdbscanGolden(String name, int minPts, double[][] points, int[] rCluster, double[] membershipProb,
    double[] outlierScores, double[] coreDistances) {

  static RHdbscanGolden load(String name) throws IOException {
    try (InputStream in = RHdbscanGolden.class.getResourceAsStream("/golden/hdbscan/" + name + ".txt")) {
      if (in == null) {
        throw new IOException("missing golden/hdbscan/" + name + ".txt on the test class path");
      }
      Map<String, Integer> header = new HashMap<>();
      List<double[]> rows = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.trim().split("\\s+");
        if (fields.length == 2 && Character.isLetter(fields[0].charAt(0))) {
          header.put(fields[0], Integer.parseInt(fields[1]));
        } else {
          double[] row = new double[fields.length];
          for (int f = 0; f < fields.length; f++) {
            row[f] = Double.parseDouble(fields[f]);
          }
          rows.add(row);
        }
      }
      int n = header.get("n");
      int d = header.get("d");
      if (rows.size() != n) {
        throw new IOException(name + ": expected " + n + " rows, read " + rows.size());
      }
      double[][] points = new double[n][];
      int[] cluster = new int[n];
      double[] prob = new double[n];
      double[] outlier = new double[n];
      double[] core = new double[n];
      for (int i = 0; i < n; i++) {
        double[] row = rows.get(i);
        points[i] = java.util.Arrays.copyOf(row, d);
        cluster[i] = (int) row[d];
        prob[i] = row[d + 1];
        outlier[i] = row[d + 2];
        core[i] = row[d + 3];
      }
      return new RHdbscanGolden(name, header.get("minPts"), points, cluster, prob, outlier, core);
    }
  }
}
