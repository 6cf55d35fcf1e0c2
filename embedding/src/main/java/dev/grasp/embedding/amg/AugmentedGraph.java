package dev.grasp.embedding.amg;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.xxhash64;

import dev.grasp.embedding.eval.ClusteringMetrics;
import dev.grasp.graph.Graph;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;

/**
 * The SA-Cluster augmented graph: the undirected view of a graph plus one vertex per distinct (attribute, value),
 * linked to every vertex that has that value by an edge of weight {@code attributeWeight}.
 *
 * <p>Value-vertex ids are {@code −1 − (xxhash64(attribute, value) >>> 1)}, i.e. negative; {@link #of} checks that no
 * two distinct (attribute, value) pairs share an id and that no value id equals an original vertex id, and fails
 * otherwise (with non-negative original ids the second check can never fail).
 *
 * <p>Schemas: {@code vertices: id long, isValue boolean}; {@code edges: src long, dst long, weight double}, one row per
 * undirected pair (structure pairs {@code src < dst}, attribute edges {@code src} = vertex, {@code dst} = value);
 * {@code values: id long, attribute string, value string}; {@code memberships: id long, attribute string, valueId long}.
 * Cost: one distinct over the attribute table, two joins and two counts for the collision check.
 *
 * <p>Reference: Zhou, Cheng, Yu, "Graph clustering based on structural/attribute similarities", VLDB 2009; D'Ambra,
 * Vassilevski, Cutillo, "Extending Bootstrap AMG for clustering of attributed graphs", Appl. Math. Comput. 447 (2023).
 *
 * @param vertices original and value vertices
 * @param edges undirected weighted edges
 * @param values the value vertices
 * @param memberships each original vertex's values (the attribute edges)
 * @param attributeWeight the weight of every attribute edge (0: no value vertices, structure only)
 */
