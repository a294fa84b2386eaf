package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.Tokenizer;
import io.streamtune.train.safetensors.DType;
import io.streamtune.train.safetensors.SafetensorsException;
import io.streamtune.train.safetensors.SafetensorsFile;
import io.streamtune.train.safetensors.SafetensorsWriter;
import io.streamtune.train.safetensors.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

/**
 * The files of a trainer's state, all bit-exact:
 *
 * <ul>
 *   <li>{@code model.safetensors}: every weight under GPT-2 names (full fine-tuning; under LoRA
 *       only when the frozen base cannot be named, see {@link BaseWeights#identity});
 *   <li>{@code adapter.safetensors}: the LoRA adapters only (absent for full fine-tuning);
 *   <li>{@code optimizer.safetensors}: AdamW moments {@code exp_avg.<name>}, {@code
 *       exp_avg_sq.<name>} of the trainable tensors, and their moving average {@code ema.<name>}
 *       when the trainer keeps one ({@link WeightAverage});
 *   <li>{@code trainer.json}: step, optimizer update count, baseline, runtime hyperparameters,
 *       architecture and tokenizer (both checked on load), and under LoRA the frozen base's source
 *       and SHA-256 ({@link BaseIdentity}): the adapters are resumed only onto that base.
 * </ul>
 *
 * <p>Under LoRA the base is not copied into every checkpoint (it never changes): a checkpoint of
 * GPT-2 small is a few MB instead of 500, and writing it does not pass 500 MB through the heap.
 * Tensors are written as F32 with {@code __metadata__ {"format": "pt"}}, and copied to and from the
 * host one tensor at a time.
 */
public final class TrainerState {

  static final String MODEL = "model.safetensors";
  static final String ADAPTER = "adapter.safetensors";
  static final String OPTIMIZER = "optimizer.safetensors";
  static final String TRAINER = "trainer.json";
  private static final String EMA = "ema.";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Gpt2Model model;
  private final Tokenizer tokenizer;
  private final AdamW optimizer;
  private final WeightAverage average; // null: none kept
  private final RewardBaseline baseline;
  private final ClassWeights classWeights;
  private final TrainingProgress progress;
  private final HyperparameterValues hyper;
  private final BaseWeights base;
  private final long initSeed;
  private final Lock weightsLock;
  private final Runnable weightsChanged;
  private BaseIdentity baseIdentity;

