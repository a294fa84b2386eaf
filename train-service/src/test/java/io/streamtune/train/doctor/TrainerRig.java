package io.streamtune.train.doctor;

import io.streamtune.common.payload.TaskKind;
import io.streamtune.sample.TopicTask;
import io.streamtune.train.training.OnlineTrainer;
import io.streamtune.train.training.TrainExample;
import io.streamtune.train.training.TrainerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The real trainer on the learnable topic task, sized for 2 busy cores: what the doctor's
 * real-trainer tests drive step by step (no Kafka: the service's loop is tested elsewhere).
 */
final class TrainerRig {

  static final int BATCH = 16;

  private TrainerRig() {}

  /** A 2-layer, 64-wide byte-level model, constant LR after a short warm-up, CPU. */
  static TrainerSettings settings(double learningRate) {
    return TrainerSettings.builder()
        .embedding(64)
        .contextLength(96)
        .loraRank(4)
        .loraAlpha(8.0)
        .loraDropout(0.0)
        .learningRate(learningRate)
        .beta2(0.99)
        .warmupSteps(10)
        .totalSteps(100_000)
        .device("cpu")
        .tokenizer("byte")
        .build();
  }

  static OnlineTrainer trainer(double learningRate) {
    return OnlineTrainer.create(settings(learningRate));
  }

  static TrainExample example(String id, TopicTask.Example e) {
    return new TrainExample(id, TaskKind.LABEL, e.text(), e.label());
  }

  /** An endless stream of fresh examples; labels drawn at random when {@code shuffled}. */
  static final class Stream {
    private final TopicTask task;
    private final Random random;
    private final boolean shuffled;
    private int next;

    Stream(long seed, boolean shuffled) {
      this.task = new TopicTask(seed);
      this.random = new Random(seed + 1);
      this.shuffled = shuffled;
    }

    TrainExample next() {
      TopicTask.Example e = task.next();
      if (shuffled) {
        e = new TopicTask.Example(e.text(), TopicTask.LABELS.get(random.nextInt(4)));
      }
      return example("s" + next++, e);
    }

    List<TrainExample> batch(int n) {
      List<TrainExample> b = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        b.add(next());
      }
      return b;
    }
  }

  /** Held-out examples from a different seed. */
  static List<TrainExample> heldOut(long seed, int n, boolean shuffled) {
    return new Stream(seed, shuffled).batch(n);
  }
}
