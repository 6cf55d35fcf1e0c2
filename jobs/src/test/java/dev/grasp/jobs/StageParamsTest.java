package dev.grasp.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.embedding.amg.AmgClusteringEstimator;
import dev.grasp.embedding.amg.AmgParams;
import dev.grasp.embedding.fastrp.FastRP;
import dev.grasp.embedding.hyperbolic.HyperbolicRescaler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Options that name a stage param take its doc and default: one definition per parameter. */
class StageParamsTest {

  /** Every option of every command that names a param by its descriptionKey. */
  private static List<OptionSpec> keyed(CommandLine cl) {
    List<OptionSpec> out = new ArrayList<>();
    for (OptionSpec o : cl.getCommandSpec().options()) {
      if (StageParams.isStageKey(o.descriptionKey())) {
        out.add(o);
      }
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      out.addAll(keyed(sub));
    }
    return out;
  }

  @Test
  void everyKeyedOptionNamesAParamAndShowsItsDefaultAndDoc() {
    List<OptionSpec> options = keyed(Main.commandLine());
    assertTrue(options.size() >= 25, "keyed options: " + options.size());
    for (OptionSpec o : options) {
      Param<Object> p = StageParams.param(o.descriptionKey());
      assertNotNull(p, o.longestName() + " names no param: " + o.descriptionKey());
      assertTrue(String.join(" ", o.description()).startsWith(p.doc()), o.longestName() + ": " + o.description()[0]);
      assertNotNull(o.defaultValueString(), o.longestName());
    }
  }

  @Test
  void parsedDefaultsAreTheStagesDefaults() {
    CommandLine cl = Main.commandLine();
    cl.parseArgs("rescale", "--embeddings", "e", "--output", "o");
    RescaleCommand rescale = cl.getSubcommands().get("rescale").getCommand();
    HyperbolicRescaler fitted = rescale.stage();
    HyperbolicRescaler defaults = new HyperbolicRescaler();
    assertEquals(defaults.getBlockSize(), fitted.getBlockSize());
    assertEquals(defaults.getCurvature(), fitted.getCurvature());
    assertEquals(defaults.getMode(), fitted.getMode());
    assertEquals(defaults.getMaxIter(), fitted.getMaxIter());
    assertEquals(defaults.getMaxTrainingEdges(), fitted.getMaxTrainingEdges());
    assertEquals(defaults.getTargetRadius(), fitted.getTargetRadius());

    cl = Main.commandLine();
    cl.parseArgs("embed", "--input", "x", "--output", "o");
    EmbedCommand embed = cl.getSubcommands().get("embed").getCommand();
    FastRP f = embed.fastrp.stage(false);
    FastRP fd = new FastRP();
    assertEquals(fd.getDimension(), f.getDimension());
    assertArrayEquals(fd.getIterationWeights(), f.getIterationWeights());
    assertEquals(fd.getNormalizationStrength(), f.getNormalizationStrength());
    assertEquals(fd.getSparsity(), f.getSparsity());
    assertEquals(fd.getOrientation(), f.getOrientation());
    assertEquals(fd.getSeed(), f.getSeed());

    cl = Main.commandLine();
    cl.parseArgs("cluster", "--input", "x", "--k", "3", "--output", "o");
    ClusterCommand cluster = cl.getSubcommands().get("cluster").getCommand();
    AmgParams ad = new AmgClusteringEstimator().amgParams();
    assertEquals(ad.maxHierarchies(), cluster.hierarchies);
    assertEquals(ad.iterationsPerHierarchy(), cluster.iterations);
    assertEquals(ad.restarts(), cluster.restarts);
    assertEquals(ad.coarsestSize(), cluster.coarsestSize);
    assertEquals(ad.seed(), cluster.seed);
  }

  @Test
  void helpShowsTheParamDocAndDefault() {
    StringWriter out = new StringWriter();
    Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "rescale", "--help");
    String help = out.toString().replaceAll("\\s+", " ");
    assertTrue(help.contains("size b of the diagonal blocks of M; must divide d (>= 1) (default: 8)."), help);
    assertTrue(help.contains("Adam iterations of fit mode (>= 0) (default: 50)."), help);
  }

  @Test
  void formatWritesDefaultsAsOptionValues() {
    assertEquals("0,0,1,1", StageParams.format(new double[] {0.0, 0.0, 1.0, 1.0}));
    assertEquals("-0.5", StageParams.format(-0.5));
    assertEquals("1", StageParams.format(1.0));
    assertEquals("1000000", StageParams.format(1_000_000L));
    assertEquals("scalar", StageParams.format("scalar"));
  }
}
