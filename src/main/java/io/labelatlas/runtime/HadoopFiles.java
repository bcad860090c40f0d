package io.labelatlas.runtime;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads files on executors through Hadoop's FileSystem, so local paths, {@code file:} and {@code s3a://} URIs work the
 * same, with credentials from Hadoop's standard providers. Holds the Hadoop configuration in a serializable form.
 */
public final class HadoopFiles implements Serializable {
  private static final long serialVersionUID = 1L;
  private transient Configuration conf;

  public HadoopFiles(Configuration conf) {
    this.conf = conf;
  }

  /** A readable file's bytes, or an IOException whose message says why not (missing, too large, unreadable). */
  public byte[] readAll(String path, long maxBytes) throws IOException {
    Path hadoopPath = new Path(path);
    FileSystem fs = hadoopPath.getFileSystem(conf);
    FileStatus status = regularFile(fs, hadoopPath);
    if (status.getLen() > maxBytes) {
      throw new IOException("file is " + status.getLen() + " bytes, over input.max_image_bytes = " + maxBytes);
    }
    try (InputStream in = fs.open(hadoopPath)) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) Math.max(0, status.getLen()));
      in.transferTo(buffer);
      return buffer.toByteArray();
    }
  }

  /** A stream over a non-empty regular file, or an IOException whose message says why not (missing, a folder, empty). */
  public InputStream openNonEmpty(String path) throws IOException {
    Path hadoopPath = new Path(path);
    FileSystem fs = hadoopPath.getFileSystem(conf);
    if (regularFile(fs, hadoopPath).getLen() == 0) throw new IOException("file is empty");
    return fs.open(hadoopPath);
  }

  private static FileStatus regularFile(FileSystem fs, Path hadoopPath) throws IOException {
    FileStatus status;
    try {
      status = fs.getFileStatus(hadoopPath);
    } catch (FileNotFoundException e) {
      throw new IOException("file not found");
    }
    if (status.isDirectory()) throw new IOException("is a directory, not a file");
    return status;
  }

  public boolean exists(String path) throws IOException {
    Path hadoopPath = new Path(path);
    return hadoopPath.getFileSystem(conf).exists(hadoopPath);
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

  /** Writes a UTF-8 text file at a local path (relative: to the working directory) or any Hadoop URI (s3a://). */
  public static void writeText(Configuration conf, String target, String text) throws IOException {
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !target.startsWith("file:")) {
      Path path = new Path(target);
      try (java.io.OutputStream stream = path.getFileSystem(conf).create(path, true)) {
        stream.write(bytes);
      }
      return;
    }
    java.nio.file.Path path = java.nio.file.Path.of(target.replaceFirst("^file:", "")).toAbsolutePath();
    java.nio.file.Files.createDirectories(path.getParent());
    java.nio.file.Files.write(path, bytes);
  }
}
