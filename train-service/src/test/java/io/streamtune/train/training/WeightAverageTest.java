package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.sample.TopicTask;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The moving average of the weights ({@code emaDecay}): the documented update, what evaluation,
 * requests and export read, and kept by checkpoints.
 */
class WeightAverageTest {

  private static final List<TrainExample> DATA = Fixtures.topics(8, 300);

  @Test
  void theAverageFollowsTheDocumentedUpdateAfterEveryStep() {
    double decay = 0.5; // (1 + t) / (10 + t) reaches it at t = 8: both regimes within 15 steps
    try (OnlineTrainer t = OnlineTrainer.create(withAverage(decay))) {
      Map<String, double[]> expected = new LinkedHashMap<>();
      Weights.of(t).forEach((n, w) -> expected.put(n, widen(w)));
      for (int step = 1; step <= 15; step++) {
        t.step(Fixtures.batch(DATA, step, 8), List.of());
        double d = Math.min(decay, (1.0 + step) / (10.0 + step));
        Map<String, float[]> now = Weights.of(t);
        expected.forEach(
            (n, e) -> {
              float[] w = now.get(n);
              for (int i = 0; i < e.length; i++) {
                e[i] = d * e[i] + (1 - d) * w[i];
              }
            });
      }
      Map<String, float[]> averaged = Weights.read(t);
      double worst = 0;
      for (String name : expected.keySet()) {
        float[] a = averaged.get(name);
        double[] e = expected.get(name);
        for (int i = 0; i < e.length; i++) {
          worst = Math.max(worst, Math.abs(a[i] - e[i]));
        }
      }
      assertTrue(worst < 1e-5, "largest difference from the hand-computed average: " + worst);
      assertTrue(
          Weights.changed(averaged, Weights.of(t)).size() > averaged.size() / 2,
          "the average lags the weights");
    }
  }

  @Test
  void evaluationAndRequestsReadTheAverageWhileSamplingReadsTheWeights() {
    try (OnlineTrainer t = OnlineTrainer.create(withAverage(0.9))) {
      for (int step = 0; step < 30; step++) {
        t.step(Fixtures.batch(DATA, step, 8), List.of());
      }
      List<String> texts = List.of("pasta with garlic", "the match went to penalties");
      List<LabelPrediction> requested = t.requests().predictLabels(texts, TopicTask.LABELS);
      assertEquals(requested, t.evaluation().predictLabels(texts, TopicTask.LABELS));
      assertNotEquals(requested, t.live().predictLabels(texts, TopicTask.LABELS));
    }
    try (OnlineTrainer plain = OnlineTrainer.create(Fixtures.tiny())) {
      plain.step(Fixtures.batch(DATA, 0, 8), List.of());
      assertEquals(List.of(), Weights.changed(Weights.of(plain), Weights.read(plain)));
    }
  }

  @Test
  void aCheckpointKeepsTheAverageAndTrainingContinuesIdentically(@TempDir Path dir)
      throws Exception {
    try (OnlineTrainer original = OnlineTrainer.create(withAverage(0.9));
        OnlineTrainer restored =
            OnlineTrainer.create(withAverage(0.9).toBuilder().seed(1234).build())) {
      for (int step = 0; step < 12; step++) {
        original.step(Fixtures.batch(DATA, step, 8), List.of());
      }
      original.state().save(dir);
      restored.state().load(dir);
      assertEquals(List.of(), Weights.changed(Weights.read(original), Weights.read(restored)));
      for (int step = 12; step < 20; step++) {
        original.step(Fixtures.batch(DATA, step, 8), List.of());
        restored.step(Fixtures.batch(DATA, step, 8), List.of());
      }
      assertEquals(List.of(), Weights.changed(Weights.read(original), Weights.read(restored)));
    }
  }

  @Test
  void aStateSavedWithoutAnAverageStartsOneAtItsWeights(@TempDir Path dir) throws Exception {
    try (OnlineTrainer plain = OnlineTrainer.create(Fixtures.tiny());
        OnlineTrainer averaging = OnlineTrainer.create(withAverage(0.9))) {
      for (int step = 0; step < 6; step++) {
        plain.step(Fixtures.batch(DATA, step, 8), List.of());
        averaging.step(Fixtures.batch(DATA, step + 100, 8), List.of());
      }
      plain.state().save(dir);
      averaging.state().load(dir);
      assertEquals(List.of(), Weights.changed(Weights.of(plain), Weights.read(averaging)));
    }
  }

  private static TrainerSettings withAverage(double decay) {
    return Fixtures.tiny().toBuilder().emaDecay(decay).build();
  }

  private static double[] widen(float[] w) {
    double[] out = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      out[i] = w[i];
    }
    return out;
  }
}
