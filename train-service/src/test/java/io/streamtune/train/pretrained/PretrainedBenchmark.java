package io.streamtune.train.pretrained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.train.safetensors.DType;
import io.streamtune.train.training.Benchmarks;
import io.streamtune.train.training.GenerationSettings;
import io.streamtune.train.training.OnlineTrainer;
import io.streamtune.train.training.TrainExample;
import io.streamtune.train.training.TrainerSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./streamtune bench pretrained}: memory and speed of fine-tuning random GPT-2 folders
 * (written here, nothing downloaded) through the real loading path, full and LoRA, each run in a
 * fresh JVM so its resident memory is its own. Per run: resident memory after loading and over the
 * steps (a curve: flat means no growth), ÷ the weights' bytes, samples/s, and the training FLOP/s
 * (6N per token full, ~4N LoRA) against the same JVM's float32 matmul peak. Each step also
 * generates a few tokens from the inference snapshot (as the output sampler does every step) and
 * every 50 steps a checkpoint is written, so the paths that used to grow are exercised. A
 * benchmark, not a test (no *Test suffix): it lives in test scope so it does not ship in the
 * service jar.
 *
 * <pre>
 * ./streamtune bench pretrained [--models tiny,86m,gpt2-small] [--modes lora,full]
 *     [--steps tiny=1000,86m=20,gpt2-small=20] [--batch 4] [--tokens 32]
 * </pre>
 */
