package io.labelatlas.evaluate;

/**
 * External clustering scores of one labelled clustering, each as scikit-learn defines it (see
 * {@link AgreementMetrics}). NMI and AMI use the arithmetic-mean normaliser; V-measure uses beta = 1.
 */
public record AgreementScores(double purity, double nmi, double ami, double ari, double homogeneity,
    double completeness, double vMeasure) {}
