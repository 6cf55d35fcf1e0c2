package dev.grasp.embedding.amg;

import dev.grasp.graph.util.LineageCutter;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.grasp.embedding.eval.ClusteringMetrics;
import dev.grasp.graph.Graph;
import dev.grasp.graph.stats.LocalGraph;
import dev.grasp.graph.util.DriverLocal;
import dev.grasp.graph.util.DriverRows;
import dev.grasp.graph.util.Parallel;
import dev.grasp.graph.util.ScalaSeq;
import dev.grasp.graph.util.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attributed graph clustering by Bootstrap AMG: builds the augmented graph ({@link AugmentedGraph}), computes
 * Bootstrap-AMG smooth vectors of its Laplacian ({@link BootstrapAmg}), orthonormalises them (a distributed Gram
 * matrix XᵀX, then a pivot-dropping Cholesky factor R on the driver, Q = X R⁻¹) and runs k-means
 * ({@link SeededKMeans}) on each original vertex's block vector [own coordinates | coordinates of its attribute-value
 * vertices], {@code restarts} times, keeping the run of highest modularity on the original graph.
 *
 * <p>Blocks: with at most {@code maxAttributeBlocks} distinct attributes, one block per attribute (the mean of the
 * vertex's values of that attribute, 0 without one); with more (e.g. binary word vectors) one block, the mean over
 * all the vertex's value vertices. Vertices of the augmented graph without any edge get the zero vector.
 *
 * <p>Output ({@link Result#assignments()}): {@code id long, cluster int} for every vertex of the input graph;
 * {@link Result#embedding()}: {@code id long, embedding array<double>}. Cost: see {@link BootstrapAmg}, plus
 * {@code restarts} k-means fits and modularity evaluations.
 *
 * <p>Reference: D'Ambra, Vassilevski, Cutillo, "Extending Bootstrap AMG for clustering of attributed graphs",
 * Appl. Math. Comput. 447 (2023), arXiv:2109.09367.
 */
public final class AmgClustering {

  private static final Logger LOG = LoggerFactory.getLogger(AmgClustering.class);
  private static final String EXACT = "decimal(38,18)";
  public static final String EMBEDDING = "embedding";

  /** Relative modularity gain a later k-means restart needs to replace the kept one. */
  static final double MODULARITY_TOLERANCE = 1e-9;

  private final AmgParams params;

  private AmgClustering(AmgParams params) {
    this.params = params;
  }

  /** A clustering into {@code k} clusters with the default parameters. */
  public static AmgClustering withK(int k) {
    return new AmgClustering(AmgParams.defaults(k));
  }

  /** A clustering with explicit parameters. */
  public static AmgClustering with(AmgParams params) {
    return new AmgClustering(java.util.Objects.requireNonNull(params, "params"));
  }

  public AmgParams params() {
    return params;
  }

  /** One k-means restart: its canonical assignments (built on demand) and their modularity. */
  private record Restart(java.util.function.Supplier<Dataset<Row>> assignments, double modularity) {}

  /** At most this many k-means restarts run at a time. */
  static final int MAX_RESTART_THREADS = 4;

  /** Clusters and diagnostics. */
  public record Result(Dataset<Row> assignments, Dataset<Row> embedding, double modularity, int dimension,
      double[] convergence, double[] smoothRayleigh, List<List<Long>> levelSizes, double[] restartModularity,
      double[] ritzValues, int[] restartIterations) {}

  /**
   * A clustering computed in the driver: {@code cluster[p]} and {@code embedding[p]} belong to {@code ids[p]} (sorted
   * ascending), with the diagnostics of {@link Result}.
   */
  public record Local(long[] ids, int[] cluster, double[][] embedding, double modularity, int dimension,
      double[] convergence, double[] smoothRayleigh, List<List<Long>> levelSizes, double[] restartModularity,
      double[] ritzValues, int[] restartIterations) {

    /** The {@code id, cluster} table's schema. */
    public static final StructType ASSIGNMENTS = new StructType().add(Graph.ID, DataTypes.LongType, false)
        .add(ClusteringMetrics.CLUSTER, DataTypes.IntegerType, false);
    /** The {@code id, embedding} table's schema. */
    public static final StructType EMBEDDINGS = new StructType().add(Graph.ID, DataTypes.LongType, false)
        .add(EMBEDDING, DataTypes.createArrayType(DataTypes.DoubleType, false), false);

    /** The same clustering as DataFrames, rows in id order. */
    public Result toSpark(SparkSession spark) {
      int parts = Math.max(1, spark.sparkContext().defaultParallelism());
      Dataset<Row> assignments = DriverRows.of(spark, new Object[] {ids, cluster}, ids.length, parts, ASSIGNMENTS,
          (data, from, to) -> {
            long[] id = (long[]) data[0];
            int[] c = (int[]) data[1];
            List<InternalRow> out = new ArrayList<>(to - from);
            for (int p = from; p < to; p++) {
              out.add(new GenericInternalRow(new Object[] {id[p], c[p]}));
            }
            return out.iterator();
          });
      Dataset<Row> emb = DriverRows.of(spark, new Object[] {ids, embedding}, ids.length, parts, EMBEDDINGS,
          (data, from, to) -> {
            long[] id = (long[]) data[0];
            double[][] x = (double[][]) data[1];
            List<InternalRow> out = new ArrayList<>(to - from);
            for (int p = from; p < to; p++) {
              out.add(new GenericInternalRow(new Object[] {id[p], UnsafeArrayData.fromPrimitiveArray(x[p])}));
            }
            return out.iterator();
          });
      return new Result(assignments, emb, modularity, dimension, convergence, smoothRayleigh, levelSizes,
          restartModularity, ritzValues, restartIterations);
    }
  }

  /**
   * Clusters an unweighted graph held in the driver by its structure, with no Spark session: the Laplacian of its
   * undirected simple view built in the driver, then {@link DriverClustering}, the steps the Spark path runs once the
   * operator is collected, so both give the same clusters and embedding. Empty when edge weights are asked for
   * ({@code useEdgeWeights}) or the operator is over the driver limits ({@link Hierarchy#fitsDriver}); the caller
   * then runs {@link #run} on Spark.
   */
  public java.util.Optional<Local> runInDriver(LocalGraph g) {
    if (params.useEdgeWeights()) {
      return java.util.Optional.empty();
    }
    DriverClustering.Operator op = DriverClustering.laplacian(g, params);
    if (op == null) {
      return java.util.Optional.empty();
    }
    long[] ids = new long[g.vertices()];
    for (int v = 0; v < ids.length; v++) {
      ids[v] = g.id(v);
    }
    return java.util.Optional.of(DriverClustering.run(params, op.level(), op.comp(), ids,
        labels -> ClusteringMetrics.modularity(g, labels)));
  }

  /**
   * The restart kept: the first of highest modularity. Restarts that found the same partition have the same
   * modularity (integer sums when unweighted; weighted sums are doubles in shuffle order, off in the last bits), so
   * a later one must gain {@link #MODULARITY_TOLERANCE} (relative) to replace the kept one.
   */
  static int bestRestart(double[] mods, int[] iterations) {
    double best = Double.NEGATIVE_INFINITY;
    int bestRestart = -1;
    for (int r = 0; r < mods.length; r++) {
      LOG.info("amg k-means restart {}: {} Lloyd iterations, modularity {}", r, iterations[r], mods[r]);
      if (bestRestart < 0 || mods[r] > best + MODULARITY_TOLERANCE * Math.max(1.0, Math.abs(best))) {
        best = mods[r];
        bestRestart = r;
      }
    }
    return bestRestart;
  }

  /** Clusters {@code g} using its structure only. */
  public Result run(Graph g) {
    return run(g, null);
  }

  /** Clusters {@code g} with categorical {@code attributes} ({@code id, attribute, value}; may be null). */
  public Result run(Graph g, Dataset<Row> attributes) {
    SparkSession spark = g.vertices().sparkSession();
    spark.sparkContext().setJobDescription("amg: augmented graph");
    AugmentedGraph aug = AugmentedGraph.of(g, attributes, params.attributeWeight(), params.useEdgeWeights());
    Dataset<Row> edges = LineageCutter.cutMeasured(aug.edges().filter(col(Graph.WEIGHT).gt(0)));
    DistOperator op0 = DistOperator.fromEntries(laplacian(edges), params.hubDegree());
    Dataset<Row> ids = g.vertices().select(Graph.ID);
    if (op0.size == 0) {
      Dataset<Row> all = ids.select(col(Graph.ID), lit(0).as(ClusteringMetrics.CLUSTER));
      return new Result(all, ids.select(col(Graph.ID), array().cast("array<double>").as(EMBEDDING)), 0.0, 0,
          new double[0], new double[0], List.of(), new double[0], new double[0], new int[0]);
    }
    spark.sparkContext().setJobDescription("amg: components");
    Dataset<Row> comps = components(Graph.fromEdges(edges));
    if (aug.attributeWeight() == 0.0 && Hierarchy.fitsDriver(op0, params)) {
      Local local = inDriver(g, op0, comps);
      if (local != null) {
        return local.toSpark(spark);
      }
    }
    BootstrapAmg.Result smooth = BootstrapAmg.run(spark, op0, comps, params);
    spark.sparkContext().setJobDescription("amg: orthonormalisation");
    Dataset<Row> x = withComponentIndicators(smooth.smooth(), comps, op0.size);
    int width = x.first().getList(1).size();
    Dataset<Row> q = LineageCutter.cutMeasured(orthonormalise(x, width));
    double[] ritzValues = new double[0];
    if (params.ritzDimensions() > 0) {
      spark.sparkContext().setJobDescription("amg: Rayleigh-Ritz");
      Ritz rz = ritz(op0, q, params.ritzDimensions());
      ritzValues = rz.values();
      q = LineageCutter.cutMeasured(rz.vectors());
    }
    int d = q.first().getList(1).size();
    Column zeros = zeros(d);
    Dataset<Row> own = ids.join(q, ScalaSeq.of(Graph.ID), "left")
        .select(col(Graph.ID), coalesce(col(DistOperator.X), zeros).as("own"));
    Features features = blocks(own, aug, q, d);
    KMeansOutcome km = kmeans(g, features.table(), features.width());
    double[] mods = new double[params.restarts()];
    for (int r = 0; r < params.restarts(); r++) {
      mods[r] = km.restarts().get(r).modularity();
    }
    int bestRestart = bestRestart(mods, km.iterations());
    double best = mods[bestRestart];
    Dataset<Row> embedding = own.select(col(Graph.ID), col("own").as(EMBEDDING));
    return new Result(km.restarts().get(bestRestart).assignments().get(), embedding, best, d, smooth.rates(),
        smooth.rayleigh(), smooth.levelSizes(), mods, ritzValues, km.iterations());
  }

  /**
   * The steps after the operator in the driver ({@link DriverClustering}) for a structure-only operator that fits it:
   * the operator and its components collected, modularity in the driver when the graph is unweighted and fits, else
   * on Spark. Null when the graph has more vertices than both {@code coarsestSize} and the driver threshold over 64
   * bytes (the caller stays distributed).
   */
  private Local inDriver(Graph g, DistOperator op0, Dataset<Row> comps) {
    SparkSession spark = g.vertices().sparkSession();
    long maxBytes = DriverLocal.maxBytes(spark);
    LocalGraph local = params.useEdgeWeights() ? null : LocalGraph.collect(g, maxBytes);
    long[] ids;
    if (local != null) {
      ids = new long[local.vertices()];
      for (int v = 0; v < ids.length; v++) {
        ids[v] = local.id(v);
      }
    } else {
      long room = Math.max(params.coarsestSize(), maxBytes / 64);
      List<Row> rows = g.vertices().select(Graph.ID).limit((int) Math.min(Integer.MAX_VALUE - 1L, room + 1))
          .collectAsList();
      if (rows.size() > room) {
        return null;
      }
      ids = rows.stream().mapToLong(r -> r.getLong(0)).sorted().toArray();
    }
    spark.sparkContext().setJobDescription("amg: operator to the driver");
    LocalLevel l0 = Hierarchy.collect(op0);
    int[] comp = BootstrapAmg.aligned(comps, l0.ids);
    long[] all = ids;
    ToDoubleFunction<int[]> modularity = local != null ? labels -> ClusteringMetrics.modularity(local, labels)
        : labels -> {
          List<Row> out = new ArrayList<>(all.length);
          for (int p = 0; p < all.length; p++) {
            out.add(RowFactory.create(all[p], labels[p]));
          }
          return ClusteringMetrics.modularity(g, spark.createDataFrame(out, Local.ASSIGNMENTS),
              params.useEdgeWeights());
        };
    return DriverClustering.run(params, l0, comp, ids, modularity);
  }

  /** Every restart's modularity and a way to its assignments, with the Lloyd iterations each ran. */
  private record KMeansOutcome(List<Restart> restarts, int[] iterations) {}

  /**
   * The {@code restarts} k-means runs ({@link SeededKMeans}) on {@code features} ({@code id, f array<double>}), each
   * with its canonical labels and modularity on {@code g}: in the driver when the table fits
   * {@code spark.grasp.driverLocal.maxBytes} (8 bytes a coordinate and 64 a vertex), else over the Spark table with
   * one job per Lloyd iteration for all restarts. Both give the same bits.
   */
  private KMeansOutcome kmeans(Graph g, Dataset<Row> features, int width) {
    SparkSession spark = g.vertices().sparkSession();
    spark.sparkContext().setJobDescription("amg: k-means input");
    long maxBytes = DriverLocal.maxBytes(spark);
    long room = maxBytes / (8L * width + 64);
    SeededKMeans km = new SeededKMeans(params.k(), params.kmeansMaxIter(), params.seed(), params.restarts());
    List<Row> rows = room == 0 ? null
        : features.limit((int) Math.min(Integer.MAX_VALUE - 1L, room + 1)).collectAsList();
    if (rows != null && rows.size() <= room) {
      return kmeansInDriver(g, km, SeededKMeans.Chunk.of(rows.iterator(), width), maxBytes);
    }
    spark.sparkContext().setJobDescription("amg: k-means");
    JavaRDD<SeededKMeans.Chunk> chunks = SeededKMeans.chunks(features, width);
    List<SeededKMeans.Fit> fits = km.fitSpark(chunks, width);
    StructType schema = new StructType().add(Graph.ID, DataTypes.LongType, false)
        .add(ClusteringMetrics.CLUSTER, DataTypes.IntegerType, false);
    List<java.util.concurrent.Callable<Restart>> runs = new ArrayList<>();
    for (int r = 0; r < fits.size(); r++) {
      double[][] centers = fits.get(r).centers();
      int restart = r;
      runs.add(() -> {
        spark.sparkContext().setJobDescription("amg: k-means restart " + restart + " assignments");
        JavaRDD<Row> labelled = chunks.flatMap(c -> {
          int[] a = SeededKMeans.assign(c, centers);
          List<Row> out = new ArrayList<>(a.length);
          for (int p = 0; p < a.length; p++) {
            out.add(RowFactory.create(c.ids()[p], a[p]));
          }
          return out.iterator();
        });
        Dataset<Row> assign = canonicalLabels(LineageCutter.cutMeasured(spark.createDataFrame(labelled, schema)));
        double mod = ClusteringMetrics.modularity(g, assign, params.useEdgeWeights());
        return new Restart(() -> assign, mod);
      });
    }
    int threads = Math.min(MAX_RESTART_THREADS, Math.max(2, spark.sparkContext().defaultParallelism()));
    List<Restart> done = Parallel.all(threads, runs);
    chunks.unpersist(false);
    return new KMeansOutcome(done, fits.stream().mapToInt(SeededKMeans.Fit::iterations).toArray());
  }

  /** {@link #kmeans} on one driver chunk; modularity in the driver too when the graph is unweighted and fits. */
  private KMeansOutcome kmeansInDriver(Graph g, SeededKMeans km, SeededKMeans.Chunk all, long maxBytes) {
    SparkSession spark = g.vertices().sparkSession();
    List<SeededKMeans.Fit> fits = km.fitLocal(all);
    LocalGraph local = params.useEdgeWeights() ? null : LocalGraph.collect(g, maxBytes);
    int[] position = null;
    if (local != null) {
      long[] ids = new long[local.vertices()];
      for (int v = 0; v < ids.length; v++) {
        ids[v] = local.id(v);
      }
      position = new int[all.size()];
      for (int p = 0; p < all.size() && position != null; p++) {
        position[p] = java.util.Arrays.binarySearch(ids, all.ids()[p]);
        if (position[p] < 0) {
          position = null; // a k-means row the graph lacks: modularity on Spark
        }
      }
      if (position != null && all.size() != ids.length) {
        position = null;
      }
    }
    StructType schema = new StructType().add(Graph.ID, DataTypes.LongType, false)
        .add(ClusteringMetrics.CLUSTER, DataTypes.IntegerType, false);
    List<Restart> done = new ArrayList<>();
    for (SeededKMeans.Fit fit : fits) {
      int[] label = canonical(all.ids(), SeededKMeans.assign(all, fit.centers()));
      java.util.function.Supplier<Dataset<Row>> assign = () -> {
        List<Row> out = new ArrayList<>(label.length);
        for (int p = 0; p < label.length; p++) {
          out.add(RowFactory.create(all.ids()[p], label[p]));
        }
        return spark.createDataFrame(out, schema);
      };
      double mod;
      if (position != null) {
        int[] byPosition = new int[label.length];
        for (int p = 0; p < label.length; p++) {
          byPosition[position[p]] = label[p];
        }
        mod = ClusteringMetrics.modularity(local, byPosition);
      } else {
        mod = ClusteringMetrics.modularity(g, assign.get(), params.useEdgeWeights());
      }
      done.add(new Restart(assign, mod));
    }
    return new KMeansOutcome(done, fits.stream().mapToInt(SeededKMeans.Fit::iterations).toArray());
  }

  /** {@link #canonicalLabels} of driver arrays: clusters renumbered 0, 1, … in the order of their smallest id. */
  static int[] canonical(long[] ids, int[] cluster) {
    java.util.Map<Integer, Long> first = new java.util.HashMap<>();
    for (int p = 0; p < ids.length; p++) {
      first.merge(cluster[p], ids[p], Math::min);
    }
    List<java.util.Map.Entry<Integer, Long>> order = new ArrayList<>(first.entrySet());
    order.sort(java.util.Map.Entry.comparingByValue());
    java.util.Map<Integer, Integer> label = new java.util.HashMap<>();
    for (int c = 0; c < order.size(); c++) {
      label.put(order.get(c).getKey(), c);
    }
    int[] out = new int[ids.length];
    for (int p = 0; p < ids.length; p++) {
      out[p] = label.get(cluster[p]);
    }
    return out;
  }

  /**
   * {@code id, comp}: the weakly connected component of every vertex, labelled by its smallest id — in the driver
   * ({@link LocalGraph}) when the graph fits {@code spark.grasp.driverLocal.maxBytes}, else by GraphX.
   */
  private static Dataset<Row> components(Graph g) {
    SparkSession spark = g.vertices().sparkSession();
    LocalGraph local = LocalGraph.collect(g, DriverLocal.maxBytes(spark));
    if (local == null) {
      return dev.grasp.graph.stats.Components.weak(g)
          .select(col(Graph.ID), col(dev.grasp.graph.stats.Components.COMPONENT).as("comp"));
    }
    long[] label = local.weakComponentLabels();
    List<Row> rows = new ArrayList<>(label.length);
    for (int v = 0; v < label.length; v++) {
      rows.add(RowFactory.create(local.id(v), label[v]));
    }
    return spark.createDataFrame(rows, new StructType().add(Graph.ID, DataTypes.LongType, false)
        .add("comp", DataTypes.LongType, false));
  }

  /**
   * Appends the normalised indicator of every component but the largest that has at least max(2, n/(2k)) vertices
   * (at most k − 1 of them): the smooth vectors are orthogonal to component indicators, so without these a
   * disconnected graph's components could not be told apart; tiny components are left out, which keeps them from
   * taking clusters of their own (the collapse of plain spectral clustering).
   */
  private Dataset<Row> withComponentIndicators(Dataset<Row> x, Dataset<Row> comps, long n) {
    long threshold = Math.max(2L, n / (2L * params.k()));
    List<Row> big = comps.groupBy("comp").agg(functions.count(lit(1)).as("n"))
        .filter(col("n").geq(threshold))
        .orderBy(col("n").desc(), col("comp"))
        .limit(params.k()).collectAsList();
    if (big.size() < 2) {
      return x;
    }
    Column[] extra = new Column[big.size() - 1];
    for (int c = 1; c < big.size(); c++) {
      extra[c - 1] = when(col("comp").equalTo(big.get(c).getLong(0)), lit(1.0 / Math.sqrt(big.get(c).getLong(1))))
          .otherwise(lit(0.0));
    }
    return x.join(comps, Graph.ID)
        .select(col(Graph.ID), concat(col(DistOperator.X), array(extra)).as(DistOperator.X));
  }

  /**
   * Laplacian entries {@code i, j, v} of an undirected weighted edge list (one row per pair). The sums are exact
   * (decimal(38, 18)), hence independent of the order rows meet in a shuffle: the diagonal of a vertex with weights
   * 1 and 0.1 would otherwise differ in its last bits between partitionings, and the matching compares these values.
   */
  static Dataset<Row> laplacian(Dataset<Row> edges) {
    Column w = col(Graph.WEIGHT).cast(EXACT);
    Dataset<Row> all = edges.select(col(Graph.SRC).as("i"), col(Graph.DST).as("j"), functions.negate(w).as("v"))
        .union(edges.select(col(Graph.DST).as("i"), col(Graph.SRC).as("j"), functions.negate(w).as("v")))
        .union(edges.select(col(Graph.SRC).as("i"), col(Graph.SRC).as("j"), w.as("v")))
        .union(edges.select(col(Graph.DST).as("i"), col(Graph.DST).as("j"), w.as("v")));
    return all.groupBy("i", "j").agg(sum("v").cast("double").as("v"));
  }

  /**
   * Renumbers clusters 0, 1, … in the order of their smallest vertex id, so equal partitions get equal labels whatever
   * numbering k-means produced. Input and output {@code id, cluster}; k rows reach the driver.
   */
  static Dataset<Row> canonicalLabels(Dataset<Row> assign) {
    List<Row> firsts = assign.groupBy(ClusteringMetrics.CLUSTER).agg(functions.min(Graph.ID).as("first"))
        .orderBy("first").collectAsList();
    if (firsts.isEmpty()) {
      return assign;
    }
    Column label = null;
    for (int c = 0; c < firsts.size(); c++) {
      Column hit = col(ClusteringMetrics.CLUSTER).equalTo(firsts.get(c).getInt(0));
      label = label == null ? when(hit, lit(c)) : label.when(hit, lit(c));
    }
    return assign.select(col(Graph.ID), label.as(ClusteringMetrics.CLUSTER));
  }

  /**
   * Orthonormal columns spanning the columns of X ({@code id, x array<double>} of width {@code d}): Gram matrix by
   * one distributed aggregation, pivot-dropping Cholesky G = RᵀR on the driver (columns whose remaining norm is
   * below 1e-8 of their own are dropped as dependent), Q = X R⁻¹ as column expressions. Output {@code id, x}.
   */
  static Dataset<Row> orthonormalise(Dataset<Row> x, int d) {
    List<Column> sums = new ArrayList<>();
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        sums.add(sum(element_at(col(DistOperator.X), a + 1).multiply(element_at(col(DistOperator.X), b + 1))));
      }
    }
    Row gr = x.agg(sums.get(0), sums.subList(1, sums.size()).toArray(new Column[0])).first();
    double[][] g = new double[d][d];
    int t = 0;
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        g[a][b] = gr.isNullAt(t) ? 0.0 : gr.getDouble(t);
        g[b][a] = g[a][b];
        t++;
      }
    }
    return times(x, SmallDense.orthonormaliser(g));
  }

  /**
   * Rayleigh–Ritz of the operator on the span of orthonormal columns Q ({@code id, x}): T = Qᵀ(A Q) by one block
   * product and one aggregation, T's eigenvectors U on the driver, and the {@code r} Ritz vectors Q U of smallest Ritz
   * value. Output {@code id, x}.
   */
  /** Ritz vectors ({@code id, x}) and their Ritz values (Rayleigh quotients), smallest first. */
  record Ritz(Dataset<Row> vectors, double[] values) {}

  static Ritz ritz(DistOperator op, Dataset<Row> q, int r) {
    int d = q.first().getList(1).size();
    Dataset<Row> aq = op.multiplyBlock(q, d).withColumnRenamed(DistOperator.X, "ax");
    List<Column> sums = new ArrayList<>();
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        sums.add(sum(element_at(col(DistOperator.X), a + 1).multiply(element_at(col("ax"), b + 1))));
      }
    }
    Row tr = q.join(aq, Graph.ID).agg(sums.get(0), sums.subList(1, sums.size()).toArray(new Column[0])).first();
    double[][] t = new double[d][d];
    int k = 0;
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        t[a][b] = tr.isNullAt(k) ? 0.0 : tr.getDouble(k);
        t[b][a] = t[a][b];
        k++;
      }
    }
    SmallDense.Eigen e = SmallDense.symmetricEigen(t);
    int keep = Math.min(r, e.values().length);
    double[][] u = new double[d][keep];
    for (int i = 0; i < d; i++) {
      System.arraycopy(e.vectors()[i], 0, u[i], 0, keep);
    }
    double[] values = java.util.Arrays.copyOf(e.values(), keep);
    LOG.info("amg Ritz values {}", java.util.Arrays.toString(values));
    return new Ritz(times(q, u), values);
  }

  /** X M for X = {@code id, x array} (width = rows of M) as column expressions; output {@code id, x}. */
  static Dataset<Row> times(Dataset<Row> x, double[][] m) {
    int d = m.length;
    int cols = m[0].length;
    Column[] q = new Column[cols];
    for (int c = 0; c < cols; c++) {
      Column s = lit(0.0);
      for (int l = 0; l < d; l++) {
        if (m[l][c] != 0.0) {
          s = s.plus(element_at(col(DistOperator.X), l + 1).multiply(m[l][c]));
        }
      }
      q[c] = s;
    }
    return x.select(col(Graph.ID), array(q).as(DistOperator.X));
  }

  /** The k-means input {@code id, f array<double>} and the width of every {@code f}. */
  private record Features(Dataset<Row> table, int width) {}

  private Features blocks(Dataset<Row> own, AugmentedGraph aug, Dataset<Row> q, int d) {
    if (aug.attributeWeight() == 0.0) {
      return new Features(own.select(col(Graph.ID), col("own").as("f")), d);
    }
    Dataset<Row> m = aug.memberships().join(q.withColumnRenamed(Graph.ID, AugmentedGraph.VALUE_ID),
        AugmentedGraph.VALUE_ID);
    List<String> attrs = aug.memberships().select(AugmentedGraph.ATTRIBUTE).distinct()
        .orderBy(AugmentedGraph.ATTRIBUTE).as(Encoders.STRING()).collectAsList();
    List<Column> aggs = new ArrayList<>();
    if (attrs.size() <= params.maxAttributeBlocks()) {
      for (String a : attrs) {
        for (int t = 0; t < d; t++) {
          aggs.add(avg(when(col(AugmentedGraph.ATTRIBUTE).equalTo(a), element_at(col(DistOperator.X), t + 1))));
        }
      }
    } else {
      for (int t = 0; t < d; t++) {
        aggs.add(avg(element_at(col(DistOperator.X), t + 1)));
      }
    }
    Dataset<Row> b = m.groupBy(Graph.ID).agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
    Column[] cells = new Column[aggs.size()];
    for (int c = 0; c < cells.length; c++) {
      cells[c] = coalesce(col(b.columns()[c + 1]), lit(0.0));
    }
    Dataset<Row> blocks = b.select(col(Graph.ID), array(cells).as("blk"));
    return new Features(own.join(blocks, ScalaSeq.of(Graph.ID), "left")
        .select(col(Graph.ID), concat(col("own"), coalesce(col("blk"), zeros(cells.length))).as("f")),
        d + cells.length);
  }

  private static Column zeros(int d) {
    if (d == 0) {
      return array().cast("array<double>");
    }
    Column[] z = new Column[d];
    for (int c = 0; c < d; c++) {
      z[c] = lit(0.0);
    }
    return array(z);
  }
}
