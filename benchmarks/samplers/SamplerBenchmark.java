import dev.grasp.graph.Graph;
import dev.grasp.graph.io.GraphReader;
import dev.grasp.sampling.baseline.Samplers;
import dev.grasp.sampling.eval.ComparisonReport;
import dev.grasp.sampling.eval.GraphProfile;
import dev.grasp.sampling.eval.SampleComparison;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Benchmark harness: samples each dataset with each method at each ratio, compares every sample with
 * its original and appends one CSV row per run to {@code <out>/results.csv}; with {@code --plots} also writes each
 * comparison's report directory. Run through {@code benchmarks/samplers/run.sh}
 * ({@code benchmarks/java.sh benchmarks/samplers/SamplerBenchmark.java …}).
 *
 * <p>Arguments: {@code --datasets p1,p2 --ratios 0.5,0.2 --methods random-node,jdd --out DIR [--plots]
 * [--hop-sources 64] [--singular-values 20] [--seed S]}.
 */
public final class SamplerBenchmark {

  public static void main(String[] args) throws IOException {
    List<String> datasets = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    List<String> methods = new ArrayList<>(Samplers.METHODS);
    Path out = Path.of("benchmark-out");
    boolean plots = false;
    int hopSources = 64;
    int singular = 20;
    long seed = 1L;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--datasets" -> datasets = List.of(args[++i].split(","));
        case "--ratios" -> {
          ratios.clear();
          for (String r : args[++i].split(",")) {
            ratios.add(Double.parseDouble(r));
          }
        }
        case "--methods" -> methods = List.of(args[++i].split(","));
        case "--out" -> out = Path.of(args[++i]);
        case "--plots" -> plots = true;
        case "--hop-sources" -> hopSources = Integer.parseInt(args[++i]);
        case "--singular-values" -> singular = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    SparkSession spark = SparkSession.builder().appName("grasp-sampler-benchmark").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Files.createDirectories(out);
    spark.sparkContext().setCheckpointDir(out.resolve("checkpoints").toAbsolutePath().toString());
    Path csv = out.resolve("results.csv");
    if (!Files.exists(csv)) {
      Files.writeString(csv, "dataset,ratio,method,vertices,edges,inDegreeD,outDegreeD,wccD,sccD,hopPlotD,"
          + "clusteringD,singularValuesD,meanD,reciprocityOriginal,reciprocitySample,dcmRelL1,jdmRelL1,"
          + "sampleSeconds,compareSeconds\n");
    }
    SampleComparison cmp = new SampleComparison(new SampleComparison.Settings(hopSources, 50, singular, 20060820L));
    for (String ds : datasets) {
      String name = Path.of(ds).getFileName().toString().replaceAll("\\.txt(\\.gz)?$", "");
      Graph g = GraphReader.with(spark).format("snap").read(ds).graph().persist(StorageLevel.MEMORY_AND_DISK());
      long t0 = System.nanoTime();
      GraphProfile original = cmp.profile(g);
      System.out.printf(Locale.ROOT, "%s: %d vertices, %d edges, profiled in %.1f s%n", name, original.vertices(),
          original.edges(), (System.nanoTime() - t0) / 1e9);
      for (double r : ratios) {
        for (String method : methods) {
          long s0 = System.nanoTime();
          Graph sample = Samplers.create(method, r, seed).sample(g);
          sample = new Graph(sample.vertices().localCheckpoint(true), sample.edges().localCheckpoint(true));
          double sampleSeconds = (System.nanoTime() - s0) / 1e9;
          long c0 = System.nanoTime();
          GraphProfile p = cmp.profile(sample);
          SampleComparison.Result res = cmp.compare(original, p);
          double compareSeconds = (System.nanoTime() - c0) / 1e9;
          String row = String.format(Locale.ROOT,
              "%s,%.2f,%s,%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.1f,%.1f%n", name, r,
              method, res.sampleVertices(), res.sampleEdges(), res.inDegreeD(), res.outDegreeD(), res.wccD(),
              res.sccD(), res.hopPlotD(), res.clusteringD(), res.singularValuesD(), res.meanD(),
              res.reciprocityOriginal(), res.reciprocitySample(), res.dcmRelL1(), res.jdmRelL1(), sampleSeconds,
              compareSeconds);
          Files.writeString(csv, row, StandardOpenOption.APPEND);
          System.out.print(row);
          if (plots) {
            ComparisonReport.write(out.resolve(name + "-" + method + "-" + r), name + " " + method + " r=" + r,
                cmp.settings(), res, original, p);
          }
        }
      }
      g.unpersist();
    }
    spark.stop();
  }
}
