package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.train.model.ForwardContext;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Evaluation, label prediction and generation on a given (snapshot) model, dropout off. Every call
 * works in its own sub-manager, closed before it returns.
 */
final class Inference {

  private static final int CHUNK = 64;

  private final Tokenizer tokenizer;
  private final PromptEncoder encoder;

  Inference(Tokenizer tokenizer, PromptEncoder encoder) {
    this.tokenizer = tokenizer;
    this.encoder = encoder;
  }

  /** log p(scored tokens | prompt) per row, and each row's scored token count. */
  double[][] score(Gpt2Model model, NDManager parent, List<PromptEncoder.Encoded> rows) {
    double[] logProbs = new double[rows.size()];
    double[] tokens = new double[rows.size()];
    for (int from = 0; from < rows.size(); from += CHUNK) {
      List<PromptEncoder.Encoded> encoded = rows.subList(from, Math.min(rows.size(), from + CHUNK));
      try (NDManager manager = parent.newSubManager()) {
        SequenceBatch batch = SequenceBatch.of(encoded, tokenizer.pad());
        float[] values =
            LogProbs.perSequence(model, new ForwardContext(manager, false), batch).toFloatArray();
        for (int i = 0; i < values.length; i++) {
          logProbs[from + i] = values[i];
          tokens[from + i] = encoded.get(i).scoredTokens();
        }
      }
    }
    return new double[][] {logProbs, tokens};
  }

