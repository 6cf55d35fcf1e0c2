package dev.grasp.graph.io;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The Hadoop file system of a path, as {@link Path#getFileSystem} gives it, except that a local path ({@code file:},
 * or no scheme while the default file system is local) gets a {@link LocalFileSystem} opened directly.
 *
 * <p>That is Hadoop's own local file system (checksummed, the settings of {@code conf}), which {@code getFileSystem}
 * returns too unless a jar registers another class for the scheme (Hive's {@code ProxyLocalFileSystem}, a wrapper of
 * it, does on Spark's class path). What it skips is Hadoop's file-system cache, whose key is the current user: its
 * first lookup logs the user in through JAAS and starts Hadoop's user metrics, about 0.3 s of a driver-only run's 2 s
 * on a 2-core machine. A configuration that names its own {@code fs.file.impl} gets {@code getFileSystem}'s answer.
 * The instance returned is not shared: closing it closes nothing else, and nothing closes it at exit, so a caller
 * that needs {@link FileSystem#deleteOnExit} takes {@code getFileSystem}'s cached instance instead.
 */
public final class FileSystems {

  private static final URI LOCAL = URI.create("file:///");

  private FileSystems() {}

  /** The file system {@code path} lives on, under {@code conf}. */
  public static FileSystem of(Path path, Configuration conf) throws IOException {
    if (isLocal(path, conf) && conf.get("fs.file.impl") == null) {
      LocalFileSystem fs = new LocalFileSystem();
      fs.initialize(LOCAL, conf);
      return fs;
    }
    return path.getFileSystem(conf);
  }

  /** Whether {@code path} names a local file: scheme {@code file}, or none while the default file system is local. */
  static boolean isLocal(Path path, Configuration conf) {
    String scheme = path.toUri().getScheme();
    if (scheme == null) {
      scheme = FileSystem.getDefaultUri(conf).getScheme();
    }
    return "file".equalsIgnoreCase(scheme);
  }
}
