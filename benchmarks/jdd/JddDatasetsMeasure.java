import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;

import dev.grasp.graph.Graph;
import dev.grasp.graph.stats.DegreeMatrices;
import dev.grasp.graph.stats.Degrees;
import dev.grasp.sampling.jdd.HubAdjustment;
import dev.grasp.sampling.jdd.JddReport;
import dev.grasp.sampling.jdd.JddSample;
import dev.grasp.sampling.jdd.JddSampler;
import java.io.File;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The measurement behind docs/sampling-jdd.md: every shared directed dataset at r = 0.5, 0.2, 0.1 (0.05 too), one
 * markdown row per run, local[2]:
 * {@code benchmarks/java.sh benchmarks/jdd/JddDatasetsMeasure.java [DATASETS_DIR]} (default: $GRASP_SHARED_DIR/datasets,
 * else ../shared/datasets). Exits 1 when a sample does not realise its target.
 */
public final class JddDatasetsMeasure {

  static Graph readSnap(SparkSession spark, File datasets, String relative) {
    Dataset<Row> lines = spark.read().text(new File(datasets, relative).getPath())
        .filter(col("value").startsWith("#").unary_$bang().and(trim(col("value")).notEqual("")));
    Dataset<Row> parts = lines.select(split(trim(col("value")), "\\s+").as("p"));
    Dataset<Row> edges = parts.select(col("p").getItem(0).cast("long").as("src"),
        col("p").getItem(1).cast("long").as("dst"));
    return Graph.fromEdges(edges).persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** The sample's DCM and JDM (recomputed from its edges) and the sampling seconds, for the networkx comparison. */
  private static void writeMatrices(JddSample s, String dir, String name, double secs) {
    try {
      java.nio.file.Path d = java.nio.file.Files.createDirectories(java.nio.file.Path.of(dir));
      Dataset<Row> deg = Degrees.of(s.graph());
      StringBuilder dcm = new StringBuilder("inDegree,outDegree,count\n");
      for (Row r : DegreeMatrices.dcm(deg).collectAsList()) {
        dcm.append(r.getLong(0)).append(',').append(r.getLong(1)).append(',').append(r.getLong(2)).append('\n');
      }
      StringBuilder jdm = new StringBuilder("srcOutDegree,dstInDegree,count\n");
      for (Row r : DegreeMatrices.jdm(s.graph(), deg).collectAsList()) {
        jdm.append(r.getLong(0)).append(',').append(r.getLong(1)).append(',').append(r.getLong(2)).append('\n');
      }
      java.nio.file.Files.writeString(d.resolve(name + "-dcm.csv"), dcm);
      java.nio.file.Files.writeString(d.resolve(name + "-jdm.csv"), jdm);
      java.nio.file.Files.writeString(d.resolve(name + "-spark.txt"), String.format(Locale.ROOT, "%.3f%n", secs));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void main(String[] args) {
    String shared = System.getenv("GRASP_SHARED_DIR");
    File datasets = new File(args.length > 0 ? args[0]
        : shared != null && !shared.isBlank() ? shared + "/datasets" : "../shared/datasets");
    SparkSession spark = SparkSession.builder().master(System.getProperty("spark.master", "local[2]"))
        .appName("jdd-datasets-measure").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    spark.sparkContext().setCheckpointDir(System.getProperty("java.io.tmpdir") + "/jdd-measure-checkpoints");
    boolean allRealised = true;
    String[] sets = System.getenv("GRASP_MEASURE_SETS") != null ? System.getenv("GRASP_MEASURE_SETS").split(",")
        : new String[] {"wiki-Vote/wiki-Vote.txt", "p2p-Gnutella08/p2p-Gnutella08.txt",
            "email-Eu-core/email-Eu-core.txt"};
    double[] ratios = System.getenv("GRASP_MEASURE_RATIOS") != null
        ? java.util.Arrays.stream(System.getenv("GRASP_MEASURE_RATIOS").split(",")).mapToDouble(Double::parseDouble)
            .toArray()
        : new double[] {0.5, 0.2, 0.1, 0.05};
    StringBuilder table = new StringBuilder();
    table.append("| dataset | r | |V| | |E| | |V'| | |E'| | nnz DCM/JDM | nnz DCM'/JDM' | = target | KS in | KS out "
        + "| DCM rel-L1 target / orig | JDM rel-L1 target / orig | blocks | repairs | hubs | stub moves "
        + "| JDM cells off ≥1 | outside support | s |\n");
    table.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (String set : sets) {
      Graph g = readSnap(spark, datasets, set);
      for (double r : ratios) {
        long t0 = System.nanoTime();
        JddSample s = new JddSampler().setRatio(r).setSeed(7).sample(g);
        double secs = (System.nanoTime() - t0) / 1e9;
        JddReport p = s.report();
        long hubNodes = p.rescaling().hubs().stream().mapToLong(HubAdjustment::count).sum();
        table.append(String.format(Locale.ROOT,
            "| %s | %.2f | %d | %d | %d | %d | %d/%d | %d/%d | %s | %.4f | %.4f | %.4f / %.4f | %.4f / %.4f | %d | %d "
                + "| %d cls (%d nodes) | %d | %d | %d | %.1f |\n",
            set.substring(0, set.indexOf('/')), r, p.sizes().numVertices(), p.sizes().numEdges(), p.sizes().sampleVertices(),
            p.sizes().sampleEdges(), p.sizes().nnzDcm(), p.sizes().nnzJdm(), p.sizes().nnzDcmSample(), p.sizes().nnzJdmSample(),
            p.check().constructedEqualsTarget() && p.check().sampleSelfLoops() == 0 && p.check().sampleDuplicateEdges() == 0 ? "yes" : "NO",
            p.fidelity().ksIn(), p.fidelity().ksOut(), p.fidelity().dcmRelL1Target(), p.fidelity().dcmRelL1Original(), p.fidelity().jdmRelL1Target(), p.fidelity().jdmRelL1Original(),
            p.construction().blocksBuilt(), p.construction().repairs(), p.rescaling().hubs().size(), hubNodes, p.rescaling().stubMoves().size(),
            p.rescaling().jdmCellsOffByOneOrMore(), p.rescaling().jdmEdgesOutsideSupport(), secs));
        System.out.println("JDD " + set + " r=" + r + " report: " + p.toJson().replace('\n', ' '));
        String out = System.getenv("GRASP_MEASURE_OUT");
        if (out != null) {
          writeMatrices(s, out, set.substring(0, set.indexOf('/')) + "-r" + r, secs);
        }
        if (!p.check().constructedEqualsTarget()) {
          System.err.println("JDD " + set + " r=" + r + ": the sample does not realise its target");
          allRealised = false;
        }
        s.graph().unpersist();
      }
      g.unpersist();
    }
    System.out.println("JDD-TABLE\n" + table);
    spark.stop();
    if (!allRealised) {
      System.exit(1);
    }
  }
}
