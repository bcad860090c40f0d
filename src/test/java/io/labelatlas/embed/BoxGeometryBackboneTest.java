package io.labelatlas.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.config.ConfigException;
import io.labelatlas.ingest.CropBox;
import io.labelatlas.ingest.CropPixels;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The box-size control and the box geometry part: numbers from the box, none from the pixels. */
class BoxGeometryBackboneTest {
  private static CropPixels crop(CropBox box) {
    return new CropPixels(2, 2, 1, new byte[4], box);
  }

  @Test
  void sizeIsTheLogOfTheBoxSidesAndGeometryAddsTheRelativeCentre() {
    CropBox box = CropBox.of(10, 20, 50, 30, 200, 100);   // 40 x 10, centre (30, 25)
    assertArrayEquals(new float[] {(float) Math.log(40), (float) Math.log(10)},
        new BoxGeometryBackbone(false).embed(List.of(crop(box))).get(0));
    assertArrayEquals(new float[] {(float) Math.log(40), (float) Math.log(10), 0.15f, 0.25f},
        new BoxGeometryBackbone(true).embed(List.of(crop(box))).get(0), 1e-6f);
    CropBox whole = CropBox.of(null, null, null, null, 64, 32);
    assertArrayEquals(new float[] {(float) Math.log(64), (float) Math.log(32), 0.5f, 0.5f},
        new BoxGeometryBackbone(true).embed(List.of(crop(whole))).get(0), 1e-6f);
  }

  @Test
  void theKeyIgnoresCropSettingsAndACropWithoutABoxIsRefused() {
    assertEquals("box(log_width,log_height,impl=1)", new BoxGeometryBackbone(false).preprocessing());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new BoxGeometryBackbone(false).embed(List.of(new CropPixels(2, 2, 1, new byte[4]))));
    assertEquals("box_size needs each crop's box; this crop carries none", e.getMessage());
  }

  @Test
  void jobSettingsFuseBackbonesButAtMostOneDeepOne() {
    String input = "input: {kind: folders, path: /data}\n";
    var embed = JobConfigLoader.fromYaml(input + "embed: {backbone: [hog, box_geometry]}\n", List.of()).config()
        .embed();
    assertEquals(List.of("hog", "box_geometry"), embed.backbones());
    assertEquals("hog+box_geometry", embed.backbone());
    ConfigException twoDeep = assertThrows(ConfigException.class, () -> JobConfigLoader.fromYaml(input
        + "embed: {backbone: [resnet50, torchscript], model_path: m.pt, dimension: 8}\n", List.of()));
    assertEquals("job text: 'embed.backbone' fuses [resnet50, torchscript]: at most one deep backbone per job (the embed "
        + "section holds one model_path); fuse it with hog, box_size or box_geometry", twoDeep.getMessage());
    ConfigException twice = assertThrows(ConfigException.class, () -> JobConfigLoader.fromYaml(input
        + "embed: {backbone: [hog, hog]}\n", List.of()));
    assertEquals("job text: 'embed.backbone' = [hog, hog]: name one backbone, or several different ones to fuse",
        twice.getMessage());
    ConfigException unknown = assertThrows(ConfigException.class, () -> JobConfigLoader.fromYaml(input
        + "embed: {backbone: [hog, sift]}\n", List.of()));
    assertEquals("job text: 'embed.backbone' = 'sift' is not one of [hog, resnet50, vit_b16, torchscript, box_size, "
        + "box_geometry]", unknown.getMessage());
  }
}
