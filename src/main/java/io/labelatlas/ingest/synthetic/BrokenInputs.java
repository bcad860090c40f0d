package io.labelatlas.ingest.synthetic;

import io.labelatlas.ingest.Box;
import io.labelatlas.ingest.synthetic.SyntheticManifest.Row;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The five deliberately bad inputs that follow the good images, each with true label
 * {@value SyntheticDefectSet#BAD_INPUT}: a zero-byte file, a truncated JPEG, a text file named {@code .png}, a box
 * entirely outside its image and a zero-area box.
 */
final class BrokenInputs {

  private BrokenInputs() {}

  /** Writes the bad files as {@code img_NNNNN} from {@code firstNumber} on and returns their manifest rows. */
  static List<Row> write(Path images, int firstNumber, Random rnd) throws IOException {
    List<Row> rows = new ArrayList<>();
    int n = firstNumber;

    Path empty = DefectImage.path(images, n++, false);
    Files.write(empty, new byte[0]);
    rows.add(new Row(empty, new Box(40, 40, 90, 80), "stain", SyntheticDefectSet.BAD_INPUT));

    Scene jpegScene = Scene.plain(true, Scene.Surface.GRAIN);
    float[] canvas = BackgroundTexture.draw(jpegScene, rnd);
    Patch scratch = DefectPainter.draw("scratch", rnd, 200, 200);
    scratch.addTo(canvas, 256, 30, 30);
    byte[] full = ImageEncoder.encode(canvas, jpegScene);
    Path truncated = DefectImage.path(images, n++, true);
    Files.write(truncated, Arrays.copyOf(full, full.length * 3 / 5));
    rows.add(new Row(truncated, new Box(30, 30, 30 + scratch.width, 30 + scratch.height), "scratch",
        SyntheticDefectSet.BAD_INPUT));

    Path text = DefectImage.path(images, n++, false);
    Files.writeString(text, "This is a text file, not an image.\n", StandardCharsets.US_ASCII);
    rows.add(new Row(text, new Box(10, 10, 60, 60), "pit", SyntheticDefectSet.BAD_INPUT));

    Scene plain = Scene.plain(false, Scene.Surface.GRADIENT);
    Path outside = DefectImage.path(images, n++, false);
    Files.write(outside, ImageEncoder.encode(BackgroundTexture.draw(plain, rnd), plain));
    rows.add(new Row(outside, new Box(270, 100, 310, 140), "crack", SyntheticDefectSet.BAD_INPUT));

    Path flat = DefectImage.path(images, n, false);
    Files.write(flat, ImageEncoder.encode(BackgroundTexture.draw(plain, rnd), plain));
    rows.add(new Row(flat, new Box(120, 60, 120, 110), "inclusion", SyntheticDefectSet.BAD_INPUT));
    return rows;
  }
}
