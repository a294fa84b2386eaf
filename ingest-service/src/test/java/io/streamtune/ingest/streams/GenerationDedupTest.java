package io.streamtune.ingest.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.payload.CleanRecord;
import io.streamtune.common.payload.RejectedRecord;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Generation and chat records are de-duplicated on (prompt, completion): a repeat of the pair is a
 * duplicate, another completion for a known prompt is new data; label tasks keep label_conflict.
 */
class GenerationDedupTest {

  private static final String PROMPT =
      "Write one sentence about the harbour at dawn, when the fishing boats come back";

  private static String gen(String prompt, String completion) {
    return "{\"prompt\":\"" + prompt + "\",\"completion\":\"" + completion + "\"}";
  }

  private static String chat(String user, String assistant) {
    return "{\"messages\":[{\"role\":\"user\",\"content\":\""
        + user
        + "\"},{\"role\":\"assistant\",\"content\":\""
        + assistant
        + "\"}]}";
  }

  @Test
  void aRepeatOfThePairIsADuplicateAndANewCompletionIsAdmitted() {
    try (Harness h = new Harness()) {
      CleanRecord first = h.admitted(gen(PROMPT, "Gulls circle the boats as the nets come in."));
      RejectedRecord dup = h.rejectedBy(gen(PROMPT, "Gulls circle the boats as the nets come in."));
      assertEquals("duplicate", dup.reason());
      assertEquals(first.id(), dup.collidedWith());
      RejectedRecord variant =
          h.rejectedBy(
              gen(PROMPT.toUpperCase() + "!", "gulls circle the boats, as the nets come in"));
      assertEquals("near_duplicate", variant.reason());
      assertEquals(first.id(), variant.collidedWith());

      CleanRecord second = h.admitted(gen(PROMPT, "The tide is low and the quay smells of salt."));
      assertEquals(first.prompt(), second.prompt());
      RejectedRecord dup2 =
          h.rejectedBy(gen(PROMPT, "The tide is low and the quay smells of salt."));
      assertEquals("duplicate", dup2.reason());
      assertEquals(second.id(), dup2.collidedWith());

      // a one-word edit of the prompt is a near duplicate only with a known completion
      String edited = PROMPT.replace("fishing", "small fishing");
      RejectedRecord near =
          h.rejectedBy(gen(edited, "Gulls circle the boats as the nets come in!"));
      assertEquals("near_duplicate", near.reason());
      assertEquals(first.id(), near.collidedWith());
      h.admitted(gen(edited, "A bell rings twice and the first crates reach the market."));
      assertEquals(0, h.outcomes.getOrDefault("label_conflict", 0L));
    }
  }

  @Test
  void chatTranscriptsWithAnotherAnswerAreAdmittedAndRepeatsAreNot() {
    try (Harness h = new Harness()) {
      CleanRecord a = h.admitted(chat("What is the capital of Peru?", "Lima."));
      h.admitted(chat("What is the capital of Peru?", "It is Lima, on the Pacific coast."));
      RejectedRecord dup = h.rejectedBy(chat("What is the capital of Peru?", "Lima."));
      assertEquals("duplicate", dup.reason());
      assertEquals(a.id(), dup.collidedWith());
    }
  }

  @Test
  void labelTasksStillCallAnotherLabelAConflict() {
    try (Harness h = new Harness()) {
      h.admitted("{\"text\":\"the storm hit the stadium\",\"label\":\"weather\"}");
      assertEquals(
          "label_conflict",
          h.rejectedBy("{\"text\":\"the storm hit the stadium\",\"label\":\"sports\"}").reason());
    }
  }

  @Test
  void promptKeyMakesASecondCompletionALabelConflict() {
    try (Harness h = new Harness(Map.of("ingest.dedup.generation-key", "prompt"))) {
      CleanRecord first = h.admitted(gen(PROMPT, "Gulls circle the boats."));
      RejectedRecord c = h.rejectedBy(gen(PROMPT, "The tide is low."));
      assertEquals("label_conflict", c.reason());
      assertEquals(first.id(), c.collidedWith());
      assertEquals("duplicate", h.rejectedBy(gen(PROMPT, "Gulls circle the boats.")).reason());
    }
  }

  @Test
  void everyCompletionOfAPromptLandsInTheSameSplit() {
    // prompts differ by one number: MinHash would call them near duplicates, so it is off here
    Map<String, String> s =
        Map.of("ingest.split.eval-fraction", "0.3", "ingest.dedup.near-enabled", "false");
    try (Harness h = new Harness(s)) {
      for (int i = 0; i < 150; i++) {
        for (int k = 0; k < 3; k++) {
          h.send(gen("question " + i + " about rivers and " + "xyzw".charAt(i % 4), "answer " + k));
        }
      }
      h.drain();
      assertEquals(450, h.cleanSeen.size() + h.evalSeen.size(), "every completion admitted");
      Map<String, Boolean> split = new HashMap<>();
      Set<String> evalPrompts = new HashSet<>();
      h.evalSeen.forEach(r -> evalPrompts.add(r.prompt()));
      for (CleanRecord r : h.cleanSeen) {
        assertTrue(!evalPrompts.contains(r.prompt()), "prompt straddles: " + r.prompt());
        split.put(r.prompt(), false);
      }
      evalPrompts.forEach(p -> split.put(p, true));
      assertEquals(150, split.size());
      assertTrue(evalPrompts.size() > 20 && evalPrompts.size() < 70, "eval " + evalPrompts.size());
    }
  }
}
