package io.streamtune.train.training;

import io.streamtune.common.payload.TaskKind;
import io.streamtune.sample.TopicTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Tiny settings and data for the model-core tests (small enough for 2 busy cores). */
final class Fixtures {

  private Fixtures() {}

  /** A 2-layer, 64-wide model on the byte tokenizer, full fine-tuning, constant LR. */
  static TrainerSettings tiny() {
    return TrainerSettings.builder()
        .embedding(64)
        .contextLength(96)
        .dropout(0.1)
        .loraRank(4)
        .loraAlpha(8.0)
        .loraDropout(0.0)
        .learningRate(3e-3)
        .beta2(0.99)
        .warmupSteps(10)
        .totalSteps(1000)
        .device("cpu")
        .tokenizer("byte")
        .build();
  }

  static TrainerSettings withLora(TrainerSettings s, Set<String> targets) {
    return s.toBuilder()
        .lora(true)
        .loraRank(4)
        .loraAlpha(8.0)
        .loraDropout(0.1)
        .loraTargets(targets)
        .inputs(TrainerSettings.Inputs.DEFAULTS)
        .tokenizer("byte")
        .build();
  }

  static TrainerSettings withLambda(TrainerSettings s, double lambda) {
    return s.toBuilder()
        .lambda(lambda)
        .inputs(TrainerSettings.Inputs.DEFAULTS)
        .tokenizer("byte")
        .build();
  }

  static TrainerSettings withAccumulation(TrainerSettings s, int parts) {
    return s.toBuilder()
        .gradAccumulation(parts)
        .inputs(TrainerSettings.Inputs.DEFAULTS)
        .tokenizer("byte")
        .build();
  }

  static TrainerSettings withWarmup(TrainerSettings s, int warmup) {
    return s.toBuilder()
        .warmupSteps(warmup)
        .inputs(TrainerSettings.Inputs.DEFAULTS)
        .tokenizer("byte")
        .build();
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
