package io.streamtune.train.probe;

import java.nio.charset.StandardCharsets;

/**
 * An interpolated Witten-Bell byte n-gram model of completions, trained one record at a time: the
 * yardstick of a generation task. Each completion is read after the last bytes of its own prompt
 * and scored byte by byte and then an end symbol, as the trainer scores log p(completion + EOS |
 * prompt). Counts live in fixed hashed tables (no keys: a collision only adds a count), so memory
 * is fixed (12 MiB, allocated with the first record) and a byte costs {@link #ORDER} lookups.
 *
 * <p>p(w | h) = (c(h, w) + T(h) · p(w | h')) / (c(h) + T(h)), T(h) the distinct symbols seen after
 * h, h' the history one byte shorter; the empty history backs off to uniform over 257 symbols. A
 * collision can hide a type, never all of a seen history's: T(h) is at least 1 where c(h) > 0, so
 * every symbol keeps p > 0 however much is learned.
 */
public final class CharNgram {

  /** Five-grams: four bytes of history, the order a smoothed character model does best with. */
  static final int ORDER = 5;

  static final int SYMBOLS = 257;
  static final int END = 256;
  private static final int PAIRS = 1 << 21;
  private static final int HISTORIES = 1 << 19;

  private int[] pairCounts;
  private int[] historyCounts;
  private int[] historyTypes;
  private long records;

  /** Counts every completion symbol under each of its histories. */
  public void add(String prompt, String completion) {
    if (pairCounts == null) {
      pairCounts = new int[PAIRS];
      historyCounts = new int[HISTORIES];
      historyTypes = new int[HISTORIES];
    }
    int[] seq = sequence(prompt, completion);
    int from = seq.length - utf8(completion).length - 1;
    for (int i = from; i < seq.length; i++) {
      for (int n = 0; n < ORDER && i - n >= 0; n++) {
        long h = history(seq, i, n);
        int hs = slot(h, HISTORIES);
        historyCounts[hs]++;
        if (pairCounts[slot(pair(h, seq[i]), PAIRS)]++ == 0) {
          historyTypes[hs]++;
        }
      }
    }
    records++;
  }

  public long records() {
    return records;
  }

  /** −log p(completion + end | prompt), in nats. */
  public double loss(String prompt, String completion) {
    int[] seq = sequence(prompt, completion);
    int from = seq.length - utf8(completion).length - 1;
    double nats = 0;
    for (int i = from; i < seq.length; i++) {
      nats -= Math.log(probability(seq, i));
    }
    return nats;
  }

  /** The bytes {@link #loss} scores: the completion's UTF-8 bytes and the end symbol. */
  public static int symbols(String completion) {
    return utf8(completion).length + 1;
  }

  private double probability(int[] seq, int i) {
    double p = 1.0 / SYMBOLS;
    if (pairCounts == null) {
      return p;
    }
    for (int n = 0; n < ORDER && i - n >= 0; n++) {
      long h = history(seq, i, n);
      int hs = slot(h, HISTORIES);
      int total = historyCounts[hs];
      if (total == 0) {
        break; // a longer history never seen adds nothing either
      }
      int c = pairCounts[slot(pair(h, seq[i]), PAIRS)];
      // a history that was seen was followed by one symbol at least; the table can say 0 when
      // every pair it saw landed on a slot already taken, and then every other symbol would get
      // p = 0 (an infinite loss after ~7 kB learned, measured on real text)
      int types = Math.max(1, historyTypes[hs]);
      p = (c + types * p) / (total + types);
    }
    return p;
  }

  /** The prompt's last ORDER − 1 bytes, the completion's bytes, then END. */
  private static int[] sequence(String prompt, String completion) {
    byte[] p = utf8(prompt == null ? "" : prompt);
    byte[] c = utf8(completion);
    int keep = Math.min(p.length, ORDER - 1);
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

  /** The n bytes before position i, with n itself, packed in a long. */
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

  private static int slot(long key, int size) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & (size - 1);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
