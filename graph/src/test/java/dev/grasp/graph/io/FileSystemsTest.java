package dev.grasp.graph.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemsTest {

  @Test
  void localPathsAreLocalUnderTheDefaultFileSystem() {
    Configuration local = new Configuration();
    assertTrue(FileSystems.isLocal(new Path("/data/edges.txt"), local));
    assertTrue(FileSystems.isLocal(new Path("relative/edges.txt"), local));
    assertTrue(FileSystems.isLocal(new Path("file:///data/edges.txt"), local));
    assertFalse(FileSystems.isLocal(new Path("hdfs://nn:8020/data/edges.txt"), local));
    assertFalse(FileSystems.isLocal(new Path("s3a://bucket/edges.txt"), local));
    Configuration hdfs = new Configuration();
    hdfs.set("fs.defaultFS", "hdfs://nn:8020");
    assertFalse(FileSystems.isLocal(new Path("/data/edges.txt"), hdfs), "no scheme means the default file system");
    assertTrue(FileSystems.isLocal(new Path("file:/data/edges.txt"), hdfs));
  }

  @Test
  void aLocalPathGetsTheSameKindOfFileSystemAndItWorks(@TempDir java.nio.file.Path dir) throws Exception {
    Configuration conf = new Configuration();
    Path file = new Path(dir.toUri().toString(), "a/b.txt");
    FileSystem fs = FileSystems.of(file, conf);
    // Hadoop's own local file system, whichever class a jar on the class path registers for the scheme (Hive's
    // ProxyLocalFileSystem does, on Spark's class path)
    assertEquals(LocalFileSystem.class, fs.getClass());
    assertNotSame(fs, FileSystems.of(file, conf), "instances are not shared");
    try (FSDataOutputStream out = fs.create(file, false)) {
      out.write("1\t2\n".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("1\t2\n", Files.readString(dir.resolve("a/b.txt")));
    try (InputStream in = FileSystems.of(file, conf).open(file)) {
      assertEquals("1\t2\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    fs.close();
    assertTrue(FileSystems.of(file, conf).exists(file), "closing one instance leaves the others usable");
  }

  @Test
  void aConfiguredLocalImplementationIsRespected(@TempDir java.nio.file.Path dir) throws Exception {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    assertEquals(RawLocalFileSystem.class, FileSystems.of(new Path(dir.toString()), conf).getClass());
  }
}
