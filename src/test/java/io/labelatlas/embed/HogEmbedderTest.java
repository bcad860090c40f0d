package io.labelatlas.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Checks {@link HogEmbedder} against scikit-image: golden files made by golden/hog/generate.py, and a live run. */
class HogEmbedderTest {

    private static final double TOLERANCE = 1e-4;
    private static final String GOLDEN = "/golden/hog/";
    private static final String PYTHON = "/usr/bin/python3";

    @TestFactory
    List<DynamicTest> matchesSkimageGoldenFiles() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : readLines(GOLDEN + "cases.txt")) {
            String[] f = line.trim().split("\\s+");
            String name = f[0];
            int width = Integer.parseInt(f[1]);
            int height = Integer.parseInt(f[2]);
            HogEmbedder hog = new HogEmbedder(Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]));
            int length = Integer.parseInt(f[6]);
            tests.add(DynamicTest.dynamicTest(name, () -> {
                double[] pixels = readDoubles(resourceBytes(GOLDEN + name + ".pixels.bin"));
                double[] expected = readDoubles(resourceBytes(GOLDEN + name + ".hog.bin"));
                assertEquals(length, expected.length, "golden length");
                assertEquals(length, hog.dimension(width, height), "dimension");
                assertClose(expected, hog.embed(toFloats(pixels), width, height), name);
            }));
        }
        assertTrue(tests.size() >= 5, "cases.txt lists the golden cases");
        return tests;
    }

    @Test
    void dalalTriggsDimensions() {
        HogEmbedder hog = HogEmbedder.dalalTriggs();
        assertEquals(9, hog.orientations());
        assertEquals(8, hog.pixelsPerCell());
        assertEquals(2, hog.cellsPerBlock());
        assertEquals(26_244, hog.dimension(224, 224));
        assertEquals(26_244, hog.embed(new float[224 * 224], 224, 224).length);
        assertEquals(26_244, hog.dimension(231, 229), "partial cells are dropped");
        assertEquals(36, hog.dimension(16, 16));
    }

    @Test
    void constantImageGivesZeros() {
        float[] grey = new float[40 * 32];
        Arrays.fill(grey, 77f);
        float[] out = HogEmbedder.dalalTriggs().embed(grey, 40, 32);
        assertArrayEquals(new float[out.length], out);
    }

    @Test
    void rejectsBadArguments() {
        HogEmbedder hog = HogEmbedder.dalalTriggs();
        assertMessage("grey is null", () -> hog.embed(null, 16, 16));
        assertMessage("grey has 255 values but a 16x16 image needs 256", () -> hog.embed(new float[255], 16, 16));
        assertMessage("a 15x40 image is smaller than one block of 16x16 pixels", () -> hog.embed(new float[600], 15, 40));
        assertMessage("a 40x15 image is smaller than one block", () -> hog.dimension(40, 15));
        assertMessage("image size must be positive, got 0x16", () -> hog.embed(new float[0], 0, 16));
        assertMessage("orientations must be >= 1, got 0", () -> new HogEmbedder(0, 8, 2));
        assertMessage("pixelsPerCell must be >= 1, got -1", () -> new HogEmbedder(9, -1, 2));
        assertMessage("cellsPerBlock must be >= 1, got 0", () -> new HogEmbedder(9, 8, 0));
    }

    @Test
    void concurrentCallsAgreeWithSerialOnes() throws Exception {
        HogEmbedder hog = HogEmbedder.dalalTriggs();
        float[][] images = new float[8][];
        float[][] serial = new float[8][];
        Random random = new Random(7);
        for (int i = 0; i < images.length; i++) {
            images[i] = randomImage(random, 96, 80, i % 2 == 0);
            serial[i] = hog.embed(images[i], 96, 80);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (float[] image : images) {
                    futures.add(pool.submit(() -> hog.embed(image, 96, 80)));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertArrayEquals(serial[i % images.length], futures.get(i).get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A fresh random image through skimage itself; skipped where Debian's python3 with scikit-image is absent. */
    @Test
    void matchesLiveSkimage(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(skimageAvailable(), PYTHON + " with scikit-image is not available; live cross-check skipped");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int width = 88 + random.nextInt(40);
        int height = 64 + random.nextInt(40);
        float[] grey = randomImage(random, width, height, random.nextBoolean());
        Path input = dir.resolve("pixels.bin");
        Path output = dir.resolve("hog.bin");
        ByteBuffer buffer = ByteBuffer.allocate(grey.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : grey) {
            buffer.putDouble(v);
        }
        Files.write(input, buffer.array());
        String script = "import sys, numpy as np\n"
                + "from skimage.feature import hog\n"
                + "w, h = int(sys.argv[3]), int(sys.argv[4])\n"
                + "img = np.fromfile(sys.argv[1], '<f8').reshape(h, w)\n"
                + "hog(img, orientations=9, pixels_per_cell=(8, 8), cells_per_block=(2, 2), block_norm='L2-Hys',"
                + " feature_vector=True).astype('<f8').tofile(sys.argv[2])\n";
        Process process = new ProcessBuilder(PYTHON, "-c", script, input.toString(), output.toString(),
                Integer.toString(width), Integer.toString(height)).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "skimage finished");
        assertEquals(0, process.exitValue(), "skimage failed: " + log);
        double[] expected = readDoubles(Files.readAllBytes(output));
        assertClose(expected, HogEmbedder.dalalTriggs().embed(grey, width, height),
                "random " + width + "x" + height + " image, seed " + seed);
    }

    private static boolean skimageAvailable() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        try {
            Process process = new ProcessBuilder(PYTHON, "-c", "import skimage.feature")
                    .redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whole numbers (as decoded 8-bit pixels are) or arbitrary reals in 0..255. */
    private static float[] randomImage(Random random, int width, int height, boolean integers) {
        float[] grey = new float[width * height];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = integers ? random.nextInt(256) : random.nextFloat() * 255f;
        }
        return grey;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0.0;
        int worstAt = -1;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            if (!(diff <= worst)) {
                worst = diff;
                worstAt = i;
            }
        }
        if (!(worst <= TOLERANCE)) {
            fail(what + ": max abs difference " + worst + " at " + worstAt + " (expected " + expected[worstAt]
                    + ", got " + actual[worstAt] + ")");
        }
    }

    private static void assertMessage(String expectedPart, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expectedPart), "message '" + e.getMessage() + "' mentions '" + expectedPart + "'");
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
            assertEquals(values[i], floats[i], 0.0, "golden pixels are float32 values");
        }
        return floats;
    }

    private static double[] readDoubles(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[bytes.length / 8];
        buffer.asDoubleBuffer().get(values);
        return values;
    }

    private static byte[] resourceBytes(String path) throws IOException {
        try (InputStream in = HogEmbedderTest.class.getResourceAsStream(path)) {
            assertNotNull(in, "test resource " + path);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toByteArray();
        }
    }

    private static List<String> readLines(String path) throws IOException {
        try (InputStream in = HogEmbedderTest.class.getResourceAsStream(path)) {
            assertNotNull(in, "test resource " + path);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            return lines;
        }
    }
}
