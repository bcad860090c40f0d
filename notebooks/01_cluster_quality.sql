-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Cluster quality per run
-- MAGIC Agreement of each clustering with the given labels. Run `scripts/labelatlas sql --tables DIR "..."` with any
-- MAGIC cell below, or import this file into a Databricks workspace after registering the tables as views.

-- COMMAND ----------

-- Latest run of each job, with its status and counts
SELECT job_name, run_id, status, attempts, started_at, ended_at, counts['crops'] AS crops, counts['errors'] AS errors
FROM runs
ORDER BY started_at DESC

-- COMMAND ----------

-- Purity, NMI, AMI, ARI and silhouette per run and algorithm, one row each
SELECT run_id, algorithm,
       max(CASE WHEN metric = 'clusters' THEN value END)   AS clusters,
       max(CASE WHEN metric = 'purity' THEN value END)     AS purity,
       max(CASE WHEN metric = 'nmi' THEN value END)        AS nmi,
       max(CASE WHEN metric = 'ami' THEN value END)        AS ami,
       max(CASE WHEN metric = 'ari' THEN value END)        AS ari,
       max(CASE WHEN metric = 'silhouette' THEN value END) AS silhouette
FROM metrics
WHERE algorithm <> 'pca'
GROUP BY run_id, algorithm
ORDER BY run_id, algorithm

-- COMMAND ----------

-- Cluster purity per cluster: size, majority label and its share, worst first
WITH sizes AS (
  SELECT run_id, algorithm, cluster, sum(count) AS size, max(count) AS majority_count
  FROM contingency GROUP BY run_id, algorithm, cluster
)
SELECT s.run_id, s.algorithm, s.cluster, s.size,
       first(c.label) AS majority_label,
       round(s.majority_count / s.size, 4) AS purity
FROM sizes s JOIN contingency c
  ON c.run_id = s.run_id AND c.algorithm = s.algorithm AND c.cluster = s.cluster AND c.count = s.majority_count
GROUP BY s.run_id, s.algorithm, s.cluster, s.size, s.majority_count
ORDER BY purity ASC, size DESC
