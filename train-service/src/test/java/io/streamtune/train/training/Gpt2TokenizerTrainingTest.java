package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tiny model learns with GPT-2's BPE, and its checkpoints remember the tokenizer. */
class Gpt2TokenizerTrainingTest {

  /** The recommended tokenizer (GPT-2's first 8191 ranks): train loss halves in 60 steps. */
  @Test
  void lossFallsWithTheGpt2Tokenizer() {
    List<TrainExample> stream = Fixtures.topics(5, 60 * 16);
    try (OnlineTrainer trainer =
        OnlineTrainer.create(withTokenizer(Fixtures.tiny(), "gpt2-8192"))) {
      assertEquals(8192, trainer.tokenizer().vocabSize());
      double first = 0;
      double last = 0;
      for (int i = 0; i < 60; i++) {
        StepStats stats = trainer.step(Fixtures.batch(stream, i, 16), List.of());
        assertTrue(Double.isFinite(stats.taskLoss()), "step " + i);
        first += i < 5 ? stats.taskLoss() / 5 : 0;
        last += i >= 55 ? stats.taskLoss() / 5 : 0;
      }
      assertTrue(last < first * 0.5, "train loss should at least halve: " + first + " -> " + last);
    }
  }

  /** GPT-2's whole vocabulary trains too (a few steps: its 50257 x 64 embedding is slow here). */
  @Test
  void theFullVocabularyTrainsAndPredictsAnAllowedLabel() {
    List<TrainExample> stream = Fixtures.topics(8, 5 * 8);
    try (OnlineTrainer trainer = OnlineTrainer.create(withTokenizer(Fixtures.tiny(), "gpt2"))) {
      assertEquals(50257, trainer.tokenizer().vocabSize());
      double first = trainer.step(Fixtures.batch(stream, 0, 8), List.of()).taskLoss();
      double last = first;
      for (int i = 1; i < 5; i++) {
        last = trainer.step(Fixtures.batch(stream, i, 8), List.of()).taskLoss();
      }
      assertTrue(Double.isFinite(last) && last < first, first + " -> " + last);
      List<String> labels = List.of("sports", "science");
      assertTrue(
          labels.contains(
              trainer.requests().predictLabels(List.of("a goal"), labels).get(0).label()));
    }
  }

  @Test
  void resumingWithAnotherTokenizerFailsNamingBoth(@TempDir Path dir) throws IOException {
    List<TrainExample> stream = Fixtures.topics(6, 32);
    try (OnlineTrainer compact = OnlineTrainer.create(withTokenizer(Fixtures.tiny(), "gpt2-2048"));
        OnlineTrainer same = OnlineTrainer.create(withTokenizer(Fixtures.tiny(), "gpt2-2048"));
        OnlineTrainer bytes = OnlineTrainer.create(Fixtures.tiny());
        OnlineTrainer other = OnlineTrainer.create(withTokenizer(Fixtures.tiny(), "gpt2-1024"))) {
      compact.step(Fixtures.batch(stream, 0, 8), List.of());
      compact.state().save(dir);
      same.state().load(dir);
      assertEquals(1, same.progress().steps());
      for (OnlineTrainer wrong : List.of(bytes, other)) {
        IOException e = assertThrows(IOException.class, () -> wrong.state().load(dir));
        assertTrue(
            e.getMessage()
                .contains(
                    "trained with tokenizer gpt2-2048, this trainer uses "
                        + wrong.tokenizer().name()),
            e.getMessage());
        assertTrue(e.getMessage().contains("train.model.tokenizer"), e.getMessage());
      }
    }
  }

  static TrainerSettings withTokenizer(TrainerSettings s, String tokenizer) {
    return s.toBuilder().tokenizer(tokenizer).build();
  }
}
