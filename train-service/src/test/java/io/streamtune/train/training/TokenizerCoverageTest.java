package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.payload.TaskKind;
import io.streamtune.train.model.Gpt2Config;
import io.streamtune.train.model.HfTokenizer;
import io.streamtune.train.model.UncoveredTextTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records the tokenizer cannot fully encode are counted, kept or rejected; the step goes on. */
class TokenizerCoverageTest {

  private static final List<TrainExample> BATCH =
      List.of(
          new TrainExample("1", TaskKind.GENERATION, "the weather is", " rain"),
          new TrainExample("2", TaskKind.GENERATION, "le temps est", " ensoleillé ☀"),
          new TrainExample("3", TaskKind.GENERATION, "the soup needs", " salt"));

  @Test
  void unknownKeepsTheRecordAndRejectLeavesItOutBothCounting(@TempDir Path dir) throws Exception {
    HfTokenizer tokenizer = HfTokenizer.load(UncoveredTextTest.writeLettersBpe(dir));
    Gpt2Config config = new Gpt2Config(tokenizer.vocabSize(), 32, 16, 2, 1, 0.0, 1e-5);
    try (OnlineTrainer trainer = OnlineTrainer.create(Fixtures.tiny(), config, tokenizer, null)) {
      assertEquals(TokenizerCoverage.Policy.UNKNOWN, trainer.coverage().policy(), "the default");
      StepStats kept = trainer.step(BATCH, List.of());
      assertFalse(kept.skippedNonFinite());
      assertEquals(3, kept.examples());
      assertEquals(2, trainer.coverage().uncoveredCharacters(), "é and ☀");
      assertEquals(1, trainer.coverage().uncoveredRecords());
      assertEquals(0, trainer.coverage().rejectedRecords());

      trainer.coverage().setPolicy(TokenizerCoverage.Policy.parse("reject"));
      StepStats rejected = trainer.step(BATCH, List.of());
      assertFalse(rejected.skippedNonFinite());
      assertEquals(2, rejected.examples(), "the uncovered record is left out");
      assertEquals(4, trainer.coverage().uncoveredCharacters());
      assertEquals(1, trainer.coverage().rejectedRecords());
      StepStats none = trainer.step(List.of(BATCH.get(1)), List.of());
      assertEquals(0, none.examples(), "a batch of rejected records is an empty step");
    }
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class, () -> TokenizerCoverage.Policy.parse("ignore"));
    assertTrue(bad.getMessage().startsWith("train.data.uncovered='ignore'"), bad.getMessage());
  }
}
