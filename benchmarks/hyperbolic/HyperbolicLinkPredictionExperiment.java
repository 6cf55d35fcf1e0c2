import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;

import dev.grasp.embedding.eval.EdgeSplit;
import dev.grasp.embedding.eval.LinkPrediction;
import dev.grasp.embedding.eval.LinkScorer;
import dev.grasp.embedding.eval.LinkScorers;
import dev.grasp.embedding.fastrp.FastRP;
import dev.grasp.embedding.hyperbolic.HyperbolicRescaler;
import dev.grasp.embedding.hyperbolic.HyperbolicRescalerModel;
import dev.grasp.embedding.hyperbolic.PoincareScorer;
import dev.grasp.graph.Graph;
import dev.grasp.graph.io.GraphReader;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The link-prediction experiment of docs/hyperbolic.md, local[2], run by {@code benchmarks/hyperbolic/experiment.sh}
 * ({@code benchmarks/java.sh benchmarks/hyperbolic/HyperbolicLinkPredictionExperiment.java}). For each dataset and seed: a 10 % edge
 * split ({@link EdgeSplit}), FastRP (defaults, d = 128) on the training graph, then AUC/AP of cosine on the Euclidean
 * vectors and of −d_Poincaré for the unscaled map, the target-radius scale, one fitted global scale and fitted block
 * scales, with radius quantiles. Options (system properties): {@code grasp.experiment.datasets} (cora,wiki-Vote),
 * {@code grasp.experiment.seeds} (3), {@code grasp.experiment.maxIter} (40), {@code grasp.experiment.out}
 * (/tmp/hyperbolic-experiment.md); datasets are read from $GRASP_SHARED_DIR/datasets, else ../shared/datasets.
 */
public final class HyperbolicLinkPredictionExperiment {

  private record Outcome(String dataset, long seed, String variant, double auc, double ap, double[] radius,
      String scales) {}

  public static void main(String[] args) throws IOException {
    SparkSession spark = SparkSession.builder().master(System.getProperty("spark.master", "local[2]"))
        .appName("hyperbolic-link-prediction").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    spark.sparkContext().setCheckpointDir(System.getProperty("java.io.tmpdir") + "/hyperbolic-experiment-checkpoints");
    String[] datasets = System.getProperty("grasp.experiment.datasets", "cora,wiki-Vote").split(",");
    int seeds = Integer.getInteger("grasp.experiment.seeds", 3);
    int maxIter = Integer.getInteger("grasp.experiment.maxIter", 40);
    Path out = Path.of(System.getProperty("grasp.experiment.out", "/tmp/hyperbolic-experiment.md"));
    List<Outcome> all = new ArrayList<>();
    for (String ds : datasets) {
      Graph g = read(spark, ds);
      for (long seed = 1; seed <= seeds; seed++) {
        EdgeSplit.Split split = EdgeSplit.split(g, 0.1, 1.0, seed);
        Dataset<Row> emb = new FastRP().setSeed(seed).embed(split.train())
            .select(col(Graph.ID), col("embedding")).persist(StorageLevel.MEMORY_AND_DISK());
        int d = emb.first().getList(1).size();
        LinkPrediction.Result cos = LinkPrediction.score(split, emb, params(seed, LinkScorers.COSINE, "embedding"));
        all.add(new Outcome(ds, seed, "cosine, Euclidean FastRP", cos.auc(), cos.averagePrecision(),
            null, "-"));
        Files.writeString(out, report(all));
        Dataset<Row> edges = split.train().edges();
        Map<String, Supplier<HyperbolicRescaler>> variants = new LinkedHashMap<>();
        variants.put("Poincaré, unscaled (M = I)", () -> new HyperbolicRescaler().setMode("identity"));
        variants.put("Poincaré, target-radius 2", () -> new HyperbolicRescaler().setMode("target-radius")
            .setBlockSize(d).setTargetRadius(2.0));
        variants.put("Poincaré, fitted global scale", () -> new HyperbolicRescaler().setBlockSize(d));
        variants.put("Poincaré, fitted 8 blocks of 16", () -> new HyperbolicRescaler().setBlockSize(16));
        if (g.numEdges() < 20_000) {
          // K = d parameters make the pair table 3·d doubles per pair: kept to the small graph (2 GB test heap).
          variants.put("Poincaré, fitted diagonal", () -> new HyperbolicRescaler().setBlockType("diagonal"));
        }
        for (Map.Entry<String, Supplier<HyperbolicRescaler>> v : variants.entrySet()) {
          HyperbolicRescalerModel m = v.getValue().get().setTrainingEdges(edges).setSeed(seed).setMaxIter(maxIter)
              .setTargetRadius(2.0).fit(emb);
          Dataset<Row> h = m.transform(emb).persist(StorageLevel.MEMORY_AND_DISK());
          LinkPrediction.Result r = LinkPrediction.score(split, h, params(seed, new PoincareScorer(1.0),
              "hyperbolic"));
          double[] q = h.stat().approxQuantile("radius", new double[] {0.1, 0.5, 0.9}, 0.0);
          double mean = h.agg(avg(col("radius"))).first().getDouble(0);
          all.add(new Outcome(ds, seed, v.getKey(), r.auc(), r.averagePrecision(),
              new double[] {mean, q[0], q[1], q[2]}, summarise(m.getScales())));
          h.unpersist();
          System.out.println(line(all.get(all.size() - 1)));
          Files.writeString(out, report(all));
        }
        emb.unpersist();
      }
    }
    String report = report(all);
    Files.writeString(out, report);
    System.out.println(report);
    spark.stop();
  }

