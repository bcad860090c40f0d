package io.labelatlas.embed.djl;

import io.labelatlas.config.ConfigException;
import io.labelatlas.embed.Backbone;
import io.labelatlas.embed.EmbeddingPart;
import io.labelatlas.ingest.CropPixels;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A frozen TorchScript backbone run through DJL's PyTorch engine: ResNet-50 (2,048-d pooled features), ViT-B/16
 * (768-d class token) or any file that maps a [N, 3, H, W] ImageNet-normalised batch to [N, D]; or, with
 * {@code embed.layers}, per-channel statistics of named intermediate outputs ({@link LayerPooling}), one part each.
 *
 * <p>Created on the driver by {@link #open}, which hashes the model file (the sha256 keys the embeddings cache) and
 * loads and runs it once on the CPU, so a missing or corrupt file, a wrong output rank or a dimension that disagrees
 * with the configuration fails before any Spark work, and the driver never needs a GPU: executors choose their device
 * ({@link DeviceChoice}) and a task that cannot have the one {@code embed.device} demands fails naming its executor
 * and host. On executors the model is copied once into the local cache and loaded
 * once per JVM and device, shared by every task and every copy of this object; each task preprocesses its batch in its
 * own thread and then takes its turn on the model (see {@link TorchScriptModel}).
 */
public final class DjlBackbone implements Backbone {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DjlBackbone.class);
  /** Standard output lengths of the named backbones; {@code torchscript} has none. */
  public static final Map<String, Integer> STANDARD_DIMENSIONS = Map.of("resnet50", 2048, "vit_b16", 768);
  private static final ConcurrentHashMap<String, TorchScriptModel> LOADED = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, AtomicInteger> LOADS = new ConcurrentHashMap<>();

  private final DeepBackboneSettings settings;
  private final String cropPreprocessing;
  private final ModelFile modelFile;
  private final String modelSha256;
  private final List<EmbeddingPart> parts;

  private DjlBackbone(DeepBackboneSettings settings, String cropPreprocessing, ModelFile modelFile,
      String modelSha256, List<EmbeddingPart> parts) {
    this.settings = settings;
    this.cropPreprocessing = cropPreprocessing;
    this.modelFile = modelFile;
    this.modelSha256 = modelSha256;
    this.parts = parts;
  }

  /**
   * Opens the backbone on the driver: reads the model file for its sha256, then loads it and embeds one blank image,
   * failing with a message that names the file and what was expected when it cannot.
   *
   * @param cropPreprocessing how crops were cut, recorded as the first part of {@link #preprocessing()}
   * @param hadoopConf the configuration to read the model path with (s3a credentials and the like)
   */
  public static DjlBackbone open(DeepBackboneSettings settings, String cropPreprocessing, Configuration hadoopConf) {
    ModelFile file = new ModelFile(settings.modelPath(), hadoopConf);
    String sha256 = file.sha256();
    DjlBackbone unchecked = new DjlBackbone(settings, cropPreprocessing, file, sha256, List.of());
    int size = settings.preprocessing().size();
    byte[] grey = new byte[size * size];
    Arrays.fill(grey, (byte) 128);
    EmbeddedBatch check;
    try {
      TorchEngine.start(settings.cacheRoot(), settings.threads());
      check = unchecked.embed(List.of(new CropPixels(size, size, 1, grey)),
          unchecked.loaded(DeviceChoice.driverCheck()));
    } catch (EmbeddingTranslator.ModelOutputException e) {
      unchecked.unload();
      // The file loads and runs but does not fit the settings (a layer it lacks, a dimension): the user's to fix.
      throw new ConfigException(e.getMessage(), e);
    } catch (RuntimeException e) {
      unchecked.unload();
      throw e;
    }
    List<EmbeddingPart> parts = new ArrayList<>();
    if (settings.layers() == null) {
      parts.add(new EmbeddingPart(settings.backbone(), settings.dimension()));
    } else {
      List<String> layers = settings.layers().layers();
      String pooling = settings.layers().pooling().configName();
      for (int l = 0; l < layers.size(); l++) {
        parts.add(new EmbeddingPart(layers.get(l) + ":" + pooling, check.widths()[l]));
      }
    }
    return new DjlBackbone(settings, cropPreprocessing, file, sha256, List.copyOf(parts));
  }

  /** Closes this JVM's loaded copies of a model that failed its check, so a failed open holds no native memory. */
  private void unload() {
    String prefix = modelKey() + "|";
    LOADED.keySet().removeIf(key -> {
      if (!key.startsWith(prefix)) return false;
      TorchScriptModel model = LOADED.get(key);
      if (model != null) model.close();
      return true;
    });
  }

  @Override
  public String name() {
    return settings.backbone();
  }

  @Override
  public String modelSha256() {
    return modelSha256;
  }

  @Override
  public String preprocessing() {
    return cropPreprocessing + ";" + settings.preprocessing().describe()
        + (settings.layers() == null ? "" : ";" + settings.layers().describe());
  }

  @Override
  public int dimension() {
    return parts.stream().mapToInt(EmbeddingPart::width).sum();
  }

  @Override
  public List<EmbeddingPart> parts() {
    return parts;
  }

  public DeepBackboneSettings settings() {
    return settings;
  }

  /** The device this JVM's batches run on now (loading the model there if needed), for logs and tests. */
  public DeviceChoice device() {
    return model().device();
  }

  @Override
  public List<float[]> embed(List<CropPixels> crops) {
    return crops.isEmpty() ? List.of() : Arrays.asList(embed(crops, model()).vectors());
  }

  private EmbeddedBatch embed(List<CropPixels> crops, TorchScriptModel model) {
    ImageNetPreprocessing preprocessing = settings.preprocessing();
    int length = preprocessing.tensorLength();
    float[] pixels = new float[crops.size() * length];
    for (int i = 0; i < crops.size(); i++) preprocessing.tensor(crops.get(i), pixels, i * length);
    int size = preprocessing.size();
    return model.embed(new ImageBatch(pixels, crops.size(), size, size));
  }

  private TorchScriptModel model() {
    TorchEngine.start(settings.cacheRoot(), settings.threads());
    TaskContext task = TaskContext.get();
    List<String> gpus = List.of();
    if (task != null) {
      ResourceInformation gpu = task.resourcesJMap().get("gpu");
      if (gpu != null) gpus = List.of(gpu.addresses());
    }
    DeviceChoice device;
    try {
      device = DeviceChoice.choose(settings.device(), task != null, gpus, TorchEngine.localMaster(),
          TorchEngine.cudaDevices());
    } catch (IllegalStateException e) {
      // A setting the node cannot honour: a user's error (one message, no stack trace), naming the node.
      throw new ConfigException(where() + ": " + e.getMessage(), e);
    }
    try {
      return loaded(device);
    } catch (IllegalStateException e) {
      // A node that cannot read or load the model file (missing there, changed since the job started, corrupt copy).
      throw new IllegalStateException(where() + ": " + e.getMessage(), e);
    }
  }

  private TorchScriptModel loaded(DeviceChoice device) {
    return LOADED.computeIfAbsent(modelKey() + "|" + device.deviceName(), k -> load(device));
  }

  /** The model and what its translator checks and pools: one loaded copy per key and device. */
  private String modelKey() {
    return modelSha256 + "|" + settings.dimension() + "|"
        + (settings.layers() == null ? "" : settings.layers().describe());
  }

  /** "executor 3 on host node-7" (or "the driver on host ..."), for an error that must say which node failed. */
  private static String where() {
    SparkEnv env = SparkEnv.get();
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown";
    }
    if (env == null) return "this JVM on host " + host;
    String executor = env.executorId();
    return (executor.equals("driver") ? "the driver" : "executor " + executor) + " on host " + host;
  }

  private TorchScriptModel load(DeviceChoice device) {
    java.nio.file.Path local = modelFile.localCopy(settings.cacheRoot(), modelSha256);
    TorchScriptModel model = TorchScriptModel.load(local, modelFile.path(), device, settings.dimension(),
        settings.layers());
    LOADS.computeIfAbsent(modelSha256, k -> new AtomicInteger()).incrementAndGet();
    LOG.info("embed: {} model {} (sha256 {}) loaded on {}, {} intra-op threads", settings.backbone(),
        modelFile.path(), modelSha256.substring(0, 16), device.reason(), TorchEngine.threads());
    return model;
  }

  /** How often this JVM loaded the model with this sha256 (once per device): for tests of the per-JVM sharing. */
  static int loads(String modelSha256) {
    AtomicInteger count = LOADS.get(modelSha256);
    return count == null ? 0 : count.get();
  }
}
