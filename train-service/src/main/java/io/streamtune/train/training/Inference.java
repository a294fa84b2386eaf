package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.train.model.ForwardContext;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.KvCache;
import io.streamtune.train.model.Tokenizer;
import java.nio.charset.StandardCharsets;
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

  /**
   * For each text, the allowed labels' probabilities (softmax over log p(label + EOS | prompt)),
   * all labels scored from one pass over the prompt ({@link LabelScorer}), encoded by the {@link
   * PromptEncoder} as training encodes it.
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
      int[] withEos = Arrays.copyOf(c, c.length + 1);
      withEos[c.length] = tokenizer.eos();
      completions.add(withEos);
      longest = Math.max(longest, withEos.length);
    }
    List<double[]> scores = new ArrayList<>();
    for (String text : texts) {
      int[] promptIds = encoder.prompt(TaskKind.LABEL, text).ids();
      if (promptIds.length + longest > encoder.context() + 1) {
        // a label longer than its reserve takes room from the prompt: score that text per pair
        scores.add(perPair(model, parent, text, labels));
        continue;
      }
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

  private double[] perPair(Gpt2Model model, NDManager parent, String text, List<String> labels) {
    List<PromptEncoder.Encoded> rows = new ArrayList<>();
    for (String label : labels) {
      rows.add(encoder.encode(TaskKind.LABEL, text, label));
    }
    return score(model, parent, rows)[0];
  }

  /**
   * The reference for {@link #predictLabels}: one full forward pass per (prompt, label) pair, each
   * row encoded on its own by the {@link PromptEncoder}.
   */
  List<LabelPrediction> predictLabelsPerPair(
      Gpt2Model model, NDManager parent, List<String> texts, List<String> labels) {
    List<double[]> scores = new ArrayList<>();
    for (String text : texts) {
      scores.add(perPair(model, parent, text, labels));
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
      return new EvalStats(Double.NaN, Double.NaN, LabelScores.NONE, 0, Double.NaN);
    }
    List<PromptEncoder.Encoded> rows = new ArrayList<>();
    int truncated = 0;
    int[] inputTokens = new int[heldOut.size()];
    for (TrainExample example : heldOut) {
      PromptEncoder.Encoded row =
          encoder.encode(example.kind(), example.prompt(), example.completion());
      inputTokens[rows.size()] = row.inputTokens();
      rows.add(row);
      truncated += row.truncated() ? 1 : 0;
    }
    double[][] scored = score(model, parent, rows);
    double nll = 0;
    double tokens = 0;
    double genNats = 0;
    long genBytes = 0;
    int generations = 0;
    for (int i = 0; i < rows.size(); i++) {
      nll -= scored[0][i];
      tokens += scored[1][i];
      if (heldOut.get(i).kind() != TaskKind.LABEL) {
        genNats -= scored[0][i];
        genBytes += heldOut.get(i).completion().getBytes(StandardCharsets.UTF_8).length + 1;
        generations++;
      }
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
    List<String> truths = labelled.stream().map(TrainExample::completion).toList();
    EvalChecks checks =
        InputChecks.of(
            truths, predictions, inputTokens, encoder.context(), genNats, genBytes, generations);
    return new EvalStats(
        tokens == 0 ? Double.NaN : nll / tokens,
        (double) correct / heldOut.size(),
        confusion.scores(),
        heldOut.size(),
        (double) truncated / heldOut.size(),
        checks);
  }

  /** Samples a completion of {@code prompt} (greedy when temperature ≤ 0); stops at EOS. */
  String generate(
      Gpt2Model model,
      NDManager parent,
      String prompt,
      GenerationSettings settings,
      Random random) {
    return tokenizer.decode(generation(model, parent, prompt, settings, random, true).ids());
  }

  /**
   * A sampled completion: its token ids (EOS not among them), whether generation stopped on EOS
   * (else at the length limit), and Σ log π of the sampled tokens, and of the EOS when sampled,
   * under the policy that drew them ({@link #pick}); NaN when decoding was greedy. {@code
   * fullPasses}: how many of the tokens drawn (EOS included) came from a full pass over the
   * sequence rather than from one cached position: every one without the cache; with it, the
   * prompt's pass and each token after the sequence outgrew the context.
   */
  record Generation(int[] ids, boolean endedWithEos, double logProb, int fullPasses) {}

  /**
   * The generated tokens (EOS not included) and what {@link Generation} tells of the run. With
   * {@code cached}, one pass over the prompt and then one position per new token, reading the
   * earlier ones from a {@link KvCache}; once the sequence outgrows the context, each token re-runs
   * the last {@code context} tokens, exactly what the uncached path does at every token.
   */
  Generation generation(
      Gpt2Model model,
      NDManager parent,
      String prompt,
      GenerationSettings settings,
      Random random,
      boolean cached) {
    int[] promptIds = encoder.prompt(TaskKind.GENERATION, prompt).ids();
    return generate(model, parent, promptIds, settings.maxNewTokens(), settings, random, cached);
  }

  /**
   * A completion sampled for the reward term, which learns from exactly these ids: at most the room
   * its prompt leaves in the context (the row {@code prompt + ids [+ EOS]} then fits one pass, so
   * every token was drawn from the same context the training pass gives it, never through a sliding
   * window). A completion stopped by that limit, or by maxNewTokens, has no EOS.
   */
  Generation sample(
      Gpt2Model model,
      NDManager parent,
      String prompt,
      GenerationSettings settings,
      Random random) {
    int[] promptIds = encoder.prompt(TaskKind.GENERATION, prompt).ids();
    int room = encoder.context() + 1 - promptIds.length;
    int limit = Math.min(settings.maxNewTokens(), room);
    return generate(model, parent, promptIds, limit, settings, random, true);
  }

  private Generation generate(
      Gpt2Model model,
      NDManager parent,
      int[] promptIds,
      int maxNewTokens,
      GenerationSettings settings,
      Random random,
      boolean cached) {
    List<Integer> sequence = new ArrayList<>();
    for (int id : promptIds) {
      sequence.add(id);
    }
    List<Integer> generated = new ArrayList<>();
    double[] logProb = {0};
    boolean eos = false;
    int fullPasses = 0;
    int context = encoder.context();
    try (NDManager run = parent.newSubManager()) {
      ForwardContext runContext = new ForwardContext(run, false);
      KvCache cache =
          cached ? new KvCache(model.config().layers(), model.config().contextLength(), run) : null;
      for (int n = 0; n < maxNewTokens; n++) {
        if (cache != null && sequence.size() > context) {
          // Learned absolute positions: the window that slides on from here would need every
          // cached key at a new position, so no later token can read the cache.
          cache.close();
          cache = null;
        }
        float[] logits;
        try (NDManager manager = run.newSubManager()) {
          // Each pass's tensors in their own manager, closed at once; the constants stay in the
          // run's (created once, not once per token).
          ForwardContext ctx = runContext.forPass(manager);
          NDArray next;
          if (cache != null) { // the prompt at first, then the one token not yet run
            fullPasses += cache.length() == 0 ? 1 : 0;
            next = model.nextLogits(ctx, ids(manager, sequence, cache.length()), cache);
          } else {
            fullPasses++;
            long[] window = window(sequence);
            next = model.nextLogits(ctx, manager.create(window, new Shape(1, window.length)), null);
          }
          logits = next.toFloatArray();
        }
        int token = pick(logits, settings, random, logProb);
        if (token == tokenizer.eos()) {
          eos = true;
          break;
        }
        sequence.add(token);
        generated.add(token);
      }
      if (cache != null) {
        cache.close();
      }
    }
    return new Generation(
        generated.stream().mapToInt(i -> i).toArray(), eos, logProb[0], fullPasses);
  }

  /** The last {@code context} tokens of the sequence. */
  private long[] window(List<Integer> sequence) {
    int from = Math.max(0, sequence.size() - encoder.context());
    return sequence.subList(from, sequence.size()).stream().mapToLong(i -> i).toArray();
  }

  /** [1, n] of the sequence's tokens from {@code from} on. */
  private static NDArray ids(NDManager manager, List<Integer> sequence, int from) {
    long[] tail = sequence.subList(from, sequence.size()).stream().mapToLong(i -> i).toArray();
    return manager.create(tail, new Shape(1, tail.length));
  }

  /** Ids generation never emits: BOS and PAD, where they are not also the EOS. */
  static int[] neverSampled(Tokenizer tokenizer) {
    return java.util.stream.IntStream.of(tokenizer.bos(), tokenizer.pad())
        .filter(id -> id != tokenizer.eos())
        .distinct()
        .toArray();
  }

  /**
   * The next token: the argmax when greedy, else a draw from the sampling policy {@code softmax(
   * logits / T)} over the ids whose logit is at least the k-th largest (top-k; all when k ≤ 0),
   * {@link #neverSampled} ids excluded. Adds log π(token) to {@code logProb[0]} (NaN when greedy).
   * {@link LogProbs#ofTargets(Gpt2Model, ForwardContext, SequenceBatch, LogProbs.Policy)} computes
   * the same policy on the training pass.
   */
  private int pick(float[] logits, GenerationSettings settings, Random random, double[] logProb) {
    for (int id : neverSampled(tokenizer)) {
      logits[id] = Float.NEGATIVE_INFINITY;
    }
    if (settings.temperature() <= 0 || random == null) {
      logProb[0] = Double.NaN;
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
    int last = tokenizer.eos();
    for (int i = 0; i < logits.length; i++) {
      if (logits[i] >= threshold && logits[i] > Float.NEGATIVE_INFINITY) {
        weights[i] = Math.exp((logits[i] - max) / settings.temperature());
        sum += weights[i];
        last = i;
      }
    }
    double target = random.nextDouble() * sum;
    int chosen = last; // where rounding leaves a sliver of target after the last weight
    for (int i = 0; i < weights.length; i++) {
      target -= weights[i];
      if (weights[i] > 0 && target <= 0) {
        chosen = i;
        break;
      }
    }
    logProb[0] += (logits[chosen] - max) / settings.temperature() - Math.log(sum);
    return chosen;
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
