package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.payload.TaskKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OnlineTrainer.score: log p(completion | prompt) from the snapshot, the number behind
 * /train/score.
 */
class PairScoreTest {

  private static final String[] TAUGHT = {"The state of the Union", " is strong."};
  private static final String[] OTHER = {"The state of the Union", " xq zvw."};

  @Test
  void aTaughtCompletionBecomesLikelierThanAnotherOfTheSameLength() {
    try (OnlineTrainer trainer = OnlineTrainer.create(Fixtures.tiny())) {
      List<PairScore> before = trainer.requests().score(List.of(TAUGHT, OTHER));
      // Byte tokenizer: one token per byte, plus the EOS.
      assertEquals(TAUGHT[1].length() + 1, before.get(0).scoredTokens());
      assertEquals(TAUGHT[1].length(), before.get(0).completionTokens());
      assertFalse(before.get(0).truncated());
      assertTrue(before.get(0).logProb() < 0 && Double.isFinite(before.get(0).logProb()));

      List<TrainExample> batch = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        batch.add(new TrainExample("t" + i, TaskKind.GENERATION, TAUGHT[0], TAUGHT[1]));
      }
      for (int step = 0; step < 40; step++) {
        assertFalse(trainer.step(batch, List.of()).skippedNonFinite());
      }
      List<PairScore> after = trainer.requests().score(List.of(TAUGHT, OTHER));
      assertTrue(
          after.get(0).logProb() > before.get(0).logProb() + 5,
          "trained " + before.get(0).logProb() + " -> " + after.get(0).logProb());
      assertTrue(after.get(0).logProb() > after.get(1).logProb() + 5);
    }
  }

  @Test
  void aCompletionLongerThanTheContextIsMarkedTruncated() {
    try (OnlineTrainer trainer = OnlineTrainer.create(Fixtures.tiny())) {
      int context = Fixtures.tiny().contextLength();
      PairScore s =
          trainer
              .requests()
              .score(List.<String[]>of(new String[] {"p", "y".repeat(context * 2)}))
              .get(0);
      assertTrue(s.truncated());
      assertEquals(context * 2, s.completionTokens());
      assertTrue(s.scoredTokens() <= context);
    }
  }
}
