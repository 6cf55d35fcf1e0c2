import dev.grasp.embedding.amg.AmgClustering;
import dev.grasp.embedding.amg.AmgParams;
import dev.grasp.embedding.amg.PicBaseline;
import dev.grasp.embedding.eval.ClusteringMetrics;
import dev.grasp.graph.Graph;
import dev.grasp.graph.gen.AttributedSbm;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Bootstrap-AMG clustering vs MLlib PIC on one attributed SBM, same session, same graph (local[2]).
 * Args: nodes blocks meanDegree mixing agreement attributeWeight hierarchies iterations coarsestSize [matchingRounds];
 * hierarchies or iterations 0 = {@code AmgParams}' defaults (10 and 5).
 * Prints one line: "RESULT nodes=… edges=… amg_s=… pic_s=… ratio=… amg_nmi=… pic_nmi=… amg_ari=… pic_ari=… dim=…
 * ritz=[…]" (dim: AMG's smooth vectors; ritz: the Rayleigh quotients of the vectors k-means sees).
 */
public class AmgBench {
  public static void main(String[] a) {
    long nodes = Long.parseLong(a[0]);
    int blocks = Integer.parseInt(a[1]);
    double meanDegree = Double.parseDouble(a[2]);
    double mixing = Double.parseDouble(a[3]);
    double agreement = Double.parseDouble(a[4]);
    double weight = Double.parseDouble(a[5]);
    int hierarchies = Integer.parseInt(a[6]);
    int iterations = Integer.parseInt(a[7]);
    int coarsest = Integer.parseInt(a[8]);
    int rounds = a.length > 9 ? Integer.parseInt(a[9]) : AmgParams.defaults(blocks).matchingRounds();
    SparkSession spark = SparkSession.builder().master("local[2]").appName("amg-bench")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    spark.sparkContext().setCheckpointDir(System.getProperty("java.io.tmpdir") + "/amg-bench-ckpt");
    Graph raw = new AttributedSbm(nodes, blocks, meanDegree, mixing, 1, blocks, agreement, 7L, 8).generate(spark);
    raw.vertices().persist(StorageLevel.MEMORY_AND_DISK());
    raw.edges().persist(StorageLevel.MEMORY_AND_DISK());
    long m = raw.edges().count();
    Graph g = Graph.of(raw.vertices().select("id"), raw.edges());
    Dataset<Row> labels = raw.vertices().selectExpr("id", "block as label");
    Dataset<Row> attrs = raw.vertices().selectExpr("id", "'attr0' as attribute", "cast(attr0 as string) as value");

    long t0 = System.nanoTime();
    Dataset<Row> pic = PicBaseline.run(g, null, 0.0, blocks, 20, "degree", false).localCheckpoint(true);
    double picS = (System.nanoTime() - t0) / 1e9;
    // On stderr (the size's log) at once, so a run stopped during AMG still tells PIC's time.
    System.err.println(String.format(Locale.ROOT, "PHASE nodes=%d edges=%d pic_s=%.1f", nodes, m, picS));

    AmgParams d = AmgParams.defaults(blocks);
    AmgParams p = d.withAttributeWeight(weight)
        .withMaxHierarchies(hierarchies > 0 ? hierarchies : d.maxHierarchies())
        .withIterationsPerHierarchy(iterations > 0 ? iterations : d.iterationsPerHierarchy())
        .withCoarsestSize(coarsest).withRestarts(3).withMatchingRounds(rounds);
    t0 = System.nanoTime();
    AmgClustering.Result r = AmgClustering.with(p).run(g, weight > 0 ? attrs : null);
    Dataset<Row> amg = r.assignments();
    amg.count();
    double amgS = (System.nanoTime() - t0) / 1e9;

    System.out.println(String.format(Locale.ROOT,
        "RESULT nodes=%d edges=%d amg_s=%.1f pic_s=%.1f ratio=%.2f amg_nmi=%.3f pic_nmi=%.3f amg_ari=%.3f pic_ari=%.3f"
            + " dim=%d ritz=%s", nodes, m, amgS, picS, amgS / picS, ClusteringMetrics.nmi(labels, amg),
        ClusteringMetrics.nmi(labels, pic), ClusteringMetrics.ari(labels, amg), ClusteringMetrics.ari(labels, pic),
        r.dimension(), java.util.Arrays.toString(r.ritzValues())));
    spark.stop();
  }
}
