package dev.grasp.sampling.jdd;

import java.math.BigInteger;

/**
 * The edges of one JDM' block (k, l) as closed-form arithmetic on stub positions, so that Spark can generate them in
 * parallel with column expressions, plus the driver-side repair of the few self-loops the design can produce.
 *
 * <p>Out-stubs of class k are laid out round-robin (stub j of every node before stub j + 1 of any node; node = out-rank
 * ρ within the class) and cut into consecutive ranges, one per block in increasing l; in-stubs of class l likewise
 * with blocks in increasing k. Block edge q ∈ [0, m) joins out-rank ρ(q) = (a + q) mod N_k to in-rank
 * σ(q) = (a' + q + s(q)) mod N_l, where a, a' are the block's offsets in the two layouts, L = lcm(N_k, N_l),
 * p = m mod L and s(q) = 0 for q &lt; p, else 1 + ⌊(q − p) / L⌋. Each run of L consecutive q with one shift covers one
 * "diagonal" (σ − ρ ≡ const mod gcd) exactly once, so the m ≤ N_k·N_l pairs are distinct (no multi-edges), every
 * out-node gets exactly k stubs over its blocks and, since a full run hits every in-rank equally often, every in-node
 * exactly l. A self-loop arises only when a node of DCM' class (in l, out k) meets itself; {@link Repairer} removes
 * it.
 *
 * <p>Generation and {@link #positionOf} are O(1) per edge (positionOf solves the Chinese remainder system).
 */
final class BlockDesign {

  final long k;
  final long l;
  final long m;
  final long a;
  final long a2;
  final long nk;
  final long nl;
  final long g;
  final long lcm;
  final long p;

  BlockDesign(long k, long l, long m, long a, long a2, long nk, long nl) {
    if (m < 0 || nk < 1 || nl < 1 || m > nk * nl) {
      throw new IllegalStateException("block (" + k + ", " + l + ") of " + m + " edges between " + nk + " and " + nl
          + " nodes");
    }
    this.k = k;
    this.l = l;
    this.m = m;
    this.a = a;
    this.a2 = a2;
    this.nk = nk;
    this.nl = nl;
    this.g = BigInteger.valueOf(nk).gcd(BigInteger.valueOf(nl)).longValueExact();
    this.lcm = Math.multiplyExact(nk / g, nl);
    this.p = m % lcm;
  }

  long shift(long q) {
    return q < p ? 0 : 1 + (q - p) / lcm;
  }

  long rho(long q) {
    return Math.floorMod(a + q, nk);
  }

  long sigma(long q) {
    return Math.floorMod(a2 + q + shift(q), nl);
  }

  /** The position q whose design edge joins out-rank x to in-rank y, or −1 when the design does not use the pair. */
  long positionOf(long x, long y) {
    long xp = Math.floorMod(x - a, nk);
    long yp = Math.floorMod(y - a2, nl);
    long d = Math.floorMod(yp - xp, g);
    long fullRuns = (m - p) / lcm;
    long q = -1;
    if (d == 0 && p > 0) {
      long q0 = crt(xp, yp);
      if (q0 < p) {
        q = q0;
      }
    } else {
      long s = d == 0 ? g : d;
      if (s <= fullRuns) {
        long start = p + (s - 1) * lcm;
        long q0 = crt(xp, Math.floorMod(yp - s, nl));
        q = start + Math.floorMod(q0 - start, lcm);
      }
    }
    if (q >= 0 && (rho(q) != x || sigma(q) != y)) {
      throw new IllegalStateException("block design inverse failed at (" + x + ", " + y + ") in " + this);
    }
    return q;
  }

  /** The q in [0, lcm) with q ≡ x (mod nk) and q ≡ y (mod nl); requires x ≡ y (mod g). */
  private long crt(long x, long y) {
    BigInteger n1 = BigInteger.valueOf(nk / g);
    BigInteger n2 = BigInteger.valueOf(nl / g);
    BigInteger diff = BigInteger.valueOf((y - x) / g);
    BigInteger t = n2.equals(BigInteger.ONE) ? BigInteger.ZERO : diff.multiply(n1.modInverse(n2)).mod(n2);
    return x + nk * t.longValueExact();
  }

  @Override
  public String toString() {
    return "block(k=" + k + ", l=" + l + ", m=" + m + ", a=" + a + ", a'=" + a2 + ", N_k=" + nk + ", N_l=" + nl + ")";
  }
}
