package dev.grasp.graph.io;

import dev.grasp.graph.Graph;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A graph as read, with its read report and, for string ids, the id mapping ({@code id: long, name: string}).
 */
public record GraphInput(Graph graph, ReadReport report, Optional<Dataset<Row>> idMapping) {}
