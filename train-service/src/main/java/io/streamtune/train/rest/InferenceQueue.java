package io.streamtune.train.rest;

import io.quarkus.runtime.Startup;
import io.streamtune.train.config.PredictConfig;
import io.streamtune.train.loop.TrainingService;
import io.streamtune.train.training.OnlineTrainer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Where prediction and scoring requests run: one worker thread of its own (the model's snapshot
 * serves one request at a time anyway), at most {@code train.predict.queue} requests waiting, the
 * rest refused at once with {@link Busy} (429 and Retry-After) rather than piling up threads and
 * memory. While the model is training, requests take at most {@code train.predict.share} of the
 * wall time: after a request that computed t seconds the next starts t × (1 − share) / share later,
 * so a flood of valid requests slows training by a bounded amount instead of halving it.
 */
@ApplicationScoped
@Startup
public class InferenceQueue {

  /** The queue is full; retry after {@code retryAfterSeconds}. */
  public static final class Busy extends RuntimeException {
    final long retryAfterSeconds;

    Busy(String message, long retryAfterSeconds) {
      super(message);
      this.retryAfterSeconds = retryAfterSeconds;
    }
  }

  /** The model counts as training while its step count moved within this window. */
  private static final long TRAINING_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final ThreadPoolExecutor executor;
  private final int capacity;
  private final double share;
  private final LongSupplier steps;
  private volatile double lastSeconds = 0.1;
  // worker thread only
  private long notBefore = System.nanoTime();
  private long seenSteps = Long.MIN_VALUE;
  private long stepsMovedAt;

  @Inject
  public InferenceQueue(PredictConfig config, TrainingService service) {
    this(
        check(config),
        config.share(),
        () -> {
          OnlineTrainer t = service.trainer();
          return t == null ? 0 : t.progress().steps();
        });
  }

  /** {@code steps}: the trainer's step count, to tell whether it is training. */
  InferenceQueue(int capacity, double share, LongSupplier steps) {
    this.capacity = capacity;
    this.share = share;
    this.steps = steps;
    BlockingQueue<Runnable> waiting =
        capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity);
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            waiting,
            r -> {
              // a thread of our own: DJL must not be reached from a pool it did not start in
              Thread t = new Thread(r, "predict-worker");
              t.setDaemon(true);
              return t;
            });
  }

  /** The problems of {@code c}, each naming its property; start-up fails on any. */
  static List<String> problems(PredictConfig c) {
    List<String> p = new ArrayList<>();
    if (c.maxInputs() < 1) {
      p.add("train.predict.max-inputs must be >= 1, was " + c.maxInputs());
    }
    if (c.maxChars() < 1) {
      p.add("train.predict.max-chars must be >= 1, was " + c.maxChars());
    }
    if (c.maxPositions() < 1) {
      p.add("train.predict.max-positions must be >= 1, was " + c.maxPositions());
    }
    if (c.maxNewTokens() < 1) {
      p.add("train.predict.max-new-tokens must be >= 1, was " + c.maxNewTokens());
    }
    if (c.queue() < 0) {
      p.add("train.predict.queue must be >= 0, was " + c.queue());
    }
    if (c.refusalDelayMillis() < 0 || c.refusalDelayMillis() > 60_000) {
      p.add(
          "train.predict.refusal-delay-millis must be in [0, 60000], was "
              + c.refusalDelayMillis());
    }
    if (!(c.share() > 0 && c.share() <= 1)) {
      p.add("train.predict.share must be in (0, 1], was " + c.share());
    }
    return p;
  }

  private static int check(PredictConfig c) {
    List<String> p = problems(c);
    if (!p.isEmpty()) {
      throw new IllegalArgumentException("invalid predict configuration: " + String.join("; ", p));
    }
    return c.queue();
  }

  /** Runs {@code work} on the worker and waits for it; {@link Busy} when the queue is full. */
  public <T> T run(Supplier<T> work) throws InterruptedException {
    Future<T> done;
    try {
      done = executor.submit(() -> timed(work));
    } catch (RejectedExecutionException e) {
      long wait = retryAfterSeconds();
      throw new Busy(
          "busy: one request is running and "
              + capacity
              + " are waiting (train.predict.queue); retry in "
              + wait
              + " s",
          wait);
    }
    try {
      return done.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      done.cancel(true);
      throw e;
    }
  }

  /** Waits out the previous request's pause, runs, and sets the next one's. Worker thread. */
  private <T> T timed(Supplier<T> work) throws InterruptedException {
    long now = System.nanoTime();
    if (notBefore > now) {
      TimeUnit.NANOSECONDS.sleep(notBefore - now);
    }
    long start = System.nanoTime();
    training(start);
    try {
      return work.get();
    } finally {
      long end = System.nanoTime();
      double seconds = (end - start) / 1e9;
      lastSeconds = seconds;
      notBefore = training(end) ? end + (long) ((end - start) * (1 - share) / share) : end;
    }
  }

  /** Whether the step count moved within the last few seconds (looked at before and after). */
  private boolean training(long now) {
    long s = steps.getAsLong();
    if (s != seenSteps) {
      stepsMovedAt = seenSteps == Long.MIN_VALUE ? now - TRAINING_WINDOW_NANOS : now;
      seenSteps = s;
    }
    return now - stepsMovedAt < TRAINING_WINDOW_NANOS;
  }

  /** The time until the queue has room: the waiting requests at the last one's cost and share. */
  long retryAfterSeconds() {
    double seconds = (executor.getQueue().size() + 1) * lastSeconds / share;
    return Math.max(1, Math.min(60, (long) Math.ceil(seconds)));
  }

  /** Requests waiting for the worker. */
  int waiting() {
    return executor.getQueue().size();
  }

  @PreDestroy
  void close() {
    executor.shutdownNow();
  }
}
