package io.labelatlas.embed.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.embed.HogBackbone;
import io.labelatlas.embed.djl.ImageNetPreprocessing.Mode;
import io.labelatlas.ingest.Box;
import io.labelatlas.ingest.CropPixels;
import io.labelatlas.ingest.CropResult;
import io.labelatlas.ingest.CropSettings;
import io.labelatlas.ingest.ImageDecoder;
import io.labelatlas.ingest.MarginCropper;
import io.labelatlas.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real ImageNet-trained MobileNetV2 in {@code ../shared/models/mobilenet_v2_imagenet} (see
 * {@code ../shared/data/README.md}), run through {@link DjlBackbone} with our preprocessing: the classifier variant
 * names the two sample photos as PyTorch does, and the 1,280-d features separate NEU-DET's six defect classes
 * (leave-one-out 1-NN accuracy) far better than chance and better than HOG on the same crops. Skipped where ../shared
 * is absent.
 */
@Tag("shared-data")
class MobileNetV2ImageNetTest {
  static final List<String> NEU_CLASSES =
      List.of("crazing", "inclusion", "patches", "pitted_surface", "rolled-in_scale", "scratches");
  private static final int IMAGES_PER_CLASS = 20;
  private static final Pattern BOX = Pattern.compile(
      "<xmin>\\s*(\\d+)\\s*</xmin>\\s*<ymin>\\s*(\\d+)\\s*</ymin>\\s*<xmax>\\s*(\\d+)\\s*</xmax>\\s*"
          + "<ymax>\\s*(\\d+)\\s*</ymax>");

  static Path models;

  @BeforeAll
  static void requireModel() {
    models = SharedData.root().resolve("models").resolve("mobilenet_v2_imagenet");
    Assumptions.assumeTrue(Files.isRegularFile(models.resolve("mobilenet_v2_imagenet_features_ts.pt")),
        "skipped: " + models + " is absent (the real model lives in ../shared)");
  }

  static DjlBackbone mobileNet(String file, int dimension, Mode mode) {
    return DjlBackbone.open(new DeepBackboneSettings("torchscript", models.resolve(file).toString(), dimension,
        new ImageNetPreprocessing(mode, 224), "auto", 0, null, null), "crop(test)", new Configuration());
  }

  @Test
  void classifierNamesTheSamplePhotosAsPyTorchDoes() throws Exception {
    DjlBackbone classifier = mobileNet("mobilenet_v2_imagenet_float_ts.pt", 1000, Mode.CENTER_CROP);
    List<String> words = Files.readAllLines(models.resolve("words.txt"));
    List<float[]> logits = classifier.embed(List.of(photo("image.png"), photo("dog.jpg")));
    assertTopClass("image.png", logits.get(0), words, "Eskimo dog, husky", 0.34);
    assertTopClass("dog.jpg", logits.get(1), words, "Samoyed, Samoyede", 0.85);
  }

  private static CropPixels photo(String name) throws Exception {
    return CropPixels.of(ImageDecoder.decode(Files.readAllBytes(models.resolve(name)), name));
  }

  private static void assertTopClass(String photo, float[] logits, List<String> words, String expected,
      double pytorchProbability) {
    int best = 0;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < logits.length; i++) {
      if (logits[i] > max) {
        max = logits[i];
        best = i;
      }
    }
    double sum = 0;
    for (float logit : logits) sum += Math.exp(logit - max);
    double probability = 1 / sum;
    System.out.printf(Locale.ROOT, "%s: top-1 '%s' p=%.3f%n", photo, words.get(best), probability);
    assertEquals(expected, words.get(best), photo);
    // PyTorch's top-1 probability on the same photo (README); JPEG decoders may differ by a pixel value here and there.
    assertEquals(pytorchProbability, probability, 0.05, photo + " top-1 probability");
  }

  @Test
  void featuresSeparateNeuDetClassesBetterThanHog() throws Exception {
    Path neu = SharedData.require("neu-det");
    List<CropPixels> crops = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int label = 0; label < NEU_CLASSES.size(); label++) {
      String name = NEU_CLASSES.get(label);
      for (int n = 1; n <= IMAGES_PER_CLASS; n++) {
        crops.add(neuCrop(neu, name, n));
        labels.add(label);
      }
    }
    DjlBackbone features = mobileNet("mobilenet_v2_imagenet_features_ts.pt", 1280, Mode.RESIZE);
    List<float[]> deep = new ArrayList<>();
    for (int from = 0; from < crops.size(); from += 32) {
      deep.addAll(features.embed(crops.subList(from, Math.min(crops.size(), from + 32))));
    }
    assertEquals(1280, deep.get(0).length);
    List<float[]> hog = new HogBackbone(224, "crop(test)").embed(crops);
    double deepAccuracy = leaveOneOutNearestNeighbour(deep, labels);
    double hogAccuracy = leaveOneOutNearestNeighbour(hog, labels);
    System.out.printf(Locale.ROOT, "NEU-DET %d crops, leave-one-out 1-NN accuracy: MobileNetV2 %.3f, HOG %.3f, "
        + "chance %.3f%n", crops.size(), deepAccuracy, hogAccuracy, 1.0 / NEU_CLASSES.size());
    assertTrue(deepAccuracy >= 3.0 / NEU_CLASSES.size(), "MobileNetV2 accuracy " + deepAccuracy + " vs chance");
    assertTrue(deepAccuracy > hogAccuracy, "MobileNetV2 " + deepAccuracy + " vs HOG " + hogAccuracy);
  }

  /** The first box of NEU-DET image {@code <name>_<n>.jpg}, cut as the crop stage cuts it (margin, 224 square). */
  static CropPixels neuCrop(Path neu, String name, int n) throws Exception {
    String xml = Files.readString(neu.resolve("annotations").resolve(name).resolve(name + "_" + n + ".xml"));
    Matcher m = BOX.matcher(xml);
    assertTrue(m.find(), "no box in " + name + "_" + n + ".xml");
    Box box = Box.fromVoc(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
        Integer.parseInt(m.group(4)));
    Path image = neu.resolve("images").resolve(name).resolve(name + "_" + n + ".jpg");
    CropResult crop = MarginCropper.cut(ImageDecoder.decode(Files.readAllBytes(image), image.toString()), box,
        CropSettings.DEFAULTS);
    assertTrue(crop.rejection() == null, image + ": " + crop.rejection());
    return CropPixels.of(crop.raster());
  }

  /** Fraction of points whose nearest other point (cosine distance) has the same label. */
  static double leaveOneOutNearestNeighbour(List<float[]> vectors, List<Integer> labels) {
    int n = vectors.size();
    double[][] unit = new double[n][];
    for (int i = 0; i < n; i++) {
      float[] v = vectors.get(i);
      double norm = 0;
      for (float x : v) norm += (double) x * x;
      norm = Math.sqrt(norm);
      unit[i] = new double[v.length];
      for (int j = 0; j < v.length; j++) unit[i][j] = norm == 0 ? 0 : v[j] / norm;
    }
    int correct = 0;
    for (int i = 0; i < n; i++) {
      int nearest = -1;
      double best = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        if (j == i) continue;
        double dot = 0;
        for (int k = 0; k < unit[i].length; k++) dot += unit[i][k] * unit[j][k];
        if (dot > best) {
          best = dot;
          nearest = j;
        }
      }
      if (labels.get(nearest).equals(labels.get(i))) correct++;
    }
    return (double) correct / n;
  }
}
