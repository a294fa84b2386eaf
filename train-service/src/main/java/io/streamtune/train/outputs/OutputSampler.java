package io.streamtune.train.outputs;

import io.streamtune.common.Topics;
import io.streamtune.common.payload.ModelOutput;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.train.training.GenerationSettings;
import io.streamtune.train.training.LabelPrediction;
import io.streamtune.train.training.OnlineTrainer;
import io.streamtune.train.training.TrainExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Generates the model's own completion for a sampled fraction of training records and publishes it
 * to model.outputs, remembering it so its reward can be joined later.
 */
public final class OutputSampler {

  private final Publisher publisher;
  private final PendingOutputs pending;
  private final double fraction;
  private final GenerationSettings generation;
  private final Random random;
  private volatile Instant firstPublishedAt;
  private long published;

  public OutputSampler(
      Publisher publisher,
      PendingOutputs pending,
      double fraction,
      GenerationSettings generation,
      long seed) {
    this.publisher = publisher;
    this.pending = pending;
    this.fraction = fraction;
    this.generation = generation;
    this.random = new Random(seed);
  }

  /** Samples from {@code batch}, generates with the weights of {@code step}, publishes. */
  public int sample(
      OnlineTrainer trainer, List<TrainExample> batch, List<String> labels, long step) {
    List<TrainExample> label = new ArrayList<>();
    List<TrainExample> gen = new ArrayList<>();
    for (TrainExample e : batch) {
      if (random.nextDouble() < fraction) {
        if (e.kind() == TaskKind.LABEL && labels.size() >= 2) {
          label.add(e);
        } else if (e.kind() == TaskKind.GENERATION) {
          gen.add(e);
        }
      }
    }
    if (!label.isEmpty()) {
      List<LabelPrediction> preds =
          trainer.predictLabels(label.stream().map(TrainExample::prompt).toList(), labels);
      for (int i = 0; i < label.size(); i++) {
        TrainExample e = label.get(i);
        publish(e, preds.get(i).label(), step);
      }
    }
    if (!gen.isEmpty()) {
      List<String> completions =
          trainer.generate(gen.stream().map(TrainExample::prompt).toList(), generation, step);
      for (int i = 0; i < gen.size(); i++) {
        publish(gen.get(i), completions.get(i), step);
      }
    }
    return label.size() + gen.size();
  }

  private void publish(TrainExample e, String completion, long step) {
    Instant now = Instant.now();
    ModelOutput out =
        new ModelOutput(
            UUID.randomUUID().toString(),
            step,
            e.recordId(),
            e.kind(),
            e.prompt(),
            completion,
            e.completion(),
            now);
    // Remember before sending: a fast reward must always find its output.
    pending.put(new PendingOutputs.Pending(out, now));
    publisher.send(Topics.MODEL_OUTPUTS, out.outputId(), out);
    published++;
    if (firstPublishedAt == null) {
      firstPublishedAt = now;
    }
  }

  public Instant firstPublishedAt() {
    return firstPublishedAt;
  }

  public long published() {
    return published;
  }
}
