package dev.grasp.graph.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output directory that appears complete or not at all: everything is written below a hidden temporary sibling
 * ({@code .<name>._tmp-<uuid>}) and renamed onto the final path by {@link #commit()}; {@link #close()} without commit
 * deletes the temporary folder. An existing final path is refused unless {@code overwrite}. On HDFS and local file
 * systems the rename is atomic; on object stores (S3) it is a copy — write to HDFS and copy, or accept the window.
 *
 * <p>A driver killed with {@code kill -9} never runs {@link #close()} and leaves its temporary folder behind. Each
 * temporary folder therefore holds an owner file ({@value #OWNER_FILE}: {@code pid@host} of the driver, removed
 * before the rename), and {@link #begin} deletes the temporary folders of the same output whose owner is a process
 * of <em>this</em> host that no longer runs. Folders of a live process, of another host, or without an owner file
 * are left alone: a concurrent writer of the same output is never disturbed (a reused pid only keeps a stale folder).
 */
public final class AtomicOutput implements AutoCloseable {

  /** Name of the owner file inside a temporary folder. */
  public static final String OWNER_FILE = "_grasp-owner";

  private static final Logger LOG = LoggerFactory.getLogger(AtomicOutput.class);

  private final FileSystem fs;
  private final Path target;
  private final Path temp;
  private final boolean overwrite;
  private boolean committed;

  private AtomicOutput(FileSystem fs, Path target, Path temp, boolean overwrite) {
    this.fs = fs;
    this.target = target;
    this.temp = temp;
    this.overwrite = overwrite;
  }

  /**
   * Starts an output at {@code path}; fails if it exists and {@code overwrite} is false, or if it can't be created.
   * Removes the temporary folders that killed drivers of this host left for the same output first.
   */
  public static AtomicOutput begin(SparkSession spark, String path, boolean overwrite) {
    return begin(spark.sparkContext().hadoopConfiguration(), path, overwrite);
  }

  /** {@link #begin(SparkSession, String, boolean)} with the file systems of {@code conf}, no session needed. */
  public static AtomicOutput begin(Configuration conf, String path, boolean overwrite) {
    try {
      Path target = new Path(path);
      FileSystem fs = FileSystems.of(target, conf);
      target = fs.makeQualified(target);
      if (fs.exists(target) && !overwrite) {
        throw new IllegalArgumentException(
            "output '" + path + "' already exists; pass --overwrite to replace it");
      }
      Path parent = target.getParent();
      try {
        removeStale(fs, target);
      } catch (IOException e) {
        // Best effort: a folder that cannot be listed or removed must not stop this run (mkdirs below decides).
        LOG.warn("could not clean temporary folders of killed writers of {}: {}", target, e.toString());
      }
      Path temp = new Path(parent, "." + target.getName() + "._tmp-" + UUID.randomUUID());
      if (!fs.mkdirs(temp)) {
        throw new IllegalArgumentException("output '" + path + "' cannot be created (mkdirs failed in " + parent + ")");
      }
      try (OutputStream out = fs.create(new Path(temp, OWNER_FILE), true)) {
        out.write(owner().getBytes(StandardCharsets.UTF_8));
      }
      return new AtomicOutput(fs, target, temp, overwrite);
    } catch (IOException e) {
      throw new IllegalArgumentException("output '" + path + "' cannot be created: " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the temporary folders of {@code target} whose owner file names a process of this host that is not
   * running; returns the deleted folders.
   */
  static List<Path> removeStale(FileSystem fs, Path target) throws IOException {
    List<Path> removed = new ArrayList<>();
    Path parent = target.getParent();
    String host = localHost();
    if (parent == null || host == null || !fs.exists(parent)) {
      return removed;
    }
    String prefix = "." + target.getName() + "._tmp-";
    for (FileStatus st : fs.listStatus(parent)) {
      if (!st.isDirectory() || !st.getPath().getName().startsWith(prefix)) {
        continue;
      }
      Path ownerFile = new Path(st.getPath(), OWNER_FILE);
      String owner;
      try (InputStream in = fs.open(ownerFile)) {
        owner = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        continue; // no owner file (older writer, or killed before writing it): not provably stale
      }
      int at = owner.indexOf('@');
      if (at <= 0 || !owner.substring(at + 1).equals(host)) {
        continue;
      }
      long pid;
      try {
        pid = Long.parseLong(owner.substring(0, at));
      } catch (NumberFormatException e) {
        continue;
      }
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        continue;
      }
      LOG.info("removing the temporary folder of a killed writer (pid {} on {}): {}", pid, host, st.getPath());
      if (fs.delete(st.getPath(), true)) {
        removed.add(st.getPath());
      }
    }
    return removed;
  }

  /** {@code pid@host} of this JVM, as written into the owner file. */
  static String owner() {
    String host = localHost();
    return ProcessHandle.current().pid() + "@" + (host == null ? "unknown-host" : host);
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return null; // without a host name no folder is provably ours: cleanup is skipped
    }
  }

  /** The temporary location of {@code child} (write Spark outputs here); {@code ""} is the output folder itself. */
  public String path(String child) {
    return child.isEmpty() ? temp.toString() : new Path(temp, child).toString();
  }

  /** The final path (for messages and reports). */
  public String finalPath() {
    return target.toString();
  }

  /** Writes a small UTF-8 text file below the temporary folder. */
  public void writeText(String child, String content) {
    try (OutputStream out = fs.create(new Path(temp, child), true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + child + " below " + temp + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes one small UTF-8 file so that readers see the old content or the new, never a part: a hidden sibling
   * {@code .<name>.tmp} is written, then renamed onto {@code file} (on HDFS and local file systems a rename within a
   * folder is atomic; the old file is deleted just before it).
   */
  public static void writeFile(FileSystem fs, Path file, String content) throws IOException {
    Path dir = file.getParent();
    if (dir != null) {
      fs.mkdirs(dir);
    }
    Path tmp = new Path(dir, "." + file.getName() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    fs.delete(file, false);
    if (!fs.rename(tmp, file)) {
      fs.delete(tmp, false);
      throw new IOException("rename " + tmp + " -> " + file + " failed");
    }
  }

  /** Moves the finished output onto the final path (replacing an existing one when overwriting). */
  public void commit() {
    try {
      if (fs.exists(target)) {
        if (!overwrite) {
          throw new IllegalStateException("output '" + target + "' appeared while writing; not replaced");
        }
        fs.delete(target, true);
      }
      fs.delete(new Path(temp, OWNER_FILE), false);
      if (!fs.rename(temp, target)) {
        throw new IllegalStateException("rename " + temp + " -> " + target + " failed");
      }
      committed = true;
    } catch (IOException e) {
      throw new IllegalStateException("cannot commit output " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (!committed) {
      try {
        fs.delete(temp, true);
      } catch (IOException e) {
        // Nothing more to do: the temporary folder is hidden and named as such.
      }
    }
  }
}
