// Times one step of `grasp compare` alone: the top-20 singular values (SampleComparison.singularValues, package-private,
// called by reflection) of the 16M-edge R-MAT of benchmarks/memory/run.sh, in a 1 GiB local[2] JVM. Session 9 used it
// to check the SVD fix (711e452) without the ~37 minutes of profiling that come before that step in a full compare.
//   CP="<jobs jar>:$(cat <classpath file>)"      (as GRASP_JOBS_JAR / GRASP_CLASSPATH_FILE)
//   java -Xmx1g --add-opens=java.base/sun.nio.ch=ALL-UNNAMED … -cp "$CP" benchmarks/memory/SvdStep.java [edges dir]
// The edges directory (Parquet, src/dst) defaults to the one run.sh's `generate` step writes.
import org.apache.spark.sql.*;
import static org.apache.spark.sql.functions.*;
public class SvdStep {
  public static void main(String[] a) throws Exception {
    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.sql.shuffle.partitions", "16")
        .config("spark.sql.adaptive.enabled", "true").config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Dataset<Row> e = spark.read().parquet(a.length > 0 ? a[0] : "/tmp/grasp-bench-mem/rmat20-16/edges").select("src", "dst");
    Dataset<Row> v = e.select(col("src").as("id")).union(e.select(col("dst").as("id"))).distinct();
    dev.grasp.graph.Graph g = dev.grasp.graph.Graph.of(v, e).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    long n = g.numVertices(); long m = g.numEdges();
    System.out.println("n=" + n + " m=" + m);
    var cmp = new dev.grasp.sampling.eval.SampleComparison(dev.grasp.sampling.eval.SampleComparison.Settings.defaults());
    var meth = cmp.getClass().getDeclaredMethod("singularValues", dev.grasp.graph.Graph.class, long.class, long.class);
    meth.setAccessible(true);
    long t0 = System.nanoTime();
    Object sv = meth.invoke(cmp, g, n, m);
    System.out.println("SVD seconds=" + (System.nanoTime() - t0) / 1e9 + " values=" + sv);
    spark.stop();
  }
}
