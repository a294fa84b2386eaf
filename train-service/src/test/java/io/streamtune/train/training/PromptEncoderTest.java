package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.payload.TaskKind;
import io.streamtune.train.model.ByteTokenizer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptEncoderTest {

  private final ByteTokenizer bytes = new ByteTokenizer();
  private final PromptEncoder encoder =
      new PromptEncoder(bytes, 64, 8, 32, PromptEncoder.Truncation.HEAD_TAIL);

  @Test
  void whereALabelStartsNeverDependsOnTheLabel() {
    String longText = "x".repeat(500);
    for (String text : List.of(longText, "short text")) {
      PromptEncoder.Encoded a = encoder.encode(TaskKind.LABEL, text, "ham");
      PromptEncoder.Encoded b = encoder.encode(TaskKind.LABEL, text, "spam!!");
      assertEquals(a.lossFrom(), b.lossFrom(), "label start for " + text.length() + " chars");
      assertArrayEquals(Arrays.copyOf(a.ids(), a.lossFrom()), Arrays.copyOf(b.ids(), b.lossFrom()));
      assertTrue(a.inputLength() <= 64 && b.inputLength() <= 64);
    }
    assertTrue(encoder.encode(TaskKind.LABEL, longText, "ham").truncated());
    assertFalse(encoder.encode(TaskKind.LABEL, "short text", "ham").truncated());
  }

  @Test
  void headPlusTailKeepsBothEndsAndTheSeparator() {
    String text = "HEAD" + "m".repeat(300) + "TAIL";
    PromptEncoder.Prompt p = encoder.prompt(TaskKind.LABEL, text);
    String kept = bytes.decode(p.ids());
    assertTrue(kept.startsWith("HEAD"), kept);
    assertTrue(kept.endsWith("TAIL" + OnlineTrainer.LABEL_SEPARATOR), kept);
    assertEquals(64 + 1 - 8, p.ids().length, "BOS + text + separator fill the budget exactly");
    assertEquals(bytes.bos(), p.ids()[0]);
    assertEquals(text.length(), p.inputTokens());
  }

  @Test
  void headAndTailModesKeepTheirEnd() {
    int[] text = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertArrayEquals(
        new int[] {1, 2, 3, 4}, PromptEncoder.cut(text, 4, PromptEncoder.Truncation.HEAD));
    assertArrayEquals(
        new int[] {7, 8, 9, 10}, PromptEncoder.cut(text, 4, PromptEncoder.Truncation.TAIL));
    assertArrayEquals(
        new int[] {1, 8, 9, 10}, PromptEncoder.cut(text, 4, PromptEncoder.Truncation.HEAD_TAIL));
    assertEquals(PromptEncoder.Truncation.HEAD_TAIL, PromptEncoder.Truncation.parse("head+tail"));
    assertThrows(IllegalArgumentException.class, () -> PromptEncoder.Truncation.parse("middle"));
  }

  @Test
  void aGenerationPromptKeepsItsTailAndACutCompletionHasNoEos() {
    String prompt = "p".repeat(100) + "END";
    String completion = "c".repeat(100);
    PromptEncoder.Encoded row = encoder.encode(TaskKind.GENERATION, prompt, completion);
    assertEquals(64 + 1 - 32, row.lossFrom(), "the prompt takes context + 1 - reserve positions");
    assertTrue(bytes.decode(Arrays.copyOf(row.ids(), row.lossFrom())).endsWith("END"));
    assertEquals(65, row.ids().length, "the completion fills the rest");
    assertTrue(row.ids()[row.ids().length - 1] != bytes.eos(), "cut completion: no EOS taught");
    PromptEncoder.Encoded whole = encoder.encode(TaskKind.GENERATION, "hi", "there");
    assertEquals(bytes.eos(), whole.ids()[whole.ids().length - 1]);
    assertEquals(1 + 2 + 5 + 1, whole.ids().length);
  }

  @Test
  void aLabelLongerThanItsReserveIsNeverCut() {
    String label = "a-very-long-label";
    PromptEncoder.Encoded row = encoder.encode(TaskKind.LABEL, "x".repeat(500), label);
    int[] ids = row.ids();
    assertEquals(bytes.eos(), ids[ids.length - 1]);
    assertEquals(label, bytes.decode(Arrays.copyOfRange(ids, row.lossFrom(), ids.length - 1)));
    assertTrue(row.inputLength() <= 64);
  }

  @Test
  void configuredLabelsSizeTheReserveOrFailNamingTheProperty() {
    var auto = new TrainerSettings.Inputs(0, 0, "head+tail", false, List.of("spam", "not-spam"));
    assertEquals(9, PromptEncoder.labelReserve(bytes, auto));
    var stream = new TrainerSettings.Inputs(0, 0, "head+tail", false, List.of());
    assertEquals(
        TrainerSettings.Inputs.STREAM_LABEL_RESERVE, PromptEncoder.labelReserve(bytes, stream));
    var small = new TrainerSettings.Inputs(4, 0, "head+tail", false, List.of("not-spam"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PromptEncoder.labelReserve(bytes, small));
    assertTrue(e.getMessage().contains("train.data.label-reserve"), e.getMessage());
  }
}
