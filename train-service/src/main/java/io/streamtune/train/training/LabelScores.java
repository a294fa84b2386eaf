package io.streamtune.train.training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Label-task quality from a confusion table (true label → predicted label → count). Recall of a
 * label is the share of its records answered with it; one-vs-rest accuracy is the share of all
 * records on which "is it this label?" was answered right. On skewed data the majority share is the
 * yardstick: a model that always answers the majority label scores exactly it, so accuracy must be
 * read beside balanced accuracy (mean recall) and macro-F1.
 *
 * @param confusion true label → predicted label → count (labels in sorted order)
 * @param recall per true label
 * @param accuracy per label, one-vs-rest
 * @param balancedAccuracy mean recall over the labels present in the held-out set
 * @param macroF1 mean F1 over the labels present
 * @param majorityShare the share of the most frequent true label (what always-majority scores)
 */
public record LabelScores(
    Map<String, Map<String, Integer>> confusion,
    Map<String, Double> recall,
    Map<String, Double> accuracy,
    double balancedAccuracy,
    double macroF1,
    double majorityShare) {

  public static final LabelScores NONE =
      new LabelScores(Map.of(), Map.of(), Map.of(), Double.NaN, Double.NaN, Double.NaN);

  /** Tallies (true, predicted) pairs as they come. */
  public static final class Tally {
    private final Map<String, Map<String, Integer>> confusion = new TreeMap<>();

    public void add(String truth, String predicted) {
      confusion.computeIfAbsent(truth, k -> new TreeMap<>()).merge(predicted, 1, Integer::sum);
    }

    public LabelScores scores() {
      return LabelScores.of(confusion);
    }
  }

  /** The scores of a confusion table; {@link #NONE} when it is empty. */
  public static LabelScores of(Map<String, Map<String, Integer>> confusion) {
    long total = 0;
    Map<String, Long> predicted = new TreeMap<>();
    Map<String, Long> actual = new TreeMap<>();
    for (var row : confusion.entrySet()) {
      for (var cell : row.getValue().entrySet()) {
        total += cell.getValue();
        actual.merge(row.getKey(), (long) cell.getValue(), Long::sum);
        predicted.merge(cell.getKey(), (long) cell.getValue(), Long::sum);
      }
    }
    if (total == 0) {
      return NONE;
    }
    Map<String, Double> recall = new LinkedHashMap<>();
    Map<String, Double> accuracy = new LinkedHashMap<>();
    double recallSum = 0;
    double f1Sum = 0;
    long majority = 0;
    for (var entry : actual.entrySet()) {
      String label = entry.getKey();
      long n = entry.getValue();
      long hits = confusion.get(label).getOrDefault(label, 0);
      long answered = predicted.getOrDefault(label, 0L);
      double r = (double) hits / n;
      double precision = answered == 0 ? 0 : (double) hits / answered;
      double f1 = r + precision == 0 ? 0 : 2 * r * precision / (r + precision);
      // one-vs-rest: right when (truth == label) == (answer == label)
      long wrong = (n - hits) + (answered - hits);
      recall.put(label, r);
      accuracy.put(label, (double) (total - wrong) / total);
      recallSum += r;
      f1Sum += f1;
      majority = Math.max(majority, n);
    }
    Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
    confusion.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
    return new LabelScores(
        copy,
        recall,
        accuracy,
        recallSum / actual.size(),
        f1Sum / actual.size(),
        (double) majority / total);
  }
}
