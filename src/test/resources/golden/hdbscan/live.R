# Used by HdbscanRCrossCheckTest: Rscript live.R INPUT minPts OUTPUT. INPUT: whitespace-separated rows;
# OUTPUT: one row per point, "cluster membership_prob outlier_scores".
suppressPackageStartupMessages(library(dbscan))
args <- commandArgs(trailingOnly = TRUE)
x <- as.matrix(read.table(args[1]))
h <- hdbscan(x, minPts = as.integer(args[2]))
write.table(format(cbind(h$cluster, h$membership_prob, h$outlier_scores), digits = 17, scientific = TRUE, trim = TRUE),
            args[3], quote = FALSE, row.names = FALSE, col.names = FALSE)
