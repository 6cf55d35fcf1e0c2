package dev.grasp.embedding.amg;

import dev.grasp.graph.util.LineageCutter;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.rint;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.grasp.graph.Graph;
import dev.grasp.graph.util.ScalaSeq;
import dev.grasp.graph.util.Seeds;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distributed coarsening of one {@link DistOperator} level by compatible weighted matching: pair weights
 * c_ij = 1 − 2·w_i·w_j·a_ij/(a_ii·w_i² + a_jj·w_j²) on the off-diagonal entries, then rounds of "every unmatched
 * vertex proposes its unmatched neighbour with the largest (c rounded to 2⁻³⁶, seeded pair hash, id); mutual proposals
 * match" (a locally-dominant approximation of the maximum-weight matching), then the prolongator with one non-zero per
 * row and the Galerkin operator Pᵀ A P by two joins and one aggregation. The driver twin is {@link LocalLevel#coarsen}.
 *
 * <p>Schemas: {@code pairs: u long, t long} (u < t); {@code p: i long, c long, p double} (coarse id = the smaller id
 * of the pair); {@code coarseW: id long, x double}. Cost per round: one aggregation and one self-join of the
 * proposals plus two anti-joins of the candidates, O(nnz).
 *
 * <p>Reference: D'Ambra, Vassilevski, "Adaptive AMG with coarsening based on compatible weighted matching",
 * Comput. Vis. Sci. 16 (2013); D'Ambra, Filippone, Vassilevski, BootCMatch, ACM TOMS 44 (2018).
 */
final class Coarsening {

  private static final Logger LOG = LoggerFactory.getLogger(Coarsening.class);

  final Dataset<Row> pairs;
  final Dataset<Row> p;
  final Dataset<Row> coarseW;
  final DistOperator coarse;

  private Coarsening(Dataset<Row> pairs, Dataset<Row> p, Dataset<Row> coarseW, DistOperator coarse) {
    this.pairs = pairs;
    this.p = p;
    this.coarseW = coarseW;
    this.coarse = coarse;
  }

  /** Coarsens {@code op} guided by the smooth vector {@code w} ({@code id, x}). */
  static Coarsening of(DistOperator op, Dataset<Row> w, long seed, int rounds, int hubDegree) {
    Dataset<Row> pairs = match(op, w, seed, rounds);
    Dataset<Row> vw = op.rows.join(w, Graph.ID).select(col(Graph.ID), col(DistOperator.X).as("w"));
    Dataset<Row> wu = vw.select(col(Graph.ID).as("u"), col("w").as("wu"));
    Dataset<Row> wt = vw.select(col(Graph.ID).as("t"), col("w").as("wt"));
    Dataset<Row> pw = pairs.join(wu, "u").join(wt, "t")
        .withColumn("norm", sqrt(col("wu").multiply(col("wu")).plus(col("wt").multiply(col("wt")))));
    Column half = lit(Math.sqrt(0.5));
    Column pu = when(col("norm").gt(0), col("wu").divide(col("norm"))).otherwise(half);
    Column pt = when(col("norm").gt(0), col("wt").divide(col("norm"))).otherwise(half);
    Dataset<Row> matchedIds = pairs.select(col("u").as(Graph.ID)).union(pairs.select(col("t").as(Graph.ID)));
    Dataset<Row> single = vw.join(matchedIds, ScalaSeq.of(Graph.ID), "left_anti");
    int parts = partitions(op);
    Dataset<Row> p = LineageCutter.cutMeasured(pw.select(col("u").as("i"), col("u").as("c"), pu.as("p"))
        .union(pw.select(col("t").as("i"), col("u").as("c"), pt.as("p")))
        .union(single.select(col(Graph.ID).as("i"), col(Graph.ID).as("c"),
            when(col("w").lt(0), lit(-1.0)).otherwise(lit(1.0)).as("p")))
        .coalesce(parts));
    Dataset<Row> coarseW = LineageCutter.cutMeasured(pw.select(col("u").as(Graph.ID), col("norm").as(DistOperator.X))
        .union(single.select(col(Graph.ID), abs(col("w")).as(DistOperator.X)))
        .coalesce(parts));
    DistOperator coarse = DistOperator.fromEntries(galerkin(op, p), hubDegree);
    return new Coarsening(pairs, p, coarseW, coarse);
  }

  /** Pᵀ A P as entries {@code i, j, v}. */
  static Dataset<Row> galerkin(DistOperator op, Dataset<Row> p) {
    Dataset<Row> pi = p.select(col("i").as(DistOperator.I), col("c").as("ci"), col("p").as("pi"));
    Dataset<Row> pj = p.select(col("i").as(DistOperator.J), col("c").as("cj"), col("p").as("pj"));
    Dataset<Row> e = op.joinOn(op.entries, DistOperator.I, DistOperator.IH, pi, "inner");
    e = op.joinOn(e, DistOperator.J, DistOperator.JH, pj, "inner");
    return e.groupBy("ci", "cj")
        .agg(sum(col("pi").multiply(col(DistOperator.V)).multiply(col("pj"))).as(DistOperator.V))
        .select(col("ci").as(DistOperator.I), col("cj").as(DistOperator.J), col(DistOperator.V));
  }

  /** The matched pairs {@code u, t} (u < t) after at most {@code rounds} proposal rounds. */
  static Dataset<Row> match(DistOperator op, Dataset<Row> w, long seed, int rounds) {
    String i = DistOperator.I;
    String j = DistOperator.J;
    Dataset<Row> vw = op.rows.join(w, Graph.ID);
    Dataset<Row> off = op.entries.filter(col(i).notEqual(col(j)));
    off = op.joinOn(off, i, DistOperator.IH,
        vw.select(col(Graph.ID).as(i), col("diag").as("di"), col(DistOperator.X).as("wi")), "inner");
    off = op.joinOn(off, j, DistOperator.JH,
        vw.select(col(Graph.ID).as(j), col("diag").as("dj"), col(DistOperator.X).as("wj")), "inner");
    // Same operation order as LocalLevel.pairWeight, so driver and executors compute the same doubles.
    Column den = col("di").multiply(col("wi")).multiply(col("wi"))
        .plus(col("dj").multiply(col("wj")).multiply(col("wj")));
    Column c = when(den.gt(0), lit(1.0).minus(lit(2.0).multiply(col("wi")).multiply(col("wj"))
        .multiply(col(DistOperator.V)).divide(den))).otherwise(lit(0.0));
    // Pair weights are compared on a grid of 2^-36 (LocalLevel.quantise): weights that are equal in exact arithmetic
    // but were summed in different orders (coarse operators, smooth vectors) then tie and the seeded pair hash decides,
    // so the matching does not depend on the partitioning.
    // Unions (the hub/light halves of a join, the pairs of every round) add up their inputs' partitions; without the
    // coalesce the candidates' partition count grew fourfold per round (two anti-joins against the small, broadcast
    // set of matched vertices, each a union of two partition-preserving joins).
    int parts = partitions(op);
    Dataset<Row> cand = LineageCutter.cutMeasured(off.select(col(i), col(j), col(DistOperator.IH), col(DistOperator.JH),
            rint(c.multiply(LocalLevel.GRID)).as("c"),
            Seeds.hash(seed, least(col(i), col(j)), greatest(col(i), col(j))).as("t"))
        .filter(col("c").gt(0)).coalesce(parts));
    Dataset<Row> pairs = null;
    for (int r = 1; r <= rounds; r++) {
      op.entries.sparkSession().sparkContext().setJobDescription("amg matching round " + r);
      Dataset<Row> prop = LineageCutter.cutMeasured(cand.groupBy(i).agg(max(struct(col("c"), col("t"), col(j))).as("b"))
          .select(col(i).as("a"), col("b." + j).as("bj")));
      Dataset<Row> other = prop.select(col("a").as("a2"), col("bj").as("bj2"));
      Dataset<Row> mutual = LineageCutter.cutMeasured(prop.join(other, col("a").equalTo(col("bj2")).and(col("bj").equalTo(col("a2"))))
          .filter(col("a").lt(col("bj")))
          .select(col("a").as("u"), col("bj").as("t")));
      long found = mutual.count();
      LOG.debug("matching round {}: {} new pairs", r, found);
      if (found == 0) {
        break;
      }
      pairs = pairs == null ? mutual : LineageCutter.cutMeasured(pairs.union(mutual).coalesce(parts));
      if (r < rounds) {
        Dataset<Row> done = mutual.select(col("u").as(i)).union(mutual.select(col("t").as(i)));
        cand = op.joinOn(cand, i, DistOperator.IH, done, "left_anti");
        cand = LineageCutter.cutMeasured(op.joinOn(cand, j, DistOperator.JH, done.select(col(i).as(j)), "left_anti")
            .coalesce(parts));
      }
    }
    if (pairs == null) {
      pairs = op.rows.sparkSession().emptyDataFrame().select(lit(0L).as("u"), lit(0L).as("t")).limit(0);
    }
    return pairs;
  }

  /** The session's shuffle partition count: the most partitions a cut frame of the coarsening keeps. */
  static int partitions(DistOperator op) {
    return Math.max(1, op.rows.sparkSession().sessionState().conf().numShufflePartitions());
  }
}
