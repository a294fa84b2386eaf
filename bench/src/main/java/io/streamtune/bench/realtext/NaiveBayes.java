package io.streamtune.bench.realtext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Multinomial Naive Bayes over word unigrams and bigrams with Laplace (add-one) smoothing: the
 * bag-of-words baseline a label task must beat. Features never seen in training are ignored.
 */
public final class NaiveBayes {

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");

  private final Map<String, Integer> docs = new TreeMap<>();
  private final Map<String, Map<String, Integer>> counts = new HashMap<>();
  private final Map<String, Long> totals = new HashMap<>();
  private final Set<String> vocabulary = new HashSet<>();
  private int documents;

  /** Fits the model to (text, label) examples. */
  public static NaiveBayes fit(List<Example> examples) {
    NaiveBayes nb = new NaiveBayes();
    for (Example e : examples) {
      nb.add(e.input(), e.target());
    }
    return nb;
  }

  private void add(String text, String label) {
    documents++;
    docs.merge(label, 1, Integer::sum);
    Map<String, Integer> c = counts.computeIfAbsent(label, l -> new HashMap<>());
    for (String f : features(text)) {
      c.merge(f, 1, Integer::sum);
      totals.merge(label, 1L, Long::sum);
      vocabulary.add(f);
    }
  }

  /** The most probable label. */
  public String predict(String text) {
    List<String> features = new ArrayList<>();
    for (String f : features(text)) {
      if (vocabulary.contains(f)) {
        features.add(f);
      }
    }
    String best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (Map.Entry<String, Integer> d : docs.entrySet()) {
      String label = d.getKey();
      double score = Math.log((double) d.getValue() / documents);
      Map<String, Integer> c = counts.get(label);
      double denominator = totals.getOrDefault(label, 0L) + vocabulary.size();
      for (String f : features) {
        score += Math.log((c.getOrDefault(f, 0) + 1.0) / denominator);
      }
      if (score > bestScore) {
        bestScore = score;
        best = label;
      }
    }
    return best;
  }

  /** Lower-cased words, and each pair of neighbouring words. */
  static List<String> features(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      words.add(m.group());
    }
    List<String> out = new ArrayList<>(words);
    for (int i = 1; i < words.size(); i++) {
      out.add(words.get(i - 1) + ' ' + words.get(i));
    }
    return out;
  }
}
