import dev.grasp.embedding.fastrp.FastRP;
import dev.grasp.graph.Graph;
import dev.grasp.graph.gen.RMat;
import java.io.File;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark side of the FastRP benchmark (run by run.sh with Java's single-file launcher): generates an R-MAT graph
 * once (parquet for Spark, "src dst" text for the scipy reference), then times FastRP from reading the parquet edges
 * to a materialised embedding. Args: scale edgeFactor dimension iterations dataDir propagation.
 */
public class FastRPBench {
  public static void main(String[] args) throws Exception {
    int scale = Integer.parseInt(args[0]);
    double edgeFactor = Double.parseDouble(args[1]);
    int d = Integer.parseInt(args[2]);
    int q = Integer.parseInt(args[3]);
    String dir = args[4];
    String propagation = args.length > 5 ? args[5] : FastRP.COLUMNS;
    SparkSession spark = SparkSession.builder().master(System.getProperty("bench.master", "local[2]"))
        .appName("fastrp-bench").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", System.getProperty("bench.partitions", "8"))
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    // -Dbench.conf=k=v,k=v: extra session settings for experiments
    for (String kv : System.getProperty("bench.conf", "").split(",")) {
      if (kv.contains("=")) {
        spark.conf().set(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    spark.sparkContext().setLogLevel("WARN");
    new File(dir).mkdirs();
    spark.sparkContext().setCheckpointDir(dir + "/checkpoints");
    String parquet = dir + "/edges.parquet";
    if (!new File(parquet).exists()) {
      Graph g = RMat.of(scale, edgeFactor, 2019).generate(spark);
      g.edges().select("src", "dst").write().parquet(parquet);
      spark.read().parquet(parquet).coalesce(1).write().option("sep", " ").csv(dir + "/edges.txt");
    }
    Dataset<Row> edges = spark.read().parquet(parquet);
    long m = edges.count();
    double[] weights = new double[q];
    java.util.Arrays.fill(weights, 1.0);
    FastRP f = new FastRP().setDimension(d).setIterationWeights(weights).setNormalizationStrength(-0.5)
        .setPropagation(propagation).setSeed(1);
    long t0 = System.nanoTime();
    Dataset<Row> emb = f.transform(edges);
    long n = emb.count();
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.println(String.format(Locale.ROOT, "SPARK edges=%d nodes=%d d=%d q=%d propagation=%s seconds=%.2f",
        m, n, d, q, propagation, secs));
    spark.stop();
  }
}
