package io.labelatlas.cluster;

import io.labelatlas.cluster.auto.AutoK;
import io.labelatlas.cluster.auto.GmmSupport;
import io.labelatlas.config.JobConfig.AutoKConfig;
import io.labelatlas.config.JobConfig.ClusterConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.ml.clustering.GaussianMixture;
import org.apache.spark.ml.clustering.GaussianMixtureModel;
import org.apache.spark.ml.feature.VectorSlicer;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * MLlib Gaussian mixture with full covariances on the leading {@code cluster.gmm_dimension} dimensions; probability is
 * the largest posterior. {@code k: auto}: the best of {@link #STARTS} seeded fits per k, scored by BIC, with the k the
 * data cannot support rejected first ({@link GmmSupport}).
 */
final class GaussianMixtureClustering implements ClusteringAlgorithm {
  /** Seeded EM starts per k when GMM chooses k; the best log-likelihood is kept. */
  static final int STARTS = 3;

  private final ClusterConfig config;

  GaussianMixtureClustering(ClusterConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "gmm";
  }

  @Override
  public void validate(long n, int d, SettingNames names) {
    KSearch.validate(config, n, names);
  }

  @Override
  public ClusterStage.Clustering fit(Dataset<Row> features, long n, int d, Consumer<String> progress) {
    int dimension = Math.min(config.gmmDimension(), d);
    Dataset<Row> input = new VectorSlicer()
        .setInputCol("features").setOutputCol("leading").setIndices(IntStream.range(0, dimension).toArray())
        .transform(features);
    if (!config.kIsAuto()) {
      long started = System.nanoTime();
      GaussianMixtureModel model = fit(input, config.k(), config.seed());
      progress.accept("GMM k=" + config.k() + " fitted (" + ClusteringAlgorithm.since(started) + ")");
      return new ClusterStage.Clustering(assignments(model, input), List.of());
    }
    AutoKConfig auto = config.autoK();
    Dataset<Row> data = input.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      int[] range = KSearch.range(auto, n);
      boolean anySupported = false;
      for (int k : range) anySupported |= GmmSupport.unsupported(k, dimension, n) == null;
      Map<Integer, GaussianMixtureModel> models = new HashMap<>();
      List<AutoK.Candidate> candidates = new ArrayList<>();
      for (int k : range) {
        long started = System.nanoTime();
        String unsupported = GmmSupport.unsupported(k, dimension, n);
        // With no k supported the smallest is still fitted, so that the fallback has a model to keep.
        if (unsupported != null && (anySupported || k != range[0])) {
          candidates.add(new AutoK.Candidate(k, Double.NaN, 0, n, "not fitted", unsupported));
          progress.accept("GMM k=" + k + ": not fitted, " + unsupported + " (d = " + dimension + ")");
          continue;
        }
        GaussianMixtureModel best = bestOfStarts(data, k);
        models.put(k, best);
        double bic = AutoK.gmmBic(best.summary().logLikelihood(), k, dimension, n);
        AutoK.Candidate candidate = AutoK.Candidate.scored(k, bic, KSearch.smallest(best.summary().clusterSizes(), k),
            n);
        String rejection = unsupported != null ? unsupported : GmmSupport.degenerate(best.weights(),
            covariances(best), n);
        if (rejection != null) candidate = candidate.rejected(rejection);
        candidates.add(candidate);
        progress.accept(KSearch.progress("GMM", candidate, "BIC", started)
            + (rejection == null ? "" : " rejected: " + rejection));
      }
      AutoK.Selection selection = AutoK.choose(candidates, AutoK.Score.BIC, auto.minClusterFraction(),
          "GMM (best logL of " + STARTS + " starts, seeds " + config.seed() + "..; full covariances in the leading "
              + dimension + " dimensions) for k in " + KSearch.rangeText(auto, n)
              + ", BIC = -2 logL + p ln n with p = k(d + d(d+1)/2) + k - 1, n = " + n + "; "
              + GmmSupport.rule(dimension));
      progress.accept("GMM chose k=" + selection.k());
      GaussianMixtureModel chosen = models.computeIfAbsent(selection.k(), k -> bestOfStarts(data, k));
      return new ClusterStage.Clustering(assignments(chosen, input),
          List.of(new ClusterStage.Choice("k", selection.k(), selection.evidence())));
    } finally {
      data.unpersist();
    }
  }

  /**
   * MLlib starts EM from means of random points, which often ends in a poor optimum (two blobs merged, one split);
   * the best of a few seeded starts makes BIC compare good fits.
   */
  private GaussianMixtureModel bestOfStarts(Dataset<Row> data, int k) {
    GaussianMixtureModel best = null;
    for (int start = 0; start < STARTS; start++) {
      GaussianMixtureModel model = fit(data, k, config.seed() + start);
      if (best == null || model.summary().logLikelihood() > best.summary().logLikelihood()) best = model;
    }
    return best;
  }

  private GaussianMixtureModel fit(Dataset<Row> input, int k, long seed) {
    return new GaussianMixture()
        .setK(k)
        .setSeed(seed)
        .setMaxIter(config.maxIterations())
        .setFeaturesCol("leading")
        .setPredictionCol("cluster")
        .setProbabilityCol("posterior")
        .fit(input);
  }

  private static double[][][] covariances(GaussianMixtureModel model) {
    double[][][] out = new double[model.gaussians().length][][];
    for (int c = 0; c < out.length; c++) {
      Matrix cov = model.gaussians()[c].cov();
      out[c] = new double[cov.numRows()][cov.numCols()];
      for (int i = 0; i < cov.numRows(); i++) {
        for (int j = 0; j < cov.numCols(); j++) out[c][i][j] = cov.apply(i, j);
      }
    }
    return out;
  }

  private static Dataset<Row> assignments(GaussianMixtureModel model, Dataset<Row> input) {
    return model.transform(input).select(functions.col("crop_id"), functions.col("cluster").cast("int"),
        functions.array_max(org.apache.spark.ml.functions.vector_to_array(functions.col("posterior"), "float64"))
            .as("probability"),
        ClusterStage.nullDouble("outlier_score"));
  }
}
