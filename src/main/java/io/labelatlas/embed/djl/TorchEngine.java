package io.labelatlas.embed.djl;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DJL's PyTorch engine, started once per JVM, offline: libtorch comes from the {@code pytorch-native-*} jar on the
 * classpath (extracted once into the cache folder, about 430 MB), never from the internet. Sets the intra-op thread
 * count, which libtorch keeps per process, once.
 */
final class TorchEngine {
  private static final Logger LOG = LoggerFactory.getLogger(TorchEngine.class);
  static final String ENGINE = "PyTorch";
  private static final Pattern LOCAL_MASTER = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?])?");
  private static volatile Engine engine;
  private static volatile int threads;

  private TorchEngine() {}

  /**
   * The started engine. {@code cacheDir} holds libtorch and model copies; {@code requestedThreads} 0 means the
   * executor's cores. Settings of a second call are ignored: there is one libtorch per process.
   */
  static synchronized Engine start(Path cacheDir, int requestedThreads) {
    if (engine != null) return engine;
    String pinnedVersion = System.getenv("PYTORCH_VERSION");
    if (pinnedVersion != null && !pinnedVersion.isBlank() && System.getenv("PYTORCH_LIBRARY_PATH") == null) {
      throw new IllegalStateException("the environment sets PYTORCH_VERSION=" + pinnedVersion + ", which makes DJL "
          + "download libtorch instead of using the pytorch-native jar; unset it (or point PYTORCH_LIBRARY_PATH at a "
          + "local libtorch, see docs/models.md)");
    }
    System.setProperty("ai.djl.offline", "true");
    Path djlCache = cacheDir.resolve("djl");
    try {
      Files.createDirectories(djlCache);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("embed.cache_dir: cannot create " + djlCache + ": " + e.getMessage(), e);
    }
    if (!Files.isWritable(djlCache)) {
      throw new IllegalStateException("embed.cache_dir: " + djlCache + " is not writable (libtorch goes there)");
    }
    // DJL reads these as system properties before the environment; an explicit setting of either wins over ours.
    if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
      System.setProperty("DJL_CACHE_DIR", djlCache.toString());
    }
    if (System.getProperty("ENGINE_CACHE_DIR") == null && System.getenv("ENGINE_CACHE_DIR") == null) {
      System.setProperty("ENGINE_CACHE_DIR", djlCache.toString());
    }
    Engine started;
    try {
      started = Engine.getEngine(ENGINE);
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new IllegalStateException("cannot start DJL's PyTorch engine (libtorch from the pytorch-native jar, "
          + "extracted under " + System.getProperty("ENGINE_CACHE_DIR", System.getenv("ENGINE_CACHE_DIR")) + "): "
          + e.getMessage(), e);
    }
    threads = requestedThreads > 0 ? requestedThreads : executorCores();
    JniUtils.setNumThreads(threads);
    engine = started;
    LOG.info("DJL {} with PyTorch {}, {} intra-op threads, {} CUDA device(s)", Engine.getDjlVersion(),
        started.getVersion(), threads, cudaDevices());
    return engine;
  }

  static synchronized int threads() {
    return threads;
  }

  /** CUDA devices this engine can run on: 0 with the CPU-only native library. */
  static int cudaDevices() {
    Engine started = engine;
    if (started == null || !started.hasCapability(StandardCapabilities.CUDA)) return 0;
    return started.getGpuCount();
  }

  /** The cores of this executor: spark.executor.cores, N of a local[N] master, else the machine's processors. */
  static int executorCores() {
    SparkEnv env = SparkEnv.get();
    int processors = Runtime.getRuntime().availableProcessors();
    if (env == null) return processors;
    SparkConf conf = env.conf();
    if (conf.contains("spark.executor.cores")) return Math.max(1, conf.getInt("spark.executor.cores", processors));
    Matcher local = LOCAL_MASTER.matcher(conf.get("spark.master", ""));
    if (local.matches()) {
      String n = local.group(1);
      return n == null ? 1 : n.equals("*") ? processors : Math.max(1, Integer.parseInt(n));
    }
    return processors;
  }

  static boolean localMaster() {
    SparkEnv env = SparkEnv.get();
    return env == null || env.conf().get("spark.master", "local").startsWith("local");
  }
}
