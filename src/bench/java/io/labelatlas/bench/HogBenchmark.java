package io.labelatlas.bench;

import io.labelatlas.embed.HogEmbedder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Crops per second of {@link HogEmbedder#dalalTriggs()} on one thread, over crops that {@code scripts/bench-hog}
 * also times through scikit-image, so both figures come from the same pixels in one run.
 *
 * <p>Reads from DIR: {@code crops.txt} ("count width height"), {@code crops.bin} (the crops, row-major float64
 * little-endian, one after another) and, when present, {@code reference.txt} ("count") with {@code reference.bin},
 * skimage's descriptors of the first crops, to report the largest difference. Prints a human line and a
 * {@code java_crops_per_s=} line for the script. The rate is per core: crops over the thread's CPU time, which a busy
 * machine disturbs less than wall time (also printed).
 */
public final class HogBenchmark {

    private HogBenchmark() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: HogBenchmark DIR [passes]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int[] header = readInts(dir.resolve("crops.txt"), 3);
        int count = header[0];
        int width = header[1];
        int height = header[2];
        double[] all = readDoubles(dir.resolve("crops.bin"));
        if (all.length != (long) count * width * height) {
            throw new IllegalArgumentException("crops.bin holds " + all.length + " values, crops.txt says "
                    + count + " x " + width + " x " + height);
        }
        float[][] crops = new float[count][width * height];
        for (int c = 0; c < count; c++) {
            for (int i = 0; i < width * height; i++) {
                crops[c][i] = (float) all[c * width * height + i];
            }
        }
        HogEmbedder hog = HogEmbedder.dalalTriggs();

        double maxDiff = Double.NaN;
        int checked = 0;
        Path referenceTxt = dir.resolve("reference.txt");
        if (Files.exists(referenceTxt)) {
            checked = readInts(referenceTxt, 1)[0];
            double[] reference = readDoubles(dir.resolve("reference.bin"));
            int dimension = hog.dimension(width, height);
            maxDiff = 0.0;
            for (int c = 0; c < checked; c++) {
                float[] out = hog.embed(crops[c], width, height);
                for (int i = 0; i < dimension; i++) {
                    maxDiff = Math.max(maxDiff, Math.abs(reference[c * dimension + i] - out[i]));
                }
            }
        }

        // Warm-up: let C2 compile the loops before anything is timed.
        long warmUntil = System.nanoTime() + 2_000_000_000L;
        double sink = 0.0;
        while (System.nanoTime() < warmUntil) {
            sink += runPass(hog, crops, width, height);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] cpuSeconds = new double[passes];
        double[] wallSeconds = new double[passes];
        for (int p = 0; p < passes; p++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            sink += runPass(hog, crops, width, height);
            wallSeconds[p] = (System.nanoTime() - wallStart) / 1e9;
            cpuSeconds[p] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        }
        Arrays.sort(cpuSeconds);
        Arrays.sort(wallSeconds);
        double cpu = cpuSeconds[passes / 2];
        double wall = wallSeconds[passes / 2];
        double cropsPerSecond = count / cpu;
        System.out.printf("java HogEmbedder: %d crops %dx%d, one thread, median of %d passes: CPU %.4f s"
                        + " (min %.4f, max %.4f) -> %.1f crops/s per core, %.3f ms/crop; wall %.4f s -> %.1f crops/s%n",
                count, width, height, passes, cpu, cpuSeconds[0], cpuSeconds[passes - 1], cropsPerSecond,
                1000.0 * cpu / count, wall, count / wall);
        if (checked > 0) {
            System.out.printf("java HogEmbedder vs skimage on the first %d crops: max abs difference %.3e%n",
                    checked, maxDiff);
        }
        System.out.printf("java_crops_per_s=%.3f max_abs_diff=%s checksum=%.6g%n", cropsPerSecond,
                checked > 0 ? String.format("%.3e", maxDiff) : "n/a", sink);
    }

    private static double runPass(HogEmbedder hog, float[][] crops, int width, int height) {
        double sum = 0.0;
        for (float[] crop : crops) {
            float[] out = hog.embed(crop, width, height);
            sum += out[out.length / 2];
        }
        return sum;
    }

    private static int[] readInts(Path file, int expected) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] fields = lines.isEmpty() ? new String[0] : lines.get(0).trim().split("\\s+");
        if (fields.length != expected) {
            throw new IllegalArgumentException(file + ": expected " + expected + " integers on the first line");
        }
        int[] values = new int[expected];
        for (int i = 0; i < expected; i++) {
            values[i] = Integer.parseInt(fields[i]);
        }
        return values;
    }

    private static double[] readDoubles(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        double[] values = new double[bytes.length / Double.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
        return values;
    }
}
