package io.labelatlas.ingest.synthetic;

import java.util.Random;

/** Image size, file type, surface texture and colour tint of one synthetic image. */
record Scene(int width, int height, boolean jpeg, Surface surface, float[] tint) {

  /** The surface textures {@link BackgroundTexture} draws. */
  enum Surface {
    BRUSHED,
    GRAIN,
    GRADIENT,
    WOVEN
  }

  static Scene random(Random rnd) {
    boolean square = rnd.nextBoolean();
    boolean jpeg = rnd.nextDouble() < 0.15;
    Surface surface = Surface.values()[rnd.nextInt(Surface.values().length)];
    float[][] tints = {{0.93f, 0.98f, 1.06f}, {1.08f, 1.0f, 0.86f}, {0.9f, 1.04f, 0.94f}, {1.0f, 1.0f, 1.0f}};
    return new Scene(square ? 256 : 320, square ? 256 : 240, jpeg, surface, tints[rnd.nextInt(tints.length)]);
  }

  /** A fixed scene without tint, for the bad inputs. */
  static Scene plain(boolean jpeg, Surface surface) {
    return new Scene(256, 256, jpeg, surface, new float[] {1f, 1f, 1f});
  }
}
