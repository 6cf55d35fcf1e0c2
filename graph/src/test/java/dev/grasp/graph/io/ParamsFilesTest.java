package dev.grasp.graph.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grasp.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.feature.Bucketizer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stage saved by ParamsFiles has Spark's metadata and loads with the stage's own reader. */
class ParamsFilesTest {

  @TempDir
  Path dir;

  private final SparkSession spark = TestSpark.get();

  /** A stage with set params (an array, NaN-free doubles, strings) and defaults (handleInvalid). */
  private static Bucketizer stage() {
    return new Bucketizer().setInputCol("r").setOutputCol("bucket")
        .setSplits(new double[] {Double.NEGATIVE_INFINITY, -0.5, 0.0, 2.25, Double.POSITIVE_INFINITY});
  }

  @Test
  void metadataIsSparksAndLoadsBack() throws IOException {
    Bucketizer b = stage();
    String ours = dir.resolve("ours").toString();
    String theirs = dir.resolve("theirs").toString();
    ParamsFiles.save(new Configuration(), b, ours);
    b.write().save(theirs);
    ObjectMapper json = new ObjectMapper();
    ObjectNode a = (ObjectNode) json.readTree(Files.readString(Path.of(ours, "metadata", "part-00000")));
    ObjectNode s = (ObjectNode) json.readTree(Files.readString(Path.of(theirs, "metadata", "part-00000")));
    assertTrue(Files.exists(Path.of(ours, "metadata", "_SUCCESS")));
    assertTrue(a.get("timestamp").asLong() > 0);
    a.remove("timestamp");
    s.remove("timestamp");
    assertEquals(s, a, "the same metadata as DefaultParamsWriter, timestamp aside");
    Bucketizer back = Bucketizer.load(ours);
    assertEquals(b.uid(), back.uid());
    assertEquals("r", back.getInputCol());
    assertEquals("bucket", back.getOutputCol());
    assertArrayEquals(b.getSplits(), back.getSplits());
    assertEquals(b.getHandleInvalid(), back.getHandleInvalid());
    JsonNode defaults = a.get("defaultParamMap");
    assertEquals("error", defaults.get("handleInvalid").asText());
    for (String saved : new String[] {ours, theirs}) {
      Bucketizer read = ParamsFiles.load(new Configuration(), saved, "--model", Bucketizer.class, Bucketizer::new);
      assertEquals(b.uid(), read.uid());
      assertEquals("bucket", read.getOutputCol());
      assertArrayEquals(b.getSplits(), read.getSplits());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParamsFiles.load(
        new Configuration(), ours, "--model", org.apache.spark.ml.feature.Binarizer.class,
        org.apache.spark.ml.feature.Binarizer::new));
    assertTrue(e.getMessage().contains("`--model`") && e.getMessage().contains("Bucketizer"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ParamsFiles.load(new Configuration(),
        dir.toString(), "--model", Bucketizer.class, Bucketizer::new));
    assertTrue(e.getMessage().contains("is not a saved model"), e.getMessage());
  }

  @Test
  void anExistingPathIsRefused() throws IOException {
    Path there = Files.createDirectories(dir.resolve("there"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ParamsFiles.save(new Configuration(), stage(), there.toString()));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
  }
}
