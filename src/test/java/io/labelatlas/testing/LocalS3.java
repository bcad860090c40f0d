package io.labelatlas.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;

/**
 * An S3-compatible store for tests: S3Proxy (filesystem backend) in its own JVM, bound to 127.0.0.1 on a free port,
 * with a signature-checking identity. Maven copies its jar to target/s3proxy/s3proxy.jar.
 */
public final class LocalS3 implements AutoCloseable {
  public static final String ACCESS_KEY = "labelatlas-test-access";
  public static final String SECRET_KEY = "labelatlas-test-secret-do-not-log";

  private final Process process;
  private final int port;
  private final Path log;

  private LocalS3(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static LocalS3 start(Path workDir, String... buckets) throws Exception {
    Path jar = Path.of("target/s3proxy/s3proxy.jar");
    Assumptions.assumeTrue(Files.isRegularFile(jar), "skipped: " + jar + " missing (run through Maven)");
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path data = Files.createDirectories(workDir.resolve("s3data"));
    for (String bucket : buckets) Files.createDirectories(data.resolve(bucket));
    Path properties = Files.writeString(workDir.resolve("s3proxy.properties"), String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + data, ""));
    Path log = workDir.resolve("s3proxy.log");
    Process process = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar.toString(),
        "--properties", properties.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    LocalS3 s3 = new LocalS3(process, port, log);
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("S3Proxy exited:\n" + Files.readString(log));
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return s3;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    s3.close();
    throw new IllegalStateException("S3Proxy did not listen on 127.0.0.1:" + port + " within 90 s");
  }

  /** Points S3A at this store; credentials through Hadoop's standard simple provider. */
  public void configure(Configuration conf) {
    conf.set("fs.s3a.endpoint", "http://127.0.0.1:" + port);
    conf.set("fs.s3a.endpoint.region", "us-east-1");
    conf.set("fs.s3a.path.style.access", "true");
    conf.set("fs.s3a.connection.ssl.enabled", "false");
    conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    conf.set("fs.s3a.access.key", ACCESS_KEY);
    conf.set("fs.s3a.secret.key", SECRET_KEY);
    conf.set("fs.s3a.attempts.maximum", "2");
    conf.set("fs.s3a.retry.limit", "2");
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
