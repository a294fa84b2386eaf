package io.streamtune.train.training;

import io.streamtune.common.payload.TaskKind;
import io.streamtune.common.sample.TopicTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Tiny settings and data for the model-core tests (small enough for 2 busy cores). */
final class Fixtures {

  private Fixtures() {}

  /** A 2-layer, 64-wide model on the byte tokenizer, full fine-tuning, constant LR. */
  static TrainerSettings tiny() {
    return new TrainerSettings(
        2,
        4,
        64,
        96,
        0.1,
        null,
        false,
        4,
        8.0,
        0.0,
        Set.of("q", "v"),
        3e-3,
        0.01,
        0.9,
        0.99,
        1e-8,
        10,
        "constant",
        1000,
        0.1,
        1.0,
        1,
        0.0,
        0.9,
        42L,
        "cpu",
        TrainerSettings.Inputs.DEFAULTS);
  }

  static TrainerSettings withLora(TrainerSettings s, Set<String> targets) {
    return new TrainerSettings(
        s.layers(),
        s.heads(),
        s.embedding(),
        s.contextLength(),
        s.dropout(),
        s.tokenizerPath(),
        true,
        4,
        8.0,
        0.1,
        targets,
        s.learningRate(),
        s.weightDecay(),
        s.beta1(),
        s.beta2(),
        s.epsilon(),
        s.warmupSteps(),
        s.schedule(),
        s.totalSteps(),
        s.minLearningRateRatio(),
        s.clipNorm(),
        s.gradAccumulation(),
        s.lambda(),
        s.baselineMomentum(),
        s.seed(),
        s.device(),
        TrainerSettings.Inputs.DEFAULTS);
  }

  static TrainerSettings withLambda(TrainerSettings s, double lambda) {
    return new TrainerSettings(
        s.layers(),
        s.heads(),
        s.embedding(),
        s.contextLength(),
        s.dropout(),
        s.tokenizerPath(),
        s.lora(),
        s.loraRank(),
        s.loraAlpha(),
        s.loraDropout(),
        s.loraTargets(),
        s.learningRate(),
        s.weightDecay(),
        s.beta1(),
        s.beta2(),
        s.epsilon(),
        s.warmupSteps(),
        s.schedule(),
        s.totalSteps(),
        s.minLearningRateRatio(),
        s.clipNorm(),
        s.gradAccumulation(),
        lambda,
        s.baselineMomentum(),
        s.seed(),
        s.device(),
        TrainerSettings.Inputs.DEFAULTS);
  }

  static TrainerSettings withAccumulation(TrainerSettings s, int parts) {
    return new TrainerSettings(
        s.layers(),
        s.heads(),
        s.embedding(),
        s.contextLength(),
        s.dropout(),
        s.tokenizerPath(),
        s.lora(),
        s.loraRank(),
        s.loraAlpha(),
        s.loraDropout(),
        s.loraTargets(),
        s.learningRate(),
        s.weightDecay(),
        s.beta1(),
        s.beta2(),
        s.epsilon(),
        s.warmupSteps(),
        s.schedule(),
        s.totalSteps(),
        s.minLearningRateRatio(),
        s.clipNorm(),
        parts,
        s.lambda(),
        s.baselineMomentum(),
        s.seed(),
        s.device(),
        TrainerSettings.Inputs.DEFAULTS);
  }

  static TrainerSettings withWarmup(TrainerSettings s, int warmup) {
    return new TrainerSettings(
        s.layers(),
        s.heads(),
        s.embedding(),
        s.contextLength(),
        s.dropout(),
        s.tokenizerPath(),
        s.lora(),
        s.loraRank(),
        s.loraAlpha(),
        s.loraDropout(),
        s.loraTargets(),
        s.learningRate(),
        s.weightDecay(),
        s.beta1(),
        s.beta2(),
        s.epsilon(),
        warmup,
        s.schedule(),
        s.totalSteps(),
        s.minLearningRateRatio(),
        s.clipNorm(),
        s.gradAccumulation(),
        s.lambda(),
        s.baselineMomentum(),
        s.seed(),
        s.device(),
        TrainerSettings.Inputs.DEFAULTS);
  }

  /** {@code n} TopicTask examples as label records. */
  static List<TrainExample> topics(long seed, int n) {
    TopicTask task = new TopicTask(seed);
    List<TrainExample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TopicTask.Example e = task.next();
      out.add(new TrainExample("r" + seed + "-" + i, TaskKind.LABEL, e.text(), e.label()));
    }
    return out;
  }

  /** Consecutive batches of {@code size} from {@code data}, wrapping around. */
  static List<TrainExample> batch(List<TrainExample> data, int index, int size) {
    List<TrainExample> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(data.get((index * size + i) % data.size()));
    }
    return out;
  }
}
