package dev.grasp.jobs.gpu;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.SparkContext;

/**
 * Collects the RAPIDS Accelerator's explain output (WARN messages of the {@code com.nvidia.spark.rapids} loggers, one
 * per planned query in {@code spark.rapids.sql.mode=explainOnly}) while it is open, each tagged with the Spark job
 * description of the planning thread, so a caller can split a run into its algorithm's steps. The plugin's other
 * messages pass through to stderr; the explain text itself is kept off the console (it is long).
 *
 * <p>Use: {@code try (ExplainCapture c = ExplainCapture.open(sc)) { run(); c.explains(); }}. Cost: one list entry per
 * planned query.
 */
public final class ExplainCapture implements AutoCloseable {

  /** Logger (and prefix) under which the plugin logs its explain output. */
  public static final String PLUGIN_LOGGER = "com.nvidia.spark.rapids";

  /** One captured explain: the job description current when the query was planned, and the text. */
  public record Explain(String jobDescription, String text) {}

  private final LoggerContext context;
  private final Appender appender;
  private final LoggerConfig previous;
  private final boolean added;

  private ExplainCapture(LoggerContext context, Appender appender, LoggerConfig previous, boolean added) {
    this.context = context;
    this.appender = appender;
    this.previous = previous;
    this.added = added;
  }

  /** Starts capturing (the plugin must already log at WARN; the logger is set to WARN for the capture). */
  public static ExplainCapture open(SparkContext sc) {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    Configuration config = ctx.getConfiguration();
    Appender app = new Appender(sc);
    app.start();
    config.addAppender(app);
    LoggerConfig existing = config.getLoggers().get(PLUGIN_LOGGER);
    boolean added = existing == null;
    LoggerConfig lc = existing;
    if (added) {
      lc = new LoggerConfig(PLUGIN_LOGGER, Level.WARN, false);
      config.addLogger(PLUGIN_LOGGER, lc);
    }
    lc.addAppender(app, Level.WARN, null);
    ctx.updateLoggers();
    return new ExplainCapture(ctx, app, existing, added);
  }

  /** The explains captured so far, in planning order. */
  public List<Explain> explains() {
    synchronized (appender.captured) {
      return new ArrayList<>(appender.captured);
    }
  }

  /** Forgets what was captured so far (between stages). */
  public void clear() {
    synchronized (appender.captured) {
      appender.captured.clear();
    }
  }

  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    if (added) {
      config.removeLogger(PLUGIN_LOGGER);
    } else {
      previous.removeAppender(appender.getName());
    }
    context.updateLoggers();
    appender.stop();
  }

  /** True when the message is a plan explain rather than another plugin warning. */
  static boolean isExplain(String message) {
    return message != null && !ExplainParser.parse(message).isEmpty();
  }

  private static final class Appender extends AbstractAppender {

    private final List<Explain> captured = new ArrayList<>();
    private final SparkContext sc;

    Appender(SparkContext sc) {
      super("grasp-gpu-explain", null, null, true, Property.EMPTY_ARRAY);
      this.sc = sc;
    }

    @Override
    public void append(LogEvent event) {
      String msg = event.getMessage() == null ? null : event.getMessage().getFormattedMessage();
      if (isExplain(msg)) {
        String desc = sc.getLocalProperty("spark.job.description");
        synchronized (captured) {
          captured.add(new Explain(desc == null ? "" : desc, msg));
        }
      } else if (event.getLevel().isMoreSpecificThan(Level.WARN)) {
        System.err.println(event.getLevel() + " " + event.getLoggerName() + ": " + msg);
      }
    }
  }
}
