package io.streamtune.train.pretrained;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.train.safetensors.DType;
import io.streamtune.train.safetensors.SafetensorsWriter;
import io.streamtune.train.training.OnlineTrainer;
import io.streamtune.train.training.StepStats;
import io.streamtune.train.training.TrainExample;
import io.streamtune.train.training.TrainerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
 * the real file format first, with a WordLevel tokenizer.json of the same vocabulary.
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
    List<TrainExample> data = examples(batch, tokens);
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

  /** Prompts and completions of random vocabulary words: about {@code tokens} tokens per row. */
  private static List<TrainExample> examples(int batch, int tokens) {
    Random random = new Random(3);
    List<TrainExample> out = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      out.add(
          new TrainExample(
              "b" + i,
              TaskKind.GENERATION,
              words(random, tokens * 3 / 4),
              words(random, tokens / 4)));
    }
    return out;
  }

  private static String words(Random random, int n) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      text.append(" w").append(random.nextInt(1000));
    }
    return text.toString();
  }

  /** A random GPT-2 checkpoint of shape "gpt2-small" or "layers,heads,width" (vocab 50257). */
  private static Path randomCheckpoint(String shape) throws IOException {
    int layers = 12;
    int heads = 12;
    int width = 768;
    if (!shape.equals("gpt2-small")) {
      String[] parts = shape.split(",");
      layers = Integer.parseInt(parts[0].trim());
      heads = Integer.parseInt(parts[1].trim());
      width = Integer.parseInt(parts[2].trim());
    }
    int vocab = 50257;
    int positions = 1024;
    Path folder = Files.createTempDirectory("streamtune-bench-gpt2-");
    folder.toFile().deleteOnExit();
    ObjectNode config = TinyGpt2.configJson();
    config.put("n_layer", layers).put("n_head", heads).put("n_embd", width);
    config.put("n_positions", positions).put("n_ctx", positions).put("vocab_size", vocab);
    config.put("bos_token_id", vocab - 1).put("eos_token_id", vocab - 1);
    ObjectMapper json = new ObjectMapper();
    json.writeValue(folder.resolve("config.json").toFile(), config);
    writeWordLevelTokenizer(folder.resolve("tokenizer.json"), vocab);
    Random random = new Random(1);
    SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
    for (var entry :
        PretrainedModel.expectedShapes(ConfigJson.parse(config, "bench").toModelConfig(0))
            .entrySet()) {
      long[] dims = entry.getValue().getShape();
      boolean norm = entry.getKey().contains("ln_") && entry.getKey().endsWith("weight");
      writer.add(
          "transformer." + entry.getKey(),
          DType.BF16,
          dims,
          () -> {
            float[] v = new float[(int) entry.getValue().size()];
            for (int i = 0; i < v.length; i++) {
              v[i] = norm ? 1f : (float) random.nextGaussian() * 0.02f;
            }
            return v;
          });
    }
    writer.write(folder.resolve("model.safetensors"));
    for (Path p :
        List.of("config.json", "tokenizer.json", "model.safetensors").stream()
            .map(folder::resolve)
            .toList()) {
      p.toFile().deleteOnExit();
    }
    return folder;
  }

  /** A WordLevel tokenizer.json: "w0" … "w{n-2}" and <|endoftext|> as the last id. */
  private static void writeWordLevelTokenizer(Path file, int vocab) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("version", "1.0");
    ObjectNode eot = root.putArray("added_tokens").addObject();
    eot.put("id", vocab - 1).put("content", "<|endoftext|>").put("single_word", false);
    eot.put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
    root.putObject("pre_tokenizer").put("type", "Whitespace");
    ObjectNode model = root.putObject("model");
    model.put("type", "WordLevel");
    model.put("unk_token", "w0");
    ObjectNode words = model.putObject("vocab");
    for (int i = 0; i < vocab - 1; i++) {
      words.put("w" + i, i);
    }
    words.put("<|endoftext|>", vocab - 1);
    json.writeValue(file.toFile(), root);
  }
}
