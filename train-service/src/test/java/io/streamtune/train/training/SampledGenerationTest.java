package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.streamtune.common.payload.ModelOutput;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.train.model.ForwardContext;
import io.streamtune.train.model.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Generations carry what was sampled (#15): the token ids, whether they ended on EOS, and log π
 * under the sampling temperature and top-k; the reward term learns from those ids, with the same
 * policy, so a fresh sample's importance ratio is 1.
 */
class SampledGenerationTest {

  static final List<String> PROMPTS =
      List.of("the match ended", "a recipe for bread", "stocks fell on", "the river rose");

  @Test
  void aFreshSamplesRatioIsOneUnderItsOwnTemperatureAndTopK() {
    GenerationSettings settings = new GenerationSettings(16, 0.8, 20);
    try (OnlineTrainer trainer = OnlineTrainer.create(Fixtures.tiny())) {
      List<ModelOutput.Sampled> samples = trainer.live().sampleGenerations(PROMPTS, settings, 7);
      Tokenizer tokenizer = trainer.tokenizer();
      int textWouldDiffer = 0;
      for (int i = 0; i < PROMPTS.size(); i++) {
        ModelOutput.Sampled s = samples.get(i);
        assertTrue(s.logProb() < 0 && Double.isFinite(s.logProb()), "log π " + s.logProb());
        assertEquals(0.8, s.temperature());
        assertEquals(20, s.topK());
        assertTrue(s.tokenIds().length > 0);
        String text = tokenizer.decode(s.tokenIds());
        textWouldDiffer += Arrays.equals(tokenizer.encode(text), s.tokenIds()) ? 0 : 1;
        // the text is not what is learned from: a different completion string changes nothing
        assertEquals(1.0, ratio(trainer, PROMPTS.get(i), "not what was said", s), 1e-3, "ρ " + i);
        // temperature and top-k are part of the policy: without them the same ids score otherwise
        ModelOutput.Sampled plain =
            new ModelOutput.Sampled(null, null, s.tokenIds(), s.endedWithEos(), s.logProb(), 1, 0);
        assertTrue(Math.abs(ratio(trainer, PROMPTS.get(i), text, plain) - 1) > 0.05, "plain " + i);
      }
      // random weights emit bytes that are no valid UTF-8: decoding and re-encoding would change
      // them (U+FFFD), so learning from re-tokenized text would score tokens never sampled
      assertTrue(textWouldDiffer > 0, "some sample's text re-encodes to other ids");
    }
  }

  @Test
  void aGenerationCutAtTheLengthLimitHasNoEosAndFitsTheContext() {
    try (OnlineTrainer trainer = OnlineTrainer.create(Fixtures.tiny())) {
      PromptEncoder encoder = trainer.encoder();
      int eos = trainer.tokenizer().eos();
      List<ModelOutput.Sampled> five =
          trainer.live().sampleGenerations(PROMPTS, new GenerationSettings(5, 1.0, 0), 3);
      int cut = 0;
      for (int i = 0; i < PROMPTS.size(); i++) {
        ModelOutput.Sampled s = five.get(i);
        if (s.endedWithEos()) {
          continue;
        }
        cut++;
        assertEquals(5, s.tokenIds().length);
        PromptEncoder.Encoded row = encoder.sampled(PROMPTS.get(i), s.tokenIds(), false);
        assertEquals(5, row.scoredTokens(), "the sampled ids and no EOS after them");
        assertEquals(s.tokenIds()[4], row.ids()[row.ids().length - 1]);
        int[] prompt = encoder.prompt(TaskKind.GENERATION, PROMPTS.get(i)).ids();
        assertArrayEquals(prompt, Arrays.copyOf(row.ids(), prompt.length));
      }
      assertTrue(cut >= 2, "most random-weight samples run to the limit: " + cut);

      // a long prompt leaves less room than maxNewTokens: the sample stops where the context ends
      String longPrompt = "stocks fell on news of the merger and kept falling ".repeat(4);
      int room =
          encoder.context() + 1 - encoder.prompt(TaskKind.GENERATION, longPrompt).ids().length;
      assertTrue(room < 200);
      List<String> prompts = List.of(longPrompt, longPrompt, longPrompt);
      int atLimit = 0;
      for (ModelOutput.Sampled s :
          trainer.live().sampleGenerations(prompts, new GenerationSettings(200, 1.0, 0), 11)) {
        PromptEncoder.Encoded row = encoder.sampled(longPrompt, s.tokenIds(), s.endedWithEos());
        assertNotNull(row, "a sample always fits the training row");
        assertTrue(row.inputLength() <= encoder.context());
        assertEquals(s.endedWithEos(), row.ids()[row.ids().length - 1] == eos);
        if (!s.endedWithEos()) {
          atLimit++;
          assertEquals(room, s.tokenIds().length);
        }
      }
      assertTrue(atLimit > 0, "a sample ran into the context");
    }
  }

  @Test
  void aGenerationThatStopsOnEosCarriesItAndItsLogProbability() {
    List<TrainExample> data = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      data.add(new TrainExample("g" + i, TaskKind.GENERATION, "ping", "pong"));
    }
    try (OnlineTrainer trainer = OnlineTrainer.create(Fixtures.tiny())) {
      for (int step = 0; step < 80; step++) {
        trainer.step(data, List.of());
      }
      List<ModelOutput.Sampled> samples =
          trainer
              .live()
              .sampleGenerations(List.of("ping", "ping"), new GenerationSettings(12, 0.7, 5), 1);
      for (ModelOutput.Sampled s : samples) {
        assertTrue(s.endedWithEos(), "a trained model stops: " + Arrays.toString(s.tokenIds()));
        assertEquals("pong", trainer.tokenizer().decode(s.tokenIds()));
        PromptEncoder.Encoded row = trainer.encoder().sampled("ping", s.tokenIds(), true);
        assertEquals(trainer.tokenizer().eos(), row.ids()[row.ids().length - 1]);
        assertEquals(s.tokenIds().length + 1, row.scoredTokens());
        // log π counts the EOS too: the ratio of the row with it is 1
        assertEquals(1.0, ratio(trainer, "ping", "pong", s), 1e-3);
      }
    }
  }

  /**
   * The whole path for generations: sampled ids, their rewards, the clipped policy gradient. The
   * reward is 1 when the first sampled byte is a lowercase letter (about 1 in 10 at first); the
   * reward term alone (no task loss) makes such answers the common case.
   */
  @Test
  void rewardingSampledGenerationsMakesTheRewardedTokensLikelier() {
    GenerationSettings settings = new GenerationSettings(1, 1.0, 0);
    List<String> prompts = java.util.Collections.nCopies(16, "x");
    try (OnlineTrainer trainer = OnlineTrainer.create(Fixtures.withLambda(Fixtures.tiny(), 1.0))) {
      double before = lowercaseShare(trainer, settings, 1000);
      for (int round = 0; round < 40; round++) {
        List<RewardedSample> rewarded = new ArrayList<>();
        for (ModelOutput.Sampled s : trainer.live().sampleGenerations(prompts, settings, round)) {
          String text = trainer.tokenizer().decode(s.tokenIds());
          double reward = lowercase(s) ? 1 : 0;
          rewarded.add(new RewardedSample(TaskKind.GENERATION, "x", text, reward, s));
        }
        assertTrue(Double.isFinite(trainer.step(List.of(), rewarded).rewardLoss()));
      }
      double after = lowercaseShare(trainer, settings, 1001);
      System.out.printf(
          "SampledGenerationTest: lowercase first bytes %.2f -> %.2f%n", before, after);
      assertTrue(before < 0.25 && after > 0.6, "lowercase first bytes: " + before + " -> " + after);
    }
  }

  private static double lowercaseShare(OnlineTrainer trainer, GenerationSettings s, long seed) {
    List<ModelOutput.Sampled> samples =
        trainer.live().sampleGenerations(java.util.Collections.nCopies(64, "x"), s, seed);
    return samples.stream().filter(SampledGenerationTest::lowercase).count() / 64.0;
  }

  private static boolean lowercase(ModelOutput.Sampled s) {
    return s.tokenIds().length > 0 && s.tokenIds()[0] >= 'a' && s.tokenIds()[0] <= 'z';
  }

  /**
   * π_now / π_sampled as the reward term computes it (dropout off, as when sampling): with reward 1
   * and baseline 0 the term's value is −ρ while ρ stays inside the clip range.
   */
  static double ratio(
      OnlineTrainer trainer, String prompt, String completion, ModelOutput.Sampled sampled) {
    RewardTerm term =
        new RewardTerm(
            trainer.encoder(),
            trainer.tokenizer().pad(),
            Inference.neverSampled(trainer.tokenizer()));
    RewardedSample sample = new RewardedSample(TaskKind.GENERATION, prompt, completion, 1, sampled);
    JniUtils.setGradMode(false);
    try (NDManager manager = NDManager.newBaseManager(trainer.deviceObject(), "PyTorch")) {
      RewardTerm.Result r =
          term.of(trainer.model(), new ForwardContext(manager, false), List.of(sample), 0, 0.99);
      return -r.value();
    }
  }
}
