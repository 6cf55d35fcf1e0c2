package dev.grasp.embedding.amg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.embedding.eval.ClusteringMetrics;
import dev.grasp.testing.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class AttributeWeightSearchTest {

  private static Dataset<Row> table(String sql) {
    return TestSpark.get().sql(sql);
  }

  /** Clusters {0, 1} and {2, 3}; training pairs {0,1}, {2,3}, {1,2}; hidden pairs {0,3} and {0,1}. */
  @Test
  void edgeBitsFollowTheBlockModelByHand() {
    Dataset<Row> clusters = table("select * from values (0L, 0L), (1L, 0L), (2L, 1L), (3L, 1L) as t(id, cluster)");
    Dataset<Row> train = table("select * from values (0L, 1L), (2L, 3L), (1L, 2L) as t(u, v)");
    Dataset<Row> hidden = table("select * from values (0L, 3L), (0L, 1L) as t(u, v)");
    // ends: (0,0) 2, (1,1) 2, (0,1) = (1,0) 1; volumes 3 and 3, 2m = 6, so every expected e_rs = 3·3/6 = 1.5.
    // {0,3}: log2((1 + 1.5) / (2 · 1.5)) = log2(5/6); {0,1}: log2((2 + 1.5) / 3) = log2(7/6).
    double expected = Math.log(5.0 / 6) / Math.log(2) + Math.log(7.0 / 6) / Math.log(2);
    assertEquals(expected, AttributeWeightSearch.edgeBits(train, hidden, clusters), 1e-12);
  }

  /** Four vertices in clusters {0, 1} and {2, 3}; training rows x at 0 and 1, y at 2; hidden y at 3 and at 0. */
  @Test
  void valueBitsFollowTheShrunkClusterRatesByHand() {
    Dataset<Row> clusters = table("select * from values (0L, 0L), (1L, 0L), (2L, 1L), (3L, 1L) as t(id, cluster)");
    Dataset<Row> train = table("select * from values (0L, 'c', 'x'), (1L, 'c', 'x'), (2L, 'c', 'y')"
        + " as t(id, attribute, value)");
    Dataset<Row> hidden = table("select * from values (3L, 'c', 'y'), (0L, 'c', 'y') as t(id, attribute, value)");
    // p(y) = (1 + 0.5) / (4 + 1) = 0.3; cluster 1 (size 2) has one y: (1 + 10 · 0.3) / (2 + 10) = 1/3;
    // cluster 0 has none: (0 + 3) / 12 = 1/4.
    double expected = Math.log((1.0 / 3) / 0.3) / Math.log(2) + Math.log(0.25 / 0.3) / Math.log(2);
    assertEquals(expected, AttributeWeightSearch.valueBits(train,
        AttributeWeightSearch.withValueCounts(hidden, train), clusters, 4), 1e-12);
  }

  /** Three of the shipped factors (structure only, the middle, the top), to keep the test's clusterings few. */
  private static final double[] FACTORS = {0.0, 0.3, 3.0};

  private static AttributeWeightSearch.Clusterer amg(int k) {
    return (train, attributes, w) -> AmgClustering.with(AmgClusteringTest.fast(k).withAttributeWeight(w))
        .run(train, attributes).assignments();
  }

  @Test
  void anInformativeAttributeOnAmbiguousStructureGetsWeight() {
    // structure alone is weak (pIn 0.12 vs pOut 0.06); three attributes agree with the block 90 % of the time
    PlantedGraphs.Planted p = PlantedGraphs.sbm(3, 20, 0.12, 0.06, 0.9, 3, 9L);
    AttributeWeightSearch.Choice c = AttributeWeightSearch.choose(p.graph(), p.attributes(), 42L, FACTORS, amg(3));
    assertEquals(FACTORS.length, c.scores().size());
    assertTrue(c.weight() > 0, "chosen " + c);
    double chosen = ClusteringMetrics.nmi(p.labels(), amg(3).cluster(p.graph(), p.attributes(), c.weight()));
    double structure = ClusteringMetrics.nmi(p.labels(), amg(3).cluster(p.graph(), null, 0.0));
    assertTrue(chosen > structure + 0.1, "NMI at the chosen weight " + chosen + " vs structure only " + structure);
  }

  @Test
  void attributesAtChanceDoNotCostTheStructuresClusters() {
    // clear structure; three attributes take the block's value at the chance rate (1/3 for 3 blocks): no signal
    PlantedGraphs.Planted p = PlantedGraphs.sbm(3, 20, 0.5, 0.02, 1.0 / 3, 3, 5L);
    AttributeWeightSearch.Choice c = AttributeWeightSearch.choose(p.graph(), p.attributes(), 42L, FACTORS, amg(3));
    double chosen = ClusteringMetrics.nmi(p.labels(), amg(3).cluster(p.graph(), p.attributes(), c.weight()));
    double structure = ClusteringMetrics.nmi(p.labels(), amg(3).cluster(p.graph(), null, 0.0));
    assertTrue(chosen >= structure - 0.02, "NMI at the chosen weight " + c.weight() + ": " + chosen
        + " vs structure only " + structure + "; " + c);
  }

  @Test
  void aGridThatIsNotAscendingIsRefused() {
    PlantedGraphs.Planted p = PlantedGraphs.sbm(2, 5, 0.5, 0.1, 0.9, 1, 1L);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AttributeWeightSearch.choose(p.graph(), p.attributes(), 1L, new double[] {0.0, 1.0, 0.5}, amg(2)));
    assertTrue(e.getMessage().contains("[0.0, 1.0, 0.5]"), e.getMessage());
  }
}
