package dev.grasp.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Base of every command: validates its options before Spark starts, starts the job context, runs, and returns 0.
 * Errors propagate to {@link Main}, which maps bad arguments/input to exit code 2 and other failures to 1.
 */
public abstract class GraspCommand implements Callable<Integer> {

  @Mixin
  protected SparkOptions sparkOptions = new SparkOptions();

  @Spec
  protected CommandSpec spec;

  /** Checks options that need no Spark (throw IllegalArgumentException naming the option and value). */
  protected void validate() {}

  /** The command's work; write outputs through an {@link dev.grasp.graph.io.AtomicOutput}. */
  protected abstract void run(JobContext ctx);

  /** The command's name as typed (e.g. "stats", "generate rmat"). */
  protected String commandName() {
    return spec == null ? getClass().getSimpleName() : spec.qualifiedName(" ").replaceFirst("^grasp ", "");
  }

  @Override
  public Integer call() {
    validate();
    JobContext ctx = JobContext.start(commandName(), sparkOptions);
    try {
      run(ctx);
    } finally {
      // Inputs are persisted while a command runs; a pipeline runs many commands in one session, so release them,
      // and the run's checkpoints with them.
      if (ctx.sparkStarted()) {
        ctx.spark().catalog().clearCache();
      }
      ctx.close();
    }
    return 0;
  }
}
