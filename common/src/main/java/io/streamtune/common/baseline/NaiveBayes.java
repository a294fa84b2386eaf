package io.streamtune.common.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Multinomial Naive Bayes over word unigrams and bigrams with Laplace (add-one) smoothing, trained
 * one record at a time: the bag-of-words yardstick a label task must beat. Words are runs of
 * letters, numbers and apostrophes, lower-cased; each word, and each pair of neighbours, is one
 * 64-bit feature id, read in one pass over the text. Features never seen in training are ignored,
 * as an unknown word is.
 *
 * <p>Two ways to keep the counts, one model: {@link #exact} (a map per label: a benchmark's bounded
 * corpus) and {@link #hashed} (2^18 fixed buckets per label, at most {@link #MAX_LABELS} labels:
 * the doctor's probe on an endless stream).
 */
public final class NaiveBayes {

  /**
   * The most labels {@link #hashed} counts (1 MiB of counts per label); past it the model stops
   * learning and is no longer {@link #usable}: a task with hundreds of labels is not what a
   * bag-of-words yardstick can judge.
   */
  public static final int MAX_LABELS = 64;

  /** Where the counts live: per label and feature, and which features were ever seen. */
  private interface Counts {
    void add(int label, long feature);

    double count(int label, long feature);

    boolean seen(long feature);

    int vocabulary();

    /** Room for one more label; false when this store cannot take it. */
    boolean addLabel();
  }

  private final Counts counts;
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> labels = new ArrayList<>();
  private final List<long[]> totals = new ArrayList<>(); // {records, features}
  private long records;
  private boolean overflow;

  private NaiveBayes(Counts counts) {
    this.counts = counts;
  }

  /** Exact counts, any number of labels. */
  public static NaiveBayes exact() {
    return new NaiveBayes(new ExactCounts());
  }

  /** Fixed hashed buckets (1 MiB per label), at most {@link #MAX_LABELS} labels. */
  public static NaiveBayes hashed() {
    return new NaiveBayes(new HashedCounts());
  }

  /** Counts one (text, label) record. */
  public void add(String text, String label) {
    if (overflow) {
      return;
    }
    Integer i = index.get(label);
    if (i == null) {
      if (!counts.addLabel()) {
        overflow = true;
        return;
      }
      i = labels.size();
      index.put(label, i);
      labels.add(label);
      totals.add(new long[2]);
    }
    long[] f = features(text);
    for (long feature : f) {
      counts.add(i, feature);
    }
    totals.get(i)[0]++;
    totals.get(i)[1] += f.length;
    records++;
  }

  /** Records counted so far. */
  public long records() {
    return records;
  }

  /** False before two labels, and once more labels arrived than the store holds. */
  public boolean usable() {
    return !overflow && labels.size() >= 2;
  }

  /** The most probable label (null before any record). */
  public String predict(String text) {
    long[] f = features(text);
    String best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < labels.size(); i++) {
      long[] tot = totals.get(i);
      double logDenominator = Math.log(tot[1] + counts.vocabulary());
      double score = Math.log(tot[0] / (double) records);
      for (long feature : f) {
        if (counts.seen(feature)) {
          score += Math.log(counts.count(i, feature) + 1.0) - logDenominator;
        }
      }
      if (score > bestScore) {
        bestScore = score;
        best = labels.get(i);
      }
    }
    return best;
  }

  /** The id of each lower-cased word and of each pair of neighbouring words, in order. */
  public static long[] features(String text) {
    long[] out = new long[16];
    int n = 0;
    long word = 0;
    long previous = 0;
    boolean inWord = false;
    boolean havePrevious = false;
    for (int k = 0; k <= text.length(); ) {
      int cp = k < text.length() ? text.codePointAt(k) : ' ';
      k += k < text.length() ? Character.charCount(cp) : 1;
      if (isWordPart(cp)) {
        word = (inWord ? word : 0xcbf29ce484222325L) ^ Character.toLowerCase(cp);
        word *= 0x100000001b3L;
        inWord = true;
        continue;
      }
      if (!inWord) {
        continue;
      }
      inWord = false;
      if (n + 2 > out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      out[n++] = mix(word);
      if (havePrevious) {
        out[n++] = mix(previous * 0x9E3779B97F4A7C15L + word + 0x7F4A7C15L);
      }
      previous = word;
      havePrevious = true;
    }
    return Arrays.copyOf(out, n);
  }

  /** A letter, a number (as in \p{L} and \p{N}) or an apostrophe. */
  private static boolean isWordPart(int cp) {
    if (Character.isLetter(cp) || cp == '\'') {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER
        || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  /** SplitMix64's finalizer. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static final class ExactCounts implements Counts {
    private final List<Map<Long, Integer>> perLabel = new ArrayList<>();
    private final Set<Long> vocabulary = new HashSet<>();

    @Override
    public void add(int label, long feature) {
      perLabel.get(label).merge(feature, 1, Integer::sum);
      vocabulary.add(feature);
    }

    @Override
    public double count(int label, long feature) {
      return perLabel.get(label).getOrDefault(feature, 0);
    }

    @Override
    public boolean seen(long feature) {
      return vocabulary.contains(feature);
    }

    @Override
    public int vocabulary() {
      return vocabulary.size();
    }

    @Override
    public boolean addLabel() {
      perLabel.add(new HashMap<>());
      return true;
    }
  }

  private static final class HashedCounts implements Counts {
    /** 2^18 buckets: collisions are rare for the vocabulary of a few thousand records. */
    private static final int BUCKETS = 1 << 18;

    private final List<float[]> perLabel = new ArrayList<>();
    private final boolean[] seen = new boolean[BUCKETS];
    private int vocabulary;

    @Override
    public void add(int label, long feature) {
      int b = bucket(feature);
      perLabel.get(label)[b]++;
      if (!seen[b]) {
        seen[b] = true;
        vocabulary++;
      }
    }

    @Override
    public double count(int label, long feature) {
      return perLabel.get(label)[bucket(feature)];
    }

    @Override
    public boolean seen(long feature) {
      return seen[bucket(feature)];
    }

    @Override
    public int vocabulary() {
      return vocabulary;
    }

    @Override
    public boolean addLabel() {
      if (perLabel.size() >= MAX_LABELS) {
        return false;
      }
      perLabel.add(new float[BUCKETS]);
      return true;
    }

    private static int bucket(long feature) {
      return (int) (feature >>> 40) & (BUCKETS - 1);
    }
  }
}
