package io.streamtune.train.probe;

import io.streamtune.common.baseline.CharNgram;
import io.streamtune.common.baseline.NaiveBayes;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.train.training.TrainExample;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The learnability probe: cheap baselines trained online on the records the trainer trains on and
 * scored on the same held-out set at each evaluation. A hashed word n-gram Naive Bayes for label
 * records, a Witten-Bell character n-gram model for generation records; both cost microseconds per
 * record. If the baseline learns and the language model does not, the data is learnable and the
 * model or its settings are at fault; if the baseline stays at the majority share too, the labels
 * do not follow from the text. Training thread only, except {@link #last()}.
 */
public final class LearnabilityProbe {

  private final NaiveBayes labels = NaiveBayes.hashed();

  /** Five-grams: four bytes of history, the order a smoothed byte model does best with. */
  static final int NGRAM_ORDER = 5;

  private final CharNgram generations = CharNgram.hashed(NGRAM_ORDER);
  private volatile Baseline last = Baseline.NONE;

  /** Learns from one training batch (every pass: repeats only scale the counts). */
  public void learn(List<TrainExample> batch) {
    for (TrainExample e : batch) {
      if (e.kind() == TaskKind.LABEL) {
        labels.add(e.prompt(), e.completion());
      } else {
        generations.add(e.prompt(), e.completion());
      }
    }
  }

  /** Scores the held-out records; the result is also {@link #last()}. */
  public Baseline evaluate(List<TrainExample> heldOut) {
    int labelled = 0;
    int correct = 0;
    int generated = 0;
    double nats = 0;
    long symbols = 0;
    Map<String, Integer> truths = new HashMap<>();
    for (TrainExample e : heldOut) {
      if (e.kind() == TaskKind.LABEL) {
        labelled++;
        truths.merge(e.completion(), 1, Integer::sum);
        if (labels.usable() && e.completion().equals(labels.predict(e.prompt()))) {
          correct++;
        }
      } else if (generations.records() > 0) {
        generated++;
        nats += generations.loss(e.prompt(), e.completion());
        symbols += CharNgram.symbols(e.completion());
      }
    }
    int majority = truths.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    Baseline b =
        new Baseline(
            labels.records(),
            generations.records(),
            labelled > 0 && labels.usable() ? (double) correct / labelled : Double.NaN,
            labelled > 0 ? (double) majority / labelled : Double.NaN,
            symbols > 0 ? nats / symbols : Double.NaN,
            labelled,
            generated);
    last = b;
    return b;
  }

  /** The newest evaluation (any thread). */
  public Baseline last() {
    return last;
  }
}
