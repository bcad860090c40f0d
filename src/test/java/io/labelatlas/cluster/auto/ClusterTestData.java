package io.labelatlas.cluster.auto;

import java.util.SplittableRandom;

/** Small seeded data sets with known structure, each built to show one case the automatic choices must handle. */
public final class ClusterTestData {
  private ClusterTestData() {}

  public static final int PER_BLOB = 40;

  /** Three unit-variance blobs of {@link #PER_BLOB} points in 3-D, 20 apart; point i is in blob i / PER_BLOB. */
  public static double[][] blobs() {
    return blobs(PER_BLOB);
  }

  /** As {@link #blobs()} with {@code perBlob} points each. */
  public static double[][] blobs(int perBlob) {
    SplittableRandom random = new SplittableRandom(3);
    double[][] centres = {{0, 0, 0}, {20, 0, 0}, {0, 20, 0}};
    double[][] points = new double[3 * perBlob][];
    for (int i = 0; i < points.length; i++) {
      double[] c = centres[i / perBlob];
      points[i] = new double[] {
          c[0] + random.nextGaussian(), c[1] + random.nextGaussian(), c[2] + random.nextGaussian()};
    }
    return points;
  }

  /**
   * {@link #blobs} plus 3 points (2.4%) close together and far from every blob: the silhouette rewards cutting them
   * off as a fourth cluster.
   */
  public static double[][] blobsWithTinyGroup() {
    double[][] blobs = blobs();
    double[][] points = new double[blobs.length + 3][];
    System.arraycopy(blobs, 0, points, 0, blobs.length);
    SplittableRandom random = new SplittableRandom(5);
    for (int i = blobs.length; i < points.length; i++) {
      points[i] = new double[] {random.nextGaussian(), random.nextGaussian(), 40 + random.nextGaussian()};
    }
    return points;
  }

  /**
   * A few hundred points as on small defect sets: one class of 250 (a standard normal in 10-D) and 5 tight groups of
   * 6 at distance 6 along the axes. HDBSCAN* with min_samples 8 calls every point noise; with 4 it finds all six.
   */
  public static double[][] oneClassWithSmallGroups() {
    SplittableRandom random = new SplittableRandom(1);
    int d = 10;
    int big = 250;
    int groups = 5;
    int groupSize = 6;
    double[][] points = new double[big + groups * groupSize][d];
    for (int i = 0; i < big; i++) {
      for (int c = 0; c < d; c++) points[i][c] = random.nextGaussian();
    }
    for (int g = 0; g < groups; g++) {
      for (int j = 0; j < groupSize; j++) {
        for (int c = 0; c < d; c++) points[big + g * groupSize + j][c] = (c == g ? 6 : 0) + random.nextGaussian() * 0.3;
      }
    }
    return points;
  }

  /**
   * Three blobs of 80 in 3-D (6 apart), 60 uniform background points around them and 3 outliers about 350 away:
   * the outliers stretch the k-distance curve so that its knee lands on the background, and DBSCAN at the knee
   * merges everything into one cluster; half the knee separates the blobs.
   */
  public static double[][] blobsWithBackgroundAndFarOutliers() {
    SplittableRandom random = new SplittableRandom(5);
    int d = 3;
    int per = 80;
    int background = 60;
    int outliers = 3;
    double separation = 6;
    int n = 3 * per + background + outliers;
    double[][] points = new double[n][d];
    for (int i = 0; i < 3 * per; i++) {
      for (int c = 0; c < d; c++) points[i][c] = (c == i / per ? separation : 0) + random.nextGaussian();
    }
    for (int i = 3 * per; i < 3 * per + background; i++) {
      for (int c = 0; c < d; c++) points[i][c] = -4 + random.nextDouble() * (separation + 8);
    }
    for (int i = 3 * per + background; i < n; i++) {
      for (int c = 0; c < d; c++) points[i][c] = (i % 2 == 0 ? 1 : -1) * 200 + random.nextGaussian() * 30;
    }
    return points;
  }
}
