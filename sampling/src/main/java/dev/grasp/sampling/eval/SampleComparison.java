package dev.grasp.sampling.eval;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.bitwise_not;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.sum;

import dev.grasp.graph.DriverCopy;
import dev.grasp.graph.Graph;
import dev.grasp.graph.linalg.BitOr;
import dev.grasp.graph.stats.Clustering;
import dev.grasp.graph.stats.Components;
import dev.grasp.graph.stats.DegreeMatrices;
import dev.grasp.graph.stats.Degrees;
import dev.grasp.graph.stats.Distributions;
import dev.grasp.graph.stats.Ks;
import dev.grasp.graph.stats.LocalGraph;
import dev.grasp.graph.stats.Reciprocity;
import dev.grasp.graph.util.LineageCutter;
import dev.grasp.graph.util.Seeds;
import dev.grasp.graph.util.DenseIndex;
import dev.grasp.graph.util.DriverLocal;
import dev.grasp.graph.util.PackedPairs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.linalg.SingularValueDecomposition;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.distributed.CoordinateMatrix;
import org.apache.spark.mllib.linalg.distributed.MatrixEntry;
import org.apache.spark.mllib.linalg.distributed.RowMatrix;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a sample graph with its original on the criteria of Leskovec &amp; Faloutsos, "Sampling from Large Graphs"
 * (KDD 2006), each as a two-sample Kolmogorov–Smirnov D on normalised distributions, so graphs of different sizes
 * compare:
 * <ul>
 *   <li>in-degree and out-degree distributions (isolated vertices included, degree 0);</li>
 *   <li>WCC and SCC size distributions (over components; GraphX);</li>
 *   <li>hop-plot, approximated by exact directed BFS (iterative frontier joins, 64 sources a pass as the bits of a
 *       mask) from {@code hopSources} seeded sources — the vertices with the smallest u(seed, id) — over the
 *       distances of the reachable (source, vertex) pairs, h = 1..{@code maxHops};</li>
 *   <li>clustering coefficient vs degree: C_d (mean local clustering of the vertices of undirected degree d ≥ 2)
 *       read as a mass over d;</li>
 *   <li>top-k singular values of the 0/1 adjacency matrix (MLlib {@code RowMatrix.computeSVD} on a
 *       {@code CoordinateMatrix}, evaluation only) read as a mass over the rank, both spectra cut to the shorter.</li>
 * </ul>
 * plus reciprocity (both values and |difference|) and the relative L1 errors of the DCM and the JDM,
 * rel-L1 = Σ|X' − s·X| / (s·ΣX), with s = |V'|/|V| for the DCM (a vertex count) and s = |E'|/|E| for the JDM (an edge
 * count), so each measures the shape of its matrix. The mean D is over the seven KS statistics.
 *
 * <p>A {@link GraphProfile} is computed once per graph (reuse the original's for many samples). Cost per graph:
 * degrees, DCM, JDM, reciprocity and clustering O(|E|^1.5) at worst; WCC/SCC O(|E| · diameter) Pregel supersteps;
 * BFS O(⌈hopSources / 64⌉ · |E|) per round over at most {@code maxHops} rounds; SVD O(k · |E|) per ARPACK iteration.
 */
public final class SampleComparison {

  private static final Logger LOG = LoggerFactory.getLogger(SampleComparison.class);
  private static final long SALT_SOURCES = 11L;
  /**
   * BFS sources run together: one bit of a {@code long} mask each. Sign bit included: masks are only ANDed, ORed,
   * shifted and summed where their bits are disjoint (no carry, so no overflow even under ANSI mode).
   */
  static final int SOURCES_PER_PASS = Long.SIZE;
  /** Edges per partition of the BFS's edge table and of the SVD's entries, as the triangle listing sizes its wedges. */
  private static final double EDGES_PER_PARTITION = 2_000_000;
  private static final long MAX_PARTITIONS = 100_000;

  /**
   * Whether self-loops take part in both graphs' profiles (degrees, components, clustering, hop plot, singular values).
   * {@link #forMethod} gives the policy a sampler's output is compared under by default.
   */
  public enum SelfLoops {
    /** Self-loops count, as the graphs hold them. */
    KEEP,
    /** Both graphs are compared without their self-loops (vertices stay). */
    DROP;

    /**
     * The policy matching what a sampler preserves: the jdd sampler's target is the simple graph (its DCM and JDM
     * are the self-loop-free input's), so a jdd sample is compared without self-loops; the other samplers keep the
     * original's self-loops among the vertices they take, so theirs are compared with them.
     */
    public static SelfLoops forMethod(String method) {
      return "jdd".equalsIgnoreCase(method) ? DROP : KEEP;
    }
  }

  /**
   * {@code g} without its self-loops (same vertices). A graph read in the driver keeps a driver copy, filtered the same
   * way, so its profile reads the arrays instead of collecting the filtered DataFrame.
   */
  public static Graph withoutSelfLoops(Graph g) {
    Graph out = new Graph(g.vertices(), g.edges().filter(col(Graph.SRC).notEqual(col(Graph.DST))));
    return DriverCopy.of(g).map(c -> DriverCopy.attach(out, withoutSelfLoops(c))).orElse(out);
  }

  /** A graph held in the driver without its self-loops (same vertices; weights follow their edges). */
  public static DriverCopy withoutSelfLoops(DriverCopy g) {
    int n = 0;
    for (int e = 0; e < g.edgeCount(); e++) {
      n += g.src()[e] != g.dst()[e] ? 1 : 0;
    }
    long[] src = new long[n];
    long[] dst = new long[n];
    double[] w = g.weight() == null ? null : new double[n];
    int k = 0;
    for (int e = 0; e < g.edgeCount(); e++) {
      if (g.src()[e] != g.dst()[e]) {
        src[k] = g.src()[e];
        dst[k] = g.dst()[e];
        if (w != null) {
          w[k] = g.weight()[e];
        }
        k++;
      }
    }
    return new DriverCopy(g.ids(), src, dst, w);
  }

  /**
   * Comparison settings.
   *
   * @param hopSources BFS sources of the approximate hop-plot (&gt;= 1)
   * @param maxHops BFS depth limit (&gt;= 1)
   * @param singularValues number of top singular values (&gt;= 1)
   * @param seed seed of the BFS source choice
   */
  public record Settings(int hopSources, int maxHops, int singularValues, long seed) {
    public Settings {
      if (hopSources < 1) {
        throw new IllegalArgumentException("`hopSources` must be >= 1, got " + hopSources);
      }
      if (maxHops < 1) {
        throw new IllegalArgumentException("`maxHops` must be >= 1, got " + maxHops);
      }
      if (singularValues < 1) {
        throw new IllegalArgumentException("`singularValues` must be >= 1, got " + singularValues);
      }
    }

    /** 64 BFS sources, 50 hops, 20 singular values, a fixed seed. */
    public static Settings defaults() {
      return new Settings(64, 50, 20, 20060820L);
    }
  }

  /**
   * The scores of a sample against its original.
   *
   * @param inDegreeD KS D of the in-degree distributions
   * @param outDegreeD KS D of the out-degree distributions
   * @param wccD KS D of the WCC size distributions
   * @param sccD KS D of the SCC size distributions
   * @param hopPlotD KS D of the hop distance distributions (approximate, sampled sources)
   * @param clusteringD KS D of the C_d-vs-d curves read as masses over d
   * @param singularValuesD KS D of the top singular values read as masses over the rank
   * @param meanD mean of the seven D values above
   * @param reciprocityOriginal reciprocity of the original
   * @param reciprocitySample reciprocity of the sample
   * @param reciprocityDiff |reciprocitySample − reciprocityOriginal|
   * @param mutualDegreeD KS D of the mutual-degree distributions (not one of the seven criteria of meanD)
   * @param dcmRelL1 Σ|DCM' − s_V·DCM| / (s_V·|V|), s_V = vertexRatio
   * @param jdmRelL1 Σ|JDM' − s_E·JDM| / (s_E·|E|), s_E = edgeRatio
   * @param originalVertices |V|
   * @param originalEdges |E|
   * @param sampleVertices |V'|
   * @param sampleEdges |E'|
   * @param vertexRatio |V'| / |V|
   * @param edgeRatio |E'| / |E|
   */
  public record Result(double inDegreeD, double outDegreeD, double wccD, double sccD, double hopPlotD,
      double clusteringD, double singularValuesD, double meanD, double reciprocityOriginal, double reciprocitySample,
      double reciprocityDiff, double mutualDegreeD, double dcmRelL1, double jdmRelL1, long originalVertices,
      long originalEdges, long sampleVertices, long sampleEdges, double vertexRatio, double edgeRatio) {

    /** The D statistics by criterion name, in a fixed order. */
    public Map<String, Double> ds() {
      Map<String, Double> m = new java.util.LinkedHashMap<>();
      m.put("inDegree", inDegreeD);
      m.put("outDegree", outDegreeD);
      m.put("wcc", wccD);
      m.put("scc", sccD);
      m.put("hopPlot", hopPlotD);
      m.put("clustering", clusteringD);
      m.put("singularValues", singularValuesD);
      return m;
    }
  }

  private final Settings settings;

  public SampleComparison() {
    this(Settings.defaults());
  }

  public SampleComparison(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /** Profiles both graphs and compares them. */
  public Result compare(Graph original, Graph sample) {
    return compare(profile(original), profile(sample));
  }

  /** Compares two profiles (the original first). */
  public Result compare(GraphProfile original, GraphProfile sample) {
    double in = Ks.distance(original.inDegrees(), sample.inDegrees());
    double out = Ks.distance(original.outDegrees(), sample.outDegrees());
    double wcc = Ks.distance(original.wccSizes(), sample.wccSizes());
    double scc = Ks.distance(original.sccSizes(), sample.sccSizes());
    double hop = Ks.distance(original.hops(), sample.hops());
    double clu = Ks.distance(original.clusteringByDegree(), sample.clusteringByDegree());
    int k = Math.min(original.singularValues().size(), sample.singularValues().size());
    double sv = Ks.distance(original.singularValues().headMap((double) k, true),
        sample.singularValues().headMap((double) k, true));
    double mean = (in + out + wcc + scc + hop + clu + sv) / 7.0;
    double sV = original.vertices() == 0 ? 0.0 : (double) sample.vertices() / original.vertices();
    double sE = original.edges() == 0 ? 0.0 : (double) sample.edges() / original.edges();
    double dcm = relL1(original.dcm(), sample.dcm(), sV);
    double jdm = relL1(original.jdm(), sample.jdm(), sE);
    return new Result(in, out, wcc, scc, hop, clu, sv, mean, original.reciprocity(), sample.reciprocity(),
        Math.abs(sample.reciprocity() - original.reciprocity()),
        Ks.distance(original.mutualDegrees(), sample.mutualDegrees()), dcm, jdm, original.vertices(), original.edges(),
        sample.vertices(), sample.edges(), sV, sE);
  }

  /** Σ|X' − s·X| / (s·ΣX) over the union of both supports; NaN when s·ΣX = 0. */
  public static double relL1(Map<GraphProfile.Cell, Long> original, Map<GraphProfile.Cell, Long> sample, double s) {
    Set<GraphProfile.Cell> cells = new HashSet<>(original.keySet());
    cells.addAll(sample.keySet());
    double num = 0;
    double total = 0;
    for (GraphProfile.Cell c : cells) {
      double x = original.getOrDefault(c, 0L);
      num += Math.abs(sample.getOrDefault(c, 0L) - s * x);
      total += x;
    }
    double den = s * total;
    return den == 0 ? Double.NaN : num / den;
  }

  /**
   * All statistics of {@code g} that a comparison needs: in the driver ({@link #profileInDriver}) when the graph fits
   * {@link DriverLocal}'s threshold, else by Spark jobs.
   */
  public GraphProfile profile(Graph g) {
    SparkSession spark = g.vertices().sparkSession();
    spark.sparkContext().setJobDescription("grasp compare: collect a small graph");
    LocalGraph local = LocalGraph.collect(g, DriverLocal.maxBytes(spark));
    if (local != null) {
      return profileInDriver(local);
    }
    Graph graph = new Graph(g.vertices().select(Graph.ID), g.edges().select(Graph.SRC, Graph.DST))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long n = graph.numVertices();
      long m = graph.numEdges();
      spark.sparkContext().setJobDescription("grasp compare: degrees, DCM, JDM");
      Dataset<Row> degrees = Degrees.of(graph).persist(StorageLevel.MEMORY_AND_DISK());
      NavigableMap<Double, Double> in = Distributions.collect(Distributions.valueCounts(degrees, Degrees.IN));
      NavigableMap<Double, Double> out = Distributions.collect(Distributions.valueCounts(degrees, Degrees.OUT));
      Map<GraphProfile.Cell, Long> dcm = cells(DegreeMatrices.dcm(degrees), Degrees.IN, Degrees.OUT);
      Map<GraphProfile.Cell, Long> jdm = cells(DegreeMatrices.jdm(graph, degrees), DegreeMatrices.SRC_OUT,
          DegreeMatrices.DST_IN);
      degrees.unpersist(false);
      Reciprocity.Profile reciprocity = Reciprocity.profile(graph);
      NavigableMap<Double, Double> wcc = sizeDistribution(Components.weak(graph));
      NavigableMap<Double, Double> scc = sizeDistribution(Components.strong(graph));
      spark.sparkContext().setJobDescription("grasp compare: clustering vs degree");
      NavigableMap<Double, Double> clustering = Distributions.collect(
          Clustering.local(graph).filter(col(Clustering.DEGREE).geq(2))
              .groupBy(Clustering.DEGREE).agg(avg(col(Clustering.CLUSTERING)).as("c")),
          Clustering.DEGREE, "c");
      NavigableMap<Double, Double> hops = hopDistances(graph, m);
      NavigableMap<Double, Double> sv = singularValues(graph, n, m);
      return new GraphProfile(n, m, in, out, wcc, scc, hops, (int) Math.min(settings.hopSources(), n), clustering,
          sv, reciprocity.reciprocity(), reciprocity.mutualDegrees(), dcm, jdm);
    } finally {
      graph.unpersist();
    }
  }

  /**
   * {@link #profile} of a graph held in the driver: the same statistics by the same definitions, one pass each on
   * primitive arrays ({@link LocalGraph}), the spectrum by {@link LocalSpectrum}; no Spark job.
   */
  public GraphProfile profileInDriver(LocalGraph collected) {
    // edges in one order: the spectrum's and clustering's sums then do not depend on the order rows were collected in
    LocalGraph g = collected.sortedEdges();
    int n = g.vertices();
    long[] in = g.inDegrees();
    long[] out = g.outDegrees();
    NavigableMap<Double, Double> inDist = new TreeMap<>();
    NavigableMap<Double, Double> outDist = new TreeMap<>();
    Map<GraphProfile.Cell, Long> dcm = new HashMap<>();
    for (int v = 0; v < n; v++) {
      inDist.merge((double) in[v], 1.0, Double::sum);
      outDist.merge((double) out[v], 1.0, Double::sum);
      dcm.merge(new GraphProfile.Cell(in[v], out[v]), 1L, Long::sum);
    }
    Map<GraphProfile.Cell, Long> jdm = new HashMap<>();
    int[] src = g.sources();
    int[] dst = g.targets();
    for (int e = 0; e < src.length; e++) {
      jdm.merge(new GraphProfile.Cell(out[src[e]], in[dst[e]]), 1L, Long::sum);
    }
    long[][] dt = g.degreesAndTriangles();
    Map<Long, double[]> byDegree = new TreeMap<>();
    for (int v = 0; v < n; v++) {
      if (dt[0][v] >= 2) {
        double[] sc = byDegree.computeIfAbsent(dt[0][v], d -> new double[2]);
        sc[0] += LocalGraph.clustering(dt[0][v], dt[1][v]);
        sc[1]++;
      }
    }
    NavigableMap<Double, Double> clustering = new TreeMap<>();
    byDegree.forEach((d, sc) -> clustering.put((double) d, sc[0] / sc[1]));
    int sources = Math.min(settings.hopSources(), n);
    NavigableMap<Double, Double> hops = g.hops(g.seededSources(settings.seed(), SALT_SOURCES, sources),
        settings.maxHops());
    return new GraphProfile(n, g.edges(), inDist, outDist, g.weakComponentSizes(), g.strongComponentSizes(), hops,
        sources, clustering, singularValuesInDriver(g), g.reciprocity(), g.mutualDegrees(),
        Collections.unmodifiableMap(dcm),
        Collections.unmodifiableMap(jdm));
  }

  /** {@link #singularValues} of a graph in the driver: the distinct edges (self-loops included) as 0/1 entries. */
  private NavigableMap<Double, Double> singularValuesInDriver(LocalGraph g) {
    int n = g.vertices();
    int k = Math.min(settings.singularValues(), n - 1);
    if (k < 1 || g.edges() == 0) {
      return new TreeMap<>();
    }
    long[] packed = new long[g.edges()];
    for (int e = 0; e < packed.length; e++) {
      packed[e] = PackedPairs.pack(g.sources()[e], g.targets()[e]);
    }
    long[] distinct = PackedPairs.sortedDistinct(packed, packed.length);
    int[] rows = new int[distinct.length];
    int[] cols = new int[distinct.length];
    for (int e = 0; e < distinct.length; e++) {
      rows[e] = PackedPairs.first(distinct[e]);
      cols[e] = PackedPairs.second(distinct[e]);
    }
    return LocalSpectrum.singularValues(rows, cols, n, k);
  }

  private static NavigableMap<Double, Double> sizeDistribution(Dataset<Row> labels) {
    NavigableMap<Double, Double> sizes = Distributions.collect(Components.sizes(labels), Components.SIZE,
        Components.COUNT);
    LineageCutter.release(labels);
    return sizes;
  }

  private static Map<GraphProfile.Cell, Long> cells(Dataset<Row> table, String i, String j) {
    Map<GraphProfile.Cell, Long> out = new HashMap<>();
    for (Row r : table.select(col(i), col(j), col(DegreeMatrices.COUNT)).collectAsList()) {
      out.merge(new GraphProfile.Cell(r.getLong(0), r.getLong(1)), r.getLong(2), Long::sum);
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Hop distance → number of (source, vertex) pairs, by directed BFS from the seeded sources.
   *
   * <p>The sources run together, {@value #SOURCES_PER_PASS} to a pass: bit i of a vertex's {@code long} mask says
   * that source i has reached it. A round joins the frontier's masks with the edges once, ORs them per destination
   * ({@code bit_or}, one row a vertex) and keeps the bits the vertex had not seen; the hop's pair count is the sum of
   * the new bits. So a round moves at most |E| rows and every aggregate is keyed by vertex, never by (source, vertex)
   * pair: grouping those pairs (64 sources × 16M edges reach hundreds of millions) ran a 1 GiB heap out of memory in
   * its spill merge (docs/reliability.md). The OR is the kernel's {@link BitOr}, in the session's engine.
   *
   * @param m the number of edges of {@code g} (sizes the edge table's partitions)
   */
  NavigableMap<Double, Double> hopDistances(Graph g, long m) {
    SparkSession spark = g.vertices().sparkSession();
    List<Long> sources = new ArrayList<>();
    for (Row r : g.vertices()
        .withColumn("u", Seeds.uniform(settings.seed(), col(Graph.ID), lit(SALT_SOURCES)))
        .orderBy(col("u"), col(Graph.ID)).limit(settings.hopSources()).select(Graph.ID).collectAsList()) {
      sources.add(r.getLong(0));
    }
    // Edges hash-partitioned and sorted by source once, so a round's sort-merge join shuffles only the frontier.
    // Duplicate edges and self-loops change no mask, so the edges are not deduplicated.
    int parts = edgePartitions(spark, m);
    Dataset<Row> edges = g.edges().filter(col(Graph.SRC).notEqual(col(Graph.DST)))
        .select(col(Graph.SRC), col(Graph.DST))
        .repartition(parts, col(Graph.SRC)).sortWithinPartitions(Graph.SRC)
        .persist(StorageLevel.MEMORY_AND_DISK());
    NavigableMap<Double, Double> hops = new TreeMap<>();
    try {
      for (int from = 0; from < sources.size(); from += SOURCES_PER_PASS) {
        bfsPass(spark, edges, parts, sources.subList(from, Math.min(sources.size(), from + SOURCES_PER_PASS)),
            hops);
      }
    } finally {
      edges.unpersist(false);
    }
    return hops;
  }

  /** One BFS pass from at most 64 sources, adding its pair counts per hop into {@code hops}. */
  private void bfsPass(SparkSession spark, Dataset<Row> edges, int parts, List<Long> sources,
      NavigableMap<Double, Double> hops) {
    List<Row> start = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      start.add(RowFactory.create(sources.get(i), 1L << i));
    }
    StructType schema = new StructType()
        .add("v", DataTypes.LongType, false)
        .add("m", DataTypes.LongType, false);
    Dataset<Row> visited = spark.createDataFrame(start, schema);
    Dataset<Row> frontier = visited;
    for (int h = 1; h <= settings.maxHops(); h++) {
      spark.sparkContext().setJobDescription("grasp compare: BFS hop " + h);
      Dataset<Row> reached = BitOr.perKey(frontier.repartition(parts, col("v"))
          .join(edges, col("v").equalTo(col(Graph.SRC)))
          .select(col(Graph.DST).as("v"), col("m")), "v", "m", sources.size());
      // Both the new frontier and the visited set are cut every round (each is at most one row a vertex), so the
      // previous round's cuts can be freed at once.
      Dataset<Row> next = LineageCutter.cutNow(reached
          .join(visited.select(col("v").as("_v"), col("m").as("_m")), col("v").equalTo(col("_v")), "left_outer")
          .select(col("v"), col("m").bitwiseAND(bitwise_not(coalesce(col("_m"), lit(0L)))).as("m"))
          .filter(col("m").notEqual(lit(0L))));
      Column newBits = lit(0L);
      for (int i = 0; i < sources.size(); i++) {
        newBits = newBits.plus(shiftright(col("m"), i).bitwiseAND(lit(1L)));
      }
      long c = next.agg(coalesce(sum(newBits), lit(0L))).first().getLong(0);
      if (c == 0) {
        LineageCutter.release(next);
        break;
      }
      hops.merge((double) h, (double) c, Double::sum);
      // A vertex's new bits are disjoint from its visited bits, so their OR is their sum.
      Dataset<Row> seen = LineageCutter.cutNow(visited.union(next).groupBy("v").agg(sum(col("m")).as("m")));
      LineageCutter.release(visited);
      LineageCutter.release(frontier);
      visited = seen;
      frontier = next;
      LOG.info("hop-plot BFS hop {}: {} new pairs ({} sources)", h, c, sources.size());
    }
    LineageCutter.release(visited);
    LineageCutter.release(frontier);
  }

  /** Shuffle partitions for {@code m} edge rows: the session's, or about {@link #EDGES_PER_PARTITION} each if more. */
  private static int edgePartitions(SparkSession spark, long m) {
    return Math.max(spark.sessionState().conf().numShufflePartitions(),
        (int) Math.min(MAX_PARTITIONS, Math.ceil(m / EDGES_PER_PARTITION)));
  }

  /**
   * Rank → singular value, top {@code min(k, n − 1)} of the 0/1 adjacency matrix ({@code n} vertices, {@code m}
   * edges).
   */
  NavigableMap<Double, Double> singularValues(Graph g, long n, long m) {
    NavigableMap<Double, Double> out = new TreeMap<>();
    int k = (int) Math.min(settings.singularValues(), n - 1);
    Dataset<Row> simple = g.edges().distinct();
    if (k < 1 || n > Integer.MAX_VALUE) {
      return out;
    }
    g.vertices().sparkSession().sparkContext().setJobDescription("grasp compare: top singular values");
    Dataset<Row> index = DenseIndex.of(g.vertices().select(Graph.ID), "idx", col(Graph.ID));
    // Data-sized partitions: MLlib groups the entries into rows in the entries' partition count, and each partition
    // becomes one cached block below (a few partitions of 16M entries ran a 1 GiB heap out of memory while caching).
    int parts = edgePartitions(g.vertices().sparkSession(), m);
    Dataset<Row> entries = simple
        .join(index.select(col(Graph.ID).as(Graph.SRC), col("idx").as("i")), Graph.SRC)
        .join(index.select(col(Graph.ID).as(Graph.DST), col("idx").as("j")), Graph.DST)
        .select("i", "j")
        .repartition(parts, col("i"));
    try {
      JavaRDD<MatrixEntry> rdd = entries.javaRDD().map(r -> new MatrixEntry(r.getLong(0), r.getLong(1), 1.0));
      RowMatrix matrix = new CoordinateMatrix(rdd.rdd(), n, n).toRowMatrix();
      // ARPACK multiplies by AᵀA once per iteration, up to hundreds of times. Uncached, every product re-read and
      // re-grouped the row shuffle: 2–3 minutes a product on the 16M-edge R-MAT in a 1 GiB heap. Cached in memory
      // (serialized), the 16M-edge rows ran that heap out of memory while the block was built (docs/reliability.md,
      // memory runs). On disk each block is streamed, never held whole in the heap.
      matrix.rows().persist(StorageLevel.DISK_ONLY());
      try {
        // The emptiness check runs the joins and the row grouping once; the decomposition reuses that shuffle.
        if (matrix.rows().isEmpty()) {
          return out;
        }
        SingularValueDecomposition<RowMatrix, org.apache.spark.mllib.linalg.Matrix> svd =
            matrix.computeSVD(k, false, 1e-9);
        Vector s = svd.s();
        for (int i = 0; i < s.size(); i++) {
          out.put((double) (i + 1), s.apply(i));
        }
      } finally {
        matrix.rows().unpersist(false);
      }
    } finally {
      LineageCutter.release(index);
    }
    return out;
  }
}
