package dev.grasp.embedding.hyperbolic;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.graph.linalg.Engine;
import dev.grasp.graph.util.DriverLocal;
import dev.grasp.testing.TestSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HyperbolicRescalerTest {

  private static final int D = 8;
  private static final int N = 40;
  private static Dataset<Row> embeddings;
  private static Dataset<Row> edges;
  private static Map<Long, double[]> vectors;

  /**
   * Two planted communities of 20 nodes (edge probability 0.3 inside, 0.02 across); dimensions 0–3 carry the
   * community (±0.8 plus noise 0.3), dimensions 4–7 are pure noise (sd 1).
   */
  @BeforeAll
  static void data() {
    SparkSession spark = TestSpark.get();
    Random rnd = new Random(11);
    vectors = new HashMap<>();
    List<Row> rows = new ArrayList<>();
    for (long id = 0; id < N; id++) {
      double sign = id < N / 2 ? 1 : -1;
      double[] v = new double[D];
      List<Double> l = new ArrayList<>();
      for (int i = 0; i < D; i++) {
        v[i] = i < 4 ? sign * 0.8 + 0.3 * rnd.nextGaussian() : rnd.nextGaussian();
        l.add(v[i]);
      }
      vectors.put(id, v);
      rows.add(RowFactory.create(id * 7 + 3, l));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType)
        .add("embedding", DataTypes.createArrayType(DataTypes.DoubleType, false));
    embeddings = spark.createDataFrame(rows, schema);
    List<Row> es = new ArrayList<>();
    for (long a = 0; a < N; a++) {
      for (long b = a + 1; b < N; b++) {
        boolean same = (a < N / 2) == (b < N / 2);
        if (rnd.nextDouble() < (same ? 0.3 : 0.02)) {
          es.add(RowFactory.create(a * 7 + 3, b * 7 + 3));
        }
      }
    }
    edges = spark.createDataFrame(es, new StructType().add("src", DataTypes.LongType).add("dst", DataTypes.LongType));
  }

  private static HyperbolicRescaler rescaler() {
    return new HyperbolicRescaler().setBlockSize(4).setTrainingEdges(edges).setMaxIter(25).setStepSize(0.1)
        .setNegativeSamples(3).setTargetRadius(1.0).setRadiusPenalty(0.001);
  }

  private static double[] toArray(Row r, String c) {
    List<Double> l = r.getList(r.fieldIndex(c));
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static RescalerObjective objective(int[] blockOf, int blocks, PoincareBall ball, double lambda) {
    Dataset<Row> v = embeddings.select(col("id"), col("embedding").as("v"));
    return RescalerObjective.build(v, edges, blockOf, blocks, ball, lambda, 3, 5L, 0L);
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    PoincareBall ball = new PoincareBall(0.7);
    int[] blockOf = new int[D];
    for (int i = 0; i < D; i++) {
      blockOf[i] = i / 2;
    }
    RescalerObjective obj = objective(blockOf, 4, ball, 0.05);
    try {
      double[] theta = {Math.log(0.3), Math.log(0.5), Math.log(0.2), Math.log(0.4)};
      double r = 1.5;
      double logT = -0.3;
      RescalerObjective.Value v = obj.evaluate(theta, r, logT);
      double h = 1e-5;
      for (int i = 0; i < theta.length + 2; i++) {
        double[] plus = params(theta, r, logT);
        double[] minus = params(theta, r, logT);
        plus[i] += h;
        minus[i] -= h;
        double fd = (loss(obj, plus) - loss(obj, minus)) / (2 * h);
        double g = v.gradient()[i];
        assertEquals(fd, g, 1e-6 * Math.max(1, Math.abs(g)), "parameter " + i);
        assertTrue(Math.abs(g) > 1e-6, "a gradient that could be checked (parameter " + i + ")");
      }
    } finally {
      obj.unpersist();
    }
  }

  private static double[] params(double[] theta, double r, double logT) {
    double[] p = Arrays.copyOf(theta, theta.length + 2);
    p[theta.length] = r;
    p[theta.length + 1] = logT;
    return p;
  }

  private static double loss(RescalerObjective obj, double[] p) {
    int k = p.length - 2;
    return obj.evaluate(Arrays.copyOf(p, k), p[k], p[k + 1]).loss();
  }

  /**
   * The objective's placements (pairs built by Spark and evaluated by the CPU engine in the driver, by the CPU engine
   * distributed or by the Catalyst engine; pairs built and evaluated in the driver) give the same bits of loss,
   * gradient and mean squared distances for 1 and 3 partitions; whole fits chosen through the session's properties
   * give the same model bits.
   */
  @Test
  void enginesAndPlacementsGiveTheSameBits() {
    PoincareBall ball = new PoincareBall(0.7);
    int[] blockOf = {0, 0, 1, 1, 2, 2, 3, 3};
    double[] theta = {Math.log(0.3), Math.log(0.5), Math.log(0.2), Math.log(0.4)};
    Dataset<Row> v = embeddings.select(col("id"), col("embedding").as("v"));
    Object[][] placements = {{Engine.CPU, Long.MAX_VALUE, "cpu, driver"}, {Engine.CPU, 0L, "cpu, distributed"},
        {Engine.CATALYST, Long.MAX_VALUE, "catalyst"}};
    long[] ref = null;
    for (int parts : new int[] {1, 3}) {
      for (int at = 0; at <= placements.length; at++) {
        // the last placement: the pair table built in the driver from the collected inputs
        Object[] pl = at < placements.length ? placements[at] : new Object[] {null, null, "cpu, driver"};
        DriverInput in = DriverInput.collect(embeddings.select(col("id"), col("embedding").as("e")).repartition(parts),
            N, D, 1.0, edges.repartition(parts), Long.MAX_VALUE);
        RescalerObjective obj = at < placements.length
            ? RescalerObjective.build(v.repartition(parts), edges.repartition(parts), blockOf, 4, ball, 0.05, 3, 5L,
                0L, (Engine) pl[0], (Long) pl[1])
            : RescalerObjective.buildInDriver(in.ids(), in.vectors(), in.src(), in.dst(), blockOf, 4, ball, 0.05, 3,
                5L, 0L);
        try {
          assertEquals(pl[2], obj.placement());
          RescalerObjective.Value val = obj.evaluate(theta, 1.5, -0.3);
          double[] md = obj.meanSquaredDistances(theta);
          long[] bits = new long[val.gradient().length + 3];
          bits[0] = Double.doubleToRawLongBits(val.loss());
          for (int i = 0; i < val.gradient().length; i++) {
            bits[1 + i] = Double.doubleToRawLongBits(val.gradient()[i]);
          }
          bits[bits.length - 2] = Double.doubleToRawLongBits(md[0]);
          bits[bits.length - 1] = Double.doubleToRawLongBits(md[1]);
          if (ref == null) {
            ref = bits;
          } else {
            assertArrayEquals(ref, bits, pl[2] + ", " + parts + " partitions");
          }
        } finally {
          obj.unpersist();
        }
      }
    }
    SparkSession spark = TestSpark.get();
    HyperbolicRescalerModel first = null;
    String[][] confs = {{"cpu", "64m"}, {"cpu", "0"}, {"catalyst", "64m"}};
    try {
      for (int parts : new int[] {1, 3}) {
        for (String[] conf : confs) {
          spark.conf().set(Engine.CONF, conf[0]);
          spark.conf().set(DriverLocal.CONF, conf[1]);
          HyperbolicRescalerModel m = rescaler().setMaxIter(8).setTrainingEdges(edges.repartition(parts))
              .fit(embeddings.repartition(parts));
          if (first == null) {
            first = m;
          } else {
            String what = String.join("/", conf) + ", " + parts + " partitions";
            assertArrayEquals(first.getScales(), m.getScales(), 0.0, what);
            assertArrayEquals(first.getTrainingLoss(), m.getTrainingLoss(), 0.0, what);
            assertEquals(first.getDecoderRadius(), m.getDecoderRadius(), 0.0, what);
            assertEquals(first.getDecoderTemperature(), m.getDecoderTemperature(), 0.0, what);
          }
        }
      }
    } finally {
      spark.conf().unset(Engine.CONF);
      spark.conf().unset(DriverLocal.CONF);
    }
  }

  @Test
  void lossMatchesPoincareDistanceTwin() {
    // The DataFrame objective uses the hyperbolic law of cosines; the twin maps with exp₀ and measures with the
    // arcosh distance. Both sum the same pairs, rebuilt here from the labelled pair table's inputs.
    PoincareBall ball = new PoincareBall(1.3);
    int[] blockOf = {0, 0, 0, 0, 1, 1, 1, 1};
    double[] theta = {Math.log(0.4), Math.log(0.1)};
    double r = 0.8;
    double logT = 0.2;
    double lambda = 0.1;
    Dataset<Row> v = embeddings.select(col("id"), col("embedding").as("v"));
    RescalerObjective obj = RescalerObjective.build(v, edges, blockOf, 2, ball, lambda, 2, 9L, 0L);
    try {
      double df = obj.evaluate(theta, r, logT).loss();
      // Same pairs from a second build (deterministic), with the node vectors attached.
      List<Row> pairs = pairTable(9L, 2, 0);
      long np = obj.positives();
      long nn = obj.negatives();
      assertEquals(np + nn, pairs.size());
      double sum = 0;
      double radW = lambda * np / (np + nn);
      for (Row p : pairs) {
        double[] ui = scaled(vectors.get((p.getLong(0) - 3) / 7), theta, blockOf);
        double[] uj = scaled(vectors.get((p.getLong(1) - 3) / 7), theta, blockOf);
        double y = p.getDouble(2);
        sum += RescalerObjective.pairLoss(ball, ui, uj, y, r, logT, y > 0 ? 1.0 : (double) np / nn, radW);
      }
      assertEquals(sum / np, df, 1e-9 * Math.abs(df));
    } finally {
      obj.unpersist();
    }
  }

  @Test
  void maxTrainingEdgesSamplesPositivesAndStillAvoidsEveryEdge() {
    // The driver twin keeps an edge when uniform(seed, a, b) < max/|E| and draws its negatives against the full
    // adjacency; the Spark pair table must have exactly the twin's positive and negative counts.
    Dataset<Row> v = embeddings.select(col("id"), col("embedding").as("v"));
    int[] blockOf = {0, 0, 0, 0, 1, 1, 1, 1};
    long total = pairTable(4L, 3, 0).stream().filter(r -> r.getDouble(2) > 0).count();
    long max = total / 3;
    RescalerObjective obj = RescalerObjective.build(v, edges, blockOf, 2, new PoincareBall(1.0), 0.01, 3, 4L, max);
    RescalerObjective all = RescalerObjective.build(v, edges, blockOf, 2, new PoincareBall(1.0), 0.01, 3, 4L,
        total);
    try {
      List<Row> twin = pairTable(4L, 3, (double) max / total);
      long np = twin.stream().filter(r -> r.getDouble(2) > 0).count();
      assertEquals(np, obj.positives());
      assertEquals(twin.size() - np, obj.negatives());
      assertTrue(np > total / 6 && np < total / 2, "about a third of " + total + " edges kept, got " + np);
      DriverInput in = DriverInput.collect(embeddings.select(col("id"), col("embedding").as("e")), N, D, 1.0, edges,
          Long.MAX_VALUE);
      RescalerObjective driver = RescalerObjective.buildInDriver(in.ids(), in.vectors(), in.src(), in.dst(), blockOf,
          2, new PoincareBall(1.0), 0.01, 3, 4L, max);
      assertEquals(np, driver.positives());
      assertEquals(twin.size() - np, driver.negatives());
      // A cap at |E| keeps every edge: the same table as no cap.
      assertEquals(total, all.positives());
    } finally {
      obj.unpersist();
      all.unpersist();
    }
  }

  /**
   * The (a, b, y) pairs RescalerObjective samples, recomputed with the same public hash; {@code keep} &gt; 0 keeps an
   * edge as a positive only when uniform(seed, a, b) &lt; keep (negatives still avoid every edge).
   */
  private static List<Row> pairTable(long seed, int k, double keep) {
    List<long[]> pos = new ArrayList<>();
    java.util.Set<String> adj = new java.util.HashSet<>();
    for (Row e : edges.collectAsList()) {
      long a = Math.min(e.getLong(0), e.getLong(1));
      long b = Math.max(e.getLong(0), e.getLong(1));
      if (a != b && adj.add(a + "," + b)) {
        adj.add(b + "," + a);
        pos.add(new long[] {a, b});
      }
    }
    long[] ids = new long[N];
    for (int i = 0; i < N; i++) {
      ids[i] = i * 7L + 3;
    }
    List<Row> out = new ArrayList<>();
    for (long[] p : pos) {
      if (keep > 0 && dev.grasp.graph.util.Seeds.uniform(seed, p[0], p[1]) >= keep) {
        continue;
      }
      out.add(RowFactory.create(p[0], p[1], 1.0));
      for (long j = 0; j < k; j++) {
        long c = ids[(int) Math.floor(dev.grasp.graph.util.Seeds.uniform(seed, p[0], p[1], j) * N)];
        if (c != p[0] && !adj.contains(p[0] + "," + c)) {
          out.add(RowFactory.create(p[0], c, -1.0));
        }
      }
    }
    return out;
  }

  private static double[] scaled(double[] v, double[] theta, int[] blockOf) {
    double[] u = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      u[i] = v[i] * Math.exp(theta[blockOf[i]]);
    }
    return u;
  }

  @Test
  void fitImprovesObjectiveFavoursInformativeBlockAndIsDeterministic() {
    HyperbolicRescalerModel m1 = rescaler().setTrainingEdges(edges.repartition(1)).fit(embeddings.repartition(1));
    HyperbolicRescalerModel m4 = rescaler().setTrainingEdges(edges.repartition(4)).fit(embeddings.repartition(4));
    double[] loss = m1.getTrainingLoss();
    assertEquals(25, loss.length);
    double best = Arrays.stream(loss).min().getAsDouble();
    assertTrue(best < loss[0] - 1e-3, "objective improved from " + loss[0] + " to " + best);
    double[] s = m1.getScales();
    assertEquals(2, s.length);
    assertTrue(s[0] > s[1], "the community block outweighs the noise block: " + Arrays.toString(s));
    assertArrayEquals(s, m4.getScales(), 1e-9);
    assertArrayEquals(loss, m4.getTrainingLoss(), 1e-9);
    assertEquals(m1.getDecoderRadius(), m4.getDecoderRadius(), 1e-9);
    assertTrue(m1.getDecoderTemperature() > 0);
    long distinct = pairTable(42L, 3, 0).stream().filter(r -> r.getDouble(2) > 0).count();
    assertEquals(new HyperbolicRescalerModel.FitPairs(distinct, m4.getFitPairs().nonEdges()), m1.getFitPairs(),
        "every edge under the cap");
    assertTrue(m1.getFitPairs().nonEdges() > 0, "non-edges sampled");
  }

  /**
   * fitInDriver on arrays (rows in reverse id order, to show the order does not matter) gives the model fit gives on
   * the DataFrames, in fit and target-radius mode, and transformInDriver the transform's bits; a repeated id and
   * missing edges are refused.
   */
  @Test
  void driverFitAndTransformGiveTheDataFramesBits() {
    List<Row> rows = embeddings.orderBy(col("id").desc()).collectAsList();
    long[] ids = new long[rows.size()];
    double[][] x = new double[rows.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = rows.get(i).getLong(0);
      x[i] = toArray(rows.get(i), "embedding");
    }
    List<Row> es = edges.collectAsList();
    long[] src = es.stream().mapToLong(r -> r.getLong(0)).toArray();
    long[] dst = es.stream().mapToLong(r -> r.getLong(1)).toArray();
    for (String mode : new String[] {"fit", "target-radius"}) {
      HyperbolicRescalerModel spark = rescaler().setMode(mode).fit(embeddings.repartition(3));
      HyperbolicRescalerModel driver = rescaler().setMode(mode).fitInDriver(ids, x, src, dst);
      assertArrayEquals(spark.getScales(), driver.getScales(), 0.0, mode);
      assertArrayEquals(spark.getTrainingLoss(), driver.getTrainingLoss(), 0.0, mode);
      assertEquals(spark.getDecoderRadius(), driver.getDecoderRadius(), 0.0, mode);
      assertEquals(spark.getFitPairs(), driver.getFitPairs(), mode);
      HyperbolicRescalerModel.Points p = driver.transformInDriver(x);
      Map<Long, Row> byId = new HashMap<>();
      spark.setOutputCol("h").transform(embeddings).collectAsList().forEach(r -> byId.put(r.getLong(0), r));
      for (int i = 0; i < ids.length; i++) {
        Row r = byId.get(ids[i]);
        assertArrayEquals(toArray(r, "h"), p.h()[i], 0.0, mode + " id " + ids[i]);
        assertEquals(r.getDouble(r.fieldIndex("radius")), p.radius()[i], 0.0, mode + " id " + ids[i]);
      }
    }
    long[] twice = ids.clone();
    twice[1] = twice[0];
    assertThrows(IllegalArgumentException.class, () -> rescaler().fitInDriver(twice, x, src, dst));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> rescaler().fitInDriver(ids, x, null, null));
    assertTrue(e.getMessage().contains("`trainingEdges`"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> HyperbolicRescalerModel.of(4, 4, "scalar", new double[] {1}).transformInDriver(x));
    assertTrue(e.getMessage().contains("length 4"), e.getMessage());
  }

  @Test
  void targetRadiusModeHitsTheMeanRadius() {
    for (double target : new double[] {0.5, 3.0, 25.0}) {
      HyperbolicRescalerModel m = new HyperbolicRescaler().setMode("target-radius").setBlockSize(8)
          .setCurvature(0.5).setTargetRadius(target).fit(embeddings);
      assertEquals(1, m.getScales().length);
      double mean = m.transform(embeddings).agg(avg(col("radius"))).first().getDouble(0);
      assertEquals(target, mean, 1e-9 * target, "target " + target);
    }
    PoincareBall ball = new PoincareBall(0.5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new HyperbolicRescaler().setMode("target-radius").setCurvature(0.5).setTargetRadius(ball.maxRadius())
            .fit(embeddings));
    assertTrue(e.getMessage().contains("`targetRadius`"), e.getMessage());
  }

  @Test
  void transformIsMobiusScalingOfTheExpMap() {
    double[] scales = {0.3, 2.0};
    HyperbolicRescalerModel m = HyperbolicRescalerModel.of(D, 4, "scalar", scales).setCurvature(2.0)
        .setInputScale(0.25);
    PoincareBall ball = new PoincareBall(2.0);
    double[] diag = PoincareBall.expandBlocks(scales, 4);
    for (Row r : m.transform(embeddings).collectAsList()) {
      double[] e = toArray(r, "embedding");
      double[] v = new double[D];
      for (int i = 0; i < D; i++) {
        v[i] = e[i] * 0.25;
      }
      double[] expected = ball.mobiusMatVec(diag, ball.expMap0(v));
      double[] h = toArray(r, "hyperbolic");
      assertArrayEquals(expected, h, 1e-12);
      assertEquals(ball.radius(h), r.getDouble(r.fieldIndex("radius")), 1e-12);
    }
    HyperbolicRescalerModel id = new HyperbolicRescaler().setMode("identity").fit(embeddings);
    assertArrayEquals(new double[] {1}, id.getScales(), 0);
    Row first = id.transform(embeddings.limit(1)).first();
    assertArrayEquals(new PoincareBall(1).expMap0(toArray(first, "embedding")), toArray(first, "hyperbolic"), 1e-15);
  }

  /**
   * inputNorm = unit: only directions matter. Multiplying every embedding by 8 (exact in binary) changes neither the
   * fitted scales nor a bit of the points; an identity model at input scale 0.5 puts every node at radius 1 (c = 1:
   * radius = 2·‖v‖ below the clamp); the Catalyst engine, the CPU engine and the driver twin give the same bits.
   */
  @Test
  void unitInputIsScaleInvariantAndEveryEngineGivesTheSameBits() {
    Dataset<Row> times8 = embeddings.selectExpr("id", "transform(embedding, x -> x * 8D) as embedding");
    HyperbolicRescalerModel a = rescaler().setInputNorm("unit").fit(embeddings);
    HyperbolicRescalerModel b = rescaler().setInputNorm("unit").fit(times8.repartition(3));
    assertArrayEquals(a.getScales(), b.getScales(), 0.0);
    assertFalse(Arrays.equals(a.getScales(), rescaler().fit(embeddings).getScales()), "unit input changes the fit");
    assertEquals("unit", a.getInputNorm());

    List<Row> rows = embeddings.orderBy("id").collectAsList();
    double[][] x = new double[rows.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = toArray(rows.get(i), "embedding");
    }
    HyperbolicRescalerModel.Points driver = a.transformInDriver(x);
    SparkSession spark = TestSpark.get();
    try {
      for (String engine : new String[] {"cpu", "catalyst"}) {
        spark.conf().set(Engine.CONF, engine);
        List<Row> out = a.transform(times8.repartition(3)).orderBy("id").collectAsList();
        for (int r = 0; r < N; r++) {
          assertArrayEquals(driver.h()[r], toArray(out.get(r), "hyperbolic"), 0.0, engine + " row " + r);
          assertEquals(driver.radius()[r], out.get(r).getDouble(out.get(r).fieldIndex("radius")), 0.0,
              engine + " row " + r);
        }
      }
    } finally {
      spark.conf().unset(Engine.CONF);
    }
    HyperbolicRescalerModel flat = HyperbolicRescalerModel.of(D, 4, "scalar", new double[] {1, 1})
        .setInputNorm("unit").setInputScale(0.5);
    for (double radius : flat.transformInDriver(x).radius()) {
      assertEquals(1.0, radius, 1e-12);
    }
    assertEquals(0.0, flat.transformInDriver(new double[][] {new double[D]}).radius()[0], 0.0, "zero stays at 0");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> rescaler().setInputNorm("l1"));
    assertTrue(e.getMessage().contains("inputNorm"), e.getMessage());
  }

  /** The transform on the CPU engine (partition-local twins) and on the Catalyst engine give the same bits. */
  @Test
  void transformEnginesGiveTheSameBits() {
    HyperbolicRescalerModel m = HyperbolicRescalerModel.of(D, 4, "scalar", new double[] {0.3, 2.0})
        .setCurvature(2.0).setInputScale(0.25);
    SparkSession spark = TestSpark.get();
    Map<String, List<Row>> out = new HashMap<>();
    try {
      for (String engine : new String[] {"cpu", "catalyst"}) {
        spark.conf().set(Engine.CONF, engine);
        out.put(engine, m.transform(embeddings.repartition(3)).orderBy("id").collectAsList());
      }
    } finally {
      spark.conf().unset(Engine.CONF);
    }
    List<Row> cpu = out.get("cpu");
    List<Row> cat = out.get("catalyst");
    assertEquals(N, cpu.size());
    assertEquals(cat.get(0).schema(), cpu.get(0).schema());
    for (int r = 0; r < N; r++) {
      assertArrayEquals(toArray(cat.get(r), "hyperbolic"), toArray(cpu.get(r), "hyperbolic"), 0.0, "row " + r);
      assertEquals(Double.doubleToRawLongBits(cat.get(r).getDouble(cat.get(r).fieldIndex("radius"))),
          Double.doubleToRawLongBits(cpu.get(r).getDouble(cpu.get(r).fieldIndex("radius"))), "row " + r);
    }
  }

  @Test
  void transformKeepsNullRowsAndRefusesWrongLengths() {
    HyperbolicRescalerModel m = HyperbolicRescalerModel.of(D, 4, "scalar", new double[] {1, 1});
    StructType schema = new StructType().add("id", DataTypes.LongType)
        .add("embedding", DataTypes.createArrayType(DataTypes.DoubleType, true));
    List<Double> ok = new ArrayList<>(java.util.Collections.nCopies(D, 0.1));
    Dataset<Row> withNull = TestSpark.get().createDataFrame(
        List.of(RowFactory.create(1L, ok), RowFactory.create(2L, null)), schema);
    List<Row> out = m.transform(withNull).orderBy("id").collectAsList();
    assertEquals(2, out.size());
    assertEquals(new PoincareBall(1).radius(new PoincareBall(1).expMap0(toArray(out.get(0), "embedding"))),
        out.get(0).getDouble(out.get(0).fieldIndex("radius")), 1e-12);
    assertTrue(out.get(1).isNullAt(out.get(1).fieldIndex("hyperbolic")));
    assertTrue(out.get(1).isNullAt(out.get(1).fieldIndex("radius")));
    Dataset<Row> shortRow = TestSpark.get().createDataFrame(
        List.of(RowFactory.create(1L, ok), RowFactory.create(3L, List.of(0.1, 0.2))), schema);
    Exception e = assertThrows(Exception.class, () -> m.transform(shortRow).collectAsList());
    String msg = String.valueOf(e.getMessage()) + (e.getCause() == null ? "" : e.getCause().getMessage());
    assertTrue(msg.contains("`embedding` arrays must have length 8"), msg);
  }

  /**
   * The fitted values are model data: the saved metadata's paramMap holds only params, its {@code modelData} the
   * dimension, scales, decoder, loss and pair counts. Spark's writer and the driver's ({@code save(conf, path)}) give
   * models that both readers load identically, NaN decoder values included; a model saved with the fitted values as
   * params (the older layout) still loads.
   */
  @Test
  void fittedValuesAreSavedAsModelData() throws Exception {
    HyperbolicRescalerModel fitted = rescaler().setMaxIter(3).fit(embeddings);
    String dir = TestSpark.freshDir("hyp-model-data");
    fitted.write().save(dir + "/spark");
    fitted.save(new org.apache.hadoop.conf.Configuration(), dir + "/driver");
    com.fasterxml.jackson.databind.JsonNode meta = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        java.nio.file.Path.of(dir, "spark", "metadata", "part-00000").toFile());
    for (String name : List.of("dimension", "scales", "decoderRadius", "trainingLoss", "fitEdges")) {
      assertTrue(meta.path("paramMap").path(name).isMissingNode(), name + " is not a param: " + meta);
      assertFalse(meta.path("modelData").path(name).isMissingNode(), name + " is model data: " + meta);
    }
    for (String saved : List.of("spark", "driver")) {
      for (HyperbolicRescalerModel back : List.of(HyperbolicRescalerModel.load(dir + "/" + saved),
          HyperbolicRescalerModel.load(new org.apache.hadoop.conf.Configuration(), dir + "/" + saved, "--model"))) {
        assertEquals(fitted.uid(), back.uid());
        assertEquals(D, back.getDimension());
        assertArrayEquals(fitted.getScales(), back.getScales(), 0);
        assertArrayEquals(fitted.getTrainingLoss(), back.getTrainingLoss(), 0);
        assertEquals(fitted.getDecoderRadius(), back.getDecoderRadius(), 0);
        assertEquals(fitted.getFitPairs(), back.getFitPairs());
        assertEquals(fitted.getInputScale(), back.getInputScale(), 0);
      }
    }
    // an unfitted model: NaN decoder values survive the JSON
    HyperbolicRescalerModel plain = HyperbolicRescalerModel.of(D, 4, "scalar", new double[] {0.5, 2.0});
    plain.write().save(dir + "/plain");
    HyperbolicRescalerModel plainBack = HyperbolicRescalerModel.load(dir + "/plain");
    assertTrue(Double.isNaN(plainBack.getDecoderRadius()));
    assertArrayEquals(new double[] {0.5, 2.0}, plainBack.getScales(), 0);
    assertEquals(0, plainBack.getTrainingLoss().length);
    // the older layout: fitted values in paramMap
    java.nio.file.Path legacy = java.nio.file.Path.of(dir, "legacy", "metadata");
    java.nio.file.Files.createDirectories(legacy);
    java.nio.file.Files.writeString(legacy.resolve("part-00000"), "{\"class\":\""
        + HyperbolicRescalerModel.class.getName() + "\",\"timestamp\":1,\"sparkVersion\":\"3.5.5\",\"uid\":\"old\","
        + "\"paramMap\":{\"dimension\":8,\"blockSize\":4,\"blockType\":\"scalar\",\"scales\":[0.5,2.0],"
        + "\"decoderRadius\":1.5,\"decoderTemperature\":0.25,\"trainingLoss\":[2.0,1.0],\"fitEdges\":7,"
        + "\"fitNonEdges\":9},\"defaultParamMap\":{}}\n");
    HyperbolicRescalerModel old = HyperbolicRescalerModel.load(dir + "/legacy");
    assertEquals(8, old.getDimension());
    assertArrayEquals(new double[] {0.5, 2.0}, old.getScales(), 0);
    assertEquals(1.5, old.getDecoderRadius(), 0);
    assertEquals(new HyperbolicRescalerModel.FitPairs(7, 9), old.getFitPairs());
    assertArrayEquals(new double[] {2.0, 1.0}, old.getTrainingLoss(), 0);
  }

  @Test
  void pipelineRoundTrip() throws Exception {
    HyperbolicRescaler est = rescaler().setMaxIter(5).setBlockType("diagonal").setOutputCol("h").setRadiusCol("rad");
    Pipeline pipe = new Pipeline().setStages(new PipelineStage[] {est});
    PipelineModel fitted = pipe.fit(embeddings);
    String dir = TestSpark.freshDir("hyp-pipeline");
    fitted.write().overwrite().save(dir + "/model");
    PipelineModel loaded = PipelineModel.load(dir + "/model");
    HyperbolicRescalerModel a = (HyperbolicRescalerModel) fitted.stages()[0];
    HyperbolicRescalerModel b = (HyperbolicRescalerModel) loaded.stages()[0];
    assertEquals(D, b.getScales().length);
    assertArrayEquals(a.getScales(), b.getScales(), 0);
    assertArrayEquals(a.getTrainingLoss(), b.getTrainingLoss(), 0);
    assertEquals("rad", b.getRadiusCol());
    TestSpark.assertApproxEquals(fitted.transform(embeddings).orderBy("id"), loaded.transform(embeddings).orderBy("id"),
        0.0);
    assertEquals(a.getDecoderRadius(), b.getDecoderRadius(), 0);
    assertEquals(a.getDecoderTemperature(), b.getDecoderTemperature(), 0);
    assertEquals(a.getFitPairs(), b.getFitPairs());
    assertEquals(a.getDimension(), b.getDimension());
    pipe.write().overwrite().save(dir + "/pipeline");
    HyperbolicRescaler est2 = (HyperbolicRescaler) Pipeline.load(dir + "/pipeline").getStages()[0];
    assertEquals("diagonal", est2.getBlockType());
    assertEquals(5, est2.getMaxIter());
    assertEquals(est.uid(), est2.uid());
  }

  @Test
  void failuresNameTheParameter() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> rescaler().setBlockSize(3).fit(embeddings));
    assertTrue(e.getMessage().contains("`blockSize`") && e.getMessage().contains("d = 8")
        && e.getMessage().contains("blockSize = 3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new HyperbolicRescaler().fit(embeddings));
    assertTrue(e.getMessage().contains("`trainingEdges`"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> rescaler().setInputCol("id").fit(embeddings));
    assertTrue(e.getMessage().contains("`inputCol`"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> rescaler().setOutputCol("id").fit(embeddings));
    assertTrue(e.getMessage().contains("'id' already exists"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new HyperbolicRescaler().setMode("bogus"));
    e = assertThrows(IllegalArgumentException.class, () -> new HyperbolicRescaler().setMode(null));
    assertTrue(e.getMessage().contains("`mode` must be one of fit, target-radius, identity; got null"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new HyperbolicRescaler().setBlockType(null));
    assertTrue(e.getMessage().contains("`blockType`"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new HyperbolicRescaler().setCurvature(-1));
    e = assertThrows(IllegalArgumentException.class, () -> HyperbolicRescalerModel.of(8, 4, "scalar",
        new double[] {1, 1, 1}));
    assertTrue(e.getMessage().contains("`scales`"), e.getMessage());
  }
}
