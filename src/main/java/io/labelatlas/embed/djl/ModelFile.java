package io.labelatlas.embed.djl;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
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
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * A model file at a user's path, read through Hadoop's FileSystem (a local path, {@code file:}, {@code s3a://} or
 * HDFS alike) and copied once per machine into a local cache named by its sha256, since libtorch loads only local
 * files. Never downloads anything else. Holds the Hadoop configuration in a serializable form so executors can read
 * the same path with the same credentials.
 */
final class ModelFile implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String path;
  private transient Configuration conf;

  ModelFile(String path, Configuration conf) {
    if (path == null || path.isBlank()) throw new IllegalArgumentException("model path is empty");
    this.path = path;
    this.conf = conf;
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
    org.apache.hadoop.fs.Path hadoopPath = new org.apache.hadoop.fs.Path(path);
    FileSystem fs = hadoopPath.getFileSystem(conf);
    FileStatus status;
    try {
      status = fs.getFileStatus(hadoopPath);
    } catch (FileNotFoundException e) {
      throw new IOException("file not found");
    }
    if (status.isDirectory()) throw new IOException("is a directory, not a TorchScript file");
    if (status.getLen() == 0) throw new IOException("file is empty");
    return fs.open(hadoopPath);
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    conf.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    conf = new Configuration(false);
    conf.readFields(in);
  }
}
