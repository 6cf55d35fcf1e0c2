package dev.grasp.graph.gen;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.when;

import dev.grasp.graph.Graph;
import dev.grasp.graph.util.Seeds;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * An attributed stochastic block model with planted blocks: vertex i is in block {@code i mod blocks}; each vertex
 * draws {@code round(meanDegree/2)} edge ends, each to a uniform member of its own block with probability
 * 1 − {@code mixing}, else to a uniform vertex of the whole graph. Each of {@code attributes} categorical attributes
 * takes the block's value ({@code block mod values}) with probability {@code agreement}, else a uniform value. Every
 * draw is {@code Seeds.uniform(seed, …)} of the vertex and a slot, so the output is the same for any partitioning.
 *
 * <p>Output graph: vertices {@code id, block: int, attr0 … attr(m-1): int}; edges {@code src < dst}, each undirected
 * pair once (self-loops and repeats removed) — read it as undirected. O(n·meanDegree).
 */
public record AttributedSbm(long nodes, int blocks, double meanDegree, double mixing, int attributes, int values,
    double agreement, long seed, int partitions) {

  public AttributedSbm {
    if (nodes < 2) {
      throw new IllegalArgumentException("`nodes` must be >= 2, got " + nodes);
    }
    if (blocks < 1 || blocks > nodes) {
      throw new IllegalArgumentException("`blocks` must be in [1, nodes], got " + blocks);
    }
    if (!(meanDegree > 0) || meanDegree >= nodes) {
      throw new IllegalArgumentException("`meanDegree` must be in (0, nodes), got " + meanDegree);
    }
    if (!(mixing >= 0 && mixing <= 1)) {
      throw new IllegalArgumentException("`mixing` must be in [0, 1], got " + mixing);
    }
    if (attributes < 0) {
      throw new IllegalArgumentException("`attributes` must be >= 0, got " + attributes);
    }
    if (values < 1) {
      throw new IllegalArgumentException("`values` must be >= 1, got " + values);
    }
    if (!(agreement >= 0 && agreement <= 1)) {
      throw new IllegalArgumentException("`agreement` must be in [0, 1], got " + agreement);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("`partitions` must be >= 1, got " + partitions);
    }
  }

  /** Generates the graph. */
  public Graph generate(SparkSession spark) {
    Dataset<Row> ids = spark.range(0, nodes, 1, partitions).toDF();
    Column block = pmod(col("id"), lit((long) blocks));
    List<Column> vcols = new ArrayList<>(List.of(col("id"), block.cast("int").as("block")));
    for (int a = 0; a < attributes; a++) {
      Column agree = Seeds.uniform(seed, col("id"), lit(-1L - 2L * a)).lt(agreement);
      Column random = floor(Seeds.uniform(seed, col("id"), lit(-2L - 2L * a)).multiply(values));
      vcols.add(when(agree, pmod(block, lit((long) values))).otherwise(random).cast("int").as("attr" + a));
    }
    Dataset<Row> vertices = ids.select(vcols.toArray(new Column[0]));

    long stubs = Math.max(1, Math.round(meanDegree / 2));
    long perBlock = nodes / blocks;
    Dataset<Row> ends = ids.select(col("id").as("u"), block.as("b"),
        explode(sequence(lit(0L), lit(stubs - 1))).as("k"));
    Column inside = Seeds.uniform(seed, col("u"), col("k"), lit(1L)).geq(mixing);
    Column r = Seeds.uniform(seed, col("u"), col("k"), lit(2L));
    // Members of block b are b, b + B, b + 2B, …; blocks below nodes mod B hold one more.
    Column members = lit(perBlock).plus(when(col("b").lt(nodes % blocks), 1L).otherwise(0L));
    Column sameBlock = col("b").plus(floor(r.multiply(members)).multiply(blocks));
    Column anyVertex = floor(r.multiply(nodes));
    Dataset<Row> drawn = ends.select(col("u"), when(inside, sameBlock).otherwise(anyVertex).cast("long").as("v"));
    Dataset<Row> edges = drawn.filter(col("u").notEqual(col("v")))
        .select(least(col("u"), col("v")).as(Graph.SRC), greatest(col("u"), col("v")).as(Graph.DST))
        .distinct();
    return Graph.of(vertices, edges);
  }
}