  private static LinkPrediction.Params params(long seed, LinkScorer s, String col) {
    return new LinkPrediction.Params(0.1, 1.0, seed, s, col);
  }

  private static Graph read(SparkSession spark, String ds) {
    String shared = System.getenv("GRASP_SHARED_DIR");
    File root = new File(shared != null && !shared.isBlank() ? shared + "/datasets" : "../shared/datasets");
    String path = new File(root, switch (ds) {
      case "cora" -> "cora/cora.cites";
      case "wiki-Vote" -> "wiki-Vote/wiki-Vote.txt";
      default -> ds;
    }).getPath();
    return GraphReader.with(spark).format("snap").read(path).graph();
  }

  private static String summarise(double[] s) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : s) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return s.length == 1 ? fmt(s[0]) : fmt(min) + "–" + fmt(max);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String line(Outcome o) {
    return o.dataset + " seed " + o.seed + " " + o.variant + ": AUC " + fmt(o.auc) + " AP " + fmt(o.ap)
        + (o.radius == null ? "" : " radius mean " + fmt(o.radius[0]) + " p10/p50/p90 " + fmt(o.radius[1]) + "/"
        + fmt(o.radius[2]) + "/" + fmt(o.radius[3])) + " scales " + o.scales;
  }

  private static String report(List<Outcome> all) {
    StringBuilder sb = new StringBuilder();
    sb.append("| dataset | variant | AUC (mean ± sd) | AP (mean ± sd) | radius mean | radius p10 / p50 / p90 |"
        + " scales (seed 1) |\n|---|---|---|---|---|---|---|\n");
    Map<String, List<Outcome>> groups = new LinkedHashMap<>();
    for (Outcome o : all) {
      groups.computeIfAbsent(o.dataset + "\u0000" + o.variant, k -> new ArrayList<>()).add(o);
    }
    for (List<Outcome> g : groups.values()) {
      Outcome f = g.get(0);
      sb.append("| ").append(f.dataset).append(" | ").append(f.variant).append(" | ")
          .append(ms(g, o -> o.auc)).append(" | ").append(ms(g, o -> o.ap)).append(" | ");
      if (f.radius == null) {
        sb.append("– | – | ");
      } else {
        sb.append(ms(g, o -> o.radius[0])).append(" | ").append(fmt(mean(g, o -> o.radius[1]))).append(" / ")
            .append(fmt(mean(g, o -> o.radius[2]))).append(" / ").append(fmt(mean(g, o -> o.radius[3])))
            .append(" | ");
      }
      sb.append(f.scales).append(" |\n");
    }
    sb.append("\nPer run:\n\n");
    for (Outcome o : all) {
      sb.append("- ").append(line(o)).append('\n');
    }
    return sb.toString();
  }

  private static double mean(List<Outcome> g, java.util.function.ToDoubleFunction<Outcome> f) {
    return g.stream().mapToDouble(f).average().orElse(Double.NaN);
  }

  private static String ms(List<Outcome> g, java.util.function.ToDoubleFunction<Outcome> f) {
    double m = mean(g, f);
    double ss = 0;
    for (Outcome o : g) {
      ss += Math.pow(f.applyAsDouble(o) - m, 2);
    }
    double sd = g.size() > 1 ? Math.sqrt(ss / (g.size() - 1)) : 0;
    return String.format(Locale.ROOT, "%.4f ± %.4f", m, sd);
  }
}
