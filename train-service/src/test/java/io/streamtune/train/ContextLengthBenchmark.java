package io.streamtune.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.payload.TaskKind;
import io.streamtune.sample.TopicTask;
import io.streamtune.train.training.Benchmarks;
import io.streamtune.train.training.OnlineTrainer;
import io.streamtune.train.training.TrainExample;
import io.streamtune.train.training.TrainerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (no *Test/*IT suffix: it runs only when asked):
 *
 * <pre>
 * ./mvnw -B -o -pl train-service -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=ContextLengthBenchmark
 * </pre>
 *
 * or, with the test classpath at hand, {@code java -cp … io.streamtune.train.ContextLengthBenchmark
 * 128:1,512:1 3} (variants, rounds).
 *
 * <p>The benchmark model of {@link TrainThroughputBenchmark} (2 layers, d=128, 4 heads, byte-level,
 * batch 32) trained at context 128 and at context 512 in one JVM, the trainers stepping in
 * alternating chunks of about the same number of tokens so machine noise hits both alike. Inputs
 * are longer than 512 bytes, so every row fills its context. Prints tokens/s of each, their ratio
 * (target ≥ 0.6) and each one's user and system CPU time (target: system &lt; 10%). Variants are
 * {@code context:gradAccumulation} pairs in {@code -Dbench.variants} (default {@code 128:1,512:1});
 * the first is the reference of the ratios. Then label prediction and generation with and without
 * the key/value cache, and with {@code -Dbench.generation-model=12,12,768} the same generation on a
 * model of GPT-2 small's shape (see {@link #largeModelGeneration}).
 */
class ContextLengthBenchmark {

  static final int BATCH = 32;
  static final int TOKENS_PER_CHUNK = 64 * 1024;
  static final int NEW_TOKENS = 128;

  /** Untimed generations each way before the timed ones (see {@link Benchmarks#generation}). */
  static final int GENERATION_WARMUPS = 3;

  @Test
  void contextLengths() throws Exception {
    String report =
        run(
            System.getProperty("bench.variants", "128:1,512:1"),
            Integer.getInteger("bench.rounds", 3));
    System.out.println("=== context length benchmark ===\n" + report);
    Files.writeString(Path.of("target/context-benchmark.txt"), report);
    assertTrue(report.contains("tokens/s"));
  }

  public static void main(String[] args) {
    System.out.println(
        run(
            args.length > 0 ? args[0] : "128:1,512:1",
            args.length > 1 ? Integer.parseInt(args[1]) : 3));
  }

  static String run(String variants, int rounds) {
    List<int[]> specs = new ArrayList<>();
    for (String v : variants.split(",")) {
      String[] p = v.trim().split(":");
      specs.add(new int[] {Integer.parseInt(p[0]), p.length > 1 ? Integer.parseInt(p[1]) : 1});
    }
    List<TrainExample> data = longExamples(BATCH * 8);
    List<OnlineTrainer> trainers = new ArrayList<>();
    try {
      for (int[] spec : specs) {
        trainers.add(OnlineTrainer.create(settings(spec[0], spec[1])));
      }
      int n = specs.size();
      long[] tokens = new long[n];
      double[] seconds = new double[n];
      Benchmarks.CpuTimes[] cpu = new Benchmarks.CpuTimes[n];
      int[] cursor = new int[n];
      for (int i = 0; i < n; i++) {
        cpu[i] = new Benchmarks.CpuTimes(0, 0);
        trainers.get(i).step(batch(data, cursor[i]++), List.of()); // warm-up
        trainers.get(i).step(batch(data, cursor[i]++), List.of());
      }
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < n; i++) {
          int steps = Math.max(1, TOKENS_PER_CHUNK / (BATCH * specs.get(i)[0]));
          Benchmarks.CpuTimes c0 = Benchmarks.CpuTimes.ofProcess();
          long t0 = System.nanoTime();
          for (int s = 0; s < steps; s++) {
            tokens[i] += trainers.get(i).step(batch(data, cursor[i]++), List.of()).tokens();
          }
          seconds[i] += (System.nanoTime() - t0) / 1e9;
          cpu[i] = cpu[i].plus(Benchmarks.CpuTimes.ofProcess().minus(c0));
        }
      }
      StringBuilder out =
          new StringBuilder(
              String.format(
                  "model 2 layers x 128 x 4 heads, byte-level, batch %d, %d parameters, %d rounds%n",
                  BATCH, trainers.get(0).parameterCount(), rounds));
      double reference = tokens[0] / seconds[0];
      for (int i = 0; i < n; i++) {
        double tps = tokens[i] / seconds[i];
        out.append(
            String.format(
                "context %4d, grad-accumulation %2d: %8.0f tokens/s (%.2fx of the first),"
                    + " cpu user %.1f s, system %.1f s (%.1f%% system), wall %.1f s%n",
                specs.get(i)[0],
                specs.get(i)[1],
                tps,
                tps / reference,
                cpu[i].userSeconds(),
                cpu[i].systemSeconds(),
                100 * cpu[i].systemShare(),
                seconds[i]));
      }
      java.util.Set<Integer> seen = new java.util.HashSet<>();
      for (int i = 0; i < n; i++) {
        if (seen.add(specs.get(i)[0])) {
          out.append(inference(trainers.get(i), data));
        }
      }
      String shape = System.getProperty("bench.generation-model", "");
      if (!shape.isBlank()) {
        out.append(largeModelGeneration(shape, data));
      }
      return out.toString();
    } finally {
      trainers.forEach(OnlineTrainer::close);
    }
  }

  /**
   * Label prediction (4 labels, inputs longer than the context) and greedy generation of 128 new
   * tokens after prompts of 40 and 256 bytes (those shorter than the context), each timed without
   * and with the key/value cache. The generation line says whether prompt + 128 tokens fit the
   * context (at context 128 a 40-byte prompt outgrows it after 87 tokens, and the rest are full
   * passes either way) and how many tokens came from cached steps and from full passes.
   */
  static String inference(OnlineTrainer trainer, List<TrainExample> data) {
    int context = trainer.model().config().contextLength();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      texts.add(data.get(i).prompt());
    }
    List<String> labels = TopicTask.LABELS;
    Benchmarks.Comparison scoring = Benchmarks.labelScoring(trainer, texts, labels, 2);
    StringBuilder out =
        new StringBuilder(
            String.format(
                "context %4d, label prediction (%d labels): per pair %.1f ms/input, one prompt"
                    + " pass + cache %.1f ms/input: %.1fx faster, %.2f forward passes per input%n",
                context,
                labels.size(),
                1000 * scoring.oldSeconds() / scoring.units(),
                1000 * scoring.newSeconds() / scoring.units(),
                scoring.speedup(),
                labels.size() / scoring.speedup()));
    for (int bytes : new int[] {40, 256}) {
      out.append(generationLine(trainer, data, bytes, 3, GENERATION_WARMUPS));
    }
    return out.toString();
  }

  /**
   * Greedy generation of {@link #NEW_TOKENS} tokens after {@code prompts} prompts of {@code bytes}
   * bytes, without and with the cache; empty when the prompt does not fit the context.
   */
  static String generationLine(
      OnlineTrainer trainer, List<TrainExample> data, int bytes, int prompts, int warmups) {
    int context = trainer.model().config().contextLength();
    if (bytes >= context) {
      return "";
    }
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < prompts; i++) {
      texts.add(data.get(i).prompt().substring(0, bytes));
    }
    Benchmarks.GenerationTiming generation =
        Benchmarks.generation(trainer, texts, NEW_TOKENS, warmups);
    int promptTokens = trainer.encoder().prompt(TaskKind.GENERATION, texts.get(0)).ids().length;
    // the last token is drawn after prompt + 127 positions: the cache serves every step when
    // those fit the context, else the steps past the context are full passes of its length
    boolean fits = promptTokens + NEW_TOKENS - 1 <= context;
    return String.format(
        "context %4d, greedy generation of %d new tokens after %d bytes (%d-token prompt,"
            + " %s): %.0f tokens/s without the cache, %.0f with it: %.1fx (%d tokens: %d"
            + " from one cached position, %d from full passes)%n",
        context,
        NEW_TOKENS,
        bytes,
        promptTokens,
        fits ? "prompt + new tokens fit the context" : "outgrows the context",
        generation.units() / generation.oldSeconds(),
        generation.units() / generation.newSeconds(),
        generation.speedup(),
        generation.units(),
        generation.cachedSteps(),
        generation.fullPasses());
  }

  /**
   * The same generation comparison on a model of GPT-2's shape ({@code -Dbench.generation-model=
   * layers,heads,width}, e.g. {@code 12,12,768} for GPT-2 small, at context 1024, byte-level,
   * random weights: speed does not depend on their values). On the 2-layer benchmark model a cached
   * step is bound by the ~85 native calls it makes, not by arithmetic, which caps the ratio at
   * short prompts; at GPT-2's width the arithmetic a full pass repeats dominates. One prompt each
   * of 40 and 256 bytes, one warm-up.
   */
  static String largeModelGeneration(String shape, List<TrainExample> data) {
    String[] p = shape.split(",");
    TrainerSettings s =
        settings(1024, 1).toBuilder()
            .layers(Integer.parseInt(p[0].trim()))
            .heads(Integer.parseInt(p[1].trim()))
            .embedding(Integer.parseInt(p[2].trim()))
            .build();
    try (OnlineTrainer trainer = OnlineTrainer.create(s)) {
      StringBuilder out =
          new StringBuilder(
              String.format(
                  "model %s layers x %s x %s heads, byte-level, %d parameters:%n",
                  p[0].trim(), p[2].trim(), p[1].trim(), trainer.parameterCount()));
      for (int bytes : new int[] {40, 256}) {
        out.append(generationLine(trainer, data, bytes, 1, 1));
      }
      return out.toString();
    }
  }

  static TrainerSettings settings(int context, int gradAccumulation) {
    TrainerSettings s = TrainThroughputBenchmark.settings();
    return s.toBuilder()
        .contextLength(context)
        .gradAccumulation(gradAccumulation)
        .inputs(TrainerSettings.Inputs.DEFAULTS)
        .tokenizer("byte")
        .build();
  }

  /** Label examples whose text (several topic sentences joined) is longer than 600 bytes. */
  static List<TrainExample> longExamples(int count) {
    TopicTask task = new TopicTask(7);
    List<TrainExample> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      TopicTask.Example first = task.next();
      StringBuilder text = new StringBuilder(first.text());
      while (text.length() < 600) {
        text.append(' ').append(task.next().text());
      }
      out.add(new TrainExample("long-" + i, TaskKind.LABEL, text.toString(), first.label()));
    }
    return out;
  }

  private static List<TrainExample> batch(List<TrainExample> data, int index) {
    int from = (index * BATCH) % data.size();
    return data.subList(from, from + BATCH);
  }
}
