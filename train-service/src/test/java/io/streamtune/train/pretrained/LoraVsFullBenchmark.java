package io.streamtune.train.pretrained;

import io.streamtune.train.safetensors.DType;
import io.streamtune.train.training.OnlineTrainer;
import io.streamtune.train.training.StepStats;
import io.streamtune.train.training.TrainExample;
import io.streamtune.train.training.TrainerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Benchmark command (not a test; no *Test suffix, so it runs only when asked): LoRA versus full
 * fine-tuning step time on one GPT-2-shaped model loaded through the pretrained path, measured side
 * by side in one run (steps interleaved, so both see the same machine load).
 *
 * <pre>
 * ./mvnw -B -o -pl train-service test -Dtest=LoraVsFullBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.model=gpt2-small|FOLDER|L,H,C] \
 *     [-Dbench.steps=3] [-Dbench.batch=8] [-Dbench.tokens=64]
 * </pre>
 *
 * A folder is used as given (a real GPT-2 checkpoint); otherwise a random checkpoint of that shape
 * (default GPT-2 small: 12 layers, 12 heads, 768 wide, vocab 50257, 1024 positions) is written in
 * the real file format first, with a WordLevel tokenizer.json of the same vocabulary ({@link
 * RandomGpt2Folder}, as {@code ./streamtune bench pretrained} writes them, here in BF16).
 */
public class LoraVsFullBenchmark {

  @Test
  void run() throws IOException {
    main(
        new String[] {
          System.getProperty("bench.model", "gpt2-small"),
          System.getProperty("bench.steps", "3"),
          System.getProperty("bench.batch", "8"),
          System.getProperty("bench.tokens", "64")
        });
  }

  public static void main(String[] args) throws IOException {
    String what = args.length > 0 ? args[0] : "gpt2-small";
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int tokens = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    Path folder = Files.isDirectory(Path.of(what)) ? Path.of(what) : randomCheckpoint(what);

    long t0 = System.nanoTime();
    PretrainedModel model = PretrainedModels.open(folder);
    System.out.printf("model: %s%n", model.describe());
    List<TrainExample> data = RandomGpt2Folder.examples(batch, tokens, 1000);
    try (OnlineTrainer full = PretrainedModels.trainer(model, settings(false, tokens))) {
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      try (OnlineTrainer lora = PretrainedModels.trainer(model, settings(true, tokens))) {
        System.out.printf(
            "checked + loaded in %.1f s (tokenizer included); full trains %,d parameters,"
                + " LoRA (r=8, q,k,v,out,mlp) %,d%n",
            loadSeconds, full.trainableParameterCount(), lora.trainableParameterCount());
        full.step(data, List.of()); // warm-up: allocations, optimizer state
        lora.step(data, List.of());
        double fullSeconds = 0;
        double loraSeconds = 0;
        long stepTokens = 0;
        for (int i = 0; i < steps; i++) {
          long a = System.nanoTime();
          StepStats f = full.step(data, List.of());
          long b = System.nanoTime();
          StepStats l = lora.step(data, List.of());
          long c = System.nanoTime();
          fullSeconds += (b - a) / 1e9;
          loraSeconds += (c - b) / 1e9;
          stepTokens = f.tokens();
          System.out.printf(
              "step %d: full %.2f s (loss %.3f), LoRA %.2f s (loss %.3f)%n",
              i + 1, (b - a) / 1e9, f.taskLoss(), (c - b) / 1e9, l.taskLoss());
        }
        System.out.printf(
            "batch %d x ~%d tokens (%d tokens/step), %d steps each, interleaved:%n"
                + "  full fine-tuning  %.2f s/step  %.0f tokens/s%n"
                + "  LoRA              %.2f s/step  %.0f tokens/s%n"
                + "  LoRA / full step time = %.2f%n",
            batch,
            tokens,
            stepTokens,
            steps,
            fullSeconds / steps,
            stepTokens * steps / fullSeconds,
            loraSeconds / steps,
            stepTokens * steps / loraSeconds,
            loraSeconds / fullSeconds);
      }
    }
  }

  private static TrainerSettings settings(boolean lora, int tokens) {
    return TrainerSettings.builder()
        .layers(1)
        .heads(1)
        .embedding(8)
        .contextLength(2 * tokens)
        .lora(lora)
        .loraDropout(0.0)
        .loraTargets(Set.of("q", "k", "v", "out", "mlp"))
        .learningRate(lora ? 1e-3 : 1e-4)
        .beta2(0.999)
        .warmupSteps(0)
        .totalSteps(1000)
        .seed(7L)
        .build();
  }

  /** A random GPT-2 checkpoint in BF16 of shape "gpt2-small" or "layers,heads,width". */
  private static Path randomCheckpoint(String shape) throws IOException {
    Path folder = Files.createTempDirectory("streamtune-bench-gpt2-");
    folder.toFile().deleteOnExit();
    RandomGpt2Folder.named(shape).write(folder, DType.BF16);
    for (String file :
        List.of(PretrainedModel.CONFIG, PretrainedModel.TOKENIZER, PretrainedModel.WEIGHTS)) {
      folder.resolve(file).toFile().deleteOnExit();
    }
    return folder;
  }
}
