package io.labelatlas.cluster.ward;

import java.util.Random;

/**
 * Not a test: times {@link Ward#fit} on Gaussian blobs. Run with
 * {@code java -cp CLASSES:TESTCLASSES io.labelatlas.cluster.ward.WardTiming 5000 50}.
 */
public final class WardTiming {

  private WardTiming() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int d = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    Random random = new Random(42);
    double[][] centers = new double[10][d];
    for (double[] c : centers) {
      for (int j = 0; j < d; j++) {
        c[j] = random.nextGaussian() * 10;
      }
    }
    double[][] points = new double[n][d];
    for (int i = 0; i < n; i++) {
      double[] c = centers[random.nextInt(centers.length)];
      for (int j = 0; j < d; j++) {
        points[i][j] = c[j] + random.nextGaussian();
      }
    }
    for (int run = 0; run < 3; run++) {
      long start = System.nanoTime();
      int[] labels = Ward.fit(points, 10);
      System.out.printf("n=%d d=%d run %d: %.2f s (label[0]=%d)%n", n, d, run, (System.nanoTime() - start) / 1e9,
          labels[0]);
    }
  }
}