public record AugmentedGraph(Dataset<Row> vertices, Dataset<Row> edges, Dataset<Row> values,
    Dataset<Row> memberships, double attributeWeight) {

  public static final String IS_VALUE = "isValue";
  public static final String ATTRIBUTE = "attribute";
  public static final String VALUE = "value";
  public static final String VALUE_ID = "valueId";

  /** The structure alone (no value vertices). */
  public static AugmentedGraph structureOnly(Graph g, boolean useEdgeWeights) {
    return of(g, null, 0.0, useEdgeWeights);
  }

  /**
   * Builds the augmented graph; {@code attributes} ({@code id, attribute, value}, value a string) may be null, and is
   * ignored when {@code attributeWeight == 0}. Attribute rows of ids that are not vertices are dropped.
   */
  public static AugmentedGraph of(Graph g, Dataset<Row> attributes, double attributeWeight, boolean useEdgeWeights) {
    if (!(attributeWeight >= 0.0) || Double.isInfinite(attributeWeight)) {
      throw new IllegalArgumentException("`attributeWeight` must be finite and >= 0, got " + attributeWeight);
    }
    Dataset<Row> structure = ClusteringMetrics.undirectedEdges(g, useEdgeWeights);
    Dataset<Row> original = g.vertices().select(col(Graph.ID), lit(false).as(IS_VALUE));
    if (attributes == null || attributeWeight == 0.0) {
      Dataset<Row> none = g.vertices().sparkSession().emptyDataFrame()
          .select(lit(0L).as(Graph.ID), lit("").as(ATTRIBUTE), lit("").as(VALUE)).limit(0);
      Dataset<Row> noMembers = none.select(col(Graph.ID), col(ATTRIBUTE), col(Graph.ID).as(VALUE_ID));
      return new AugmentedGraph(original, structure, none, noMembers, 0.0);
    }
    Dataset<Row> attrs = checkAttributes(attributes)
        .join(g.vertices().select(Graph.ID), Graph.ID, "left_semi")
        .distinct();
    Dataset<Row> values = attrs.select(ATTRIBUTE, VALUE).distinct()
        .withColumn(Graph.ID, lit(-1L).minus(shiftrightunsigned(xxhash64(col(ATTRIBUTE), col(VALUE)), 1)))
        .select(Graph.ID, ATTRIBUTE, VALUE)
        .cache();
    long distinctValues = values.count();
    long distinctIds = values.select(Graph.ID).distinct().count();
    if (distinctIds != distinctValues) {
      throw new IllegalArgumentException("value-vertex ids collide: " + distinctValues + " distinct (attribute, value)"
          + " pairs hash to " + distinctIds + " ids; rename a value to resolve");
    }
    long clashes = values.join(g.vertices().select(Graph.ID), Graph.ID, "left_semi").count();
    if (clashes > 0) {
      throw new IllegalArgumentException("value-vertex ids collide with " + clashes + " original vertex id(s); value"
          + " ids are negative, so map the original ids to non-negative longs");
    }
    Dataset<Row> v2 = values.select(col(Graph.ID).as(VALUE_ID), col(ATTRIBUTE).as("va"), col(VALUE).as("vv"));
    Dataset<Row> members = attrs.join(v2, col(ATTRIBUTE).equalTo(col("va")).and(col(VALUE).equalTo(col("vv"))))
        .select(col(Graph.ID), col(ATTRIBUTE), col(VALUE_ID));
    Dataset<Row> attrEdges = members.select(col(Graph.ID).as(Graph.SRC), col(VALUE_ID).as(Graph.DST),
        lit(attributeWeight).as(Graph.WEIGHT));
    Dataset<Row> vertices = original.union(values.select(col(Graph.ID), lit(true).as(IS_VALUE)));
    return new AugmentedGraph(vertices, structure.union(attrEdges), values, members, attributeWeight);
  }

  /**
   * Long-format categorical attributes from binary word vectors (LINQS {@code .content}): one attribute
   * {@code "w<position>"} with value {@code "1"} per non-zero position; absent words make no value vertex.
   *
   * <p>Schema: {@code id long, attribute string, value string}.
   */
  public static Dataset<Row> fromBinaryFeatures(Dataset<Row> nodes, String idCol, String featuresCol) {
    DataType t = nodes.schema().apply(featuresCol).dataType();
    if (!(t instanceof ArrayType) || !(((ArrayType) t).elementType() instanceof NumericType)) {
      throw new IllegalArgumentException("`" + featuresCol + "` must be an array of numbers, got " + t.simpleString());
    }
    return nodes.select(col(idCol).cast(DataTypes.LongType).as(Graph.ID), posexplode(col(featuresCol)))
        .filter(col("col").notEqual(0))
        .select(col(Graph.ID), concat(lit("w"), col("pos").cast(DataTypes.StringType)).as(ATTRIBUTE),
            lit("1").as(VALUE));
  }

  /** Validates the long attribute format; numeric values are refused (bucket them first). */
  static Dataset<Row> checkAttributes(Dataset<Row> attributes) {
    List<String> have = Arrays.asList(attributes.columns());
    for (String c : new String[] {Graph.ID, ATTRIBUTE, VALUE}) {
      if (!have.contains(c)) {
        throw new IllegalArgumentException("attributes must have columns `id`, `attribute`, `value`; found " + have);
      }
    }
    DataType vt = attributes.schema().apply(VALUE).dataType();
    if (!(vt instanceof StringType)) {
      throw new IllegalArgumentException("attribute column `value` must be a string (categorical), got "
          + vt.simpleString() + "; bucket numeric attributes first (e.g. org.apache.spark.ml.feature"
          + ".QuantileDiscretizer) and cast the bucket to string");
    }
    return attributes.select(col(Graph.ID).cast(DataTypes.LongType).as(Graph.ID),
            col(ATTRIBUTE).cast(DataTypes.StringType).as(ATTRIBUTE), col(VALUE))
        .filter(col(ATTRIBUTE).isNotNull().and(col(VALUE).isNotNull()));
  }
}
