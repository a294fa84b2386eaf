package io.streamtune.reward.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.streamtune.reward.scoring.model.RewardModel;
import io.streamtune.reward.scoring.model.RewardModelTrainer;
import io.streamtune.reward.scoring.model.TrainRewardModelCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Trains a small reward model on the shipped example file before the service starts, and points
 * {@code reward.reward-model.path} at it, with every scorer that needs no extra file enabled.
 */
public class TrainedRewardModelResource implements QuarkusTestResourceLifecycleManager {

  private Path dir;

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("streamtune-reward-model-");
      var examples =
          TrainRewardModelCommand.class
              .getClassLoader()
              .getResource("reward-model/topic-labels.ndjson");
      try (var in =
          new java.io.BufferedReader(new java.io.InputStreamReader(examples.openStream()))) {
        var data = io.streamtune.reward.scoring.model.ExamplesReader.read(in).examples();
        var options = new RewardModelTrainer.Options(1024, 16, 12, 32, 0.01f, 0.2, 3);
        try (RewardModel model = RewardModelTrainer.train(data, options).model()) {
          model.save(dir);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.of(
        "reward.reward-model.path", dir.toString(),
        "reward.scorers", "label_match,length,keywords,format,reward_model",
        "reward.keywords.banned", "darn",
        "reward.format.regex", "[a-z]+");
  }

  @Override
  public void stop() {
    if (dir == null) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp folder is harmless
    }
  }
}
