package dev.grasp.embedding.amg;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.grasp.graph.Graph;
import dev.grasp.graph.util.LineageCutter;
import dev.grasp.graph.util.Seeds;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bootstrap AMG smooth vectors of a symmetric positive semi-definite operator (the Laplacian of the augmented graph).
 * Hierarchy 1 is built from w = 1; after each new hierarchy the composite solver (one V-cycle of every hierarchy so
 * far, in order) runs {@code iterationsPerHierarchy} times on A x = 0 from a seeded random x; the normalised iterate —
 * the error the solver cannot remove — is the next smooth vector and guides the next hierarchy. The null space of a
 * Laplacian is spanned by the indicators of its connected components: they are projected out after every iteration
 * (otherwise every smooth vector converges to a mix of component indicators, and small components swamp the
 * embedding).
 *
 * <p>Output: {@code id long, x array<double>} (one entry per hierarchy, unit 2-norm), one row per vertex of the
 * operator. Cost: Σ_{h≤H} h·iterationsPerHierarchy V-cycles (quadratic in H, as in the authors' method) plus H
 * coarsenings; everything runs on the driver when the operator fits it ({@link Hierarchy#fitsDriver}: at most
 * {@code coarsestSize} rows and the driver's entry budget).
 *
 * <p>Reference: D'Ambra, Cutillo, Vassilevski, "Bootstrap AMG for spectral clustering", Comput. Math. Methods 1
 * (2019); Brandt, Brannick, Kahl, Livshits, "Bootstrap AMG", SIAM J. Sci. Comput. 33 (2011).
 */
final class BootstrapAmg {

  private static final Logger LOG = LoggerFactory.getLogger(BootstrapAmg.class);

  /**
   * Smooth vectors plus diagnostics: per hierarchy, its composite convergence rate, the Rayleigh quotient xᵀAx / xᵀx of
   * its smooth vector (small = smooth; the random start's is about the mean diagonal) and its level sizes.
   */
  record Result(Dataset<Row> smooth, int dimension, double[] rates, double[] rayleigh, List<List<Long>> levelSizes) {}

  private BootstrapAmg() {}

  static Result run(SparkSession spark, DistOperator op0, Dataset<Row> comps, AmgParams params) {
    boolean driver = Hierarchy.fitsDriver(op0, params);
    LOG.info("amg operator: {} vertices, {} entries; driver limits {} vertices, {} entries: {}", op0.size,
        op0.entryCount(), params.coarsestSize(), Hierarchy.driverEntryBudget(params),
        driver ? "all levels on the driver" : "distributed finest level");
    if (driver) {
      return runLocal(spark, Hierarchy.collect(op0), comps, params);
    }
    return runDistributed(spark, op0, comps, params);
  }

  /** Smooth vectors computed in the driver: {@code smooth[c][k]} is entry k (of {@code l0.ids}) of vector c. */
  record Local(double[][] smooth, double[] rates, double[] rayleigh, List<List<Long>> levelSizes) {}

  private static Result runLocal(SparkSession spark, LocalLevel l0, Dataset<Row> comps, AmgParams params) {
    long[] ids = l0.ids;
    Local local = smoothLocal(l0, aligned(comps, ids), params);
    int n = ids.length;
    int d = local.smooth().length;
    List<Row> rows = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      Double[] v = new Double[d];
      for (int c = 0; c < d; c++) {
        v[c] = local.smooth()[c][k];
      }
      rows.add(RowFactory.create(ids[k], v));
    }
    StructType schema = new StructType().add(Graph.ID, DataTypes.LongType, false)
        .add(DistOperator.X, DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    return new Result(spark.createDataFrame(rows, schema), d, local.rates(), local.rayleigh(), local.levelSizes());
  }

  /** The smooth vectors of a driver operator; {@code comp} is each row's component index ({@link #aligned}). */
  static Local smoothLocal(LocalLevel l0, int[] comp, AmgParams params) {
    long[] ids = l0.ids;
    int n = ids.length;
    List<Hierarchy> hs = new ArrayList<>();
    List<double[]> smooth = new ArrayList<>();
    List<List<Long>> sizes = new ArrayList<>();
    double[] rates = new double[params.maxHierarchies()];
    double[] rayleigh = new double[params.maxHierarchies()];
    double[] w = new double[n];
    java.util.Arrays.fill(w, 1.0);
    for (int h = 1; h <= params.maxHierarchies(); h++) {
      Hierarchy hier = Hierarchy.buildLocal(l0, w, Seeds.hash(params.seed(), h), params);
      hs.add(hier);
      sizes.add(hier.sizes());
      double[] x = new double[n];
      for (int k = 0; k < n; k++) {
        x[k] = Seeds.uniform(params.seed(), h, ids[k]) - 0.5;
      }
      project(x, comp);
      double a0 = aNorm(l0, x);
      for (int it = 0; it < params.iterationsPerHierarchy(); it++) {
        for (Hierarchy each : hs) {
          x = each.vcycleLocal(0, null, x);
        }
        project(x, comp);
      }
      double aEnd = aNorm(l0, x);
      double rate = a0 > 0 ? Math.pow(aEnd / a0, 1.0 / params.iterationsPerHierarchy()) : 0.0;
      rates[h - 1] = rate;
      rayleigh[h - 1] = rayleigh(aEnd, norm(x));
      w = normalise(x);
      smooth.add(w);
      LOG.info("amg hierarchy {}: levels {}, {} coarse driver entries (finest: {}), composite convergence {}", h,
          hier.sizes(), hier.ownDriverEntries(), l0.a.values().length, rate);
      if (rate < params.convergenceRatio()) {
        break;
      }
    }
    int d = smooth.size();
    return new Local(smooth.toArray(new double[0][]), java.util.Arrays.copyOf(rates, d),
        java.util.Arrays.copyOf(rayleigh, d), sizes);
  }

  private static Result runDistributed(SparkSession spark, DistOperator op0, Dataset<Row> comps, AmgParams params) {
    LineageCutter cutter = new LineageCutter(spark, params.checkpointInterval());
    List<Hierarchy> hs = new ArrayList<>();
    List<List<Long>> sizes = new ArrayList<>();
    double[] rates = new double[params.maxHierarchies()];
    double[] rayleigh = new double[params.maxHierarchies()];
    Dataset<Row> w = op0.rows.select(col(Graph.ID), lit(1.0).as(DistOperator.X));
    Dataset<Row> all = op0.rows.select(col(Graph.ID), array().cast("array<double>").as(DistOperator.X));
    int d = 0;
    int round = 0;
    for (int h = 1; h <= params.maxHierarchies(); h++) {
      spark.sparkContext().setJobDescription("amg hierarchy " + h + ": coarsening");
      Hierarchy hier = Hierarchy.buildDistributed(op0, w, Seeds.hash(params.seed(), h), params);
      hs.add(hier);
      sizes.add(hier.sizes());
      Dataset<Row> x = op0.rows.select(col(Graph.ID),
          Seeds.uniform(params.seed(), lit((long) h), col(Graph.ID)).minus(0.5).as(DistOperator.X));
      x = project(x, comps);
      double a0 = aNorm(op0, x);
      for (int it = 1; it <= params.iterationsPerHierarchy(); it++) {
        spark.sparkContext().setJobDescription("amg hierarchy " + h + ": composite iteration " + it);
        for (Hierarchy each : hs) {
          x = each.vcycle(0, null, x);
        }
        x = cutter.maybeCut(project(x, comps), ++round);
      }
      double aEnd = aNorm(op0, x);
      double rate = a0 > 0 ? Math.pow(aEnd / a0, 1.0 / params.iterationsPerHierarchy()) : 0.0;
      rates[h - 1] = rate;
      Row nr = x.agg(sum(col(DistOperator.X).multiply(col(DistOperator.X)))).first();
      double norm = nr.isNullAt(0) ? 0.0 : Math.sqrt(nr.getDouble(0));
      rayleigh[h - 1] = rayleigh(aEnd, norm);
      w = LineageCutter.cutMeasured(x.select(col(Graph.ID), (norm > 0 ? col(DistOperator.X).divide(norm) : col(DistOperator.X))
          .as(DistOperator.X)));
      Dataset<Row> wa = w.select(col(Graph.ID), col(DistOperator.X).as("nx"));
      all = LineageCutter.cutMeasured(all.join(wa, Graph.ID)
          .select(col(Graph.ID), concat(col(DistOperator.X), array(col("nx"))).as(DistOperator.X)));
      d++;
      LOG.info("amg hierarchy {}: levels {}, composite convergence {}", h, hier.sizes(), rate);
      if (rate < params.convergenceRatio()) {
        break;
      }
    }
    return new Result(all, d, java.util.Arrays.copyOf(rates, d), java.util.Arrays.copyOf(rayleigh, d), sizes);
  }

  /** Component index (0..C−1, in order of first appearance) aligned with sorted {@code ids}. */
  static int[] aligned(Dataset<Row> comps, long[] ids) {
    long[] comp = new long[ids.length];
    for (Row r : comps.select(Graph.ID, "comp").collectAsList()) {
      int k = java.util.Arrays.binarySearch(ids, r.getLong(0));
      if (k >= 0) {
        comp[k] = r.getLong(1);
      }
    }
    java.util.Map<Long, Integer> index = new java.util.HashMap<>();
    int[] out = new int[ids.length];
    for (int k = 0; k < ids.length; k++) {
      out[k] = index.computeIfAbsent(comp[k], c -> index.size());
    }
    return out;
  }

  static void project(double[] x, int[] comp) {
    int c = 0;
    for (int v : comp) {
      c = Math.max(c, v + 1);
    }
    double[] s = new double[c];
    int[] n = new int[c];
    for (int k = 0; k < x.length; k++) {
      s[comp[k]] += x[k];
      n[comp[k]]++;
    }
    for (int k = 0; k < x.length; k++) {
      x[k] -= s[comp[k]] / n[comp[k]];
    }
  }

  static Dataset<Row> project(Dataset<Row> x, Dataset<Row> comps) {
    Dataset<Row> xc = x.join(comps, Graph.ID);
    Dataset<Row> mean = xc.groupBy("comp").agg(avg(DistOperator.X).as("mean"));
    return LineageCutter.cutMeasured(xc.join(mean, "comp")
        .select(col(Graph.ID), col(DistOperator.X).minus(col("mean")).as(DistOperator.X)));
  }

  static double aNorm(LocalLevel a, double[] x) {
    double[] ax = a.multiply(x);
    double s = 0.0;
    for (int k = 0; k < x.length; k++) {
      s += x[k] * ax[k];
    }
    return Math.sqrt(Math.max(0.0, s));
  }

  static double aNorm(DistOperator a, Dataset<Row> x) {
    Row r = a.multiply(x).withColumnRenamed(DistOperator.X, "ax").join(x, Graph.ID)
        .agg(sum(col("ax").multiply(col(DistOperator.X)))).first();
    return r.isNullAt(0) ? 0.0 : Math.sqrt(Math.max(0.0, r.getDouble(0)));
  }

  /** xᵀAx / xᵀx from ‖x‖_A and ‖x‖₂ (0 for the zero vector). */
  static double rayleigh(double aNorm, double norm) {
    return norm > 0 ? (aNorm / norm) * (aNorm / norm) : 0.0;
  }

  private static double norm(double[] x) {
    double s = 0.0;
    for (double v : x) {
      s += v * v;
    }
    return Math.sqrt(s);
  }

  private static double[] normalise(double[] x) {
    double norm = norm(x);
    double[] out = x.clone();
    if (norm > 0) {
      for (int k = 0; k < out.length; k++) {
        out[k] /= norm;
      }
    }
    return out;
  }
}
