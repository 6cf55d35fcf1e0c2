package dev.grasp.jobs;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Spark session options every command accepts (flags override conf files; spark-submit's settings win over none). */
public final class SparkOptions {

  @Option(names = "--master", description = "Spark master URL (default: the one spark-submit set, else local[*]).")
  String master;

  @Option(names = "--conf", paramLabel = "KEY=VALUE",
      description = "A Spark property, repeatable (e.g. --conf spark.sql.shuffle.partitions=64).")
  List<String> conf = new ArrayList<>();

  @Option(names = "--checkpoint-dir",
      description = "Checkpoint root for iterative stages: a run checkpoints into its own run-<uuid> folder under it"
          + " and deletes that folder when it ends, success or failure (default: on a cluster a hidden"
          + " .grasp-checkpoints folder beside the output, on the output's file system; in local mode"
          + " java.io.tmpdir/grasp-checkpoints).")
  String checkpointDir;
}
