# Golden values for io.labelatlas.cluster.hdbscan from R dbscan::hdbscan. Run from this folder:
#   Rscript generate.R
# Each data set is continuous random data, so no two pairwise distances tie (checked below).
suppressPackageStartupMessages(library(dbscan))
set.seed(20240611)

blobs <- function(centers, sds, sizes, noise, lo, hi) {
  d <- ncol(centers)
  x <- do.call(rbind, lapply(seq_len(nrow(centers)), function(i)
    matrix(rnorm(sizes[i] * d, sd = sds[i]), ncol = d) + matrix(centers[i, ], sizes[i], d, byrow = TRUE)))
  rbind(x, matrix(runif(noise * d, lo, hi), ncol = d))
}

moons <- function(n, noise_sd) {
  t1 <- runif(n / 2, 0, pi); t2 <- runif(n / 2, 0, pi)
  x <- rbind(cbind(cos(t1), sin(t1)), cbind(1 - cos(t2), 0.5 - sin(t2)))
  x + matrix(rnorm(length(x), sd = noise_sd), ncol = 2)
}

write_golden <- function(name, x, minPts) {
  stopifnot(!any(duplicated(as.vector(dist(x)))))
  h <- hdbscan(x, minPts = minPts)
  con <- file(paste0(name, ".txt"), "w")
  writeLines(c(sprintf("# dbscan::hdbscan(x, minPts = %d), dbscan %s, %s", minPts,
                       packageVersion("dbscan"), R.version.string),
               "# columns: x_1..x_d cluster(0 = noise) membership_prob outlier_scores coredist",
               sprintf("minPts %d", minPts), sprintf("n %d", nrow(x)), sprintf("d %d", ncol(x))), con)
  rows <- cbind(x, h$cluster, h$membership_prob, h$outlier_scores, h$coredist)
  write.table(format(rows, digits = 17, scientific = TRUE, trim = TRUE), con,
              quote = FALSE, row.names = FALSE, col.names = FALSE)
  close(con)
  cat(name, ": n =", nrow(x), "clusters =", max(h$cluster), "noise =", sum(h$cluster == 0), "\n")
}

write_golden("blobs2d", blobs(rbind(c(0, 0), c(6, 0), c(3, 7)), c(0.4, 1.2, 0.8), c(60, 50, 30), 10, -4, 10), 5)
write_golden("blobs2d_large",
             blobs(rbind(c(0, 0), c(8, 1), c(3, 9), c(-6, 6)), c(0.5, 1.5, 1.0, 0.3), c(300, 250, 200, 150), 100, -10, 14), 15)
write_golden("blobs5d", blobs(rbind(rep(0, 5), c(5, 5, 0, 0, 0), c(0, 0, 6, 6, 6)), c(0.6, 1.0, 1.4),
                              c(150, 120, 180), 50, -4, 10), 10)
write_golden("moons", moons(300, 0.06), 8)
write_golden("blobs2d_small_minpts", blobs(rbind(c(0, 0), c(4, 4)), c(0.5, 0.9), c(80, 60), 20, -3, 7), 3)
