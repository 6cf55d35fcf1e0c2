package dev.grasp.jobs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A MiniDFSCluster (one name node, one data node) as a process of its own, for the CI scripts ({@code .ci/cluster-test}
 * reads the pipeline's input from it):
 *
 * <pre>java -cp … dev.grasp.jobs.MiniHdfsServer BASE_DIR URI_FILE [LOCAL_FILE HDFS_PATH]…</pre>
 *
 * keeps its blocks under {@code BASE_DIR}, copies each {@code LOCAL_FILE} to {@code HDFS_PATH}, then writes the file
 * system's URI ({@code hdfs://localhost:<port>}) to {@code URI_FILE} (written whole: a reader sees it complete or
 * not at all) and serves until it is killed (SIGTERM: the JVM's shutdown stops the nodes).
 */
public final class MiniHdfsServer {

  private MiniHdfsServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length % 2 != 0) {
      System.err.println("usage: MiniHdfsServer BASE_DIR URI_FILE [LOCAL_FILE HDFS_PATH]…");
      System.exit(2);
    }
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, args[0]);
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    FileSystem fs = cluster.getFileSystem();
    for (int i = 2; i + 1 < args.length; i += 2) {
      fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(args[i]), new org.apache.hadoop.fs.Path(args[i + 1]));
    }
    Path uriFile = Path.of(args[1]);
    Path tmp = uriFile.resolveSibling(uriFile.getFileName() + ".tmp");
    Files.writeString(tmp, fs.getUri().toString(), StandardCharsets.UTF_8);
    Files.move(tmp, uriFile, StandardCopyOption.ATOMIC_MOVE);
    Thread.currentThread().join();
  }
}
