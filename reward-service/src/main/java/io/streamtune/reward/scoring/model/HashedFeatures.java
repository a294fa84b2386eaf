package io.streamtune.reward.scoring.model;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns (prompt, completion) into a fixed-size vector by the hashing trick, so the model needs no
 * vocabulary file and takes any text. Features, each hashed (FNV-1a, stable across JVMs) into one
 * of {@code dim} buckets:
 *
 * <ul>
 *   <li>completion word unigrams and bigrams (what the answer says);
 *   <li>prompt word × completion word pairs (whether the answer fits the question: "striker" ×
 *       "sports");
 *   <li>a completion length bucket (rambling versus terse).
 * </ul>
 *
 * Counts are damped with log1p and the vector is L2-normalized, so long texts do not dominate. Pure
 * and thread-safe.
 */
public final class HashedFeatures {

  /** Words of the prompt that take part in pair features: bounds work on huge prompts. */
  static final int MAX_PROMPT_WORDS = 64;

  /** Words of the completion that take part in features. */
  static final int MAX_COMPLETION_WORDS = 32;

  private final int dim;

  public HashedFeatures(int dim) {
    if (dim < 16) {
      throw new IllegalArgumentException("feature dimension must be at least 16, got " + dim);
    }
    this.dim = dim;
  }

  public int dim() {
    return dim;
  }

  /** Writes the features of one example into {@code out[offset .. offset+dim)}. */
  public void encode(String prompt, String completion, float[] out, int offset) {
    List<String> p = words(prompt, MAX_PROMPT_WORDS);
    List<String> c = words(completion, MAX_COMPLETION_WORDS);
    float[] v = new float[dim];
    for (int i = 0; i < c.size(); i++) {
      add(v, "c1:" + c.get(i));
      if (i + 1 < c.size()) {
        add(v, "c2:" + c.get(i) + ' ' + c.get(i + 1));
      }
      for (String pw : p) {
        add(v, "x:" + pw + '|' + c.get(i));
      }
    }
    add(v, "len:" + lengthBucket(c.size()));
    double norm = 0;
    for (int i = 0; i < dim; i++) {
      v[i] = (float) Math.log1p(v[i]);
      norm += v[i] * v[i];
    }
    float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dim; i++) {
      out[offset + i] = v[i] * scale;
    }
  }

  public float[] encode(String prompt, String completion) {
    float[] out = new float[dim];
    encode(prompt, completion, out, 0);
    return out;
  }

  /** Lower-cased NFKC words (letters and digits), at most {@code max} of them. */
  static List<String> words(String text, int max) {
    List<String> words = new ArrayList<>();
    if (text == null) {
      return words;
    }
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    int start = -1;
    for (int i = 0; i <= s.length() && words.size() < max; i++) {
      boolean wordChar = i < s.length() && Character.isLetterOrDigit(s.charAt(i));
      if (wordChar && start < 0) {
        start = i;
      } else if (!wordChar && start >= 0) {
        words.add(s.substring(start, i));
        start = -1;
      }
    }
    return words;
  }

  private static String lengthBucket(int words) {
    if (words <= 2) {
      return Integer.toString(words);
    }
    return words <= 4 ? "3-4" : words <= 8 ? "5-8" : words <= 16 ? "9-16" : "17+";
  }

  private void add(float[] v, String feature) {
    v[(int) Long.remainderUnsigned(fnv1a(feature), dim)] += 1;
  }

  static long fnv1a(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      h = (h ^ (ch & 0xff)) * 0x100000001b3L;
      h = (h ^ (ch >>> 8)) * 0x100000001b3L;
    }
    return h;
  }
}
