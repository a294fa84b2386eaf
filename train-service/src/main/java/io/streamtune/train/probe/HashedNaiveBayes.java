package io.streamtune.train.probe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Multinomial Naive Bayes over hashed word unigrams and bigrams, trained one record at a time: the
 * bag-of-words yardstick of a label task. Words are runs of letters, digits and apostrophes,
 * lower-cased; each is hashed with its neighbour into {@link #BUCKETS} buckets, so a record costs
 * one pass over its characters and no allocation per word. Laplace (add-one) smoothing over the
 * buckets seen in training; buckets never seen are ignored, as an unknown word is.
 */
public final class HashedNaiveBayes {

  /** 2^18 buckets: collisions are rare for the vocabulary of a few thousand records. */
  static final int BUCKETS = 1 << 18;

  /**
   * More labels than this and the probe stops learning (1 MiB of counts per label): a task with
   * hundreds of labels is not what a two-line yardstick can judge.
   */
  public static final int MAX_LABELS = 64;

  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> labels = new ArrayList<>();
  private final List<float[]> counts = new ArrayList<>();
  private final List<double[]> totals = new ArrayList<>(); // {records, features}
  private final boolean[] seen = new boolean[BUCKETS];
  private int vocabulary;
  private long records;
  private boolean overflow;

  /** Counts one (text, label) record. */
  public void add(String text, String label) {
    if (overflow) {
      return;
    }
    Integer i = index.get(label);
    if (i == null) {
      if (labels.size() >= MAX_LABELS) {
        overflow = true;
        return;
      }
      i = labels.size();
      index.put(label, i);
      labels.add(label);
      counts.add(new float[BUCKETS]);
      totals.add(new double[2]);
    }
    float[] c = counts.get(i);
    double[] tot = totals.get(i);
    int[] f = features(text);
    for (int b : f) {
      c[b]++;
      if (!seen[b]) {
        seen[b] = true;
        vocabulary++;
      }
    }
    tot[0]++;
    tot[1] += f.length;
    records++;
  }

  /** Records counted so far. */
  public long records() {
    return records;
  }

  /** False once more than {@link #MAX_LABELS} labels arrived: the probe then says nothing. */
  public boolean usable() {
    return !overflow && labels.size() >= 2;
  }

  /** The most probable label (null before any record). */
  public String predict(String text) {
    if (labels.isEmpty()) {
      return null;
    }
    int[] f = features(text);
    String best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < labels.size(); i++) {
      float[] c = counts.get(i);
      double[] tot = totals.get(i);
      double logDenominator = Math.log(tot[1] + vocabulary);
      double score = Math.log(tot[0] / records);
      for (int b : f) {
        if (seen[b]) {
          score += Math.log(c[b] + 1.0) - logDenominator;
        }
      }
      if (score > bestScore) {
        bestScore = score;
        best = labels.get(i);
      }
    }
    return best;
  }

  /** Bucket of each lower-cased word and of each pair of neighbouring words. */
  static int[] features(String text) {
    int[] out = new int[16];
    int n = 0;
    int word = 0;
    int previous = 0;
    boolean inWord = false;
    boolean havePrevious = false;
    for (int k = 0; k <= text.length(); k++) {
      char ch = k < text.length() ? text.charAt(k) : ' ';
      if (Character.isLetterOrDigit(ch) || ch == '\'') {
        word = inWord ? word * 31 + Character.toLowerCase(ch) : 17 * 31 + Character.toLowerCase(ch);
        inWord = true;
        continue;
      }
      if (!inWord) {
        continue;
      }
      inWord = false;
      if (n + 2 > out.length) {
        out = java.util.Arrays.copyOf(out, out.length * 2);
      }
      out[n++] = bucket(word);
      if (havePrevious) {
        out[n++] = bucket(previous * 0x9E3779B1 + word + 0x7F4A7C15);
      }
      previous = word;
      havePrevious = true;
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static int bucket(int h) {
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    return h & (BUCKETS - 1);
  }
}