  List<LabelPrediction> predictLabels(
      Gpt2Model model, NDManager parent, List<String> texts, List<String> labels) {
    if (labels == null || labels.isEmpty()) {
      throw new IllegalArgumentException("predictLabels needs at least one allowed label");
    }
    List<PromptEncoder.Encoded> rows = new ArrayList<>();
    for (String text : texts) {
      for (String label : labels) {
        rows.add(encoder.encode(TaskKind.LABEL, text, label));
      }
    }
    double[] scores = score(model, parent, rows)[0];
    List<LabelPrediction> predictions = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < labels.size(); j++) {
        max = Math.max(max, scores[i * labels.size() + j]);
      }
      double sum = 0;
      double[] p = new double[labels.size()];
      for (int j = 0; j < labels.size(); j++) {
        p[j] = Math.exp(scores[i * labels.size() + j] - max);
        sum += p[j];
      }
      Map<String, Double> probabilities = new LinkedHashMap<>();
      String best = labels.get(0);
      double bestP = -1;
      for (int j = 0; j < labels.size(); j++) {
        probabilities.put(labels.get(j), p[j] / sum);
        if (p[j] > bestP) {
          bestP = p[j];
          best = labels.get(j);
        }
      }
      predictions.add(new LabelPrediction(best, probabilities));
    }
    return predictions;
  }

  EvalStats evaluate(
      Gpt2Model model, NDManager parent, List<TrainExample> heldOut, List<String> labels) {
    if (heldOut.isEmpty()) {
      return new EvalStats(Double.NaN, Double.NaN, LabelScores.NONE, 0, Double.NaN);
    }
    List<PromptEncoder.Encoded> rows = new ArrayList<>();
    int truncated = 0;
    for (TrainExample example : heldOut) {
      PromptEncoder.Encoded row =
          encoder.encode(example.kind(), example.prompt(), example.completion());
      rows.add(row);
      truncated += row.truncated() ? 1 : 0;
    }
    double[][] scored = score(model, parent, rows);
    double nll = 0;
    double tokens = 0;
    for (int i = 0; i < rows.size(); i++) {
      nll -= scored[0][i];
      tokens += scored[1][i];
    }
    List<String> allowed = allowedLabels(heldOut, labels);
    List<TrainExample> labelled = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (TrainExample example : heldOut) {
      if (example.kind() == TaskKind.LABEL) {
        labelled.add(example);
        texts.add(example.prompt());
      }
    }
    LabelScores.Tally confusion = new LabelScores.Tally();
    int correct = 0;
    List<LabelPrediction> predictions =
        labelled.isEmpty() ? List.of() : predictLabels(model, parent, texts, allowed);
    for (int i = 0; i < labelled.size(); i++) {
      String truth = labelled.get(i).completion();
      String answer = predictions.get(i).label();
      confusion.add(truth, answer);
      correct += answer.equals(truth) ? 1 : 0;
    }
    for (TrainExample example : heldOut) {
      if (example.kind() != TaskKind.LABEL) {
        int budget = tokenizer.encode(example.completion()).length + 1;
        String generated =
            generate(model, parent, example.prompt(), new GenerationSettings(budget, 0, 0), null);
        correct += generated.equals(example.completion()) ? 1 : 0;
      }
    }
    return new EvalStats(
        tokens == 0 ? Double.NaN : nll / tokens,
        (double) correct / heldOut.size(),
        confusion.scores(),
        heldOut.size(),
        (double) truncated / heldOut.size());
  }

  /** Samples a completion of {@code prompt} (greedy when temperature ≤ 0); stops at EOS. */
  String generate(
      Gpt2Model model,
      NDManager parent,
      String prompt,
      GenerationSettings settings,
      Random random) {
    List<Integer> sequence = new ArrayList<>();
    for (int id : encoder.prompt(TaskKind.GENERATION, prompt).ids()) {
      sequence.add(id);
    }
    List<Integer> generated = new ArrayList<>();
    for (int n = 0; n < settings.maxNewTokens(); n++) {
      int from = Math.max(0, sequence.size() - encoder.context());
      long[] window = sequence.subList(from, sequence.size()).stream().mapToLong(i -> i).toArray();
      float[] logits;
      try (NDManager manager = parent.newSubManager()) {
        NDArray ids = manager.create(window, new Shape(1, window.length));
        NDArray all = model.forward(new ForwardContext(manager, false), ids);
        logits = all.get(0, window.length - 1).toFloatArray();
      }
      int next = pick(logits, settings, random);
      if (next == tokenizer.eos()) {
        break;
      }
      sequence.add(next);
      generated.add(next);
    }
    return tokenizer.decode(generated.stream().mapToInt(i -> i).toArray());
  }

  private int pick(float[] logits, GenerationSettings settings, Random random) {
    if (tokenizer.bos() != tokenizer.eos()) {
      logits[tokenizer.bos()] = Float.NEGATIVE_INFINITY;
    }
    if (tokenizer.pad() != tokenizer.eos()) {
      logits[tokenizer.pad()] = Float.NEGATIVE_INFINITY;
    }
    if (settings.temperature() <= 0 || random == null) {
      int best = 0;
      for (int i = 1; i < logits.length; i++) {
        if (logits[i] > logits[best]) {
          best = i;
        }
      }
      return best;
    }
    double threshold = Double.NEGATIVE_INFINITY;
    if (settings.topK() > 0 && settings.topK() < logits.length) {
      float[] sorted = logits.clone();
      Arrays.sort(sorted);
      threshold = sorted[sorted.length - settings.topK()];
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float logit : logits) {
      max = Math.max(max, logit);
    }
    double[] weights = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      if (logits[i] >= threshold && logits[i] > Float.NEGATIVE_INFINITY) {
        weights[i] = Math.exp((logits[i] - max) / settings.temperature());
        sum += weights[i];
      }
    }
    double target = random.nextDouble() * sum;
    for (int i = 0; i < weights.length; i++) {
      target -= weights[i];
      if (weights[i] > 0 && target <= 0) {
        return i;
      }
    }
    return tokenizer.eos();
  }

  private static List<String> allowedLabels(List<TrainExample> heldOut, List<String> labels) {
    if (labels != null && !labels.isEmpty()) {
      return labels;
    }
    TreeSet<String> seen = new TreeSet<>();
    heldOut.stream().filter(e -> e.kind() == TaskKind.LABEL).forEach(e -> seen.add(e.completion()));
    return new ArrayList<>(seen);
  }
}
