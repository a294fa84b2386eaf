package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.payload.TaskKind;
import io.streamtune.train.model.ByteTokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which positions of a batch carry the task loss and which the auxiliary prompt loss. */
class SequenceBatchTest {

  private static final PromptEncoder ENCODER =
      new PromptEncoder(new ByteTokenizer(), 96, 8, 48, PromptEncoder.Truncation.HEAD_TAIL);

  private static List<PromptEncoder.Encoded> rows() {
    return List.of(
        ENCODER.encode(TaskKind.LABEL, "a text of some forty characters, roughly", "food"),
        ENCODER.encode(TaskKind.LABEL, "short", "sport"),
        ENCODER.encode(TaskKind.GENERATION, "Once upon a time", " there was a cat."));
  }

  @Test
  void withoutPromptPositionsOnlyTheCompletionIsScored() {
    SequenceBatch b = SequenceBatch.of(rows(), 0);
    int completion = rows().stream().mapToInt(PromptEncoder.Encoded::scoredTokens).sum();
    assertEquals(completion, b.scoredTokens);
    assertEquals(0, b.promptTokens);
    for (int i = 0; i < b.promptMask.length; i++) {
      assertEquals(0f, b.promptMask[i]);
    }
  }

  @Test
  void promptPositionsAreDistinctInsideThePromptAndMoveWithThePhase() {
    List<PromptEncoder.Encoded> rows = rows();
    SequenceBatch a = SequenceBatch.withPromptPositions(rows, 0, 8, 0.0);
    SequenceBatch c = SequenceBatch.withPromptPositions(rows, 0, 8, 0.5);
    int expected = 0;
    for (int r = 0; r < rows.size(); r++) {
      PromptEncoder.Encoded e = rows.get(r);
      int inPrompt = e.lossFrom() - 1; // targets 1 .. lossFrom-1 are prompt tokens
      int k = Math.min(8, inPrompt);
      expected += k;
      List<Integer> chosen = positions(a, r);
      assertEquals(k, chosen.size(), "row " + r);
      for (int t : chosen) {
        assertTrue(t + 1 < e.lossFrom(), "row " + r + ": position " + t + " predicts the prompt");
        assertEquals(0f, a.mask[r * a.length + t], "a prompt position is no completion position");
      }
      if (inPrompt > k) {
        assertNotEquals(chosen, positions(c, r), "row " + r + ": another phase, other positions");
      }
    }
    assertEquals(expected, a.promptTokens);
    assertEquals(expected + SequenceBatch.of(rows, 0).scoredTokens, a.scoredTokens);
    assertThrows(
        IllegalArgumentException.class, () -> SequenceBatch.withPromptPositions(rows, 0, 8, 1.0));
  }

  private static List<Integer> positions(SequenceBatch b, int row) {
    List<Integer> out = new ArrayList<>();
    for (int t = 0; t < b.length; t++) {
      if (b.promptMask[row * b.length + t] != 0f) {
        out.add(t);
      }
    }
    return out;
  }
}
