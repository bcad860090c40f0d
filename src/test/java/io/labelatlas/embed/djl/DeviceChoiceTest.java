package io.labelatlas.embed.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceChoiceTest {
  @Test
  void autoTakesTheTasksFirstGpuAndSaysSo() {
    DeviceChoice choice = DeviceChoice.choose("auto", true, List.of("1", "0"), false, 2);
    assertEquals(1, choice.gpu());
    assertEquals("gpu(1)", choice.deviceName());
    assertTrue(choice.reason().contains("Spark task GPU address 1"), choice.reason());
  }

  @Test
  void autoFallsBackToTheCpuWithTheReason() {
    DeviceChoice noAssignment = DeviceChoice.choose("auto", true, List.of(), false, 4);
    assertFalse(noAssignment.isGpu());
    assertTrue(noAssignment.reason().contains("spark.task.resource.gpu.amount"), noAssignment.reason());

    DeviceChoice noCuda = DeviceChoice.choose("auto", true, List.of("0"), false, 0);
    assertFalse(noCuda.isGpu());
    assertTrue(noCuda.reason().contains("-Pgpu"), noCuda.reason());

    DeviceChoice outOfRange = DeviceChoice.choose("auto", true, List.of("3"), false, 2);
    assertFalse(outOfRange.isGpu());
    assertTrue(outOfRange.reason().contains("only 2 CUDA device"), outOfRange.reason());

    assertFalse(DeviceChoice.choose("auto", false, List.of(), true, 0).isGpu());
  }

  @Test
  void localModeAndTheDriverUseTheFirstCudaDeviceWhenThereIsOne() {
    assertEquals(0, DeviceChoice.choose("auto", true, List.of(), true, 1).gpu());
    assertEquals(0, DeviceChoice.choose("auto", false, List.of(), false, 1).gpu());
  }

  @Test
  void gpuFailsInsteadOfFallingBack() {
    IllegalStateException none = assertThrows(IllegalStateException.class,
        () -> DeviceChoice.choose("gpu", true, List.of(), false, 1));
    assertTrue(none.getMessage().contains("embed.device = gpu"), none.getMessage());
    IllegalStateException noCuda = assertThrows(IllegalStateException.class,
        () -> DeviceChoice.choose("gpu", true, List.of("0"), false, 0));
    assertTrue(noCuda.getMessage().contains("no CUDA"), noCuda.getMessage());
    assertThrows(IllegalStateException.class, () -> DeviceChoice.choose("gpu", true, List.of("gpu-a"), false, 1));
    assertEquals(0, DeviceChoice.choose("gpu", true, List.of("0"), false, 1).gpu());
  }

  @Test
  void cpuNeverUsesAGpuAndUnknownPreferencesAreRejected() {
    assertFalse(DeviceChoice.choose("cpu", true, List.of("0"), false, 8).isGpu());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DeviceChoice.choose("cuda", true, List.of(), false, 0));
    assertTrue(e.getMessage().contains("embed.device"), e.getMessage());
  }
}
