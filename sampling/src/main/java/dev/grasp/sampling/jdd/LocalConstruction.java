package dev.grasp.sampling.jdd;

import dev.grasp.graph.DriverCopy;
import dev.grasp.graph.util.PackedPairs;
import dev.grasp.graph.util.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link JddSampler}'s construction in the driver, for inputs under {@code spark.grasp.driverLocal.maxBytes}: the same
 * node draws, rank orders, block edges, self-loop repair and rank remaps as its Spark stages, on primitive arrays, so
 * the same sample. Each step names the Spark stage it reproduces.
 */
final class LocalConstruction {

  /** Driver bytes a sample edge takes while built: ids as generated and remapped, the sort index. */
  static final long EDGE_BYTES = 64;

  /** The drawn sample nodes: id, sample degrees, ranks inside their out- and in-class. */
  private record Nodes(long[] id, long[] in, long[] out, long[] inRank, long[] outRank) {
    int size() {
      return id.length;
    }
  }

  private LocalConstruction() {}

  /**
   * The drawn nodes and the repaired edges of {@code blocks}, or a failed attempt's exception: {@code ids, in, out}
   * are the input's vertices with their simple-view degrees; {@code stratum}, when not null, each vertex's stratum
   * for a systematic draw ({@link JddSampler}'s {@code drawNodes}).
   */
  static Built build(long[] ids, long[] in, long[] out, long[] stratum, Rescaler.Target target,
      List<BlockDesign> blocks, long sd, int maxAttempts, long saltPick, long saltOut, long saltIn, long saltRepair) {
    for (int attempt = 0; ; attempt++) {
      Nodes nodes = draw(ids, in, out, stratum, target, sd, attempt, saltPick, saltOut, saltIn);
      Map<Long, long[]> byOutRank = byRank(nodes, true);
      Map<Long, long[]> byInRank = byRank(nodes, false);
      Generated g = generate(blocks, byOutRank, byInRank);
      Repairer repairer = new Repairer(blocks, members(nodes), Seeds.hash(sd, saltRepair, attempt));
      try {
        List<Repairer.Swap> swaps = repairer.repair(g.loops());
        Edges edges = apply(g, blocks, swaps, byOutRank, byInRank, repairer);
        long[] vertices = nodes.id().clone();
        Arrays.sort(vertices);
        return new Built(new DriverCopy(vertices, edges.src(), edges.dst(), null), repairer.swaps());
      } catch (IllegalStateException e) {
        if (attempt + 1 >= maxAttempts) {
          throw new IllegalStateException("self-loop repair failed after " + maxAttempts + " rank orders: "
              + e.getMessage(), e);
        }
      }
    }
  }

  /** The sample (vertex ids ascending, edges in (src, dst) order) and the repairs made. */
  record Built(DriverCopy sample, long repairs) {}

  /** Edge i is (src[i], dst[i]). */
  private record Edges(long[] src, long[] dst) {}

  /**
   * {@code drawNodes}: per original (in, out) class, its first {@code take} members by (pick hash, id) — or, with
   * strata, the members at the systematic positions of the (stratum, pick hash, id) order — get the draw's new
   * class; ranks inside the new out- and in-classes by (rank hash of the attempt, id), from 0.
   */
  private static Nodes draw(long[] ids, long[] in, long[] out, long[] stratum, Rescaler.Target target, long sd,
      int attempt, long saltPick, long saltOut, long saltIn) {
    Map<List<Long>, Rescaler.Draw> draws = new HashMap<>();
    for (Rescaler.Draw d : target.draws()) {
      if (d.count() > 0 && draws.put(List.of(d.origIn(), d.origOut()), d) != null) {
        throw new IllegalStateException("two draws from class (" + d.origIn() + ", " + d.origOut() + ")");
      }
    }
    Map<List<Long>, List<long[]>> members = new HashMap<>();
    for (int v = 0; v < ids.length; v++) {
      List<Long> key = List.of(in[v], out[v]);
      if (draws.containsKey(key)) {
        members.computeIfAbsent(key, k -> new ArrayList<>())
            .add(new long[] {stratum == null ? 0 : stratum[v], Seeds.hash(sd, ids[v], saltPick), ids[v]});
      }
    }
    List<long[]> picked = new ArrayList<>(); // id, newIn, newOut
    Comparator<long[]> order = Comparator.<long[]>comparingLong(x -> x[0]).thenComparingLong(x -> x[1])
        .thenComparingLong(x -> x[2]);
    for (Map.Entry<List<Long>, List<long[]>> e : members.entrySet()) {
      Rescaler.Draw d = draws.get(e.getKey());
      List<long[]> m = e.getValue();
      m.sort(order);
      long size = m.size();
      long take = Math.min(size, d.count());
      for (int i = 0; i < size; i++) {
        boolean pick = stratum == null ? i < take : JddSampler.systematic(i, take, size);
        if (pick) {
          picked.add(new long[] {m.get(i)[2], d.newIn(), d.newOut()});
        }
      }
    }
    picked.sort(Comparator.comparingLong(x -> x[0]));
    int n = picked.size();
    Nodes nodes = new Nodes(new long[n], new long[n], new long[n], new long[n], new long[n]);
    for (int i = 0; i < n; i++) {
      nodes.id()[i] = picked.get(i)[0];
      nodes.in()[i] = picked.get(i)[1];
      nodes.out()[i] = picked.get(i)[2];
    }
    rank(nodes, nodes.out(), nodes.outRank(), sd, saltOut + 16L * attempt);
    rank(nodes, nodes.in(), nodes.inRank(), sd, saltIn + 16L * attempt);
    return nodes;
  }

