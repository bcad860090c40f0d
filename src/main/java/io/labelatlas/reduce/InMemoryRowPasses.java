package io.labelatlas.reduce;

/** {@link RowPasses} over rows held in memory: for tests and for small inputs already on one machine. */
public final class InMemoryRowPasses implements RowPasses {
  private final float[][] rows;

  public InMemoryRowPasses(float[][] rows) {
    this.rows = rows;
  }

  @Override
  public ColumnMoments moments() {
    PartialSums sums = new PartialSums();
    for (float[] row : rows) sums.addMoments(row);
    return sums.moments();
  }

  @Override
  public GramAndCross gramAndCross(double[] mean, double[][] z) {
    PartialSums sums = new PartialSums();
    for (float[] row : rows) sums.addGramAndCross(row, mean, z);
    return sums.gramAndCross(z.length, mean.length);
  }
}
