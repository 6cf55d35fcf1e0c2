package dev.grasp.graph.stats;

import static org.apache.spark.sql.functions.col;

import dev.grasp.graph.DriverCopy;
import dev.grasp.graph.Graph;
import dev.grasp.graph.util.PackedPairs;
import dev.grasp.graph.util.Seeds;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * A graph collected to the driver as primitive arrays, with the statistics of this package computed there in one
 * pass each: the path for graphs under {@code spark.grasp.driverLocal.maxBytes} ({@link #BYTES_PER_EDGE} bytes an
 * edge, {@link #BYTES_PER_VERTEX} a vertex), where a Spark job per step costs more than the work. Each method states
 * the Spark method whose result it reproduces (same definitions: multi-edges, self-loops, isolated vertices).
 *
 * <p>Vertices are held by position in ascending id order; edges as position pairs, in the order collected.
 */
public final class LocalGraph {

  /** Driver bytes an edge row is estimated to take while collected and held. */
  public static final long BYTES_PER_EDGE = 48;
  /** Driver bytes a vertex is estimated to take. */
  public static final long BYTES_PER_VERTEX = 32;

  private final long[] ids;
  private final int[] src;
  private final int[] dst;

  private LocalGraph(long[] ids, int[] src, int[] dst) {
    this.ids = ids;
    this.src = src;
    this.dst = dst;
  }

  /** A graph held in the driver's arrays, when it fits {@code maxBytes} and every endpoint is a vertex; else null. */
  public static LocalGraph of(DriverCopy c, long maxBytes) {
    if ((double) c.vertexCount() * BYTES_PER_VERTEX + (double) c.edgeCount() * BYTES_PER_EDGE > maxBytes) {
      return null;
    }
    DriverCopy.Positions p = c.positions();
    return p == null ? null : new LocalGraph(c.ids(), p.src(), p.dst());
  }

  /**
   * {@code g} in the driver when its vertex and edge rows fit in {@code maxBytes}, its vertex ids are distinct and
   * every edge endpoint is a vertex; null otherwise (callers then stay distributed). No job when the graph was read in
   * the driver ({@link DriverCopy}), else at most two, each reading a bounded number of rows.
   */
  public static LocalGraph collect(Graph g, long maxBytes) {
    if (maxBytes < BYTES_PER_VERTEX + BYTES_PER_EDGE) {
      return null; // a threshold of 0 keeps every stage distributed without a probing job
    }
    Optional<DriverCopy> copy = DriverCopy.of(g);
    if (copy.isPresent()) {
      return of(copy.get(), maxBytes);
    }
    long vertexRoom = maxBytes / BYTES_PER_VERTEX;
    List<Row> vs = g.vertices().select(Graph.ID).limit((int) Math.min(Integer.MAX_VALUE - 1L, vertexRoom + 1))
        .collectAsList();
    if (vs.size() > vertexRoom) {
      return null;
    }
    long edgeRoom = (maxBytes - vs.size() * BYTES_PER_VERTEX) / BYTES_PER_EDGE;
    List<Row> es = g.edges().select(col(Graph.SRC), col(Graph.DST))
        .limit((int) Math.min(Integer.MAX_VALUE - 1L, edgeRoom + 1)).collectAsList();
    if (es.size() > edgeRoom) {
      return null;
    }
    long[] ids = new long[vs.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = vs.get(i).getLong(0);
    }
    Arrays.sort(ids);
    for (int i = 1; i < ids.length; i++) {
      if (ids[i] == ids[i - 1]) {
        return null;
      }
    }
    int[] s = new int[es.size()];
    int[] d = new int[es.size()];
    for (int e = 0; e < s.length; e++) {
      s[e] = Arrays.binarySearch(ids, es.get(e).getLong(0));
      d[e] = Arrays.binarySearch(ids, es.get(e).getLong(1));
      if (s[e] < 0 || d[e] < 0) {
        return null;
      }
    }
    return new LocalGraph(ids, s, d);
  }

  /**
   * This graph with its edge rows in (source, target) position order, so that a statistic whose floating-point sums
   * follow the edge order gives the same bits however the rows were collected.
   */
  public LocalGraph sortedEdges() {
    long[] p = new long[src.length];
    for (int e = 0; e < p.length; e++) {
      p[e] = dev.grasp.graph.util.PackedPairs.pack(src[e], dst[e]);
    }
    java.util.Arrays.sort(p);
    int[] s = new int[p.length];
    int[] d = new int[p.length];
    for (int e = 0; e < p.length; e++) {
      s[e] = dev.grasp.graph.util.PackedPairs.first(p[e]);
      d[e] = dev.grasp.graph.util.PackedPairs.second(p[e]);
    }
    return new LocalGraph(ids, s, d);
  }

  /** Number of vertices. */
  public int vertices() {
    return ids.length;
  }

  /** Number of edge rows (multi-edges and self-loops included). */
  public int edges() {
    return src.length;
  }

  /** The vertex id at a position. */
  public long id(int position) {
    return ids[position];
  }

  /** The edge rows as positions: {@code sources()[e] → targets()[e]}. */
  public int[] sources() {
    return src;
  }

  public int[] targets() {
    return dst;
  }

  /** In-degrees by position, as {@link Degrees#of}: every edge row counts, a self-loop once at its vertex. */
  public long[] inDegrees() {
    long[] in = new long[ids.length];
    for (int t : dst) {
      in[t]++;
    }
    return in;
  }

  /** Out-degrees by position, as {@link Degrees#of}. */
  public long[] outDegrees() {
    long[] out = new long[ids.length];
    for (int s : src) {
      out[s]++;
    }
    return out;
  }

  /** The distinct non-loop edges as sorted packed pairs (source position · 2^32 + target position). */
  private long[] simpleArcs() {
    long[] p = new long[src.length];
    int k = 0;
    for (int e = 0; e < src.length; e++) {
      if (src[e] != dst[e]) {
        p[k++] = PackedPairs.pack(src[e], dst[e]);
      }
    }
    return PackedPairs.sortedDistinct(p, k);
  }

  /**
   * The undirected simple view: every unordered pair of distinct positions joined by an edge in either direction, once,
   * as sorted packed pairs (smaller position · 2^32 + larger position).
   */
  public long[] undirectedPairs() {
    long[] und = new long[src.length];
    int k = 0;
    for (int e = 0; e < src.length; e++) {
      if (src[e] != dst[e]) {
        und[k++] = PackedPairs.pack(Math.min(src[e], dst[e]), Math.max(src[e], dst[e]));
      }
    }
    return PackedPairs.sortedDistinct(und, k);
  }

  /** {@link Reciprocity#of}: the fraction of distinct non-loop edges whose reverse is an edge; 0 without any. */
  public double reciprocity() {
    long[] arcs = simpleArcs();
    if (arcs.length == 0) {
      return 0.0;
    }
    long mutual = 0;
    for (long a : arcs) {
      long rev = ((a & 0xffffffffL) << 32) | (a >>> 32);
      if (Arrays.binarySearch(arcs, rev) >= 0) {
        mutual++;
      }
    }
    return (double) mutual / arcs.length;
  }

  /** {@link Reciprocity.Profile#mutualDegrees}: mutual degree → vertices, every vertex counted. */
  public NavigableMap<Double, Double> mutualDegrees() {
    long[] arcs = simpleArcs();
    long[] mutual = new long[vertices()];
    for (long a : arcs) {
      long rev = ((a & 0xffffffffL) << 32) | (a >>> 32);
      if (Arrays.binarySearch(arcs, rev) >= 0) {
        mutual[(int) (a >>> 32)]++;
      }
    }
    NavigableMap<Double, Double> dist = new TreeMap<>();
    for (long x : mutual) {
      dist.merge((double) x, 1.0, Double::sum);
    }
    return dist;
  }

  /** Size → number of components of the weakly connected components ({@link Components#weak}). */
  public NavigableMap<Double, Double> weakComponentSizes() {
    return sizeDistribution(weakRoots());
  }

  /**
   * The weakly connected component of each vertex by position, labelled as {@link Components#weak} labels it: the
   * smallest vertex id of the component.
   */
  public long[] weakComponentLabels() {
    int[] root = weakRoots();
    long[] label = new long[root.length];
    for (int i = 0; i < root.length; i++) {
      label[i] = ids[root[i]];
    }
    return label;
  }

  /** Union-find over the edges; each vertex's root is the smallest position of its component. */
  private int[] weakRoots() {
    int[] parent = new int[ids.length];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    for (int e = 0; e < src.length; e++) {
      int a = root(parent, src[e]);
      int b = root(parent, dst[e]);
      if (a != b) {
        parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
    int[] label = new int[ids.length];
    for (int i = 0; i < label.length; i++) {
      label[i] = root(parent, i);
    }
    return label;
  }

  private static int root(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** Size → number of components of the strongly connected components ({@link Components#strong}), by Tarjan. */
  public NavigableMap<Double, Double> strongComponentSizes() {
    int n = ids.length;
    int[][] adj = csr(simpleArcs(), n, false);
    int[] start = adj[0];
    int[] next = adj[1];
    int[] index = new int[n];
    int[] low = new int[n];
    int[] label = new int[n];
    boolean[] onStack = new boolean[n];
    Arrays.fill(index, -1);
    int[] stack = new int[n];
    int top = 0;
    int[] callV = new int[n];
    int[] callE = new int[n];
    int counter = 0;
    int components = 0;
    for (int root = 0; root < n; root++) {
      if (index[root] >= 0) {
        continue;
      }
      int depth = 0;
      callV[0] = root;
      callE[0] = start[root];
      index[root] = low[root] = counter++;
      stack[top++] = root;
      onStack[root] = true;
      while (depth >= 0) {
        int v = callV[depth];
        if (callE[depth] < start[v + 1]) {
          int w = next[callE[depth]++];
          if (index[w] < 0) {
            index[w] = low[w] = counter++;
            stack[top++] = w;
            onStack[w] = true;
            depth++;
            callV[depth] = w;
            callE[depth] = start[w];
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], index[w]);
          }
        } else {
          if (low[v] == index[v]) {
            int w;
            do {
              w = stack[--top];
              onStack[w] = false;
              label[w] = components;
            } while (w != v);
            components++;
          }
          depth--;
          if (depth >= 0) {
            int parent = callV[depth];
            low[parent] = Math.min(low[parent], low[v]);
          }
        }
      }
    }
    return sizeDistribution(label);
  }

  private static NavigableMap<Double, Double> sizeDistribution(int[] label) {
    int[] size = new int[label.length];
    for (int l : label) {
      size[l]++;
    }
    NavigableMap<Double, Double> out = new TreeMap<>();
    for (int s : size) {
      if (s > 0) {
        out.merge((double) s, 1.0, Double::sum);
      }
    }
    return out;
  }

  /**
   * Compressed rows of packed arcs: {@code [0]} row starts (n + 1), {@code [1]} targets; {@code both} adds every arc
   * reversed too (the undirected view).
   */
  private static int[][] csr(long[] arcs, int n, boolean both) {
    int[] start = new int[n + 1];
    for (long a : arcs) {
      start[(int) (a >>> 32) + 1]++;
      if (both) {
        start[(int) a + 1]++;
      }
    }
    for (int i = 0; i < n; i++) {
      start[i + 1] += start[i];
    }
    int[] fill = Arrays.copyOf(start, n);
    int[] next = new int[start[n]];
    for (long a : arcs) {
      int s = (int) (a >>> 32);
      int t = (int) a;
      next[fill[s]++] = t;
      if (both) {
        next[fill[t]++] = s;
      }
    }
    return new int[][] {start, next};
  }

  /**
   * Per position, the degree in the undirected simple view and the number of triangles through the vertex, as
   * {@link Clustering#local}: {@code [0]} degrees, {@code [1]} triangles. Triangles are listed on the orientation by
   * rank (degree, id), each once at its lowest-ranked vertex: O(|E|^1.5).
   */
  public long[][] degreesAndTriangles() {
    int n = ids.length;
    long[] und = undirectedPairs();
    long[] degree = new long[n];
    for (long a : und) {
      degree[(int) (a >>> 32)]++;
      degree[(int) a]++;
    }
    // orient each edge from its lower-ranked endpoint (rank = degree, then position = id order)
    long[] oriented = new long[und.length];
    for (int i = 0; i < und.length; i++) {
      int a = (int) (und[i] >>> 32);
      int b = (int) und[i];
      boolean aLow = degree[a] < degree[b] || (degree[a] == degree[b] && a < b);
      oriented[i] = aLow ? ((long) a << 32) | b : ((long) b << 32) | a;
    }
    Arrays.sort(oriented);
    int[][] out = csr(oriented, n, false);
    int[] start = out[0];
    int[] next = out[1];
    long[] triangles = new long[n];
    int[] mark = new int[n];
    Arrays.fill(mark, -1);
    for (int a = 0; a < n; a++) {
      for (int i = start[a]; i < start[a + 1]; i++) {
        mark[next[i]] = a;
      }
      for (int i = start[a]; i < start[a + 1]; i++) {
        int b = next[i];
        for (int j = start[b]; j < start[b + 1]; j++) {
          int c = next[j];
          if (mark[c] == a) {
            triangles[a]++;
            triangles[b]++;
            triangles[c]++;
          }
        }
      }
    }
    return new long[][] {degree, triangles};
  }

  /** The local clustering coefficient of {@link Clustering#local}: 2t / (d(d − 1)) for d ≥ 2, else 0. */
  public static double clustering(long degree, long triangles) {
    return degree >= 2 ? triangles * 2.0 / (degree * (degree - 1)) : 0.0;
  }

  /** {@link Clustering#summary} of this graph. */
  public Clustering.Summary clusteringSummary() {
    long[][] dt = degreesAndTriangles();
    long corners = 0;
    double sum = 0;
    double triples = 0;
    for (int i = 0; i < ids.length; i++) {
      long d = dt[0][i];
      corners += dt[1][i];
      sum += clustering(d, dt[1][i]);
      triples += d * (d - 1) / 2.0;
    }
    long triangles = corners / 3;
    double average = ids.length == 0 ? 0.0 : sum / ids.length;
    double global = triples == 0 ? 0.0 : 3.0 * triangles / triples;
    return new Clustering.Summary(triangles, average, global);
  }

  /**
   * The {@code count} vertices with the smallest (uniform(seed, id, salt), id): the BFS sources of the sample
   * comparison's hop-plot, chosen as its Spark form does.
   */
  public long[] seededSources(long seed, long salt, int count) {
    Integer[] order = new Integer[ids.length];
    double[] u = new double[ids.length];
    for (int i = 0; i < ids.length; i++) {
      order[i] = i;
      u[i] = Seeds.uniform(seed, ids[i], salt);
    }
    Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> u[i]).thenComparingLong(i -> ids[i]));
    long[] out = new long[Math.min(count, ids.length)];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids[order[i]];
    }
    return out;
  }

  /**
   * Hop distance h (1..maxHops) → number of (source, vertex) pairs at directed distance h, by BFS from each source
   * over the edges (self-loops and duplicates change nothing).
   */
  public NavigableMap<Double, Double> hops(long[] sources, int maxHops) {
    int n = ids.length;
    int[][] adj = csr(simpleArcs(), n, false);
    int[] start = adj[0];
    int[] next = adj[1];
    int[] seen = new int[n];
    Arrays.fill(seen, -1);
    long[] perHop = new long[maxHops + 1];
    ArrayDeque<int[]> queue = new ArrayDeque<>();
    for (int s = 0; s < sources.length; s++) {
      int root = Arrays.binarySearch(ids, sources[s]);
      seen[root] = s;
      queue.clear();
      queue.add(new int[] {root, 0});
      while (!queue.isEmpty()) {
        int[] cur = queue.poll();
        if (cur[1] == maxHops) {
          continue;
        }
        for (int i = start[cur[0]]; i < start[cur[0] + 1]; i++) {
          int w = next[i];
          if (seen[w] != s) {
            seen[w] = s;
            perHop[cur[1] + 1]++;
            queue.add(new int[] {w, cur[1] + 1});
          }
        }
      }
    }
    NavigableMap<Double, Double> out = new TreeMap<>();
    for (int h = 1; h <= maxHops; h++) {
      if (perHop[h] > 0) {
        out.put((double) h, (double) perHop[h]);
      }
    }
    return out;
  }
}
