package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.SafeTensors;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of a trainer's state, all bit-exact:
 *
 * <ul>
 *   <li>{@code model.safetensors}: the base weights under GPT-2 names (the frozen base under LoRA);
 *   <li>{@code adapter.safetensors}: the LoRA adapters only (absent for full fine-tuning);
 *   <li>{@code optimizer.safetensors}: AdamW moments {@code exp_avg.<name>}, {@code
 *       exp_avg_sq.<name>} of the trainable tensors;
 *   <li>{@code trainer.json}: step, optimizer update count, baseline, runtime hyperparameters,
 *       architecture (checked on load).
 * </ul>
 */
final class TrainerState {

  static final String MODEL = "model.safetensors";
  static final String ADAPTER = "adapter.safetensors";
  static final String OPTIMIZER = "optimizer.safetensors";
  static final String TRAINER = "trainer.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainerState() {}

  static void save(Path dir, OnlineTrainer trainer) throws IOException {
    Gpt2Model model = trainer.model();
    Map<String, SafeTensors.Tensor> base = new LinkedHashMap<>();
    Map<String, SafeTensors.Tensor> adapters = new LinkedHashMap<>();
    model
        .namedParameters()
        .forEach(
            (name, p) ->
                (Gpt2Model.isAdapter(name) ? adapters : base).put(name, host(p.getArray())));
    SafeTensors.write(dir.resolve(MODEL), base);
    if (model.lora() != null) {
      SafeTensors.write(dir.resolve(ADAPTER), adapters);
    }
    Map<String, SafeTensors.Tensor> moments = new LinkedHashMap<>();
    AdamW optimizer = trainer.optimizer();
    optimizer.firstMoments().forEach((name, m) -> moments.put("exp_avg." + name, host(m)));
    optimizer.secondMoments().forEach((name, v) -> moments.put("exp_avg_sq." + name, host(v)));
    SafeTensors.write(dir.resolve(OPTIMIZER), moments);
    ObjectNode json = JSON.createObjectNode();
    json.put("format", 1);
    json.put("step", trainer.stepCount());
    json.put("seed", trainer.dropoutSeedBase());
    json.put("optimizerUpdates", optimizer.updates());
    json.put("baseline", trainer.baseline().value());
    json.put("baselineSeen", trainer.baseline().seen());
    json.put("learningRate", trainer.learningRate());
    json.put("weightDecay", trainer.weightDecay());
    json.put("lambda", trainer.lambda());
    json.put("architecture", architecture(trainer));
    json.put("inputsSeen", trainer.inputsSeen());
    json.put("inputsTruncated", trainer.inputsTruncated());
    json.set("labelCounts", JSON.valueToTree(trainer.classWeights().counts()));
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(TRAINER).toFile(), json);
  }

  static void load(Path dir, OnlineTrainer trainer) throws IOException {
    JsonNode json = JSON.readTree(dir.resolve(TRAINER).toFile());
    String expected = architecture(trainer);
    String found = json.path("architecture").asText();
    if (!expected.equals(found)) {
      throw new IOException(
          "state in "
              + dir
              + " is for a different model: saved "
              + found
              + ", this trainer "
              + expected);
    }
    Gpt2Model model = trainer.model();
    Map<String, SafeTensors.Tensor> tensors =
        new LinkedHashMap<>(SafeTensors.read(dir.resolve(MODEL)));
    if (model.lora() != null) {
      tensors.putAll(SafeTensors.read(dir.resolve(ADAPTER)));
    }
    for (Map.Entry<String, Parameter> entry : model.namedParameters().entrySet()) {
      copyInto(dir, entry.getKey(), tensors.get(entry.getKey()), entry.getValue().getArray());
    }
    Map<String, SafeTensors.Tensor> moments = SafeTensors.read(dir.resolve(OPTIMIZER));
    AdamW optimizer = trainer.optimizer();
    for (Map.Entry<String, NDArray> entry : optimizer.firstMoments().entrySet()) {
      String name = "exp_avg." + entry.getKey();
      copyInto(dir, name, moments.get(name), entry.getValue());
    }
    for (Map.Entry<String, NDArray> entry : optimizer.secondMoments().entrySet()) {
      String name = "exp_avg_sq." + entry.getKey();
      copyInto(dir, name, moments.get(name), entry.getValue());
    }
    optimizer.restore(json.path("optimizerUpdates").asLong());
    trainer
        .baseline()
        .restore(json.path("baseline").asDouble(), json.path("baselineSeen").asBoolean());
    trainer.restoreCounters(
        json.path("step").asLong(),
        json.path("seed").asLong(),
        json.path("learningRate").asDouble(),
        json.path("weightDecay").asDouble(),
        json.path("lambda").asDouble());
    trainer.restoreInputs(
        json.path("inputsSeen").asLong(),
        json.path("inputsTruncated").asLong(),
        labelCounts(json.path("labelCounts")));
  }

  private static Map<String, Long> labelCounts(JsonNode node) {
    Map<String, Long> counts = new LinkedHashMap<>();
    node.fields().forEachRemaining(f -> counts.put(f.getKey(), f.getValue().asLong()));
    return counts;
  }

  /** A one-line description of everything that decides tensor names and shapes. */
  private static String architecture(OnlineTrainer trainer) {
    var config = trainer.model().config();
    var lora = trainer.model().lora();
    return "gpt2 vocab=%d context=%d embedding=%d heads=%d layers=%d lora=%s"
        .formatted(
            config.vocabSize(),
            config.contextLength(),
            config.embedding(),
            config.heads(),
            config.layers(),
            lora == null ? "none" : "r" + lora.rank() + lora.targets().stream().sorted().toList());
  }

  private static SafeTensors.Tensor host(NDArray array) {
    return new SafeTensors.Tensor(array.getShape().getShape(), array.toFloatArray());
  }

  private static void copyInto(Path dir, String name, SafeTensors.Tensor tensor, NDArray target)
      throws IOException {
    if (tensor == null) {
      throw new IOException("state in " + dir + " lacks tensor " + name);
    }
    if (!java.util.Arrays.equals(tensor.shape(), target.getShape().getShape())) {
      throw new IOException(
          "tensor "
              + name
              + " in "
              + dir
              + ": expected shape "
              + target.getShape()
              + ", found "
              + java.util.Arrays.toString(tensor.shape()));
    }
    target.set(FloatBuffer.wrap(tensor.values()));
  }
}
