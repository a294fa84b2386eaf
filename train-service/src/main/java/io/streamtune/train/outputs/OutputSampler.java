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
  private final double labelTemperature;
  private final String model;
  private final Random random;
  private volatile Instant firstPublishedAt;
  private long published;

  public OutputSampler(
      Publisher publisher,
      PendingOutputs pending,
      double fraction,
      GenerationSettings generation,
      double labelTemperature,
      String model,
      long seed) {
    this.publisher = publisher;
    this.pending = pending;
    this.fraction = fraction;
    this.generation = generation;
    this.labelTemperature = labelTemperature;
    this.model = model;
    this.random = new Random(seed);
  }

  /**
   * Samples from {@code batch}, generates with the weights of {@code step} (the live ones: training
   * thread only), publishes.
   */
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
          trainer.live().predictLabels(label.stream().map(TrainExample::prompt).toList(), labels);
      for (int i = 0; i < label.size(); i++) {
        ModelOutput.Sampled action = sampleLabel(preds.get(i), labels, labelTemperature, random);
        publish(label.get(i), labels.get(action.labelIndex()), action, step);
      }
    }
    if (!gen.isEmpty()) {
      List<String> completions =
          trainer
              .live()
              .generate(gen.stream().map(TrainExample::prompt).toList(), generation, step);
      for (int i = 0; i < gen.size(); i++) {
        publish(gen.get(i), completions.get(i), null, step);
      }
    }
    return label.size() + gen.size();
  }

  /**
   * A label drawn from the model's label distribution at {@code labelTemperature} (π_T(l) ∝
   * p(l)^(1/T)), with its log-probability under that distribution: the action the reward judges.
   */
  public static ModelOutput.Sampled sampleLabel(
      LabelPrediction prediction, List<String> labels, double labelTemperature, Random random) {
    double[] logits = new double[labels.size()];
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < labels.size(); j++) {
      double p = prediction.probabilities().getOrDefault(labels.get(j), 0.0);
      logits[j] = (p > 0 ? Math.log(p) : Double.NEGATIVE_INFINITY) / labelTemperature;
      max = Math.max(max, logits[j]);
    }
    double sum = 0;
    for (double l : logits) {
      sum += Math.exp(l - max);
    }
    double target = random.nextDouble() * sum;
    int pick = labels.size() - 1;
    for (int j = 0; j < labels.size(); j++) {
      target -= Math.exp(logits[j] - max);
      if (target <= 0) {
        pick = j;
        break;
      }
    }
    double logProb = logits[pick] - max - Math.log(sum);
    return new ModelOutput.Sampled(
        pick, List.copyOf(labels), null, true, logProb, labelTemperature);
  }

  private void publish(TrainExample e, String completion, ModelOutput.Sampled sampled, long step) {
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
            now,
            model,
            sampled);
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
