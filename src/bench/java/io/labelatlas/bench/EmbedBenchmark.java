package io.labelatlas.bench;

import io.labelatlas.config.JobConfig;
import io.labelatlas.embed.EmbeddingStage;
import io.labelatlas.embed.djl.DeepBackboneSettings;
import io.labelatlas.embed.djl.DjlBackbone;
import io.labelatlas.embed.djl.ImageNetPreprocessing;
import io.labelatlas.ingest.Box;
import io.labelatlas.ingest.CropPixels;
import io.labelatlas.ingest.CropResult;
import io.labelatlas.ingest.CropSettings;
import io.labelatlas.ingest.ImageDecoder;
import io.labelatlas.ingest.MarginCropper;
import io.labelatlas.runtime.SparkSessions;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The Spark side of {@code scripts/bench-embed}: images/s of {@link EmbeddingStage} with a TorchScript backbone on
 * local[THREADS], batch 32, over N crops of 224 x 224 (NEU-DET defect boxes cut as the crop stage cuts them, or seeded
 * random crops without ../shared). Writes the crops (RGB, uint8) and the vectors of the first pass into WORK for the
 * Python peer, which runs the same TorchScript on the same crops.
 *
 * With LAYERS (comma-separated {@code embed.layers} of a model exported by {@code scripts/export-layers}; DIMENSION
 * 0) the backbone pools those layers with {@code mean_std} instead.
 *
 * <pre>java ... io.labelatlas.bench.EmbedBenchmark WORK N MODEL DIMENSION NEU_DET_DIR PASSES THREADS [LAYERS]</pre>
 */
public final class EmbedBenchmark {
  private static final int SIZE = 224;
  private static final int BATCH = 32;
  private static final List<String> NEU_CLASSES =
      List.of("crazing", "inclusion", "patches", "pitted_surface", "rolled-in_scale", "scratches");
  private static final Pattern BOX = Pattern.compile(
      "<xmin>\\s*(\\d+)\\s*</xmin>\\s*<ymin>\\s*(\\d+)\\s*</ymin>\\s*<xmax>\\s*(\\d+)\\s*</xmax>\\s*"
          + "<ymax>\\s*(\\d+)\\s*</ymax>");

