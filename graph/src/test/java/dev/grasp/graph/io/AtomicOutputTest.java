package dev.grasp.graph.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grasp.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {

  private static final SparkSession SPARK = TestSpark.get();

  @TempDir
  Path dir;

  private static Set<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** A temporary folder as a driver killed mid-write leaves it: owner file plus a half-written table. */
  private Path leftover(String output, String suffix, String owner) throws IOException {
    Path t = dir.resolve("." + output + "._tmp-" + suffix);
    Files.createDirectories(t.resolve("edges/_temporary"));
    Files.writeString(t.resolve("edges/part-00000.csv"), "src,dst\n1,2\n");
    if (owner != null) {
      Files.writeString(t.resolve(AtomicOutput.OWNER_FILE), owner);
    }
    return t;
  }

  /** The pid of a process that has exited. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    long pid = p.pid();
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    return pid;
  }

  private static String host() {
    String o = AtomicOutput.owner();
    return o.substring(o.indexOf('@') + 1);
  }

  @Test
  void committedOutputHasTheContentAndNoOwnerFile() throws IOException {
    String out = dir.resolve("out").toString();
    try (AtomicOutput o = AtomicOutput.begin(SPARK, out, false)) {
      o.writeText("report.json", "{}");
      Set<String> temps = names(dir);
      assertEquals(1, temps.size());
      Path temp = dir.resolve(temps.iterator().next());
      assertTrue(temp.getFileName().toString().startsWith(".out._tmp-"), temps.toString());
      assertEquals(AtomicOutput.owner(),
          Files.readString(temp.resolve(AtomicOutput.OWNER_FILE), StandardCharsets.UTF_8));
      o.commit();
    }
    assertEquals(Set.of("out"), names(dir));
    assertEquals(Set.of("report.json", ".report.json.crc"), names(dir.resolve("out")));
  }

  @Test
  void uncommittedOutputLeavesNothing() throws IOException {
    try (AtomicOutput o = AtomicOutput.begin(SPARK, dir.resolve("out").toString(), false)) {
      o.writeText("report.json", "{}");
    }
    assertEquals(Set.of(), names(dir));
  }

  @Test
  void existingOutputIsRefusedWithoutOverwrite() throws IOException {
    Files.createDirectories(dir.resolve("out"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AtomicOutput.begin(SPARK, dir.resolve("out").toString(), false));
    assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
  }

  @Test
  void killedWriterOfThisHostIsCleanedOnTheNextBegin() throws Exception {
    Path stale = leftover("out", "killed", deadPid() + "@" + host());
    try (AtomicOutput o = AtomicOutput.begin(SPARK, dir.resolve("out").toString(), false)) {
      assertFalse(Files.exists(stale), "a dead writer's temporary folder is removed");
      o.writeText("report.json", "{}");
      o.commit();
    }
    assertEquals(Set.of("out"), names(dir));
  }

  @Test
  void foldersThatAreNotProvablyStaleAreKept() throws Exception {
    long dead = deadPid();
    Path live = leftover("out", "live", ProcessHandle.current().pid() + "@" + host());
    Path otherHost = leftover("out", "other-host", dead + "@not-" + host());
    Path noOwner = leftover("out", "no-owner", null);
    Path garbled = leftover("out", "garbled", "pid@" + host());
    Path otherOutput = leftover("out2", "killed", dead + "@" + host());
    List<org.apache.hadoop.fs.Path> removed;
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir.resolve("out").toUri());
    removed = AtomicOutput.removeStale(target.getFileSystem(SPARK.sparkContext().hadoopConfiguration()), target);
    assertEquals(List.of(), removed);
    for (Path p : List.of(live, otherHost, noOwner, garbled, otherOutput)) {
      assertTrue(Files.exists(p), p + " kept");
    }
  }

  @Test
  void aConcurrentWriterOfTheSameOutputIsNotDisturbed() throws IOException {
    String out = dir.resolve("out").toString();
    try (AtomicOutput first = AtomicOutput.begin(SPARK, out, true)) {
      first.writeText("a.txt", "first");
      try (AtomicOutput second = AtomicOutput.begin(SPARK, out, true)) {
        second.writeText("b.txt", "second");
        second.commit();
      }
      first.commit();
    }
    assertEquals(Set.of("out"), names(dir));
    assertEquals("first", Files.readString(dir.resolve("out/a.txt")));
    assertFalse(Files.exists(dir.resolve("out/b.txt")));
  }
}
