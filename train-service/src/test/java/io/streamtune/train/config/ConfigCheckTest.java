package io.streamtune.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigCheckTest {

  static TrainConfig config(Map<String, String> values) {
    SmallRyeConfig c =
        new SmallRyeConfigBuilder()
            .withMapping(TrainConfig.class)
            .withDefaultValues(values)
            .build();
    return c.getConfigMapping(TrainConfig.class);
  }

  @Test
  void defaultsAreValid() {
    assertEquals(List.of(), ConfigCheck.problems(config(Map.of())));
  }

  @Test
  void eachBadValueIsNamedWithWhatItAccepts() {
    List<String> p =
        ConfigCheck.problems(
            config(
                Map.of(
                    "train.model.embedding", "130",
                    "train.optimizer.schedule", "linear",
                    "train.optimizer.learning-rate", "-1",
                    "train.lora.targets", "q,z",
                    "train.outputs.fraction", "1.5",
                    "train.model.name", "bad name/..",
                    "train.data.prompt-loss-weight", "-0.5",
                    "train.optimizer.ema-decay", "1")));
    assertEquals(8, p.size(), p.toString());
    assertTrue(p.stream().anyMatch(s -> s.startsWith("train.optimizer.ema-decay=1.0 must be in")));
    assertTrue(p.stream().anyMatch(s -> s.startsWith("train.data.prompt-loss-weight=-0.5")));
    assertTrue(
        p.stream().anyMatch(s -> s.startsWith("train.model.embedding=130 must be a multiple")));
    assertTrue(
        p.stream().anyMatch(s -> s.contains("train.optimizer.schedule='linear' must be one of")));
    assertTrue(p.stream().anyMatch(s -> s.startsWith("train.optimizer.learning-rate=-1.0")));
    assertTrue(p.stream().anyMatch(s -> s.startsWith("train.lora.targets=")));
    assertTrue(p.stream().anyMatch(s -> s.startsWith("train.outputs.fraction=1.5")));
    assertTrue(p.stream().anyMatch(s -> s.startsWith("train.model.name=")));
  }

  @Test
  void anUnknownTokenizerIsNamedWithTheAllowedValues() {
    List<String> p = ConfigCheck.problems(config(Map.of("train.model.tokenizer", "gpt3")));
    assertEquals(1, p.size(), p.toString());
    assertTrue(p.get(0).startsWith("train.model.tokenizer='gpt3' must be byte, gpt2"), p.get(0));
    assertEquals(
        "gpt2", Settings.trainer(config(Map.of("train.model.tokenizer", "gpt2"))).tokenizer());
  }

  @Test
  void checkpointFolderIsNamedAfterTheModel() {
    TrainConfig c = config(Map.of("train.checkpoint.dir", "/tmp/ck", "train.model.name", "m1"));
    assertEquals("/tmp/ck/m1", Settings.checkpointDir(c).toString());
    assertEquals(c.optimizer().learningRate(), Settings.trainer(c).learningRate());
  }

  @Test
  void aPretrainedRunIsNamedForItsFolderUnlessTrainModelNameIsSet() {
    TrainConfig defaults = config(Map.of("train.checkpoint.dir", "/tmp/ck"));
    assertEquals("streamtune-tiny", Settings.modelName(defaults, null));
    assertEquals("gpt2-small", Settings.modelName(defaults, "gpt2-small"));
    assertEquals(
        "/tmp/ck/gpt2-small",
        Settings.checkpointDir(defaults, Settings.modelName(defaults, "gpt2-small")).toString());
    TrainConfig named = config(Map.of("train.model.name", "support-bot"));
    assertEquals("support-bot", Settings.modelName(named, "gpt2-small"));
  }
}
