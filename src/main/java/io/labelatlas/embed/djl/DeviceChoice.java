package io.labelatlas.embed.djl;

import java.util.List;

/**
 * Which device a task's batches run on, and why, decided from {@code embed.device} and what Spark assigned the task
 * ({@code spark.executor.resource.gpu.amount}, {@code spark.task.resource.gpu.amount}: the task's {@code gpu}
 * addresses). {@code auto} uses the task's first assigned GPU and falls back to the CPU, saying why; {@code gpu}
 * fails instead of falling back; {@code cpu} never uses a GPU.
 *
 * @param gpu the CUDA device index, or -1 for the CPU
 * @param reason one line for the log, naming the device and what decided it
 */
public record DeviceChoice(int gpu, String reason) {
  public static final List<String> PREFERENCES = List.of("auto", "cpu", "gpu");

  public boolean isGpu() {
    return gpu >= 0;
  }

  public String deviceName() {
    return isGpu() ? "gpu(" + gpu + ")" : "cpu";
  }

  /**
   * The driver's check of a model file after {@link DjlBackbone#open}: always the CPU, whatever {@code embed.device}
   * says, since a cluster's driver node has no GPU as a rule (the model loads with its tensors mapped to the CPU).
   */
  public static DeviceChoice driverCheck() {
    return new DeviceChoice(-1, "cpu (the driver's check of the model; executors choose their own device)");
  }

  /**
   * @param preference {@code embed.device}: auto, cpu or gpu
   * @param inTask whether this runs inside a Spark task (false on the driver, where no GPU is assigned)
   * @param taskGpus the task's GPU addresses from {@code TaskContext.resources().get("gpu")}, empty if none
   * @param localMaster whether Spark runs in local mode, where GPUs are rarely declared as resources: there
   *     {@code auto} takes CUDA device 0 when the engine has one
   * @param cudaDevices CUDA devices the PyTorch engine can use (0 with the CPU-only native library)
   */
  public static DeviceChoice choose(String preference, boolean inTask, List<String> taskGpus, boolean localMaster,
      int cudaDevices) {
    if (!PREFERENCES.contains(preference)) {
      throw new IllegalArgumentException("embed.device = '" + preference + "' is not one of " + PREFERENCES);
    }
    if (preference.equals("cpu")) return new DeviceChoice(-1, "cpu (embed.device = cpu)");
    boolean required = preference.equals("gpu");
    String noCuda = "the PyTorch native library in use has no CUDA device (CPU-only pytorch-native-cpu jar, or no "
        + "visible GPU): build with -Pgpu and see docs/models.md";
    if (taskGpus.isEmpty()) {
      String why = inTask ? "Spark assigned this task no GPU (set spark.executor.resource.gpu.amount and "
          + "spark.task.resource.gpu.amount, see conf/gpu.yaml)" : "not in a Spark task, so no GPU is assigned";
      if (cudaDevices > 0 && (localMaster || !inTask)) {
        return new DeviceChoice(0, "gpu(0) (first CUDA device; " + why + ")");
      }
      if (required) throw new IllegalStateException("embed.device = gpu, but " + (cudaDevices > 0 ? why : noCuda));
      return new DeviceChoice(-1, "cpu (embed.device = auto: " + (cudaDevices > 0 ? why : noCuda) + ")");
    }
    String address = taskGpus.get(0);
    int index;
    try {
      index = Integer.parseInt(address.trim());
    } catch (NumberFormatException e) {
      index = -1;
    }
    String problem = null;
    if (index < 0) {
      problem = "Spark's GPU address '" + address + "' is not a CUDA device index";
    } else if (cudaDevices == 0) {
      problem = "Spark assigned GPU " + address + ", but " + noCuda;
    } else if (index >= cudaDevices) {
      problem = "Spark assigned GPU " + address + ", but the engine sees only " + cudaDevices + " CUDA device(s)";
    }
    if (problem == null) return new DeviceChoice(index, "gpu(" + index + ") (Spark task GPU address " + address + ")");
    if (required) throw new IllegalStateException("embed.device = gpu, but " + problem);
    return new DeviceChoice(-1, "cpu (embed.device = auto: " + problem + ")");
  }
}
