package dev.grasp.jobs;

import dev.grasp.embedding.amg.AmgClusteringEstimator;
import dev.grasp.embedding.fastrp.FastRP;
import dev.grasp.embedding.hyperbolic.HyperbolicRescaler;
import dev.grasp.sampling.jdd.JddSampler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option help and defaults read from the algorithms' Spark ML params, so that a parameter's rule, doc and default are
 * written once, in its stage. An option names its param by {@code descriptionKey = "<stage>.<param>"} (stages:
 * {@code fastrp}, {@code hyperbolic}, {@code amg}, {@code jdd}); its help is the param's doc and its default the param's default.
 * Options without such a key keep their own annotation text.
 */
final class StageParams implements IDefaultValueProvider {

  /** The stages by key prefix, created on first use: a command builds only the stages its own options name. */
  private static final Map<String, Supplier<Params>> STAGES = Map.of(
      "fastrp", FastRP::new,
      "hyperbolic", HyperbolicRescaler::new,
      "amg", AmgClusteringEstimator::new,
      "jdd", JddSampler::new);
  private static final Map<String, Params> CREATED = new ConcurrentHashMap<>();

  /** Wires the defaults and the help text into a command line and all its subcommands. */
  static void install(CommandLine cl) {
    cl.setDefaultValueProvider(new StageParams());
    cl.setResourceBundle(bundle(stageKeys(cl)));
  }

  /** Whether a description key names a stage param ({@code stage.param} with a known stage). */
  static boolean isStageKey(String key) {
    int dot = key == null ? -1 : key.indexOf('.');
    return dot > 0 && STAGES.containsKey(key.substring(0, dot));
  }

  /** The stage keys the options of a command line and its subcommands name. */
  private static Set<String> stageKeys(CommandLine cl) {
    Set<String> keys = new TreeSet<>();
    for (OptionSpec o : cl.getCommandSpec().options()) {
      if (isStageKey(o.descriptionKey())) {
        keys.add(o.descriptionKey());
      }
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      keys.addAll(stageKeys(sub));
    }
    return keys;
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec) || !isStageKey(arg.descriptionKey())) {
      return null;
    }
    Param<Object> p = param(arg.descriptionKey());
    if (p == null) {
      return null;
    }
    scala.Option<Object> d = stageOf(arg.descriptionKey()).getDefault(p);
    return d.isDefined() ? format(d.get()) : null;
  }

  /** The param a key {@code stage.param} names, or null. */
  @SuppressWarnings("unchecked")
  static Param<Object> param(String key) {
    Params stage = stageOf(key);
    String name = key.substring(key.indexOf('.') + 1);
    return stage != null && stage.hasParam(name) ? (Param<Object>) stage.getParam(name) : null;
  }

  /** The stage a key's prefix names, or null. */
  private static Params stageOf(String key) {
    int dot = key.indexOf('.');
    String prefix = dot < 0 ? "" : key.substring(0, dot);
    Supplier<Params> make = STAGES.get(prefix);
    return make == null ? null : CREATED.computeIfAbsent(prefix, k -> make.get());
  }

  /** A default as an option value: integral doubles without ".0", arrays comma separated. */
  static String format(Object v) {
    if (v instanceof Double x) {
      return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString(x.longValue()) : Double.toString(x);
    }
    if (v instanceof double[] xs) {
      List<String> parts = new ArrayList<>();
      for (double x : xs) {
        parts.add(format(x));
      }
      return String.join(",", parts);
    }
    return String.valueOf(v);
  }

  /**
   * Option help: each of {@code keys} ({@code stage.param}) gives the param's doc with its default appended. The
   * texts are looked up when help is rendered, so parsing creates no stage for them.
   */
  static ResourceBundle bundle(Set<String> keys) {
    return new ResourceBundle() {
      @Override
      protected Object handleGetObject(String key) {
        Param<Object> p = keys.contains(key) ? param(key) : null;
        return p == null ? null : p.doc() + (stageOf(key).hasDefault(p) ? " (default: ${DEFAULT-VALUE})." : ".");
      }

      @Override
      public Enumeration<String> getKeys() {
        return Collections.enumeration(keys);
      }
    };
  }
}
