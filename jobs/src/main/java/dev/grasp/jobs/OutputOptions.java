package dev.grasp.jobs;

import dev.grasp.graph.io.TableWriter;
import picocli.CommandLine.Option;

/** Where and how a command writes: an output directory that appears whole, refused if present without --overwrite. */
public final class OutputOptions {

  @Option(names = "--output", required = true, description = "Output directory (written atomically).")
  String output;

  @Option(names = "--overwrite", description = "Replace an existing output directory.")
  boolean overwrite;

  @Option(names = "--output-format", defaultValue = "parquet",
      description = "parquet | csv (| snap for edge tables) (default: ${DEFAULT-VALUE}).")
  String outputFormat;

  public TableWriter.Format format() {
    return TableWriter.format("--output-format", outputFormat);
  }

  public String path() {
    return output;
  }

  public boolean overwrite() {
    return overwrite;
  }
}
