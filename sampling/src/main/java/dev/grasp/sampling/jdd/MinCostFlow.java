package dev.grasp.sampling.jdd;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * A capacitated min-cost flow solver for the small class-level networks of the rescaling step: primal–dual successive
 * shortest paths (Dijkstra on reduced costs with node potentials), pushing a blocking flow through all zero
 * reduced-cost arcs after each Dijkstra so the number of Dijkstra rounds is the number of distinct path costs, not
 * the number of augmenting paths.
 *
 * <p>Arc costs must be non-negative (the caller starts from a rounded solution, so every residual move has a
 * non-negative marginal cost). Complexity O(P · (A + V) log V) for P distinct shortest-path lengths, plus the
 * Dinic-style blocking flows; V and A are the class-level node and arc counts (thousands), never |V| or |E|.
 * Reference: Ahuja, Magnanti, Orlin, <i>Network Flows</i> (1993), ch. 9.
 */
final class MinCostFlow {

  private static final long INF = Long.MAX_VALUE / 4;

  private final int n;
  private int[] head;
  private int[] next;
  private int[] to;
  private long[] cap;
  private long[] cost;
  private long[] initial;
  private int arcs;

  MinCostFlow(int nodes) {
    this.n = nodes;
    this.head = new int[nodes];
    Arrays.fill(head, -1);
    int guess = 16;
    next = new int[guess];
    to = new int[guess];
    cap = new long[guess];
    cost = new long[guess];
    initial = new long[guess];
  }

  int nodes() {
    return n;
  }

  /** Adds an arc u→v and returns its id; {@link #flow(int)} reads the flow on it after {@link #solve}. */
  int addArc(int u, int v, long capacity, long unitCost) {
    if (capacity < 0 || unitCost < 0) {
      throw new IllegalStateException("arc " + u + "->" + v + " needs capacity, cost >= 0, got " + capacity + ", "
          + unitCost);
    }
    if (arcs + 2 > to.length) {
      int len = to.length * 2;
      next = Arrays.copyOf(next, len);
      to = Arrays.copyOf(to, len);
      cap = Arrays.copyOf(cap, len);
      cost = Arrays.copyOf(cost, len);
      initial = Arrays.copyOf(initial, len);
    }
    int id = arcs;
    link(u, v, capacity, unitCost);
    link(v, u, 0, -unitCost);
    initial[id] = capacity;
    return id;
  }

  private void link(int u, int v, long c, long w) {
    to[arcs] = v;
    cap[arcs] = c;
    cost[arcs] = w;
    next[arcs] = head[u];
    head[u] = arcs;
    arcs++;
  }

  /** The flow on an arc returned by {@link #addArc}. */
  long flow(int arc) {
    return initial[arc] - cap[arc];
  }

  /** Sends up to {@code limit} units from s to t at minimum cost; returns the amount sent. */
  long solve(int s, int t, long limit) {
    long[] potential = new long[n];
    long[] dist = new long[n];
    int[] level = new int[n];
    int[] it = new int[n];
    long sent = 0;
    while (sent < limit) {
      if (!dijkstra(s, potential, dist)) {
        break;
      }
      if (dist[t] >= INF) {
        break;
      }
      for (int v = 0; v < n; v++) {
        // Unreached nodes move by dist[t], which keeps every residual reduced cost non-negative.
        potential[v] += Math.min(dist[v], dist[t]);
      }
      while (sent < limit && bfs(s, t, potential, level)) {
        for (int v = 0; v < n; v++) {
          it[v] = head[v];
        }
        long f;
        while (sent < limit && (f = dfs(s, t, limit - sent, potential, level, it)) > 0) {
          sent += f;
        }
      }
    }
    return sent;
  }

  private boolean dijkstra(int s, long[] potential, long[] dist) {
    Arrays.fill(dist, INF);
    dist[s] = 0;
    PriorityQueue<long[]> pq = new PriorityQueue<>((x, y) -> Long.compare(x[0], y[0]));
    pq.add(new long[] {0, s});
    boolean any = false;
    while (!pq.isEmpty()) {
      long[] top = pq.poll();
      int u = (int) top[1];
      if (top[0] > dist[u]) {
        continue;
      }
      any = true;
      for (int e = head[u]; e >= 0; e = next[e]) {
        if (cap[e] <= 0) {
          continue;
        }
        int v = to[e];
        long nd = dist[u] + cost[e] + potential[u] - potential[v];
        if (nd < dist[v]) {
          dist[v] = nd;
          pq.add(new long[] {nd, v});
        }
      }
    }
    return any;
  }

  private boolean admissible(int e, int u, long[] potential) {
    return cap[e] > 0 && cost[e] + potential[u] - potential[to[e]] == 0;
  }

  private boolean bfs(int s, int t, long[] potential, int[] level) {
    Arrays.fill(level, -1);
    int[] queue = new int[n];
    int qh = 0;
    int qt = 0;
    queue[qt++] = s;
    level[s] = 0;
    while (qh < qt) {
      int u = queue[qh++];
      for (int e = head[u]; e >= 0; e = next[e]) {
        int v = to[e];
        if (level[v] < 0 && admissible(e, u, potential)) {
          level[v] = level[u] + 1;
          queue[qt++] = v;
        }
      }
    }
    return level[t] >= 0;
  }

  private long dfs(int u, int t, long pushed, long[] potential, int[] level, int[] it) {
    if (u == t) {
      return pushed;
    }
    for (; it[u] >= 0; it[u] = next[it[u]]) {
      int e = it[u];
      int v = to[e];
      if (level[v] == level[u] + 1 && admissible(e, u, potential)) {
        long f = dfs(v, t, Math.min(pushed, cap[e]), potential, level, it);
        if (f > 0) {
          cap[e] -= f;
          cap[e ^ 1] += f;
          return f;
        }
      }
    }
    return 0;
  }
}