  /** {@code row_number() over (partition by class order by hash(sd, id, salt), id) - 1}. */
  private static void rank(Nodes nodes, long[] cls, long[] rank, long sd, long salt) {
    Map<Long, List<long[]>> byClass = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      byClass.computeIfAbsent(cls[i], k -> new ArrayList<>())
          .add(new long[] {Seeds.hash(sd, nodes.id()[i], salt), nodes.id()[i], i});
    }
    Comparator<long[]> order = Comparator.<long[]>comparingLong(x -> x[0]).thenComparingLong(x -> x[1]);
    for (List<long[]> m : byClass.values()) {
      m.sort(order);
      for (int r = 0; r < m.size(); r++) {
        rank[(int) m.get(r)[2]] = r;
      }
    }
  }

  /** Per out-class (or in-class), the node id at each rank. */
  private static Map<Long, long[]> byRank(Nodes nodes, boolean outSide) {
    long[] cls = outSide ? nodes.out() : nodes.in();
    long[] rank = outSide ? nodes.outRank() : nodes.inRank();
    Map<Long, Integer> sizes = new HashMap<>();
    for (long c : cls) {
      sizes.merge(c, 1, Integer::sum);
    }
    Map<Long, long[]> out = new HashMap<>();
    sizes.forEach((c, s) -> out.put(c, new long[s]));
    for (int i = 0; i < nodes.size(); i++) {
      out.get(cls[i])[(int) rank[i]] = nodes.id()[i];
    }
    return out;
  }

  private static Repairer.Members members(Nodes nodes) {
    return new Repairer.Members() {
      @Override
      public List<Repairer.Member> withOutDegree(long k) {
        return select(nodes, nodes.out(), k);
      }

      @Override
      public List<Repairer.Member> withInDegree(long l) {
        return select(nodes, nodes.in(), l);
      }
    };
  }

  /** The members of one class, by id (nodes are held in id order). */
  private static List<Repairer.Member> select(Nodes nodes, long[] cls, long c) {
    List<Repairer.Member> out = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (cls[i] == c) {
        out.add(new Repairer.Member(nodes.id()[i], nodes.in()[i], nodes.out()[i], nodes.inRank()[i],
            nodes.outRank()[i]));
      }
    }
    return out;
  }

  /**
   * {@code generate}: block b's edge q joins the node of out-rank rho(q) in class k to the node of in-rank sigma(q) in
   * class l (a rank without a node drops the edge, as the inner joins do); {@code start[b]} is b's first edge.
   */
  private record Generated(long[] src, long[] dst, boolean[] present, long[] start, List<Repairer.Position> loops) {}

  private static Generated generate(List<BlockDesign> blocks, Map<Long, long[]> byOut, Map<Long, long[]> byIn) {
    long[] start = new long[blocks.size() + 1];
    for (int b = 0; b < blocks.size(); b++) {
      start[b + 1] = start[b] + blocks.get(b).m;
    }
    int total = Math.toIntExact(start[blocks.size()]);
    long[] src = new long[total];
    long[] dst = new long[total];
    boolean[] present = new boolean[total];
    List<Repairer.Position> loops = new ArrayList<>();
    for (int b = 0; b < blocks.size(); b++) {
      BlockDesign d = blocks.get(b);
      long[] outs = byOut.get(d.k);
      long[] ins = byIn.get(d.l);
      for (long q = 0; q < d.m; q++) {
        int e = (int) (start[b] + q);
        long rho = d.rho(q);
        long sigma = d.sigma(q);
        if (outs == null || ins == null || rho >= outs.length || sigma >= ins.length) {
          continue;
        }
        src[e] = outs[(int) rho];
        dst[e] = ins[(int) sigma];
        present[e] = true;
        if (src[e] == dst[e]) {
          loops.add(new Repairer.Position(d.k, d.l, q));
        }
      }
    }
    return new Generated(src, dst, present, start, loops);
  }

  /**
   * {@code sampleEdges}: the repairer's changed positions re-joined to ids, then the rank remaps of both endpoints;
   * the edges come back sorted by (src, dst).
   */
  private static Edges apply(Generated g, List<BlockDesign> blocks, List<Repairer.Swap> swaps,
      Map<Long, long[]> byOut, Map<Long, long[]> byIn, Repairer repairer) {
    Map<Long, Integer> blockIndex = new HashMap<>();
    for (int b = 0; b < (swaps.isEmpty() ? 0 : blocks.size()); b++) {
      blockIndex.put(CountMatrix.pairKey(blocks.get(b).k, blocks.get(b).l), b);
    }
    for (Repairer.Swap s : swaps) {
      int e = (int) (g.start()[blockIndex.get(CountMatrix.pairKey(s.k(), s.l()))] + s.q());
      long[] outs = byOut.get(s.k());
      long[] ins = byIn.get(s.l());
      boolean ok = outs != null && ins != null && s.rho() < outs.length && s.sigma() < ins.length;
      g.present()[e] = ok;
      if (ok) {
        g.src()[e] = outs[(int) s.rho()];
        g.dst()[e] = ins[(int) s.sigma()];
      }
    }
    Remaps srcMap = Remaps.of(repairer.sourceRemaps());
    Remaps dstMap = Remaps.of(repairer.targetRemaps());
    int n = 0;
    for (boolean p : g.present()) {
      n += p ? 1 : 0;
    }
    long[] s = new long[n];
    long[] d = new long[n];
    int k = 0;
    for (int e = 0; e < g.present().length; e++) {
      if (g.present()[e]) {
        s[k] = srcMap.apply(g.src()[e]);
        d[k] = dstMap.apply(g.dst()[e]);
        k++;
      }
    }
    // (src, dst) order as one primitive sort: both ends as ranks among the ids present, packed into a long
    long[] ids = distinct(s, d);
    long[] key = new long[n];
    for (int i = 0; i < n; i++) {
      key[i] = (long) Arrays.binarySearch(ids, s[i]) << 32 | Arrays.binarySearch(ids, d[i]);
    }
    Arrays.sort(key);
    long[] sortedSrc = new long[n];
    long[] sortedDst = new long[n];
    for (int i = 0; i < n; i++) {
      sortedSrc[i] = ids[(int) (key[i] >>> 32)];
      sortedDst[i] = ids[(int) key[i]];
    }
    return new Edges(sortedSrc, sortedDst);
  }

  /** The distinct values of {@code a} and {@code b}, ascending. */
  private static long[] distinct(long[] a, long[] b) {
    long[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return PackedPairs.sortedDistinct(all, all.length);
  }

  /** Id remaps as sorted arrays: {@link #apply} maps an old id to its new one, any other id to itself. */
  private record Remaps(long[] from, long[] to) {
    static Remaps of(List<Repairer.Remap> remaps) {
      Map<Long, Long> m = new java.util.TreeMap<>();
      for (Repairer.Remap r : remaps) {
        m.put(r.oldId(), r.newId());
      }
      long[] from = new long[m.size()];
      long[] to = new long[m.size()];
      int i = 0;
      for (Map.Entry<Long, Long> e : m.entrySet()) {
        from[i] = e.getKey();
        to[i++] = e.getValue();
      }
      return new Remaps(from, to);
    }

    long apply(long id) {
      int at = from.length == 0 ? -1 : Arrays.binarySearch(from, id);
      return at >= 0 ? to[at] : id;
    }
  }
}
