package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.train.model.ForwardContext;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.KvCache;
import io.streamtune.train.model.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Evaluation, label prediction and generation on a given (snapshot) model, dropout off. Every call
 * works in its own sub-manager, closed before it returns.
 */
final class Inference {

  private static final int CHUNK = 64;

  private final Tokenizer tokenizer;
  private final int context;
  private final UnaryOperator<String> labelPrompt;

  Inference(Tokenizer tokenizer, int context, UnaryOperator<String> labelPrompt) {
    this.tokenizer = tokenizer;
    this.context = context;
    this.labelPrompt = labelPrompt;
  }

  /** log p(completion + EOS | prompt) per pair, and each pair's scored token count. */
  double[][] score(Gpt2Model model, NDManager parent, List<String[]> pairs) {
    double[] logProbs = new double[pairs.size()];
    double[] tokens = new double[pairs.size()];
    for (int from = 0; from < pairs.size(); from += CHUNK) {
      List<SequenceBatch.Encoded> encoded = new ArrayList<>();
      for (String[] pair : pairs.subList(from, Math.min(pairs.size(), from + CHUNK))) {
        encoded.add(SequenceBatch.encode(tokenizer, pair[0], pair[1], context));
      }
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

  /**
   * For each text, the allowed labels' probabilities (softmax over log p(label + EOS | prompt)),
   * all labels scored from one pass over the prompt ({@link LabelScorer}). The prompt keeps BOS and
   * its last {@code context − longest label − 1} tokens, so every label fits after it.
   */
  List<LabelPrediction> predictLabels(
      Gpt2Model model, NDManager parent, List<String> texts, List<String> labels) {
    if (labels == null || labels.isEmpty()) {
      throw new IllegalArgumentException("predictLabels needs at least one allowed label");
    }
    List<int[]> completions = new ArrayList<>();
    int longest = 0;
    for (String label : labels) {
      int[] c = tokenizer.encode(label);
      c = Arrays.copyOf(c, Math.min(c.length, context - 1) + 1); // cut as SequenceBatch does
      c[c.length - 1] = tokenizer.eos();
      completions.add(c);
      longest = Math.max(longest, c.length);
    }
    int keep = context - longest;
    List<double[]> scores = new ArrayList<>();
    for (String text : texts) {
      int[] prompt = tokenizer.encode(labelPrompt.apply(text));
      int kept = Math.min(prompt.length, keep);
      int[] promptIds = new int[kept + 1];
      promptIds[0] = tokenizer.bos();
      System.arraycopy(prompt, prompt.length - kept, promptIds, 1, kept);
      try (NDManager manager = parent.newSubManager()) {
        float[] values =
            LabelScorer.logProbs(model, new ForwardContext(manager, false), promptIds, completions);
        double[] row = new double[values.length];
        for (int j = 0; j < values.length; j++) {
          row[j] = values[j];
        }
        scores.add(row);
      }
    }
    return predictions(scores, labels);
  }

  /**
   * The reference for {@link #predictLabels}: one full forward pass per (prompt, label) pair, each
   * encoded on its own by {@link SequenceBatch#encode} (what prediction did before the cache).
   */
  List<LabelPrediction> predictLabelsPerPair(
      Gpt2Model model, NDManager parent, List<String> texts, List<String> labels) {
    List<String[]> pairs = new ArrayList<>();
    for (String text : texts) {
      String prompt = labelPrompt.apply(text);
      for (String label : labels) {
        pairs.add(new String[] {prompt, label});
      }
    }
    double[] flat = score(model, parent, pairs)[0];
    List<double[]> scores = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      scores.add(Arrays.copyOfRange(flat, i * labels.size(), (i + 1) * labels.size()));
    }
    return predictions(scores, labels);
  }

  /** Softmax of each text's label scores, and its most probable label (the first on ties). */
  private static List<LabelPrediction> predictions(List<double[]> scores, List<String> labels) {
    List<LabelPrediction> predictions = new ArrayList<>();
    for (double[] row : scores) {
      double max = Double.NEGATIVE_INFINITY;
      for (double score : row) {
        max = Math.max(max, score);
      }
      double sum = 0;
      double[] p = new double[labels.size()];
      for (int j = 0; j < labels.size(); j++) {
        p[j] = Math.exp(row[j] - max);
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
      return new EvalStats(Double.NaN, Double.NaN, Map.of(), 0);
    }
    List<String[]> pairs = new ArrayList<>();
    for (TrainExample example : heldOut) {
      pairs.add(new String[] {promptOf(example), example.completion()});
    }
    double[][] scored = score(model, parent, pairs);
    double nll = 0;
    double tokens = 0;
    for (int i = 0; i < pairs.size(); i++) {
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
    Map<String, int[]> perLabel = new TreeMap<>();
    int correct = 0;
    List<LabelPrediction> predictions =
        labelled.isEmpty() ? List.of() : predictLabels(model, parent, texts, allowed);
    for (int i = 0; i < labelled.size(); i++) {
      boolean hit = predictions.get(i).label().equals(labelled.get(i).completion());
      correct += tally(perLabel, labelled.get(i).completion(), hit);
    }
    for (TrainExample example : heldOut) {
      if (example.kind() != TaskKind.LABEL) {
        int budget = tokenizer.encode(example.completion()).length + 1;
        String generated =
            generate(model, parent, promptOf(example), new GenerationSettings(budget, 0, 0), null);
        correct += tally(perLabel, "(generation)", generated.equals(example.completion()));
      }
    }
    Map<String, Double> accuracy = new LinkedHashMap<>();
    perLabel.forEach((label, counts) -> accuracy.put(label, (double) counts[0] / counts[1]));
    return new EvalStats(
        tokens == 0 ? Double.NaN : nll / tokens,
        (double) correct / heldOut.size(),
        accuracy,
        heldOut.size());
  }

  /** Samples a completion of {@code prompt} (greedy when temperature ≤ 0); stops at EOS. */
  String generate(
      Gpt2Model model,
      NDManager parent,
      String prompt,
      GenerationSettings settings,
      Random random) {
    return tokenizer.decode(generateIds(model, parent, prompt, settings, random, true));
  }

  /**
   * The generated token ids (EOS not included). With {@code cached}, one pass over the prompt and
   * then one position per new token, reading the earlier ones from a {@link KvCache}; once the
   * sequence outgrows the context, each token re-runs the last {@code context} tokens, exactly what
   * the uncached path does at every token.
   */
  int[] generateIds(
      Gpt2Model model,
      NDManager parent,
      String prompt,
      GenerationSettings settings,
      Random random,
      boolean cached) {
    int[] promptIds = tokenizer.encode(prompt == null ? "" : prompt);
    List<Integer> sequence = new ArrayList<>();
    sequence.add(tokenizer.bos());
    for (int id : promptIds) {
      sequence.add(id);
    }
    List<Integer> generated = new ArrayList<>();
    try (NDManager run = parent.newSubManager()) {
      KvCache cache = null;
      for (int n = 0; n < settings.maxNewTokens(); n++) {
        float[] logits;
        try (NDManager manager = run.newSubManager()) {
          ForwardContext ctx = new ForwardContext(manager, false);
          NDArray all;
          if (cached && cache != null && sequence.size() <= context) {
            all = model.forward(ctx, ids(manager, sequence, sequence.size() - 1), cache);
          } else {
            long[] window = window(sequence);
            NDArray ids = manager.create(window, new Shape(1, window.length));
            if (cached) {
              if (cache != null) {
                cache.close();
              }
              cache = new KvCache(model.config().layers(), run);
              all = model.forward(ctx, ids, cache);
            } else {
              all = model.forward(ctx, ids);
            }
          }
          logits = all.get(0, all.getShape().get(1) - 1).toFloatArray();
        }
        int next = pick(logits, settings, random);
        if (next == tokenizer.eos()) {
          break;
        }
        sequence.add(next);
        generated.add(next);
      }
    }
    return generated.stream().mapToInt(i -> i).toArray();
  }

  /** The last {@code context} tokens of the sequence. */
  private long[] window(List<Integer> sequence) {
    int from = Math.max(0, sequence.size() - context);
    return sequence.subList(from, sequence.size()).stream().mapToLong(i -> i).toArray();
  }

  /** [1, n] of the sequence's tokens from {@code from} on. */
  private static NDArray ids(NDManager manager, List<Integer> sequence, int from) {
    long[] tail = sequence.subList(from, sequence.size()).stream().mapToLong(i -> i).toArray();
    return manager.create(tail, new Shape(1, tail.length));
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

  String promptOf(TrainExample example) {
    return example.kind() == TaskKind.LABEL
        ? labelPrompt.apply(example.prompt())
        : example.prompt();
  }

  private static List<String> allowedLabels(List<TrainExample> heldOut, List<String> labels) {
    if (labels != null && !labels.isEmpty()) {
      return labels;
    }
    TreeSet<String> seen = new TreeSet<>();
    heldOut.stream().filter(e -> e.kind() == TaskKind.LABEL).forEach(e -> seen.add(e.completion()));
    return new ArrayList<>(seen);
  }

  private static int tally(Map<String, int[]> perLabel, String key, boolean hit) {
    int[] counts = perLabel.computeIfAbsent(key, k -> new int[2]);
    counts[1]++;
    if (hit) {
      counts[0]++;
    }
    return hit ? 1 : 0;
  }
}
