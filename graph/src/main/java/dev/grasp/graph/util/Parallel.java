package dev.grasp.graph.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Independent tasks on a few driver threads, results in task order: the shape of k-means restarts and of one model
 * fit per class, where each task is a chain of small Spark jobs (or driver work) and running several at a time hides
 * the per-job latency. Spark runs jobs from several threads concurrently; the job description and other local
 * properties of the calling thread are inherited by the pool's threads.
 */
public final class Parallel {

  private Parallel() {}

  /**
   * Runs {@code tasks} on at most {@code threads} threads and returns their results in the tasks' order. A task's
   * unchecked exception is rethrown as it is (the others are cancelled); a checked one is wrapped.
   */
  public static <T> List<T> all(int threads, List<? extends Callable<T>> tasks) {
    if (threads < 1) {
      throw new IllegalArgumentException("`threads` must be >= 1, got " + threads);
    }
    if (threads == 1 || tasks.size() <= 1) {
      List<T> out = new ArrayList<>(tasks.size());
      for (Callable<T> t : tasks) {
        try {
          out.add(t.call());
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()));
    try {
      List<Future<T>> futures = new ArrayList<>(tasks.size());
      for (Callable<T> t : tasks) {
        futures.add(pool.submit(t));
      }
      List<T> out = new ArrayList<>(tasks.size());
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
