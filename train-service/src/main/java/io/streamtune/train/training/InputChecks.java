package io.streamtune.train.training;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The doctor's cheap checks of an evaluation, from numbers the evaluation computed anyway (no extra
 * forward pass): the swap test reads each labelled record's true label under another record's
 * predicted distribution, which is the model's answer to that other input.
 */
final class InputChecks {

  private InputChecks() {}

  /**
   * @param truths each labelled record's true label
   * @param predictions the model's label distribution for each labelled record, same order
   * @param inputTokens every held-out record's input length before truncation
   * @param genNats nats over the generation records' completion tokens (EOS included)
   * @param genBytes their completion bytes plus one EOS each
   */
  static EvalChecks of(
      List<String> truths,
      List<LabelPrediction> predictions,
      int[] inputTokens,
      int contextLength,
      double genNats,
      long genBytes,
      int generations) {
    int n = truths.size();
    double effect = 0;
    int swapped = 0;
    int tied = 0;
    // Pair each record with the one half the set away: neighbours in a stream are often alike.
    int shift = Math.max(1, n / 2);
    for (int i = 0; i < n; i++) {
      Map<String, Double> own = predictions.get(i).probabilities();
      double lo = own.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
      double hi = own.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
      tied += hi - lo < EvalChecks.TIE ? 1 : 0;
      Double mine = own.get(truths.get(i));
      Double theirs = predictions.get((i + shift) % n).probabilities().get(truths.get(i));
      if (n >= 2 && mine != null && theirs != null) {
        effect += Math.abs(mine - theirs);
        swapped++;
      }
    }
    return new EvalChecks(
        swapped == 0 ? Double.NaN : effect / swapped,
        n == 0 ? Double.NaN : (double) tied / n,
        swapped,
        median(inputTokens),
        contextLength,
        genBytes == 0 ? Double.NaN : genNats / genBytes,
        generations);
  }

  static double median(int[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    int[] v = values.clone();
    Arrays.sort(v);
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2.0;
  }
}
