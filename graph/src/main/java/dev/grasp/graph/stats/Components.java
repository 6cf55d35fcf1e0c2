package dev.grasp.graph.stats;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import dev.grasp.graph.Graph;
import dev.grasp.graph.util.LineageCutter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.graphx.Edge;
import org.apache.spark.graphx.lib.ConnectedComponents;
import org.apache.spark.graphx.lib.StronglyConnectedComponents;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Weakly and strongly connected components of a directed graph, computed with Spark GraphX (the one place where the
 * suite leaves the DataFrame API, because GraphX's Pregel implementations are the maintained ones).
 *
 * <p>Outputs: {@link #weak}/{@link #strong} → {@code id: long, component: long} for every vertex (isolated vertices
 * are singleton components); the component id is the smallest vertex id of the component (GraphX's labelling: min-id
 * propagation for WCC; for SCC the root of each component is its smallest id). {@link #sizes} → {@code size: long,
 * count: long}, the number of components of each size. Self-loops and duplicate edges are dropped before GraphX sees
 * the graph (they change no component).
 *
 * <p>Complexity: WCC O((|V| + |E|) · diameter) in Pregel supersteps; SCC O((|V| + |E|) · diameter) per outer round,
 * GraphX's trim-and-colour scheme (Orzan's colouring algorithm), up to {@code maxIter} outer rounds. Results are
 * checkpointed ({@link LineageCutter#cutNow}) so that later actions do not replay the Pregel lineage.
 */
public final class Components {

  public static final String COMPONENT = "component";
  public static final String SIZE = "size";
  public static final String COUNT = "count";

  private static final StructType SCHEMA = new StructType()
      .add(Graph.ID, DataTypes.LongType, false)
      .add(COMPONENT, DataTypes.LongType, false);

  private Components() {}

  /** Weakly connected components: {@code id, component}. */
  public static Dataset<Row> weak(Graph g) {
    SparkSession spark = g.vertices().sparkSession();
    spark.sparkContext().setJobDescription("grasp: weakly connected components (GraphX)");
    Set<Integer> cachedBefore = persistentRddIds(spark);
    ClassTag<Object> tag = objectTag();
    org.apache.spark.graphx.Graph<Object, Object> cc = ConnectedComponents.run(toGraphX(g), tag, tag);
    return collectLabels(spark, cc, cachedBefore);
  }

  /** Strongly connected components, GraphX's algorithm run to convergence: {@code id, component}. */
  public static Dataset<Row> strong(Graph g) {
    return strong(g, Integer.MAX_VALUE);
  }

  /**
   * Strongly connected components with at most {@code maxIter} outer rounds of GraphX's algorithm; vertices not
   * settled by then keep a provisional label, so pass {@link Integer#MAX_VALUE} for exact components.
   */
  public static Dataset<Row> strong(Graph g, int maxIter) {
    if (maxIter < 1) {
      throw new IllegalArgumentException("`maxIter` must be >= 1, got " + maxIter);
    }
    SparkSession spark = g.vertices().sparkSession();
    spark.sparkContext().setJobDescription("grasp: strongly connected components (GraphX)");
    Set<Integer> cachedBefore = persistentRddIds(spark);
    ClassTag<Object> tag = objectTag();
    org.apache.spark.graphx.Graph<Object, Object> scc = StronglyConnectedComponents.run(toGraphX(g), maxIter, tag,
        tag);
    return collectLabels(spark, scc, cachedBefore);
  }

  /** The size distribution of a component labelling: {@code size, count}, sorted by size. */
  public static Dataset<Row> sizes(Dataset<Row> labels) {
    return labels.groupBy(COMPONENT).agg(count(lit(1)).as(SIZE))
        .groupBy(SIZE).agg(count(lit(1)).as(COUNT))
        .orderBy(SIZE);
  }

  /** The largest component size of a {@link #sizes} table; 0 for an empty graph. */
  public static long largest(Dataset<Row> sizes) {
    Row r = sizes.agg(max(col(SIZE))).first();
    return r.isNullAt(0) ? 0L : r.getLong(0);
  }

  private static org.apache.spark.graphx.Graph<Object, Object> toGraphX(Graph g) {
    JavaRDD<Tuple2<Object, Object>> vertices = g.vertices().select(Graph.ID).javaRDD()
        .map(r -> new Tuple2<>((Object) r.getLong(0), (Object) r.getLong(0)));
    JavaRDD<Edge<Object>> edges = g.edges().select(Graph.SRC, Graph.DST)
        .filter(col(Graph.SRC).notEqual(col(Graph.DST)))
        .distinct()
        .javaRDD()
        .map(r -> new Edge<>(r.getLong(0), r.getLong(1), (Object) Boolean.TRUE));
    ClassTag<Object> tag = objectTag();
    return org.apache.spark.graphx.Graph.apply(vertices.rdd(), edges.rdd(), null,
        StorageLevel.MEMORY_AND_DISK(), StorageLevel.MEMORY_AND_DISK(), tag, tag);
  }

  /**
   * The labels of {@code labelled} as a DataFrame with cut lineage, then every RDD that GraphX left cached since
   * {@code cachedBefore} is unpersisted: Pregel and the SCC rounds cache their working graphs and leave dozens of
   * them cached (40 for one WCC and one SCC run in ComponentsTest). Spark's context cleaner frees them only after a
   * garbage collection has dropped them; until then they hold storage memory that the steps after the components
   * (clustering, BFS) need (docs/reliability.md, {@code compare} at 16M edges in 1 GiB).
   */
  private static Dataset<Row> collectLabels(SparkSession spark, org.apache.spark.graphx.Graph<Object, Object> labelled,
      Set<Integer> cachedBefore) {
    JavaRDD<Row> rows = labelled.vertices().toJavaRDD()
        .map(t -> RowFactory.create((Long) t._1(), (Long) t._2()));
    // Taken before the cut, so that the cut's own RDD (persisted by a local checkpoint) is not among them.
    Set<Integer> graphx = persistentRddIds(spark);
    graphx.removeAll(cachedBefore);
    Dataset<Row> out = LineageCutter.cutNow(spark.createDataFrame(rows, SCHEMA));
    Map<Object, RDD<?>> cached = JavaConverters.mapAsJavaMapConverter(spark.sparkContext().getPersistentRDDs())
        .asJava();
    for (Integer id : graphx) {
      RDD<?> rdd = cached.get(id);
      if (rdd != null) {
        rdd.unpersist(false);
      }
    }
    return out;
  }

  private static Set<Integer> persistentRddIds(SparkSession spark) {
    Set<Integer> ids = new HashSet<>();
    for (Object id : JavaConverters.mapAsJavaMapConverter(spark.sparkContext().getPersistentRDDs()).asJava()
        .keySet()) {
      ids.add((Integer) id);
    }
    return ids;
  }

  private static ClassTag<Object> objectTag() {
    return ClassTag$.MODULE$.apply(Object.class);
  }
}