  private EmbedBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 7 && args.length != 8) {
      System.err.println("usage: EmbedBenchmark WORK N MODEL DIMENSION NEU_DET_DIR PASSES THREADS [LAYERS]");
      System.exit(2);
    }
    Path work = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    String model = args[2];
    int dimension = Integer.parseInt(args[3]);
    Path neu = Path.of(args[4]);
    int passes = Integer.parseInt(args[5]);
    int threads = Integer.parseInt(args[6]);
    io.labelatlas.embed.djl.LayerPooling layers = args.length < 8 ? null : new io.labelatlas.embed.djl.LayerPooling(
        List.of(args[7].split(",")), io.labelatlas.embed.djl.LayerPooling.Pooling.MEAN_STD);

    List<CropPixels> crops = Files.isDirectory(neu.resolve("annotations")) ? neuCrops(neu, n) : randomCrops(n);
    String source = Files.isDirectory(neu.resolve("annotations"))
        ? "NEU-DET boxes (margin crops, 224x224)" : "seeded random 224x224 crops";
    writeRgb(crops, work.resolve("crops.u8"));

    SparkSession spark = SparkSessions.forJob(new JobConfig.SparkConfig("local[" + threads + "]", threads,
        Map.of("spark.sql.shuffle.partitions", Integer.toString(threads))), "bench-embed");
    spark.sparkContext().setLogLevel("ERROR");
    StructType schema = new StructType()
        .add("crop_id", DataTypes.StringType).add("width", DataTypes.IntegerType)
        .add("height", DataTypes.IntegerType).add("channels", DataTypes.IntegerType)
        .add("pixels", DataTypes.BinaryType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < crops.size(); i++) {
      CropPixels c = crops.get(i);
      rows.add(RowFactory.create(String.format(Locale.ROOT, "%06d", i), c.width(), c.height(), c.channels(),
          c.pixels()));
    }
    // One partition per core, built and cached before timing: the timed part is the embedding stage alone.
    Dataset<Row> frame = spark.createDataFrame(rows, schema).repartition(threads)
        .persist(StorageLevel.MEMORY_ONLY());
    frame.count();

    long loadStart = System.nanoTime();
    DjlBackbone backbone = DjlBackbone.open(new DeepBackboneSettings("torchscript", model, dimension,
        new ImageNetPreprocessing(ImageNetPreprocessing.Mode.RESIZE, SIZE), "auto", threads, null, layers), "bench",
        spark.sparkContext().hadoopConfiguration());
    double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
    // Warm-up: TorchScript's profiling executor optimises a graph over its first runs; the Python peer warms up too.
    EmbeddingStage.embed(frame.limit(2 * BATCH * threads), backbone, BATCH, null).count();

    double[] seconds = new double[passes];
    for (int p = 0; p < passes; p++) {
      long start = System.nanoTime();
      long count = EmbeddingStage.embed(frame, backbone, BATCH, null).count();
      seconds[p] = (System.nanoTime() - start) / 1e9;
      if (count != crops.size()) throw new IllegalStateException("embedded " + count + " of " + crops.size());
    }
    // The same backbone called directly on the driver, one thread, no Spark: what the stage adds on top of DJL.
    double[] directSeconds = new double[passes];
    for (int p = 0; p < passes; p++) {
      long start = System.nanoTime();
      for (int from = 0; from < crops.size(); from += BATCH) {
        backbone.embed(crops.subList(from, Math.min(crops.size(), from + BATCH)));
      }
      directSeconds[p] = (System.nanoTime() - start) / 1e9;
    }
    Map<String, float[]> vectors = EmbeddingStage.embed(frame, backbone, BATCH, null).collectAsMap();
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
        Files.newOutputStream(work.resolve("java_vectors.f32"))))) {
      ByteBuffer buffer = ByteBuffer.allocate(4 * backbone.dimension()).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < crops.size(); i++) {
        buffer.clear();
        buffer.asFloatBuffer().put(vectors.get(String.format(Locale.ROOT, "%06d", i)));
        out.write(buffer.array());
      }
    }
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    double median = sorted[passes / 2];
    System.out.printf(Locale.ROOT, "crops: %d x %s%n", crops.size(), source);
    System.out.printf(Locale.ROOT, "LabelAtlas Spark embed stage (local[%d], DJL %s, batch %d, %d intra-op threads, "
            + "device %s): model load %.1f s; median of %d passes %.2f s (min %.2f, max %.2f) -> %.2f images/s%n",
        threads, ai.djl.engine.Engine.getDjlVersion() + " / PyTorch "
            + ai.djl.engine.Engine.getEngine("PyTorch").getVersion(), BATCH, threads, backbone.device().deviceName(),
        loadSeconds, passes, median, sorted[0], sorted[passes - 1], crops.size() / median);
    Arrays.sort(directSeconds);
    double direct = directSeconds[passes / 2];
    System.out.printf(Locale.ROOT, "the same DjlBackbone called directly (no Spark, one calling thread, preprocessing "
            + "included): median %.2f s -> %.2f images/s; Spark stage / direct = %.3f%n", direct,
        crops.size() / direct, direct / median);
    System.out.printf(Locale.ROOT, "java_images_per_s=%.4f%n", crops.size() / median);
    spark.stop();
  }

  private static List<CropPixels> neuCrops(Path neu, int n) throws Exception {
    List<CropPixels> out = new ArrayList<>();
    for (int i = 1; out.size() < n; i++) {
      for (String name : NEU_CLASSES) {
        if (out.size() == n) break;
        Path xml = neu.resolve("annotations").resolve(name).resolve(name + "_" + i + ".xml");
        Matcher m = BOX.matcher(Files.readString(xml));
        if (!m.find()) throw new IllegalStateException("no box in " + xml);
        Box box = Box.fromVoc(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
        Path image = neu.resolve("images").resolve(name).resolve(name + "_" + i + ".jpg");
        CropResult crop = MarginCropper.cut(ImageDecoder.decode(Files.readAllBytes(image), image.toString()), box,
            CropSettings.DEFAULTS);
        if (crop.rejection() != null) throw new IllegalStateException(image + ": " + crop.rejection());
        out.add(CropPixels.of(crop.raster()));
      }
    }
    return out;
  }

  private static List<CropPixels> randomCrops(int n) {
    Random random = new Random(20241123);
    List<CropPixels> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] pixels = new byte[SIZE * SIZE * 3];
      random.nextBytes(pixels);
      out.add(new CropPixels(SIZE, SIZE, 3, pixels));
    }
    return out;
  }

  /** N x 224 x 224 x 3 bytes, grey crops expanded to RGB, as the Python peer reads them. */
  private static void writeRgb(List<CropPixels> crops, Path file) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      for (CropPixels crop : crops) {
        if (crop.width() != SIZE || crop.height() != SIZE) throw new IllegalStateException("crop is not 224x224");
        if (crop.channels() == 3) {
          out.write(crop.pixels());
        } else {
          byte[] rgb = new byte[SIZE * SIZE * 3];
          for (int i = 0; i < SIZE * SIZE; i++) {
            rgb[3 * i] = crop.pixels()[i];
            rgb[3 * i + 1] = crop.pixels()[i];
            rgb[3 * i + 2] = crop.pixels()[i];
          }
          out.write(rgb);
        }
      }
    }
  }
}