  /**
   * The state of a trainer made of these parts; {@code base} filled the frozen weights (null: the
   * seeded init of {@code initSeed}).
   */
  TrainerState(
      Gpt2Model model,
      Tokenizer tokenizer,
      AdamW optimizer,
      WeightAverage average,
      RewardBaseline baseline,
      ClassWeights classWeights,
      TrainingProgress progress,
      HyperparameterValues hyper,
      BaseWeights base,
      long initSeed,
      Lock weightsLock,
      Runnable weightsChanged) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.optimizer = optimizer;
    this.average = average;
    this.baseline = baseline;
    this.classWeights = classWeights;
    this.progress = progress;
    this.hyper = hyper;
    this.base = base;
    this.initSeed = initSeed;
    this.weightsLock = weightsLock;
    this.weightsChanged = weightsChanged;
  }

  /**
   * Writes weights (or LoRA adapters, naming the frozen base), optimizer state, step, baseline and
   * counters into {@code dir}, bit-exact, under the weights lock (no request sees them change).
   */
  public void save(Path dir) throws IOException {
    weightsLock.lock();
    try {
      write(dir);
    } finally {
      weightsLock.unlock();
    }
  }

  /** Restores everything {@link #save} wrote (architecture and tokenizer must match). */
  public void load(Path dir) throws IOException {
    JniUtils.setGradMode(false);
    weightsLock.lock();
    try {
      read(dir);
      weightsChanged.run();
    } finally {
      weightsLock.unlock();
    }
    TrainableModel.releaseLoadGarbage(); // outside the lock: requests need not wait for it
  }

  /**
   * A rollback: restores the model state of {@link #save} (weights, optimizer, step, baseline) but
   * keeps the learning rate, weight decay and λ in force now. Those were set since the state was
   * saved on purpose (an operator, the doctor's treatment); the saved ones would undo it.
   */
  public void rollBackTo(Path dir) throws IOException {
    double lr = hyper.learningRate();
    double wd = hyper.weightDecay();
    double lambda = hyper.lambda();
    load(dir);
    hyper.restore(lr, wd, lambda);
  }

  private void write(Path dir) throws IOException {
    BaseIdentity baseIdentity = model.lora() == null ? null : baseIdentity();
    SafetensorsWriter base = weightsFile();
    SafetensorsWriter adapters = weightsFile();
    model
        .namedParameters()
        .forEach(
            (name, p) -> {
              if (Gpt2Model.isAdapter(name)) {
                add(adapters, name, p.getArray());
              } else if (baseIdentity == null) {
                add(base, name, p.getArray());
              }
            });
    if (baseIdentity == null) {
      base.write(dir.resolve(MODEL));
    }
    if (model.lora() != null) {
      adapters.write(dir.resolve(ADAPTER));
    }
    SafetensorsWriter moments = weightsFile();
    optimizer.firstMoments().forEach((name, m) -> add(moments, "exp_avg." + name, m));
    optimizer.secondMoments().forEach((name, v) -> add(moments, "exp_avg_sq." + name, v));
    if (average != null) {
      average.averages().forEach((name, a) -> add(moments, EMA + name, a));
    }
    moments.write(dir.resolve(OPTIMIZER));
    ObjectNode json = JSON.createObjectNode();
    json.put("format", 1);
    json.put("step", progress.steps());
    json.put("seed", progress.seed());
    json.put("optimizerUpdates", optimizer.updates());
    if (average != null) {
      json.put("emaUpdates", average.updates());
    }
    json.put("baseline", baseline.value());
    json.put("baselineSeen", baseline.seen());
    json.put("learningRate", hyper.learningRate());
    json.put("weightDecay", hyper.weightDecay());
    json.put("lambda", hyper.lambda());
    json.put("architecture", architecture());
    json.put("tokenizer", tokenizer.name());
    json.put("inputsSeen", progress.inputsSeen());
    json.put("inputsTruncated", progress.inputsTruncated());
    json.set("labelCounts", JSON.valueToTree(classWeights.counts()));
    if (baseIdentity != null) {
      json.putObject("base")
          .put("source", baseIdentity.source())
          .put("sha256", baseIdentity.sha256());
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(TRAINER).toFile(), json);
  }

  private void read(Path dir) throws IOException {
    JsonNode json = JSON.readTree(dir.resolve(TRAINER).toFile());
    String expected = architecture();
    String found = json.path("architecture").asText();
    String savedTokenizer = savedTokenizer(json, found);
    if (savedTokenizer != null && !savedTokenizer.equals(tokenizer.name())) {
      throw new IOException(
          "state in "
              + dir
              + " was trained with tokenizer "
              + savedTokenizer
              + ", this trainer uses "
              + tokenizer.name()
              + ": a model cannot change its vocabulary. Set train.model.tokenizer (or"
              + " train.model.tokenizer-path) to the saved one to resume, or give the new model"
              + " its own train.model.name");
    }
    if (!expected.equals(found)) {
      throw new IOException(
          "state in "
              + dir
              + " is for a different model: saved "
              + found
              + ", this trainer "
              + expected);
    }
    // A state with model.safetensors carries every weight (full fine-tuning, or a LoRA state
    // written before bases were named); otherwise the adapters go onto the base this trainer has,
    // which must be the one they were trained on.
    boolean withBase = Files.exists(dir.resolve(MODEL));
    if (!withBase) {
      checkBase(dir, json.path("base"));
    }
    // Adapters come from adapter.safetensors when it has them, everything else from the weights.
    try (SafetensorsFile weights = withBase ? open(dir, MODEL) : null;
        SafetensorsFile adapters = model.lora() != null ? open(dir, ADAPTER) : null) {
      for (Map.Entry<String, Parameter> entry : model.namedParameters().entrySet()) {
        String name = entry.getKey();
        if (withBase || Gpt2Model.isAdapter(name)) {
          SafetensorsFile from =
              adapters != null && adapters.tensors().containsKey(name) ? adapters : weights;
          copyInto(dir, name, from, entry.getValue().getArray());
        }
      }
    }
    try (SafetensorsFile moments = open(dir, OPTIMIZER)) {
      for (Map.Entry<String, NDArray> entry : optimizer.firstMoments().entrySet()) {
        copyInto(dir, "exp_avg." + entry.getKey(), moments, entry.getValue());
      }
      for (Map.Entry<String, NDArray> entry : optimizer.secondMoments().entrySet()) {
        copyInto(dir, "exp_avg_sq." + entry.getKey(), moments, entry.getValue());
      }
      if (average != null) {
        readAverage(dir, moments, json);
      }
    }
    optimizer.restore(json.path("optimizerUpdates").asLong());
    baseline.restore(json.path("baseline").asDouble(), json.path("baselineSeen").asBoolean());
    progress.restore(
        json.path("step").asLong(),
        json.path("seed").asLong(),
        json.path("inputsSeen").asLong(),
        json.path("inputsTruncated").asLong());
    hyper.restore(
        json.path("learningRate").asDouble(),
        json.path("weightDecay").asDouble(),
        json.path("lambda").asDouble());
    classWeights.restore(labelCounts(json.path("labelCounts")));
  }

  /**
   * The moving average a state was saved with; a state saved without one (an older trainer, or one
   * that kept none) starts the average again at its weights.
   */
  private void readAverage(Path dir, SafetensorsFile moments, JsonNode json) throws IOException {
    if (!json.has("emaUpdates")) {
      average.reset();
      return;
    }
    for (Map.Entry<String, NDArray> entry : average.averages().entrySet()) {
      copyInto(dir, EMA + entry.getKey(), moments, entry.getValue());
    }
    average.restore(json.path("emaUpdates").asLong());
  }

  /**
   * The frozen base's name and fingerprint (computed once: a pretrained folder's weight files are
   * hashed), or null when the weights were filled by a caller that cannot name them.
   */
  synchronized BaseIdentity baseIdentity() {
    if (baseIdentity == null) {
      baseIdentity = base == null ? BaseIdentity.seeded(initSeed, architecture()) : base.identity();
    }
    return baseIdentity;
  }

  /** Refuses adapters trained on another base than the trainer's (compared by SHA-256). */
  private void checkBase(Path dir, JsonNode saved) throws IOException {
    if (model.lora() == null || !saved.hasNonNull("sha256")) {
      throw new IOException("state in " + dir + " lacks " + MODEL + " (and names no LoRA base)");
    }
    BaseIdentity own = baseIdentity();
    String sha = saved.get("sha256").asText();
    if (own == null || !own.sha256().equals(sha)) {
      throw new IOException(
          "state in "
              + dir
              + " holds LoRA adapters trained on the base "
              + saved.path("source").asText()
              + " (sha256 "
              + sha
              + "), but this trainer's base is "
              + (own == null ? "unnamed" : own.source() + " (sha256 " + own.sha256() + ")")
              + ": adapters fit only the base they were trained on. Point train.model.path at"
              + " that base again, or give this run its own train.model.name to start afresh");
    }
  }

  private static Map<String, Long> labelCounts(JsonNode node) {
    Map<String, Long> counts = new LinkedHashMap<>();
    node.fields().forEachRemaining(f -> counts.put(f.getKey(), f.getValue().asLong()));
    return counts;
  }

  /**
   * The tokenizer a state was trained with; states written before it was recorded had the byte
   * tokenizer exactly when their vocabulary is 260, else null (the architecture check decides).
   */
  private static String savedTokenizer(JsonNode json, String architecture) {
    if (json.hasNonNull("tokenizer")) {
      return json.get("tokenizer").asText();
    }
    return architecture.startsWith("gpt2 vocab=260 ") ? "byte" : null;
  }

  /** A one-line description of everything that decides tensor names and shapes. */
  String architecture() {
    var config = model.config();
    var lora = model.lora();
    return "gpt2 vocab=%d context=%d embedding=%d heads=%d layers=%d lora=%s"
        .formatted(
            config.vocabSize(),
            config.contextLength(),
            config.embedding(),
            config.heads(),
            config.layers(),
            lora == null ? "none" : "r" + lora.rank() + lora.targets().stream().sorted().toList());
  }

  /** A weights file as every checkpoint writes it (F32, {@code format: pt} as PyTorch's). */
  private static SafetensorsWriter weightsFile() {
    return new SafetensorsWriter().metadata("format", "pt");
  }

  /** Adds {@code array}, copied to the host only when the file is written. */
  private static void add(SafetensorsWriter file, String name, NDArray array) {
    file.add(name, DType.F32, array.getShape().getShape(), array::toFloatArray);
  }

  /** Opens one file of the state; a missing, truncated or malformed file is an IOException. */
  private static SafetensorsFile open(Path dir, String file) throws IOException {
    return io(() -> SafetensorsFile.open(dir.resolve(file)));
  }

  private static void copyInto(Path dir, String name, SafetensorsFile file, NDArray target)
      throws IOException {
    TensorInfo tensor = file == null ? null : file.tensors().get(name);
    if (tensor == null) {
      throw new IOException("state in " + dir + " lacks tensor " + name);
    }
    if (!Arrays.equals(tensor.shape(), target.getShape().getShape())) {
      throw new IOException(
          "tensor "
              + name
              + " in "
              + dir
              + ": expected shape "
              + target.getShape()
              + ", found "
              + Arrays.toString(tensor.shape()));
    }
    target.set(FloatBuffer.wrap(io(() -> file.floats(name))));
  }

  /** The codec's unchecked failures as the IOException a caller of {@link #load} handles. */
  private static <T> T io(Supplier<T> read) throws IOException {
    try {
      return read.get();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (SafetensorsException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
