package io.labelatlas.embed.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.embed.djl.ImageNetPreprocessing.Mode;
import io.labelatlas.ingest.CropPixels;
import io.labelatlas.ingest.ImageDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageNetPreprocessing} against torchvision 0.14's transforms on PIL images: golden tensors committed under
 * {@code golden/preprocess/} (size 32, see its README for the command) and a live run of the same script at size 224
 * where {@code /usr/bin/python3} with torchvision is present. Both must match exactly (tolerance 1e-6; a wrong 8-bit
 * pixel would differ by at least 0.017).
 */
class ImageNetPreprocessingTest {
  static final String PYTHON = "/usr/bin/python3";
  private static final String GOLDEN = "golden/preprocess/";
  private static final List<String> GOLDEN_IMAGES =
      List.of("rgb_37x53", "rgb_80x61", "rgb_32x32", "rgb_121x29", "grey_19x45", "grey_70x33");
  private static final double TOLERANCE = 1e-6;

  @Test
  void goldenTensorsFromTorchvision() throws Exception {
    for (String name : GOLDEN_IMAGES) {
      CropPixels image = decode(resource(GOLDEN + name + ".png"), name);
      for (Mode mode : Mode.values()) {
        float[] expected = floats(resource(GOLDEN + name + "." + mode.configName() + ".f32"));
        float[] actual = new ImageNetPreprocessing(mode, 32).tensor(image);
        assertEquals(0.0, maxAbsDifference(expected, actual), TOLERANCE, name + " " + mode);
      }
    }
  }

  @Test
  void greyImagesAreDecodedAsOneChannelAndBecomeThreeEqualPlanes() throws Exception {
    CropPixels grey = decode(resource(GOLDEN + "grey_70x33.png"), "grey");
    assertEquals(1, grey.channels());
    float[] tensor = new ImageNetPreprocessing(Mode.RESIZE, 32).tensor(grey);
    int plane = 32 * 32;
    for (int i = 0; i < plane; i++) {
      // Equal 8-bit values before normalisation, so the planes differ only by the per-channel mean and std.
      float red = tensor[i] * 0.229f + 0.485f;
      float green = tensor[plane + i] * 0.224f + 0.456f;
      assertEquals(red, green, 1e-6, "pixel " + i);
    }
  }

  @Test
  void liveTorchvisionAt224(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(pythonHas("torchvision"), "skipped: " + PYTHON + " with torchvision is not available");
    Path script = dir.resolve("torchvision_reference.py");
    try (InputStream in = resource(GOLDEN + "torchvision_reference.py")) {
      Files.copy(in, script);
    }
    Path images = dir.resolve("images");
    Path tensors = dir.resolve("tensors");
    run(PYTHON, script.toString(), "images", images.toString(), "large");
    run(PYTHON, script.toString(), "tensors", images.toString(), tensors.toString(), "224");
    List<Path> pngs;
    try (Stream<Path> files = Files.list(images)) {
      pngs = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
    }
    assertEquals(8, pngs.size());
    double worst = 0;
    for (Path png : pngs) {
      String stem = png.getFileName().toString().replace(".png", "");
      CropPixels image = decode(Files.newInputStream(png), stem);
      for (Mode mode : Mode.values()) {
        float[] expected = floats(Files.newInputStream(tensors.resolve(stem + "." + mode.configName() + ".f32")));
        double difference = maxAbsDifference(expected, new ImageNetPreprocessing(mode, 224).tensor(image));
        worst = Math.max(worst, difference);
        assertEquals(0.0, difference, TOLERANCE, stem + " " + mode);
      }
    }
    System.out.println("ImageNetPreprocessing vs torchvision at 224: max abs difference " + worst);
  }

  @Test
  void resizeIsTheIdentityAtTheTargetSizeAndTensorsWriteAtAnOffset() {
    byte[] pixels = new byte[5 * 4 * 3];
    for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (i * 7);
    assertSame(pixels, PillowResize.resize(pixels, 5, 4, 3, 5, 4));
    CropPixels crop = new CropPixels(5, 4, 3, pixels);
    ImageNetPreprocessing preprocessing = new ImageNetPreprocessing(Mode.RESIZE, 4);
    float[] batch = new float[2 * preprocessing.tensorLength()];
    preprocessing.tensor(crop, batch, preprocessing.tensorLength());
    float[] second = java.util.Arrays.copyOfRange(batch, preprocessing.tensorLength(), batch.length);
    assertArrayEquals(preprocessing.tensor(crop), second);
  }

  @Test
  void describeNamesModeAndSizeAndDiffersBetweenThem() {
    String resize = new ImageNetPreprocessing(Mode.RESIZE, 224).describe();
    String centre = new ImageNetPreprocessing(Mode.CENTER_CROP, 224).describe();
    assertTrue(resize.contains("resize=224x224"), resize);
    assertTrue(centre.contains("resize_short=256,center_crop=224"), centre);
    assertNotEquals(resize, new ImageNetPreprocessing(Mode.RESIZE, 192).describe());
    assertEquals(Mode.CENTER_CROP, Mode.fromConfig("center_crop"));
  }

  static CropPixels decode(InputStream in, String name) throws Exception {
    try (in) {
      return CropPixels.of(ImageDecoder.decode(in.readAllBytes(), name));
    }
  }

  private static InputStream resource(String name) {
    InputStream in = ImageNetPreprocessingTest.class.getClassLoader().getResourceAsStream(name);
    if (in == null) throw new IllegalStateException("missing test resource " + name);
    return in;
  }

  private static float[] floats(InputStream in) throws IOException {
    try (in) {
      ByteBuffer buffer = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
      float[] out = new float[buffer.remaining() / 4];
      buffer.asFloatBuffer().get(out);
      return out;
    }
  }

  private static double maxAbsDifference(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, "tensor length");
    double max = 0;
    for (int i = 0; i < expected.length; i++) max = Math.max(max, Math.abs(expected[i] - actual[i]));
    return max;
  }

  static boolean pythonHas(String module) {
    if (!Files.isExecutable(Path.of(PYTHON))) return false;
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import " + module).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }
}
