package io.labelatlas.cluster.hdbscan.partitioned;

import java.io.Serializable;

/**
 * A Spark aggregate over indexed rows: counts them and keeps the problem of the bad row with the lowest index, so that
 * the error names the same row however the data is partitioned.
 */
final class EarliestProblem implements Serializable {
  private static final long serialVersionUID = 1L;
  long count;
  long index = Long.MAX_VALUE;
  String problem;

  /** Counts the row at {@code rowIndex}; {@code rowProblem} is null for a good row. */
  EarliestProblem add(long rowIndex, String rowProblem) {
    count++;
    if (rowProblem != null && rowIndex < index) {
      index = rowIndex;
      problem = rowProblem;
    }
    return this;
  }

  EarliestProblem merge(EarliestProblem other) {
    count += other.count;
    if (other.index < index) {
      index = other.index;
      problem = other.problem;
    }
    return this;
  }
}
