package io.labelatlas.embed.djl;

import io.labelatlas.runtime.HadoopFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;

/**
 * A model file at a user's path, read through Hadoop's FileSystem (a local path, {@code file:}, {@code s3a://} or
 * HDFS alike) and copied once per machine into a local cache named by its sha256, since libtorch loads only local
 * files. Never downloads anything else. Executors read the same path with the same credentials through
 * {@link HadoopFiles}.
 */
final class ModelFile implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String path;
  private final HadoopFiles files;

  ModelFile(String path, Configuration conf) {
    if (path == null || path.isBlank()) throw new IllegalArgumentException("model path is empty");
    this.path = path;
    this.files = new HadoopFiles(conf);
  }

  String path() {
    return path;
  }

  /** The sha256 of the file's bytes, read once from its source (on the driver, to key the embeddings cache). */
  String sha256() {
    try (InputStream in = open()) {
      MessageDigest digest = sha256Digest();
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) >= 0; ) digest.update(buffer, 0, n);
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new IllegalArgumentException("embed.model_path: cannot read model file " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The local copy {@code <cacheDir>/models/<sha256>.pt}, copied on first use. The copy is checked against
   * {@code expectedSha256}, so a file replaced at its path after the job started fails instead of silently giving
   * vectors that the embeddings table would file under the old model.
   */
  Path localCopy(Path cacheDir, String expectedSha256) {
    Path target = cacheDir.resolve("models").resolve(expectedSha256 + ".pt");
    if (Files.isRegularFile(target)) return target;
    Path temporary = null;
    try {
      Files.createDirectories(target.getParent());
      temporary = Files.createTempFile(target.getParent(), expectedSha256 + ".", ".part");
      MessageDigest digest = sha256Digest();
      try (InputStream in = new DigestInputStream(open(), digest);
          OutputStream out = Files.newOutputStream(temporary)) {
        in.transferTo(out);
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(expectedSha256)) {
        throw new IllegalStateException("model file " + path + " changed after the job started: sha256 " + actual
            + ", expected " + expectedSha256);
      }
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } catch (IOException e) {
      throw new IllegalStateException("cannot copy model file " + path + " to the local cache " + target + ": "
          + e.getMessage(), e);
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
          // A leftover .part file is harmless: the next copy uses a new temporary name.
        }
      }
    }
  }

  private InputStream open() throws IOException {
    return files.openNonEmpty(path);
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
