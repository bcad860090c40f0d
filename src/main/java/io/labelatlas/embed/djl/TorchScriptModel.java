package io.labelatlas.embed.djl;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One TorchScript backbone loaded on one device through DJL's {@link Criteria}, shared by every task of the JVM.
 * Forward passes are serialised by a lock: each already uses all intra-op threads (the executor's cores), so tasks
 * gain nothing by running them side by side, and while one task's batch runs, the others decode and preprocess their
 * next batch outside the lock.
 */
final class TorchScriptModel implements AutoCloseable {
  private final ZooModel<ImageBatch, EmbeddedBatch> model;
  private final Predictor<ImageBatch, EmbeddedBatch> predictor;
  private final ReentrantLock lock = new ReentrantLock(true);
  private final String modelName;
  private final DeviceChoice device;

  private TorchScriptModel(ZooModel<ImageBatch, EmbeddedBatch> model, String modelName, DeviceChoice device) {
    this.model = model;
    this.predictor = model.newPredictor();
    this.modelName = modelName;
    this.device = device;
  }

  /**
   * Loads {@code localFile} (a TorchScript file saved by {@code torch.jit.save}) onto {@code device}.
   *
   * @param modelName the file as the user named it (local path or URI), for messages
   */
  static TorchScriptModel load(Path localFile, String modelName, DeviceChoice device, int dimension,
      LayerPooling layers) {
    Device djlDevice = device.isGpu() ? Device.gpu(device.gpu()) : Device.cpu();
    Criteria<ImageBatch, EmbeddedBatch> criteria = Criteria.builder()
        .setTypes(ImageBatch.class, EmbeddedBatch.class)
        .optEngine(TorchEngine.ENGINE)
        // The folder and the file's stem, rather than the file itself, which DJL accepts with a warning per load.
        .optModelPath(localFile.getParent())
        .optModelName(stem(localFile))
        .optDevice(djlDevice)
        .optOption("mapLocation", "true")
        .optTranslator(new EmbeddingTranslator(modelName, dimension, layers))
        .build();
    try {
      return new TorchScriptModel(criteria.loadModel(), modelName, device);
    } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
      throw new IllegalStateException("cannot load model file " + modelName + " (local copy " + localFile + ") as "
          + "TorchScript on " + device.deviceName() + ": " + firstLine(e) + "; expected a file saved by "
          + "torch.jit.save (see docs/models.md)", e);
    }
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name;
  }

  DeviceChoice device() {
    return device;
  }

  EmbeddedBatch embed(ImageBatch batch) {
    lock.lock();
    try {
      return predictor.predict(batch);
    } catch (TranslateException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof EmbeddingTranslator.ModelOutputException output) throw output;
      }
      throw new IllegalStateException("model file " + modelName + " failed on " + batch.describe() + " on "
          + device.deviceName() + ": " + firstLine(e), e);
    } finally {
      lock.unlock();
    }
  }

  private static String firstLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      predictor.close();
      model.close();
    } finally {
      lock.unlock();
    }
  }
}
