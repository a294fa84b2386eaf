package io.streamtune.bench.realtext;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An interpolated Witten-Bell byte n-gram model of completions: the generation baseline. It is
 * fitted to the training completions, each read after the tail of its own prompt (the same context
 * the language model gets), and predicts every completion byte and then an end symbol, exactly what
 * the trainer's log p(completion + EOS | prompt) scores. Losses are in nats.
 *
 * <p>Witten-Bell: p(w | h) = (c(h, w) + T(h) · p(w | h')) / (c(h) + T(h)), with T(h) the number of
 * distinct symbols seen after h, and h' the history one byte shorter; the order-0 model backs off
 * to the uniform distribution over 257 symbols (256 bytes + end).
 */
public final class CharNgram {

  /** 256 byte values plus the end of a completion. */
  static final int SYMBOLS = 257;

  static final int END = 256;

  private final int order;
  private final Map<Long, Integer> pairCounts = new HashMap<>();
  private final Map<Long, int[]> historyCounts = new HashMap<>(); // {c(h), T(h)}

  /**
   * @param order n: each symbol is predicted from up to n - 1 preceding bytes (1..7)
   */
  public CharNgram(int order) {
    if (order < 1 || order > 7) {
      throw new IllegalArgumentException("order must be 1..7, was " + order);
    }
    this.order = order;
  }

  /** Fits the model to (prompt, completion) examples. */
  public static CharNgram fit(List<Example> examples, int order) {
    CharNgram model = new CharNgram(order);
    for (Example e : examples) {
      model.add(e.input(), e.target());
    }
    return model;
  }

  /** Counts every completion symbol under each of its histories. */
  public void add(String prompt, String completion) {
    int[] seq = sequence(prompt, completion);
    int from = seq.length - utf8(completion).length - 1;
    for (int i = from; i < seq.length; i++) {
      for (int n = 0; n < order; n++) {
        if (i - n < 0) {
          break;
        }
        long h = history(seq, i, n);
        int[] hc = historyCounts.computeIfAbsent(h, k -> new int[2]);
        hc[0]++;
        if (pairCounts.merge(pair(h, seq[i]), 1, Integer::sum) == 1) {
          hc[1]++;
        }
      }
    }
  }

  /** -log p(completion + end | prompt) in nats. */
  public double loss(String prompt, String completion) {
    int[] seq = sequence(prompt, completion);
    int from = seq.length - utf8(completion).length - 1;
    double nats = 0;
    for (int i = from; i < seq.length; i++) {
      nats -= Math.log(probability(seq, i));
    }
    return nats;
  }

  /** p(symbol | the last bytes of context); symbol is a byte value or {@link #END}. */
  double probability(String context, int symbol) {
    byte[] c = utf8(context);
    int[] seq = new int[c.length + 1];
    for (int i = 0; i < c.length; i++) {
      seq[i] = c[i] & 0xff;
    }
    seq[c.length] = symbol;
    return probability(seq, c.length);
  }

  private double probability(int[] seq, int i) {
    double p = 1.0 / SYMBOLS;
    for (int n = 0; n < order && i - n >= 0; n++) {
      long h = history(seq, i, n);
      int[] hc = historyCounts.get(h);
      if (hc == null) {
        break; // a longer history that was never seen adds nothing either
      }
      int c = pairCounts.getOrDefault(pair(h, seq[i]), 0);
      p = (c + hc[1] * p) / (hc[0] + hc[1]);
    }
    return p;
  }

  /** The prompt's last order - 1 bytes, then the completion's bytes, then END. */
  private int[] sequence(String prompt, String completion) {
    byte[] p = utf8(prompt == null ? "" : prompt);
    byte[] c = utf8(completion);
    int keep = Math.min(p.length, order - 1);
    int[] seq = new int[keep + c.length + 1];
    for (int i = 0; i < keep; i++) {
      seq[i] = p[p.length - keep + i] & 0xff;
    }
    for (int i = 0; i < c.length; i++) {
      seq[keep + i] = c[i] & 0xff;
    }
    seq[seq.length - 1] = END;
    return seq;
  }

  /** The n bytes before position i, with n itself, packed in a long (n ≤ 6). */
  private static long history(int[] seq, int i, int n) {
    long h = n;
    for (int k = 1; k <= n; k++) {
      h = (h << 8) | seq[i - k];
    }
    return h;
  }

  private static long pair(long history, int symbol) {
    return (history << 9) | symbol;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
