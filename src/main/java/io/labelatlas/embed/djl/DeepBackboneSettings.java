package io.labelatlas.embed.djl;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * What a deep backbone needs besides the crops, from the {@code embed} section of a job.
 *
 * @param backbone {@code resnet50}, {@code vit_b16} or {@code torchscript}: the name recorded in the embeddings table
 * @param modelPath the TorchScript file (local path or URI such as {@code s3a://bucket/models/resnet50.pt})
 * @param dimension the embedding length the model must return; 0 with {@code layers}: whatever the layers pool to
 * @param preprocessing how crops become the model's input tensor
 * @param device {@code auto}, {@code cpu} or {@code gpu} (see {@link DeviceChoice})
 * @param threads intra-op threads per executor; 0 means the executor's cores
 * @param cacheDir local folder for libtorch and model copies on every machine; null or empty means
 *     {@code <java.io.tmpdir>/labelatlas-<user>}
 * @param layers intermediate outputs to pool ({@code embed.layers}, {@code embed.pooling}), or null: the model returns
 *     its embedding
 */
public record DeepBackboneSettings(String backbone, String modelPath, int dimension,
    ImageNetPreprocessing preprocessing, String device, int threads, String cacheDir, LayerPooling layers)
    implements Serializable {
  public DeepBackboneSettings {
    if (dimension < (layers == null ? 1 : 0)) {
      throw new IllegalArgumentException("embed.dimension must be " + (layers == null ? "positive" : "0 or more")
          + ", got " + dimension);
    }
    if (threads < 0) throw new IllegalArgumentException("embed.threads must not be negative, got " + threads);
    if (!DeviceChoice.PREFERENCES.contains(device)) {
      throw new IllegalArgumentException("embed.device = '" + device + "' is not one of " + DeviceChoice.PREFERENCES);
    }
  }

  Path cacheRoot() {
    if (cacheDir != null && !cacheDir.isBlank()) return Path.of(cacheDir).toAbsolutePath();
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
    return Path.of(System.getProperty("java.io.tmpdir"), "labelatlas-" + user).toAbsolutePath();
  }
}
