package dev.jobnet.engine.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs tasks on threads of their own, released at the same moment; waits for all of them. */
final class Concurrently {

  private Concurrently() {}

  /**
   * The result of each task in order, or the runtime exception it threw.
   *
   * @throws AssertionError when a task does not end within a minute
   */
  @SafeVarargs
  static List<Object> run(Callable<Object>... tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.length);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Object>> futures = new ArrayList<>();
      for (Callable<Object> task : tasks) {
        futures.add(pool.submit(() -> {
          start.await();
          try {
            return task.call();
          } catch (RuntimeException e) {
            return e;
          }
        }));
      }
      start.countDown();
      List<Object> results = new ArrayList<>();
      for (Future<Object> f : futures) {
        try {
          results.add(f.get(1, TimeUnit.MINUTES));
        } catch (java.util.concurrent.TimeoutException e) {
          throw new AssertionError("a concurrent deployment did not end within a minute (a lock never released?)", e);
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