public final class PretrainedBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PretrainedBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      child(args);
      return;
    }
    Map<String, String> o = options(args);
    List<String> models = List.of(o.getOrDefault("models", "tiny,86m,gpt2-small").split(","));
    List<String> modes = List.of(o.getOrDefault("modes", "lora,full").split(","));
    Map<String, String> steps = options(o.getOrDefault("steps", "tiny=1000,86m=20,gpt2-small=20"));
    String batch = o.getOrDefault("batch", "4");
    String tokens = o.getOrDefault("tokens", "32");
    Path work = Files.createTempDirectory("streamtune-bench-pretrained-");
    List<JsonNode> results = new ArrayList<>();
    try {
      for (String model : models) {
        Path folder = RandomGpt2Folder.named(model).write(work.resolve(model), DType.F32);
        for (String mode : modes) {
          String n = steps.getOrDefault(model, "20");
          System.out.printf(
              "%s %s: %s steps of %s x %s tokens ...%n", model, mode, n, batch, tokens);
          JsonNode r = runChild(model, mode, n, batch, tokens, folder);
          results.add(r);
          System.out.println("  " + line(r));
          System.out.println("  resident MB by step: " + r.get("curve"));
          System.out.println("  outside the Java heap, MB: " + r.get("offHeapCurve"));
        }
      }
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    System.out.println();
    System.out.println(
        "| model | mode | parameters | weights MB | RSS after load MB | RSS end MB | RSS ÷ weights"
            + " | est. activations MB | ≤ 3·W + act? | samples/s | GFLOP/s | matmul peak GFLOP/s"
            + " | off-heap growth MB (2nd half) |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (JsonNode r : results) {
      System.out.println(row(r));
    }
  }

  private static JsonNode runChild(
      String model, String mode, String steps, String batch, String tokens, Path folder)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx" + (model.equals("tiny") ? "256m" : "1g"),
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                PretrainedBenchmark.class.getName(),
                "--child",
                model,
                mode,
                steps,
                batch,
                tokens,
                folder.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    JsonNode result = null;
    java.util.ArrayDeque<String> tail = new java.util.ArrayDeque<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l; (l = out.readLine()) != null; ) {
        if (l.startsWith("RESULT ")) {
          result = JSON.readTree(l.substring(7));
        } else if (tail.size() < 20 || tail.pollFirst() != null) {
          tail.addLast(l);
        }
      }
    }
    int rc = process.waitFor();
    if (result == null) {
      throw new IllegalStateException(
          model + " " + mode + " failed (exit " + rc + "):\n" + String.join("\n", tail));
    }
    return result;
  }

  /** One run, in its own JVM: prints one line "RESULT {json}". */
  private static void child(String[] a) throws IOException {
    String model = a[1];
    boolean lora = a[2].equals("lora");
    int steps = Integer.parseInt(a[3]);
    int batch = Integer.parseInt(a[4]);
    int tokens = Integer.parseInt(a[5]);
    Path folder = Path.of(a[6]);
    // the service's defaults (train.*), LoRA on q and v as the README's table measures it
    TrainerSettings settings =
        TrainerSettings.builder()
            .lora(lora)
            .loraTargets(Set.of("q", "v"))
            .contextLength(2 * tokens)
            .learningRate(lora ? 1e-3 : 1e-4)
            .build();
    PretrainedModel pretrained = PretrainedModels.open(folder);
    Path state = Files.createTempDirectory("streamtune-bench-state-");
    try (OnlineTrainer trainer = PretrainedModels.trainer(pretrained, settings)) {
      long loaded = residentBytes();
      double peak = Benchmarks.matmulPeak(trainer, 1024, 3);
      List<TrainExample> data =
          RandomGpt2Folder.examples(batch, tokens, pretrained.config().vocabSize() - 1);
      GenerationSettings sample = new GenerationSettings(4, 1.0, 20);
      ObjectNode curve = JSON.createObjectNode();
      ObjectNode offHeap = JSON.createObjectNode();
      int every = Math.max(1, steps / 20);
      long tokenCount = 0;
      long start = System.nanoTime();
      for (int i = 1; i <= steps; i++) {
        tokenCount += trainer.step(data, List.of()).tokens();
        trainer.requests().generate(List.of(data.get(i % batch).prompt()), sample, i);
        if (i % 50 == 0) {
          trainer.state().save(state);
        }
        if (i % every == 0 || i == 1) {
          long resident = residentBytes();
          curve.put(String.valueOf(i), resident / 1_000_000);
          // the Java heap grows to -Xmx before it is collected: what lies outside it is native
          offHeap.put(
              String.valueOf(i), (resident - Runtime.getRuntime().totalMemory()) / 1_000_000);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Benchmarks.Throughput t =
          Benchmarks.throughput(trainer, steps, seconds, (long) steps * batch, tokenCount);
      var c = pretrained.config();
      ObjectNode r = JSON.createObjectNode();
      r.put("model", model).put("mode", lora ? "lora" : "full").put("steps", steps);
      r.put("parameters", trainer.parameterCount());
      r.put("trainable", trainer.trainableParameterCount());
      r.put("weightBytes", 4L * trainer.parameterCount());
      r.put("residentAfterLoad", loaded);
      r.put("residentEnd", residentBytes());
      r.put(
          "activations",
          activations(c.layers(), c.heads(), c.embedding(), c.vocabSize(), batch, 2 * tokens));
      r.put("samplesPerSecond", t.examplesPerSecond());
      r.put("gflops", t.achievedGflops());
      r.put("peakGflops", peak);
      r.set("curve", curve);
      r.set("offHeapCurve", offHeap);
      System.out.println("RESULT " + JSON.writeValueAsString(r));
    } finally {
      try (var files = Files.walk(state)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * An estimate of one step's stored activations in float32: per layer s·b·h·(34 + 5·a·s/h) bytes
   * at 16 bits (Korthikanti et al. 2022), doubled for 32 bits, plus logits and their gradient.
   */
  static long activations(int layers, int heads, int width, int vocab, int batch, int seq) {
    double perLayer = 2.0 * seq * batch * width * (34 + 5.0 * heads * seq / width);
    return (long) (layers * perLayer + 8.0 * batch * seq * vocab);
  }

  /** VmRSS of this process, from /proc/self/status (Linux). */
  static long residentBytes() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }

  private static String line(JsonNode r) {
    return String.format(
        "%,d parameters (%,d trainable): RSS %.0f → %.0f MB = %.2f × weights; %.2f samples/s,"
            + " %.2f GFLOP/s of a %.1f GFLOP/s matmul peak",
        r.get("parameters").asLong(),
        r.get("trainable").asLong(),
        r.get("residentAfterLoad").asLong() / 1e6,
        r.get("residentEnd").asLong() / 1e6,
        r.get("residentEnd").asDouble() / r.get("weightBytes").asDouble(),
        r.get("samplesPerSecond").asDouble(),
        r.get("gflops").asDouble(),
        r.get("peakGflops").asDouble());
  }

  private static String row(JsonNode r) {
    double weights = r.get("weightBytes").asDouble();
    double end = r.get("residentEnd").asDouble();
    double act = r.get("activations").asDouble();
    List<Long> curve = new ArrayList<>();
    r.get("offHeapCurve").elements().forEachRemaining(v -> curve.add(v.asLong()));
    long growth = curve.isEmpty() ? 0 : curve.get(curve.size() - 1) - curve.get(curve.size() / 2);
    return String.format(
        "| %s | %s | %,d | %.0f | %.0f | %.0f | %.2f | %.0f | %s | %.2f | %.2f | %.1f | %d |",
        r.get("model").asText(),
        r.get("mode").asText(),
        r.get("parameters").asLong(),
        weights / 1e6,
        r.get("residentAfterLoad").asDouble() / 1e6,
        end / 1e6,
        end / weights,
        act / 1e6,
        end <= 3 * weights + act ? "yes" : "no",
        r.get("samplesPerSecond").asDouble(),
        r.get("gflops").asDouble(),
        r.get("peakGflops").asDouble(),
        growth);
  }

  /** "--a x --b y" or "a=x,b=y" → map. */
  private static Map<String, String> options(String... args) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (args.length == 1 && args[0].contains("=")) {
      for (String kv : args[0].split(",")) {
        String[] p = kv.split("=", 2);
        out.put(p[0].trim(), p[1].trim());
      }
      return out;
    }
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
      }
      out.put(args[i].substring(2), args[i + 1]);
    }
    return out;
  }
}
