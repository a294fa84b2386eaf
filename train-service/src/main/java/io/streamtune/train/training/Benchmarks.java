package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Measurements for the train-service benchmark command (not tests: the caller prints ratios
 * measured side by side in one run).
 *
 * <ul>
 *   <li>{@link #inMemory}: the trainer fed from a list, no Kafka: the ceiling the streaming loop is
 *       compared with.
 *   <li>{@link #matmulPeak}: achieved float32 GFLOP/s of a square matrix multiply on the trainer's
 *       device, as the "peak" to compare a step's achieved FLOP/s with.
 *   <li>{@link #flopsPerStep}: the usual 6 · parameters · tokens estimate (forward 2, backward 4
 *       FLOPs per parameter per token, all parameters counted). It ignores attention's T² term, so
 *       it understates long contexts; under LoRA, whose frozen weights need no weight gradient, it
 *       overstates the work by up to a third.
 * </ul>
 */
public final class Benchmarks {

  private Benchmarks() {}

  /** Throughput of one measured stretch of steps. */
  public record Throughput(
      int steps,
      double seconds,
      long examples,
      long tokens,
      double stepsPerSecond,
      double examplesPerSecond,
      double tokensPerSecond,
      double achievedGflops) {}

  /**
   * Runs {@code warmupSteps} untimed, then {@code steps} timed optimizer steps on consecutive
   * batches of {@code batchSize} from {@code examples} (wrapping around).
   */
  public static Throughput inMemory(
      OnlineTrainer trainer,
      List<TrainExample> examples,
      int batchSize,
      int warmupSteps,
      int steps) {
    if (examples.isEmpty() || batchSize < 1 || steps < 1) {
      throw new IllegalArgumentException("need examples, batchSize >= 1 and steps >= 1");
    }
    int cursor = 0;
    for (int i = 0; i < warmupSteps; i++) {
      trainer.step(slice(examples, cursor, batchSize), List.of());
      cursor += batchSize;
    }
    long tokens = 0;
    long start = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      tokens += trainer.step(slice(examples, cursor, batchSize), List.of()).tokens();
      cursor += batchSize;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return throughput(trainer, steps, seconds, (long) steps * batchSize, tokens);
  }

  /** Builds a Throughput from counts measured elsewhere (e.g. the streaming loop). */
  public static Throughput throughput(
      OnlineTrainer trainer, int steps, double seconds, long examples, long tokens) {
    double flops = 6.0 * trainer.parameterCount() * tokens;
    return new Throughput(
        steps,
        seconds,
        examples,
        tokens,
        steps / seconds,
        examples / seconds,
        tokens / seconds,
        flops / seconds / 1e9);
  }

  /** 6 · parameters · tokens: an estimate of one step's training FLOPs. */
  public static double flopsPerStep(OnlineTrainer trainer, int tokens) {
    return 6.0 * trainer.parameterCount() * tokens;
  }

  /** Float32 GFLOP/s of an n×n by n×n matrix multiply (2n³ FLOPs), best of {@code repeats}. */
  public static double matmulPeak(OnlineTrainer trainer, int n, int repeats) {
    try (NDManager manager = NDManager.newBaseManager(trainer.deviceObject(), "PyTorch")) {
      NDArray a = manager.randomUniform(-1, 1, new Shape(n, n));
      NDArray b = manager.randomUniform(-1, 1, new Shape(n, n));
      a.matMul(b).toFloatArray(); // warm up kernels
      double best = 0;
      for (int r = 0; r < repeats; r++) {
        long start = System.nanoTime();
        try (NDArray c = a.matMul(b)) {
          c.getFloat(0, 0); // wait for the result (asynchronous devices)
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        best = Math.max(best, 2.0 * n * n * n / seconds / 1e9);
      }
      return best;
    }
  }

  private static List<TrainExample> slice(List<TrainExample> examples, int from, int size) {
    List<TrainExample> out = new java.util.ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(examples.get((from + i) % examples.size()));
    }
    return out;
  }
}
