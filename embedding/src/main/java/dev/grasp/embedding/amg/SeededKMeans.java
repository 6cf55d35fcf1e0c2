package dev.grasp.embedding.amg;

import dev.grasp.graph.linalg.FixedPoint;
import dev.grasp.graph.util.Seeds;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Euclidean k-means whose result is a function of (seed, data) only, in the driver or over a Spark table, with the
 * same bits on both: restart r draws its seeds by k-means++ (D² sampling, Arthur and Vassilvitskii 2007) on the points
 * whose hash u(seed_r, id) falls under {@code sampleSize / n} (all points of a small table), then runs Lloyd
 * iterations on every point. A point goes to its nearest centre (squared distance summed over the coordinates in
 * order; ties to the lower centre), and a centre's coordinate sums are {@link FixedPoint} sums, exact whatever the
 * order of the points or the partitioning. A centre without points keeps its place; a restart stops when no centre
 * moves by more than {@code tol} or after {@code maxIter} iterations. Fewer than k distinct points give fewer
 * centres.
 *
 * <p>Spark cost: one job for the size and bound, one for the init samples of all restarts, one per Lloyd iteration
 * for all restarts still moving, and one per restart for its assignments. Driver cost: the same arithmetic on one chunk.
 */
final class SeededKMeans implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Hash domain of the init sample's draw. */
  static final long SAMPLE_DOMAIN = 0x6b6d65616e73L;
  /** Hash domain of the k-means++ draws. */
  static final long PICK_DOMAIN = 0x6b6d2b2bL;
  /** The init sample holds about max(this, 64·k) points. */
  static final int SAMPLE_FLOOR = 10_000;
  /** Lloyd stops when no centre moves farther than this (Spark ML's default tolerance). */
  static final double TOL = 1e-4;

  private final int k;
  private final int maxIter;
  private final long[] seeds;

  /** Restart r's seed is {@code Seeds.hash(seed, r)}. */
  SeededKMeans(int k, int maxIter, long seed, int restarts) {
    this.k = k;
    this.maxIter = maxIter;
    this.seeds = new long[restarts];
    for (int r = 0; r < restarts; r++) {
      seeds[r] = Seeds.hash(seed, r);
    }
  }

  /** Points of one partition (or of the whole table in the driver): ids and row-major coordinates. */
  record Chunk(long[] ids, double[] x, int d) implements Serializable {
    int size() {
      return ids.length;
    }

    /** {@code id, f array<double>} rows as a chunk; every array must have {@code d} entries. */
    static Chunk of(Iterator<Row> rows, int d) {
      List<Long> ids = new ArrayList<>();
      double[] x = new double[16 * Math.max(1, d)];
      int n = 0;
      while (rows.hasNext()) {
        Row r = rows.next();
        List<Double> f = r.getList(1);
        if (f.size() != d) {
          throw new IllegalStateException("k-means input: vertex " + r.getLong(0) + " has " + f.size()
              + " coordinates, expected " + d);
        }
        if ((long) (n + 1) * d > x.length) {
          x = Arrays.copyOf(x, (int) Math.min(Integer.MAX_VALUE - 8L, Math.max((long) (n + 1) * d, 2L * x.length)));
        }
        for (int j = 0; j < d; j++) {
          x[n * d + j] = f.get(j);
        }
        ids.add(r.getLong(0));
        n++;
      }
      return new Chunk(ids.stream().mapToLong(Long::longValue).toArray(), Arrays.copyOf(x, n * d), d);
    }
  }

  /** One restart's final centres and the Lloyd iterations it ran. */
  record Fit(double[][] centers, int iterations) implements Serializable {}

  /** Point count, largest |coordinate| and the init samples of every restart (ids sorted). */
  record Summary(long n, double maxAbs, long[][] sampleIds, double[][][] samples) implements Serializable {}

  /** Lloyd sums of one pass: per restart, per centre, d fixed-point coordinate sums and a count. */
  record Sums(long[][][] sums, long[][] counts) implements Serializable {
    Sums plus(Sums o) {
      for (int r = 0; r < sums.length; r++) {
        if (sums[r] == null) {
          continue;
        }
        for (int c = 0; c < sums[r].length; c++) {
          counts[r][c] += o.counts[r][c];
          for (int j = 0; j < sums[r][c].length; j++) {
            sums[r][c][j] += o.sums[r][c][j];
          }
        }
      }
      return this;
    }
  }

  /** Every restart's fit on the points of one driver chunk. */
  List<Fit> fitLocal(Chunk all) {
    Summary s = summarize(List.of(all).iterator(), all.d(), sampleRate(all.size()));
    return lloyd(s, all.d(), (centers, active) -> partialSums(List.of(all).iterator(), centers, active, scale(s)));
  }

  /** Every restart's fit on {@code chunks} (cached by the caller). */
  List<Fit> fitSpark(JavaRDD<Chunk> chunks, int d) {
    Summary size = summaryOf(chunks, d, 0.0);
    Summary all = summaryOf(chunks, d, sampleRate(size.n()));
    int scale = scale(all);
    return lloyd(all, d, (centers, active) -> {
      Broadcast<double[][][]> b = JavaSparkContext.fromSparkContext(chunks.context()).broadcast(centers);
      boolean[] on = active.clone();
      Sums sum = chunks.map(c -> partialSums(List.of(c).iterator(), b.value(), on, scale))
          .reduce(Sums::plus);
      b.destroy();
      return sum;
    });
  }

  /** The centre of every point of {@code c} under {@code centers}. */
  static int[] assign(Chunk c, double[][] centers) {
    int[] out = new int[c.size()];
    for (int p = 0; p < out.length; p++) {
      out[p] = nearest(c.x(), p * c.d(), c.d(), centers);
    }
    return out;
  }

  /** Chunks of an {@code id, f array<double>} table, one per partition, persisted (memory, then disk). */
  static JavaRDD<Chunk> chunks(Dataset<Row> points, int d) {
    return points.javaRDD().mapPartitions(it -> List.of(Chunk.of(it, d)).iterator())
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  private interface Pass {
    Sums run(double[][][] centers, boolean[] active);
  }

  private int scale(Summary s) {
    return FixedPoint.scaleFor((double) s.n() * s.maxAbs());
  }

  /** k-means++ seeds, then Lloyd passes until every restart has stopped. */
  private List<Fit> lloyd(Summary s, int d, Pass pass) {
    int restarts = seeds.length;
    double[][][] centers = new double[restarts][][];
    for (int r = 0; r < restarts; r++) {
      centers[r] = plusPlus(s.samples()[r], d, seeds[r]);
    }
    int scale = scale(s);
    boolean[] active = new boolean[restarts];
    Arrays.fill(active, true);
    int[] iterations = new int[restarts];
    for (int it = 0; it < maxIter; it++) {
      boolean any = false;
      for (boolean a : active) {
        any |= a;
      }
      if (!any) {
        break;
      }
      Sums sums = pass.run(centers, active);
      for (int r = 0; r < restarts; r++) {
        if (!active[r]) {
          continue;
        }
        iterations[r]++;
        double moved = 0.0;
        for (int c = 0; c < centers[r].length; c++) {
          long count = sums.counts()[r][c];
          if (count == 0) {
            continue; // keeps its place
          }
          double[] next = new double[d];
          for (int j = 0; j < d; j++) {
            next[j] = FixedPoint.value(sums.sums()[r][c][j], scale) / count;
          }
          moved = Math.max(moved, squaredDistance(next, 0, centers[r][c]));
          centers[r][c] = next;
        }
        if (moved <= TOL * TOL) {
          active[r] = false;
        }
      }
    }
    List<Fit> fits = new ArrayList<>();
    for (int r = 0; r < restarts; r++) {
      fits.add(new Fit(centers[r], iterations[r]));
    }
    return fits;
  }

  /** Per-restart sums of one chunk sequence under {@code centers} (restarts not {@code active} are skipped). */
  private static Sums partialSums(Iterator<Chunk> chunks, double[][][] centers, boolean[] active, int scale) {
    double factor = FixedPoint.factor(scale);
    int restarts = centers.length;
    long[][][] sums = new long[restarts][][];
    long[][] counts = new long[restarts][];
    while (chunks.hasNext()) {
      Chunk c = chunks.next();
      int d = c.d();
      for (int r = 0; r < restarts; r++) {
        if (!active[r]) {
          continue;
        }
        if (sums[r] == null) {
          sums[r] = new long[centers[r].length][d];
          counts[r] = new long[centers[r].length];
        }
        for (int p = 0; p < c.size(); p++) {
          int off = p * d;
          int best = nearest(c.x(), off, d, centers[r]);
          counts[r][best]++;
          long[] s = sums[r][best];
          for (int j = 0; j < d; j++) {
            s[j] += FixedPoint.term(c.x()[off + j], factor);
          }
        }
      }
    }
    for (int r = 0; r < restarts; r++) {
      if (active[r] && sums[r] == null) {
        sums[r] = new long[centers[r].length][0];
        counts[r] = new long[centers[r].length];
      }
    }
    return new Sums(sums, counts);
  }

  private static int nearest(double[] x, int off, int d, double[][] centers) {
    int best = 0;
    double bestD = Double.POSITIVE_INFINITY;
    for (int c = 0; c < centers.length; c++) {
      double s = 0.0;
      double[] m = centers[c];
      for (int j = 0; j < d && s < bestD; j++) {
        double t = x[off + j] - m[j];
        s = s + t * t;
      }
      if (s < bestD) {
        bestD = s;
        best = c;
      }
    }
    return best;
  }

  private static double squaredDistance(double[] x, int off, double[] m) {
    double s = 0.0;
    for (int j = 0; j < m.length; j++) {
      double t = x[off + j] - m[j];
      s = s + t * t;
    }
    return s;
  }

  /** Size and bound of a chunk sequence, and every restart's points whose draw falls under {@code rate}. */
  private Summary summarize(Iterator<Chunk> chunks, int d, double rate) {
    long n = 0;
    double maxAbs = 0.0;
    List<Chunk> seen = new ArrayList<>();
    while (chunks.hasNext()) {
      Chunk c = chunks.next();
      seen.add(c);
      n += c.size();
      for (double v : c.x()) {
        maxAbs = Math.max(maxAbs, Math.abs(v));
      }
    }
    long[][] ids = new long[seeds.length][];
    double[][][] samples = new double[seeds.length][][];
    for (int r = 0; r < seeds.length; r++) {
      if (rate <= 0.0) { // the size pass: no draws
        ids[r] = new long[0];
        samples[r] = new double[0][];
        continue;
      }
      List<Long> picked = new ArrayList<>();
      List<double[]> rows = new ArrayList<>();
      for (Chunk c : seen) {
        for (int p = 0; p < c.size(); p++) {
          if (rate >= 1.0 || Seeds.uniform(seeds[r], SAMPLE_DOMAIN, c.ids()[p]) < rate) {
            picked.add(c.ids()[p]);
            rows.add(Arrays.copyOfRange(c.x(), p * d, p * d + d));
          }
        }
      }
      Integer[] order = new Integer[picked.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Long.compare(picked.get(a), picked.get(b)));
      ids[r] = new long[order.length];
      samples[r] = new double[order.length][];
      for (int i = 0; i < order.length; i++) {
        ids[r][i] = picked.get(order[i]);
        samples[r][i] = rows.get(order[i]);
      }
    }
    return new Summary(n, maxAbs, ids, samples);
  }

  /** {@link #summarize} over the partitions of {@code chunks} in one job. */
  private Summary summaryOf(JavaRDD<Chunk> chunks, int d, double rate) {
    SeededKMeans self = this;
    return chunks.mapPartitions(it -> List.of(self.summarize(it, d, rate)).iterator()).collect().stream()
        .reduce((a, b) -> merge(a, b, d)).orElseThrow();
  }

  private double sampleRate(long n) {
    long target = Math.max(SAMPLE_FLOOR, 64L * k);
    return n <= target ? 1.0 : (double) target / n;
  }

  /** Two summaries as one (samples merged in id order). */
  private static Summary merge(Summary a, Summary b, int d) {
    int restarts = a.sampleIds().length;
    long[][] ids = new long[restarts][];
    double[][][] rows = new double[restarts][][];
    for (int r = 0; r < restarts; r++) {
      long[] x = a.sampleIds()[r];
      long[] y = b.sampleIds()[r];
      ids[r] = new long[x.length + y.length];
      rows[r] = new double[ids[r].length][];
      int i = 0;
      int j = 0;
      for (int o = 0; o < ids[r].length; o++) {
        boolean fromA = j >= y.length || (i < x.length && x[i] <= y[j]);
        ids[r][o] = fromA ? x[i] : y[j];
        rows[r][o] = fromA ? a.samples()[r][i++] : b.samples()[r][j++];
      }
    }
    return new Summary(a.n() + b.n(), Math.max(a.maxAbs(), b.maxAbs()), ids, rows);
  }

  /** The first index whose running weight sum exceeds {@code u · total} (the last positive weight if rounding leaves none). */
  private static int drawByWeight(double[] w, double total, double u) {
    double target = u * total;
    double cum = 0.0;
    int pick = -1;
    for (int i = 0; i < w.length; i++) {
      if (w[i] > 0.0) {
        pick = i;
        cum = cum + w[i];
        if (cum > target) {
          break;
        }
      }
    }
    return pick;
  }

  /** k-means++ on the sample (in id order): at most k centres, fewer when the sample has fewer distinct points. */
  private double[][] plusPlus(double[][] sample, int d, long seed) {
    int m = sample.length;
    if (m == 0) {
      return new double[][] {new double[d]};
    }
    List<double[]> chosen = new ArrayList<>();
    int first = (int) Math.min(m - 1, (long) (Seeds.uniform(seed, PICK_DOMAIN, 0) * m));
    chosen.add(sample[first].clone());
    double[] d2 = new double[m];
    for (int i = 0; i < m; i++) {
      d2[i] = squaredDistance(sample[i], 0, chosen.get(0));
    }
    for (int step = 1; step < k; step++) {
      double total = 0.0;
      for (double v : d2) {
        total = total + v;
      }
      if (!(total > 0.0)) {
        break;
      }
      double[] c = sample[drawByWeight(d2, total, Seeds.uniform(seed, PICK_DOMAIN, step))].clone();
      chosen.add(c);
      for (int i = 0; i < m; i++) {
        d2[i] = Math.min(d2[i], squaredDistance(sample[i], 0, c));
      }
    }
    return chosen.toArray(new double[0][]);
  }
}
