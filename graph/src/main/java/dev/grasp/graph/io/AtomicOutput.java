package dev.grasp.graph.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * An output directory that appears complete or not at all: everything is written below a hidden temporary sibling
 * ({@code .<name>._tmp-<uuid>}) and renamed onto the final path by {@link #commit()}; {@link #close()} without commit
 * deletes the temporary folder. An existing final path is refused unless {@code overwrite}. On HDFS and local file
 * systems the rename is atomic; on object stores (S3) it is a copy — write to HDFS and copy, or accept the window.
 */
public final class AtomicOutput implements AutoCloseable {

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

  /** Starts an output at {@code path}; fails if it exists and {@code overwrite} is false, or if it can't be created. */
  public static AtomicOutput begin(SparkSession spark, String path, boolean overwrite) {
    try {
      Path target = new Path(path);
      FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
      target = fs.makeQualified(target);
      if (fs.exists(target) && !overwrite) {
        throw new IllegalArgumentException(
            "output '" + path + "' already exists; pass --overwrite to replace it");
      }
      Path parent = target.getParent();
      Path temp = new Path(parent, "." + target.getName() + "._tmp-" + UUID.randomUUID());
      if (!fs.mkdirs(temp)) {
        throw new IllegalArgumentException("output '" + path + "' cannot be created (mkdirs failed in " + parent + ")");
      }
      return new AtomicOutput(fs, target, temp, overwrite);
    } catch (IOException e) {
      throw new IllegalArgumentException("output '" + path + "' cannot be created: " + e.getMessage(), e);
    }
  }

  /** The temporary location of {@code child} (write Spark outputs here). */
  public String path(String child) {
    return new Path(temp, child).toString();
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

  /** Moves the finished output onto the final path (replacing an existing one when overwriting). */
  public void commit() {
    try {
      if (fs.exists(target)) {
        if (!overwrite) {
          throw new IllegalStateException("output '" + target + "' appeared while writing; not replaced");
        }
        fs.delete(target, true);
      }
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
