package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.payload.TaskKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A label task whose every input is about three times longer than the context, with two labels of
 * different lengths ("spam", "ham") in a 70/30 mix. A label that leaks through its position (where
 * it starts depends on its length when the prompt keeps {@code context − label tokens}) lets a
 * model reach ~0 train loss without reading the text, and then every long input scores both labels
 * alike. With the fixed prompt budget the model must read the text: with the real labels it beats
 * the majority share by far; with the labels shuffled it cannot.
 */
class LongInputLabelTest {

  private static final int CONTEXT = 64;
  private static final int STEPS = 250;
  private static final int BATCH = 32;
  private static final List<String> LABELS = List.of("spam", "ham");
  private static final String[] SPAM = {"prize", "winner", "cash", "offer", "free", "click"};
  private static final String[] HAM = {"meeting", "report", "lunch", "agenda", "notes", "team"};
  private static final String[] FILLER = {"the", "and", "of", "to", "a", "in", "is", "it", "we"};

  @Test
  void realLabelsAreLearnedFromTheTextOfInputsLongerThanTheContext() {
    Result real = train(examples(1, STEPS * BATCH, false));
    double majority = real.heldOut.labels().majorityShare();
    System.out.printf(
        "LongInputLabelTest real: accuracy %.3f (majority %.3f), recall %s, mean |p(spam) - p(ham)|"
            + " %.3f, train loss %.4f%n",
        real.heldOut.accuracy(), majority, real.heldOut.perLabelRecall(), real.gap, real.loss);
    assertEquals(1.0, real.heldOut.truncatedShare(), 1e-9, "every held-out input is truncated");
    assertTrue(
        real.heldOut.accuracy() >= majority + 0.2,
        "long inputs must be classified from their text: accuracy "
            + real.heldOut.accuracy()
            + " vs majority "
            + majority);
    assertTrue(real.heldOut.labels().recall().get("ham") > 0.6, "the minority label is answered");
    assertTrue(real.gap > 0.5, "the labels of a long input must not score alike: " + real.gap);
  }

  @Test
  void shuffledLabelsAreNotLearned() {
    Result shuffled = train(examples(1, STEPS * BATCH, true));
    double majority = shuffled.heldOut.labels().majorityShare();
    System.out.printf(
        "LongInputLabelTest shuffled: accuracy %.3f (majority %.3f), balanced %.3f%n",
        shuffled.heldOut.accuracy(), majority, shuffled.heldOut.labels().balancedAccuracy());
    assertTrue(
        shuffled.heldOut.labels().balancedAccuracy() < 0.6,
        "labels unrelated to the text cannot be learned: balanced accuracy "
            + shuffled.heldOut.labels().balancedAccuracy());
    assertTrue(shuffled.heldOut.accuracy() <= majority + 0.05, "no better than the majority");
  }

  private record Result(EvalStats heldOut, double gap, double loss) {}

  private static Result train(List<TrainExample> stream) {
    List<TrainExample> heldOut = examples(999, 200, false);
    TrainerSettings settings =
        Fixtures.tiny()
            .withInputs(CONTEXT, new TrainerSettings.Inputs(0, 0, "head+tail", false, LABELS));
    try (OnlineTrainer trainer = OnlineTrainer.create(settings)) {
      double loss = 0;
      for (int i = 0; i < STEPS; i++) {
        StepStats s = trainer.step(Fixtures.batch(stream, i, BATCH), List.of());
        loss += i >= STEPS - 10 ? s.taskLoss() / 10 : 0;
      }
      EvalStats eval = trainer.requests().evaluate(heldOut, LABELS);
      List<String> texts = heldOut.stream().map(TrainExample::prompt).toList();
      double gap = 0;
      for (LabelPrediction p : trainer.requests().predictLabels(texts, LABELS)) {
        gap += Math.abs(p.probabilities().get("spam") - p.probabilities().get("ham"));
      }
      return new Result(eval, gap / texts.size(), loss);
    }
  }

  /** 40-word texts (~190 bytes, 3x the context): a third of the words tell the label. */
  static List<TrainExample> examples(long seed, int n, boolean shuffle) {
    Random r = new Random(seed);
    List<String> texts = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean spam = r.nextDouble() < 0.7;
      String[] cue = spam ? SPAM : HAM;
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < 40; w++) {
        String[] pool = r.nextInt(3) == 0 ? cue : FILLER;
        text.append(w == 0 ? "" : " ").append(pool[r.nextInt(pool.length)]);
      }
      texts.add(text.toString());
      labels.add(spam ? "spam" : "ham");
    }
    if (shuffle) {
      Collections.shuffle(labels, new Random(seed + 1));
    }
    List<TrainExample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new TrainExample("r" + seed + "-" + i, TaskKind.LABEL, texts.get(i), labels.get(i)));
    }
    return out;
  }
}
