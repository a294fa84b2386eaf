package io.streamtune.train.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InferenceQueueTest {

  @Test
  void aFullQueueIsRefusedAtOnceWithARetryAfter() throws Exception {
    InferenceQueue queue = new InferenceQueue(1, 1.0, () -> 0);
    ExecutorService clients = Executors.newFixedThreadPool(2);
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try {
      Future<String> first =
          clients.submit(
              () ->
                  queue.run(
                      () -> {
                        running.countDown();
                        await(release);
                        return Thread.currentThread().getName();
                      }));
      assertTrue(running.await(30, TimeUnit.SECONDS));
      Future<String> second = clients.submit(() -> queue.run(() -> "second"));
      waitUntilQueued(queue, 1);
      InferenceQueue.Busy busy =
          assertThrows(InferenceQueue.Busy.class, () -> queue.run(() -> "third"));
      assertTrue(busy.retryAfterSeconds >= 1, "Retry-After " + busy.retryAfterSeconds);
      assertTrue(busy.getMessage().contains("train.predict.queue"), busy.getMessage());
      release.countDown();
      assertEquals("predict-worker", first.get(30, TimeUnit.SECONDS));
      assertEquals("second", second.get(30, TimeUnit.SECONDS));
      assertEquals("fourth", queue.run(() -> "fourth"), "room again once the queue drained");
    } finally {
      release.countDown();
      clients.shutdownNow();
      queue.close();
    }
  }

  @Test
  void failuresOfTheWorkReachTheCaller() {
    InferenceQueue queue = new InferenceQueue(0, 1.0, () -> 0);
    try {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  queue.run(
                      () -> {
                        throw new IllegalArgumentException("bad input");
                      }));
      assertEquals("bad input", e.getMessage());
    } finally {
      queue.close();
    }
  }

  /**
   * While the step count moves, a request that computed t leaves the worker idle for t × (1 −
   * share) / share before the next one: here share 0.5, so the next starts at least t later.
   */
  @Test
  void whileTrainingRequestsTakeAtMostTheirShareOfTime() throws Exception {
    AtomicLong steps = new AtomicLong();
    InferenceQueue queue = new InferenceQueue(4, 0.5, steps::incrementAndGet);
    try {
      queue.run(() -> "warm up"); // the first look only learns the step count
      long[] firstEnd = new long[1];
      queue.run(
          () -> {
            sleep(200);
            firstEnd[0] = System.nanoTime();
            return null;
          });
      long secondStart = queue.run(System::nanoTime);
      long gapMillis = (secondStart - firstEnd[0]) / 1_000_000;
      assertTrue(gapMillis >= 190, "the worker rested " + gapMillis + " ms, not ≥ 200");
      InferenceQueue idle = new InferenceQueue(4, 0.01, () -> 7); // steps never move
      try {
        idle.run(() -> "a");
        long start = System.nanoTime();
        idle.run(() -> "b");
        idle.run(() -> "c");
        assertTrue(
            System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20),
            "no rest while the model is not training");
      } finally {
        idle.close();
      }
    } finally {
      queue.close();
    }
  }

  private static void waitUntilQueued(InferenceQueue queue, int n) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (queue.waiting() < n && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    assertEquals(n, queue.waiting());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
