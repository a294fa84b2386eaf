package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.sample.TopicTask;
import io.streamtune.train.model.ForwardContext;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One pass over the prompt plus the label tokens (the key/value cache) scores every label as a full
 * forward pass per (prompt, label) pair does, and generation with the cache picks the tokens
 * generation without it picks.
 */
class LabelScorerTest {

  private static OnlineTrainer trainer;
  private static Inference inference;
  private static NDManager manager;

  @BeforeAll
  static void train() {
    trainer = OnlineTrainer.create(Fixtures.tiny());
    List<TrainExample> data = Fixtures.topics(3, 256);
    for (int i = 0; i < 40; i++) { // enough for confident, unequal label probabilities
      trainer.step(Fixtures.batch(data, i, 16), List.of());
    }
    JniUtils.setGradMode(false);
    inference = new Inference(trainer.tokenizer(), trainer.encoder());
    manager = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch");
  }

  @AfterAll
  static void close() {
    manager.close();
    trainer.close();
  }

  /** log p(completion | prompt) by a full pass over each whole (prompt, completion) sequence. */
  private static float[] perPair(Gpt2Model model, int[] prompt, List<int[]> completions) {
    List<PromptEncoder.Encoded> encoded = new ArrayList<>();
    for (int[] c : completions) {
      int[] ids = Arrays.copyOf(prompt, prompt.length + c.length);
      System.arraycopy(c, 0, ids, prompt.length, c.length);
      encoded.add(new PromptEncoder.Encoded(ids, prompt.length, false, 0));
    }
    try (NDManager step = manager.newSubManager()) {
      return LogProbs.perSequence(
              model,
              new ForwardContext(step, false),
              SequenceBatch.of(encoded, trainer.tokenizer().pad()))
          .toFloatArray();
    }
  }

  private static int[] withEos(Tokenizer tokenizer, String text) {
    int[] ids = tokenizer.encode(text);
    int[] out = Arrays.copyOf(ids, ids.length + 1);
    out[ids.length] = tokenizer.eos();
    return out;
  }

  @Test
  void completionsOfDifferentLengthsScoreAsTheirFullPasses() {
    Tokenizer tokenizer = trainer.tokenizer();
    Gpt2Model model = trainer.model();
    List<int[]> completions = new ArrayList<>();
    for (String label : List.of("sports", "food", "tech", "weather", "")) {
      completions.add(withEos(tokenizer, label));
    }
    for (String text : List.of("the striker scored", "", "rain and storm all week long")) {
      int[] prompt = trainer.encoder().prompt(TaskKind.LABEL, text).ids();
      float[] cached;
      try (NDManager step = manager.newSubManager()) {
        cached = LabelScorer.logProbs(model, new ForwardContext(step, false), prompt, completions);
      }
      assertArrayEquals(perPair(model, prompt, completions), cached, 1e-4f, text);
    }
  }

  @Test
  void predictionsEqualTheFullPassPerLabel() {
    List<String> labels = TopicTask.LABELS;
    List<String> texts = new ArrayList<>();
    Fixtures.topics(99, 8).forEach(e -> texts.add(e.prompt()));
    List<LabelPrediction> cached = inference.predictLabels(trainer.model(), manager, texts, labels);
    List<LabelPrediction> reference =
        inference.predictLabelsPerPair(trainer.model(), manager, texts, labels);
    double spread = 0;
    for (int i = 0; i < texts.size(); i++) {
      assertEquals(reference.get(i).label(), cached.get(i).label(), texts.get(i));
      for (String label : labels) {
        double p = reference.get(i).probabilities().get(label);
        assertEquals(p, cached.get(i).probabilities().get(label), 1e-4, texts.get(i) + " " + label);
        spread = Math.max(spread, p);
      }
    }
    assertTrue(spread > 0.5, "the model is confident somewhere, so equality means something");
  }

  @Test
  void aLongInputKeepsBosAndLeavesRoomForEveryLabel() {
    Tokenizer tokenizer = trainer.tokenizer();
    int context = trainer.model().config().contextLength();
    String text = "x".repeat(40) + " the coach and the team won the league match " + "y".repeat(80);
    List<String> labels = TopicTask.LABELS;
    List<int[]> completions = new ArrayList<>();
    int longest = 0;
    for (String label : labels) {
      completions.add(withEos(tokenizer, label));
      longest = Math.max(longest, tokenizer.encode(label).length);
    }
    PromptEncoder.Prompt encoded = trainer.encoder().prompt(TaskKind.LABEL, text);
    assertTrue(encoded.truncated(), "the input is longer than the context");
    int[] prompt = encoded.ids();
    assertEquals(tokenizer.bos(), prompt[0]);
    assertTrue(prompt.length + longest + 1 <= context + 1, "every label fits after the prompt");
    float[] full = perPair(trainer.model(), prompt, completions);
    LabelPrediction predicted =
        inference.predictLabels(trainer.model(), manager, List.of(text), labels).get(0);
    double max = Double.NEGATIVE_INFINITY;
    for (float f : full) {
      max = Math.max(max, f);
    }
    double sum = 0;
    for (float f : full) {
      sum += Math.exp(f - max);
    }
    for (int j = 0; j < labels.size(); j++) {
      assertEquals(
          Math.exp(full[j] - max) / sum,
          predicted.probabilities().get(labels.get(j)),
          1e-4,
          labels.get(j));
    }
  }

  @Test
  void greedyGenerationWithTheCachePicksTheTokensOfGenerationWithout() {
    GenerationSettings greedy = new GenerationSettings(150, 0, 0);
    int context = trainer.model().config().contextLength();
    // The trained model soon ends its answer with EOS; a freshly initialised one (near-uniform
    // logits, where rounding could most easily flip a pick) talks on past the context of 96, so
    // the cached path also falls back to re-running the last 96 tokens there.
    Gpt2Model fresh = new Gpt2Model(trainer.model().config(), null);
    fresh.initialize(manager, 17);
    for (Gpt2Model model : List.of(trainer.model(), fresh)) {
      for (String prompt : List.of("the ", "a forecast of rain and storm with the league match ")) {
        Inference.Generation plain =
            inference.generation(model, manager, prompt, greedy, null, false);
        Inference.Generation cached =
            inference.generation(model, manager, prompt, greedy, null, true);
        int[] without = plain.ids();
        assertTrue(without.length > 0, "something was generated");
        assertArrayEquals(without, cached.ids(), prompt);
        assertEquals(plain.endedWithEos(), cached.endedWithEos(), prompt);
        // every token drawn is a full pass without the cache; with it, the prompt's pass and
        // each token drawn after the sequence (BOS, prompt, generated) outgrew the context
        int promptTokens = trainer.encoder().prompt(TaskKind.GENERATION, prompt).ids().length;
        int drawn = without.length + (plain.endedWithEos() ? 1 : 0);
        assertEquals(drawn, plain.fullPasses(), prompt);
        assertEquals(1 + Math.max(0, promptTokens + drawn - 1 - context), cached.fullPasses());
        if (model == fresh) {
          assertTrue(promptTokens + without.length > context, "outgrew the context");
          assertTrue(cached.fullPasses() > 1, "the steps past the context were full passes");
        }
      }
    }
  }
}
