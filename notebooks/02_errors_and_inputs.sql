-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Input errors and coverage
-- MAGIC Which inputs failed, at which stage and why; how many crops each label has.

-- COMMAND ----------

-- Errors per stage for each run
SELECT run_id, stage, count(*) AS errors
FROM errors
GROUP BY run_id, stage
ORDER BY run_id, errors DESC

-- COMMAND ----------

-- The failing inputs themselves, newest first
SELECT run_id, stage, source_path, item, reason
FROM errors
ORDER BY recorded_at DESC, source_path
LIMIT 100

-- COMMAND ----------

-- Crops per given label, with where the labels came from
SELECT given_label, count(*) AS crops, count(DISTINCT source_sha256) AS source_images
FROM crops
GROUP BY given_label
ORDER BY crops DESC

-- COMMAND ----------

-- Worst clusters of the latest run: the least pure clusters per algorithm
WITH latest AS (SELECT run_id FROM runs ORDER BY ended_at DESC NULLS LAST LIMIT 1),
     sizes AS (
       SELECT c.run_id, c.algorithm, c.cluster, sum(c.count) AS size, max(c.count) AS majority
       FROM contingency c JOIN latest l ON c.run_id = l.run_id
       GROUP BY c.run_id, c.algorithm, c.cluster)
SELECT algorithm, cluster, size, round(majority / size, 4) AS purity
FROM sizes
ORDER BY purity ASC
LIMIT 10
