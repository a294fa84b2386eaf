package io.streamtune.bench.realtext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accuracy, balanced accuracy (the mean of per-label recall, so a model that always answers the
 * majority scores 1 / labels) and each label's recall, over the labels present in the truth.
 */
public record LabelScores(double accuracy, double balancedAccuracy, Map<String, Double> recall) {

  public static LabelScores of(List<String> truth, List<String> predicted, List<String> labels) {
    if (truth.size() != predicted.size() || truth.isEmpty()) {
      throw new IllegalArgumentException(
          "need as many predictions as truths, at least one: "
              + truth.size()
              + " vs "
              + predicted.size());
    }
    int correct = 0;
    Map<String, int[]> perLabel = new LinkedHashMap<>();
    labels.forEach(l -> perLabel.put(l, new int[2]));
    for (int i = 0; i < truth.size(); i++) {
      int[] c = perLabel.computeIfAbsent(truth.get(i), l -> new int[2]);
      c[1]++;
      if (truth.get(i).equals(predicted.get(i))) {
        correct++;
        c[0]++;
      }
    }
    Map<String, Double> recall = new LinkedHashMap<>();
    double sum = 0;
    for (Map.Entry<String, int[]> e : perLabel.entrySet()) {
      if (e.getValue()[1] > 0) {
        double r = (double) e.getValue()[0] / e.getValue()[1];
        recall.put(e.getKey(), r);
        sum += r;
      }
    }
    return new LabelScores((double) correct / truth.size(), sum / recall.size(), recall);
  }

  /** The label with the fewest examples in {@code truth}: the one to watch. */
  public static String minority(List<String> truth, List<String> labels) {
    String min = null;
    long fewest = Long.MAX_VALUE;
    for (String label : labels) {
      long n = truth.stream().filter(label::equals).count();
      if (n > 0 && n < fewest) {
        fewest = n;
        min = label;
      }
    }
    return min;
  }

  /** The label with the most examples in {@code examples}' targets. */
  public static String majority(List<Example> examples) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    examples.forEach(e -> counts.merge(e.target(), 1, Integer::sum));
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }
}
