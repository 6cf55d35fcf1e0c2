package dev.grasp.graph.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * Saves a Spark ML stage whose state is its params (a {@code DefaultParamsWriter} stage) without a Spark session:
 * {@code path/metadata/part-00000} holds the one JSON line that {@code DefaultParamsWriter} writes ({@code class,
 * timestamp, sparkVersion, uid, paramMap, defaultParamMap}, values as each param's {@code jsonEncode}), beside an
 * empty {@code _SUCCESS}. {@code DefaultParamsReader} (the stage's {@code load}) reads it back; ParamsFilesTest checks
 * this against a stage saved by Spark. A stage with fitted values keeps them as extra top-level fields of the same
 * JSON (as Spark's {@code CrossValidatorModel} keeps {@code avgMetrics}) and reads them with {@link #readMetadata}.
 */
public final class ParamsFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ParamsFiles() {}

  /**
   * Reads the stage saved at {@code path} (by this class or by {@code DefaultParamsWriter}) without a Spark session:
   * {@code make} builds an instance with the saved uid, and every saved set param is applied to it by
   * {@code copy(ParamMap)} through the param's {@code jsonDecode}. Defaults come from the class itself. A path
   * without metadata, a stage of another class than {@code expected}, or a saved param the class lacks fails naming
   * {@code option} and the path.
   */
  public static <P extends Params> P load(Configuration conf, String path, String option, Class<P> expected,
      java.util.function.Function<String, P> make) {
    return fromMetadata(readMetadata(conf, path, option, expected), path, option, expected, make);
  }

  /**
   * The metadata JSON saved at {@code path}, checked to be of class {@code expected}: for stages that keep fitted
   * values beside their params (written by {@link #save(Configuration, Params, String, ObjectNode)}).
   */
  public static JsonNode readMetadata(Configuration conf, String path, String option, Class<?> expected) {
    Path file = new Path(new Path(path, "metadata"), "part-00000");
    JsonNode root;
    try (java.io.InputStream in = FileSystems.of(file, conf).open(file)) {
      root = JSON.readTree(in);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("`" + option + "` " + path + " is not a saved model (cannot read "
          + file + ": " + e.getMessage() + ")");
    }
    String cls = root.path("class").asText();
    if (!expected.getName().equals(cls)) {
      throw new IllegalArgumentException("`" + option + "` " + path + " holds a " + cls + ", expected a "
          + expected.getName());
    }
    return root;
  }

  /** The stage described by metadata {@code root} ({@link #readMetadata}): its uid and saved set params. */
  @SuppressWarnings("unchecked")
  public static <P extends Params> P fromMetadata(JsonNode root, String path, String option, Class<P> expected,
      java.util.function.Function<String, P> make) {
    P stage = make.apply(root.path("uid").asText());
    org.apache.spark.ml.param.ParamMap values = org.apache.spark.ml.param.ParamMap.empty();
    var fields = root.path("paramMap").fields();
    while (fields.hasNext()) {
      var f = fields.next();
      if (!stage.hasParam(f.getKey())) {
        throw new IllegalArgumentException("`" + option + "` " + path + ": " + expected.getSimpleName()
            + " has no param " + f.getKey());
      }
      Param<Object> p = (Param<Object>) stage.getParam(f.getKey());
      values.put(p, p.jsonDecode(f.getValue().toString()));
    }
    return (P) stage.copy(values);
  }

  /** Writes {@code stage}'s metadata below {@code path}, which must not exist. */
  public static void save(Configuration conf, Params stage, String path) {
    save(conf, stage, path, null);
  }

  /**
   * Writes {@code stage}'s metadata below {@code path}, which must not exist, with the fields of {@code extra} (when
   * not null) added at the top level, as {@code DefaultParamsWriter.saveMetadata}'s {@code extraMetadata} does.
   */
  @SuppressWarnings("unchecked")
  public static void save(Configuration conf, Params stage, String path, ObjectNode extra) {
    ObjectNode root = JSON.createObjectNode();
    root.put("class", stage.getClass().getName());
    root.put("timestamp", System.currentTimeMillis());
    root.put("sparkVersion", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    root.put("uid", stage.uid());
    ObjectNode set = root.putObject("paramMap");
    ObjectNode defaults = root.putObject("defaultParamMap");
    try {
      for (Param<?> any : stage.params()) {
        Param<Object> p = (Param<Object>) any;
        if (stage.isSet(p)) {
          set.set(p.name(), JSON.readTree(p.jsonEncode(stage.get(p).get())));
        }
        if (stage.hasDefault(p)) {
          defaults.set(p.name(), JSON.readTree(p.jsonEncode(stage.getDefault(p).get())));
        }
      }
      if (extra != null) {
        root.setAll(extra);
      }
      Path dir = new Path(path, "metadata");
      FileSystem fs = FileSystems.of(dir, conf);
      if (fs.exists(new Path(path))) {
        throw new IllegalArgumentException("path " + path + " already exists");
      }
      try (OutputStream out = fs.create(new Path(dir, "part-00000"), false)) {
        out.write((JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      fs.create(new Path(dir, "_SUCCESS"), false).close();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
