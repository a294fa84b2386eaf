package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.streamtune.train.model.Gpt2Model;
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
    double flops = flopsPerToken(trainer) * tokens;
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

  /** An estimate of one step's training FLOPs: {@link #flopsPerToken} · tokens. */
  public static double flopsPerStep(OnlineTrainer trainer, int tokens) {
    return flopsPerToken(trainer) * tokens;
  }

  /**
   * Training FLOPs per token: 2N forward and 2N for the activations' gradients, plus 2N for the
   * weights' gradients of what trains. Full fine-tuning: 6N. LoRA: about 4N, its adapters' weight
   * gradients being a rounding error beside a frozen base that gets none.
   */
  static double flopsPerToken(OnlineTrainer trainer) {
    return 4.0 * trainer.parameterCount() + 2.0 * trainer.trainableParameterCount();
  }

  /** The same work timed two ways, in one run: the old way, then the new one. */
  public record Comparison(double oldSeconds, double newSeconds, long units) {
    public double speedup() {
      return oldSeconds / newSeconds;
    }
  }

  /**
   * Label prediction for {@code texts} over {@code labels} on the trainer's model, timed the old
   * way (one full forward pass per (prompt, label) pair) and the new (one pass over the prompt,
   * then the label tokens from its key/value cache), alternating {@code rounds} times. Units:
   * texts. The new way's cost in forward passes per input is {@code labels.size() / speedup()}.
   */
  public static Comparison labelScoring(
      OnlineTrainer trainer, List<String> texts, List<String> labels, int rounds) {
    Inference inference = inference(trainer);
    Gpt2Model model = trainer.model();
    try (NDManager manager = NDManager.newBaseManager(trainer.deviceObject(), "PyTorch")) {
      ai.djl.pytorch.jni.JniUtils.setGradMode(false);
      inference.predictLabels(model, manager, texts.subList(0, 1), labels); // warm up
      inference.predictLabelsPerPair(model, manager, texts.subList(0, 1), labels);
      long oldNanos = 0;
      long newNanos = 0;
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        inference.predictLabelsPerPair(model, manager, texts, labels);
        long t1 = System.nanoTime();
        inference.predictLabels(model, manager, texts, labels);
        long t2 = System.nanoTime();
        oldNanos += t1 - t0;
        newNanos += t2 - t1;
      }
      return new Comparison(oldNanos / 1e9, newNanos / 1e9, (long) rounds * texts.size());
    }
  }

  /**
   * Generation timed both ways: tokens generated ({@code units}) and how many of the tokens drawn
   * with the cache came from one cached position ({@code cachedSteps}) or from a full pass ({@code
   * fullPasses}: each prompt's pass, and every token after the sequence outgrew the context, where
   * learned absolute positions leave the cache nothing to reuse).
   */
  public record GenerationTiming(
      double oldSeconds, double newSeconds, long units, long cachedSteps, long fullPasses) {
    public double speedup() {
      return oldSeconds / newSeconds;
    }
  }

  /**
   * Greedy generation of up to {@code newTokens} tokens after each prompt, timed without the
   * key/value cache (a full pass per token) and with it, alternating prompt by prompt, after {@code
   * warmups} untimed generations each way (the JIT compiles DJL's per-operation Java path only
   * after some ten thousand calls; one generation of 128 cached tokens is about 8,000). The model
   * has the trainer's architecture with weights fresh from the seeded init: they keep talking up to
   * the token limit (trained weights soon say EOS), and speed does not depend on the values. Units:
   * the tokens generated by the cached runs (the same tokens as the uncached ones, see the tests).
   */
  public static GenerationTiming generation(
      OnlineTrainer trainer, List<String> prompts, int newTokens, int warmups) {
    Inference inference = inference(trainer);
    GenerationSettings greedy = new GenerationSettings(newTokens, 0, 0);
    try (NDManager manager = NDManager.newBaseManager(trainer.deviceObject(), "PyTorch")) {
      ai.djl.pytorch.jni.JniUtils.setGradMode(false);
      Gpt2Model model = new Gpt2Model(trainer.model().config(), null);
      model.initialize(manager, 17);
      for (int i = 0; i < warmups; i++) {
        inference.generation(model, manager, prompts.get(0), greedy, null, false);
        inference.generation(model, manager, prompts.get(0), greedy, null, true);
      }
      long oldNanos = 0;
      long newNanos = 0;
      long tokens = 0;
      long fullPasses = 0;
      long drawn = 0;
      for (String prompt : prompts) {
        long t0 = System.nanoTime();
        inference.generation(model, manager, prompt, greedy, null, false);
        long t1 = System.nanoTime();
        Inference.Generation run = inference.generation(model, manager, prompt, greedy, null, true);
        long t2 = System.nanoTime();
        tokens += run.ids().length;
        drawn += run.ids().length + (run.endedWithEos() ? 1 : 0);
        fullPasses += run.fullPasses();
        oldNanos += t1 - t0;
        newNanos += t2 - t1;
      }
      return new GenerationTiming(
          oldNanos / 1e9, newNanos / 1e9, tokens, drawn - fullPasses, fullPasses);
    }
  }

  private static Inference inference(OnlineTrainer trainer) {
    return new Inference(trainer.tokenizer(), trainer.encoder());
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

  /**
   * This process's CPU time so far, user and system (kernel) apart, from {@code /proc/self/stat}
   * (Linux; clock ticks of USER_HZ = 100). Subtract two readings to get a stretch's share.
   */
  public record CpuTimes(double userSeconds, double systemSeconds) {

    public static CpuTimes ofProcess() {
      try {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
        // Fields after the command name (which may hold spaces) start at field 3 (state).
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new CpuTimes(Long.parseLong(f[11]) / 100.0, Long.parseLong(f[12]) / 100.0);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot read /proc/self/stat", e);
      }
    }

    public CpuTimes minus(CpuTimes earlier) {
      return new CpuTimes(userSeconds - earlier.userSeconds, systemSeconds - earlier.systemSeconds);
    }

    public CpuTimes plus(CpuTimes other) {
      return new CpuTimes(userSeconds + other.userSeconds, systemSeconds + other.systemSeconds);
    }

    /** System time as a share of all CPU time (0 when none was used). */
    public double systemShare() {
      double total = userSeconds + systemSeconds;
      return total == 0 ? 0 : systemSeconds / total;
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
