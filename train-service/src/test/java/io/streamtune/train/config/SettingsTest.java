package io.streamtune.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamtune.train.training.TrainerSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  /** The builder's defaults are written once more than TrainConfig's: this keeps them equal. */
  @Test
  void builderDefaultsAreTheServiceDefaults() {
    assertEquals(
        Settings.trainer(ConfigCheckTest.config(Map.of())), TrainerSettings.builder().build());
  }

  @Test
  void configuredValuesReachTheSettings() {
    TrainerSettings s =
        Settings.trainer(
            ConfigCheckTest.config(
                Map.of(
                    "train.model.embedding", "64",
                    "train.lora.enabled", "true",
                    "train.optimizer.learning-rate", "3e-4")));
    assertEquals(TrainerSettings.builder().embedding(64).lora(true).learningRate(3e-4).build(), s);
  }
}
