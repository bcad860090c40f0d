package io.labelatlas.cluster.hdbscan;

/** How flat clusters are read off the condensed tree. */
public enum SelectionMethod {
  /** Excess of mass: the set of clusters of largest total stability (Campello, Moulavi, Sander 2013, Sec. 3.1). */
  EOM,
  /** The leaves of the condensed cluster tree: many small, homogeneous clusters. */
  LEAF
}
