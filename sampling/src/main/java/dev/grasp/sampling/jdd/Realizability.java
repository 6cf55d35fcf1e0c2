package dev.grasp.sampling.jdd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The realisability conditions of a directed 2K pair (Tillman, Markopoulou, Butts, Gjoka, KDD 2017): C1 non-negative
 * integer entries; C2 Σ_l JDM[k][l] = k·N_out(k) and Σ_k JDM[k][l] = l·N_in(l); C3 JDM[k][l] + B(k, l) ≤
 * N_out(k)·N_in(l) with B(k, l) = DCM[l][k]; and every class named by one matrix exists in the other, in both
 * directions (a JDM row or column without DCM nodes, and a DCM class of positive degree without JDM entries).
 *
 * <p>O(nnz(DCM) + nnz(JDM)) on the driver.
 */
public final class Realizability {

  private Realizability() {}

  /**
   * Every violated condition, as readable strings (empty when the pair is realisable).
   *
   * @param dcm row in-degree, column out-degree, count of nodes
   * @param jdm row source out-degree k, column target in-degree l, count of edges
   */
  public static List<String> violations(CountMatrix dcm, CountMatrix jdm) {
    List<String> out = new ArrayList<>();
    for (CountMatrix.Cell c : dcm.cells()) {
      if (c.count() < 0) {
        out.add("C1: DCM[" + c.row() + "][" + c.col() + "] = " + c.count() + " < 0");
      }
    }
    for (CountMatrix.Cell c : jdm.cells()) {
      if (c.count() < 0) {
        out.add("C1: JDM[" + c.row() + "][" + c.col() + "] = " + c.count() + " < 0");
      }
    }
    TreeMap<Long, Long> nOut = dcm.colSums();
    TreeMap<Long, Long> nIn = dcm.rowSums();
    TreeMap<Long, Long> jdmRow = jdm.rowSums();
    TreeMap<Long, Long> jdmCol = jdm.colSums();
    for (Map.Entry<Long, Long> e : nOut.entrySet()) {
      long k = e.getKey();
      long want = k * e.getValue();
      long got = jdmRow.getOrDefault(k, 0L);
      if (k > 0 && got != want) {
        out.add("C2: Σ_l JDM[" + k + "][l] = " + got + " but " + k + "·N_out(" + k + ") = " + want);
      }
    }
    for (Map.Entry<Long, Long> e : nIn.entrySet()) {
      long l = e.getKey();
      long want = l * e.getValue();
      long got = jdmCol.getOrDefault(l, 0L);
      if (l > 0 && got != want) {
        out.add("C2: Σ_k JDM[k][" + l + "] = " + got + " but " + l + "·N_in(" + l + ") = " + want);
      }
    }
    for (Long k : jdmRow.keySet()) {
      if (k <= 0 || !nOut.containsKey(k)) {
        out.add("class: JDM row k = " + k + " has no DCM node with out-degree " + k);
      }
    }
    for (Long l : jdmCol.keySet()) {
      if (l <= 0 || !nIn.containsKey(l)) {
        out.add("class: JDM column l = " + l + " has no DCM node with in-degree " + l);
      }
    }
    for (CountMatrix.Cell c : jdm.cells()) {
      long k = c.row();
      long l = c.col();
      long cap = nOut.getOrDefault(k, 0L) * nIn.getOrDefault(l, 0L) - dcm.get(l, k);
      if (c.count() > cap) {
        out.add("C3: JDM[" + k + "][" + l + "] + B = " + (c.count() + dcm.get(l, k)) + " > N_out·N_in = "
            + (nOut.getOrDefault(k, 0L) * nIn.getOrDefault(l, 0L)));
      }
    }
    return out;
  }
}
