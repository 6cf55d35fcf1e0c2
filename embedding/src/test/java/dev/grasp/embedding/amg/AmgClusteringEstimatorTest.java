package dev.grasp.embedding.amg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.embedding.eval.ClusteringMetrics;
import dev.grasp.testing.TestSpark;
import java.io.IOException;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class AmgClusteringEstimatorTest {

  /** Two clear planted blocks of 12; columns renamed to check that column names are params. */
  private static final PlantedGraphs.Planted P = PlantedGraphs.sbm(2, 12, 0.6, 0.02, 1.0, 0, 31L);

  private static AmgClusteringEstimator estimator() {
    return new AmgClusteringEstimator().setK(2).setMaxHierarchies(3).setIterationsPerHierarchy(2).setRestarts(3)
        .setSeed(7L).setSrcCol("a").setDstCol("b").setIdCol("node").setPredictionCol("c");
  }

  @Test
  void pipelineFitsTransformsAndRoundTripsThroughSaveAndLoad() throws IOException {
    Dataset<Row> edges = P.graph().edges().selectExpr("src as a", "dst as b");
    Dataset<Row> nodes = P.graph().vertices().selectExpr("id as node", "id * 10 as other");
    AmgClusteringEstimator est = estimator();
    Pipeline pipe = new Pipeline().setStages(new PipelineStage[] {est});
    PipelineModel fitted = pipe.fit(edges);
    Dataset<Row> out = fitted.transform(nodes);
    assertEquals(java.util.List.of("node", "other", "c"), java.util.Arrays.asList(out.columns()));
    assertEquals(0, out.filter("c is null").count());
    double nmi = ClusteringMetrics.nmi(P.labels(), out.selectExpr("node as id", "c as cluster"));
    assertTrue(nmi > 0.9, "NMI " + nmi);
    AmgClusteringModel model = (AmgClusteringModel) fitted.stages()[0];
    assertTrue(model.getModularity() > 0.3, "modularity " + model.getModularity());

    String dir = TestSpark.freshDir("amg-pipeline");
    fitted.write().overwrite().save(dir + "/model");
    PipelineModel loaded = PipelineModel.load(dir + "/model");
    AmgClusteringModel back = (AmgClusteringModel) loaded.stages()[0];
    assertEquals(model.uid(), back.uid());
    assertEquals("c", back.getPredictionCol());
    assertEquals(model.getModularity(), back.getModularity(), 0.0);
    TestSpark.assertSameRows(out.orderBy("node"), loaded.transform(nodes).orderBy("node"));

    pipe.write().overwrite().save(dir + "/pipeline");
    AmgClusteringEstimator est2 = (AmgClusteringEstimator) Pipeline.load(dir + "/pipeline").getStages()[0];
    assertEquals(est.uid(), est2.uid());
    assertEquals(2, est2.getK());
    assertEquals(3, est2.getMaxHierarchies());
    assertEquals(7L, est2.getSeed());
    assertEquals(est.amgParams(), est2.amgParams());
  }

  @Test
  void unknownIdsGetNoClusterAndMissingColumnsAreNamed() {
    Dataset<Row> edges = P.graph().edges().selectExpr("src as a", "dst as b");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> estimator().setDstCol("missing").fit(edges));
    assertTrue(e.getMessage().startsWith("`dstCol` column 'missing' not found"), e.getMessage());
    AmgClusteringModel m = new AmgClusteringModel("m", TestSpark.get().sql("select 1L as id, 0 as cluster"));
    Dataset<Row> out = m.transform(TestSpark.get().sql("select 1L as id union all select 99L"));
    assertEquals("[[1,0], [99,null]]", out.orderBy("id").collectAsList().toString());
    e = assertThrows(IllegalArgumentException.class, () -> new AmgClusteringEstimator().setK(1));
    assertTrue(e.getMessage().contains("k"), e.getMessage());
  }
}
