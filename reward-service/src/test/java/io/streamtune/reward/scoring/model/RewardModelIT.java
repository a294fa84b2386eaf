package io.streamtune.reward.scoring.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.payload.ModelOutput;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.reward.scoring.RewardModelScorer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reward model with real DJL: it learns, it generalizes, and it survives save → load. */
class RewardModelIT {

  static final String EXAMPLES = "classpath:reward-model/topic-labels.ndjson";

  /** Small and quick, and still far above chance on this task. */
  static final RewardModelTrainer.Options QUICK =
      new RewardModelTrainer.Options(1024, 16, 12, 32, 0.01f, 0.25, 7);

  static RewardModelTrainer.Result trained;

  @BeforeAll
  static void train() throws Exception {
    List<LabelledExample> examples = TrainRewardModelCommand.read(EXAMPLES).examples();
    assertEquals(600, examples.size());
    trained = RewardModelTrainer.train(examples, QUICK);
  }

  @AfterAll
  static void close() {
    trained.model().close();
  }

  @Test
  void separatesGoodFromBadOnHeldOutExamples() {
    List<LabelledExample> heldOut = trained.heldOut();
    // a quarter of the 300 prompts, with all their answers; none of them seen in training
    assertTrue(heldOut.size() >= 140 && heldOut.size() <= 160, "held out " + heldOut.size());
    double[] scores = trained.model().score(heldOut);
    double accuracy = Evaluation.accuracy(scores, heldOut);
    double auc = Evaluation.auc(scores, heldOut);
    System.out.printf("reward model held-out: accuracy %.3f, AUC %.3f%n", accuracy, auc);
    // chance is 0.5 for both; the held-out split never took part in training
    assertTrue(accuracy > 0.75, "accuracy " + accuracy);
    assertTrue(auc > 0.85, "AUC " + auc);
    assertEquals(accuracy, trained.model().meta().heldOutAccuracy(), 1e-12);
  }

  @Test
  void unseenTextsOfTheTaskAreRankedRight() {
    RewardModel m = trained.model();
    String prompt = "our coach said the referee was great this season";
    assertTrue(m.score(prompt, "sports") > m.score(prompt, "weather"));
    String soup = "the soup recipe with garlic and cheese";
    assertTrue(m.score(soup, "food") > m.score(soup, "tech"));
  }

  @Test
  void saveThenLoadGivesTheSameScores(@TempDir Path dir) throws Exception {
    trained.model().save(dir);
    try (RewardModel loaded = RewardModel.load(dir)) {
      assertEquals(trained.model().meta(), loaded.meta());
      List<LabelledExample> heldOut = trained.heldOut();
      assertArrayEquals(trained.model().score(heldOut), loaded.score(heldOut), 1e-6);
    }
  }

  @Test
  void scorerAnswersInTheUnitIntervalForHostileInputs() {
    RewardModelScorer scorer = new RewardModelScorer(trained.model());
    for (String completion : new String[] {"", "😀", "x ".repeat(100_000), "\u0000"}) {
      double s =
          scorer.score(
              new ModelOutput(
                  "o", 1, "r", TaskKind.LABEL, null, completion, null, Instant.EPOCH, null, null));
      assertTrue(s >= 0 && s <= 1, completion.length() + " → " + s);
    }
  }

  @Test
  void theTrainingCommandWritesALoadableModel(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int code =
        TrainRewardModelCommand.run(
            new String[] {
              "--data", EXAMPLES, "--out", dir.toString(), "--epochs", "3", "--dim", "256"
            },
            new PrintStream(log, true, StandardCharsets.UTF_8));
    String out = log.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, out);
    assertTrue(out.contains("read 600 examples"), out);
    try (RewardModel loaded = RewardModel.load(dir)) {
      assertEquals(256, loaded.meta().dim());
    }
    assertEquals(2, TrainRewardModelCommand.run(new String[] {"--data"}, new PrintStream(log)));
  }
}
