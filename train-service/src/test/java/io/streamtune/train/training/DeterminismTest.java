package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.payload.TaskKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The pitfall test (ENVIRONMENT.md): scalar tensors freed under the autograd graph corrupt training
 * only sometimes, after a GC. Two runs of a few hundred steps with forced GCs, same seed and data,
 * must produce identical losses and gradient norms, all finite. Dropout, gradient accumulation and
 * the reward term are on, so their randomness and scalars are covered too.
 */
class DeterminismTest {

  private static final int STEPS = 150;

  @Test
  void sameSeedAndDataGiveIdenticalLossesDespiteGarbageCollection() {
    List<TrainExample> data = Fixtures.topics(5, 400);
    double[][] first = run(data);
    double[][] second = run(data);
    for (double[] series : first) {
      for (double value : series) {
        assertTrue(Double.isFinite(value), "no NaN/inf in a healthy run");
      }
    }
    assertArrayEquals(first[0], second[0], 0.0, "task losses");
    assertArrayEquals(first[1], second[1], 0.0, "reward losses");
    assertArrayEquals(first[2], second[2], 0.0, "gradient norms");
    assertTrue(first[0][STEPS - 1] < first[0][0], "and it still learns");
  }

  private static double[][] run(List<TrainExample> data) {
    TrainerSettings settings =
        TrainerSettings.builder()
            .layers(1)
            .heads(2)
            .embedding(32)
            .contextLength(64)
            .dropout(0.1)
            .loraRank(2)
            .loraAlpha(4.0)
            .loraDropout(0.1)
            .loraTargets(Set.of("q"))
            .learningRate(3e-3)
            .beta2(0.99)
            .warmupSteps(5)
            .schedule("cosine")
            .totalSteps(STEPS)
            .gradAccumulation(2)
            .lambda(0.5)
            .seed(11L)
            .device("cpu")
            .build();
    double[][] out = new double[3][STEPS];
    try (OnlineTrainer trainer = OnlineTrainer.create(settings)) {
      for (int i = 0; i < STEPS; i++) {
        List<TrainExample> batch = Fixtures.batch(data, i, 8);
        List<RewardedSample> rewarded = new ArrayList<>();
        for (TrainExample e : batch.subList(0, 2)) {
          rewarded.add(new RewardedSample(TaskKind.LABEL, e.prompt(), e.completion(), i % 3));
        }
        StepStats stats = trainer.step(batch, rewarded);
        assertEquals(i + 1, stats.step());
        out[0][i] = stats.taskLoss();
        out[1][i] = stats.rewardLoss();
        out[2][i] = stats.gradNorm();
        System.gc();
      }
    }
    return out;
  }
}
