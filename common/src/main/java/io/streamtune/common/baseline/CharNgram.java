package io.streamtune.common.baseline;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An interpolated Witten-Bell byte n-gram model of completions: the yardstick of a generation task.
 * Each completion is read after the last bytes of its own prompt (the context the language model
 * gets) and scored byte by byte and then an end symbol, as the trainer scores log p(completion +
 * EOS | prompt). Losses are in nats.
 *
 * <p>p(w | h) = (c(h, w) + T(h) · p(w | h')) / (c(h) + T(h)), T(h) the distinct symbols seen after
 * h, h' the history one byte shorter; the empty history backs off to uniform over 257 symbols (256
 * bytes + end).
 *
 * <p>Two ways to keep the counts, one model: {@link #exact} (hash maps, exact, memory grows with
 * what it learns: a benchmark's bounded corpus) and {@link #hashed} (fixed tables, 12 MiB allocated
 * with the first record: the doctor's probe on an endless stream, where a collision only adds a
 * count). A collision can hide a type, never all of a seen history's: T(h) is at least 1 where c(h)
 * &gt; 0, so every symbol keeps p &gt; 0 however much is learned (without that, held-out records
 * began to score an infinite loss after ~7 kB learned on real text).
 */
public final class CharNgram {

  /** 256 byte values plus the end of a completion. */
  public static final int SYMBOLS = 257;

  public static final int END = 256;

  /** Where the counts live: c(h), T(h) per history and c(h, w) per pair. */
  private interface Counts {
    /** Counts w after h (and T(h) when the pair is new). */
    void add(long history, long pair);

    /** c(h), or 0 when h was never seen. */
    int total(long history);

    /** T(h), for a history with c(h) &gt; 0. */
    int types(long history);

    int pair(long pair);
  }

  private final int order;
  private final Counts counts;
  private long records;

  private CharNgram(int order, Counts counts) {
    if (order < 1 || order > 7) {
      throw new IllegalArgumentException("order must be 1..7, was " + order);
    }
    this.order = order;
    this.counts = counts;
  }

  /** Exact counts; each symbol is predicted from up to {@code order - 1} preceding bytes (1..7). */
  public static CharNgram exact(int order) {
    return new CharNgram(order, new ExactCounts());
  }

  /** Fixed-size hashed counts (12 MiB, allocated with the first record). */
  public static CharNgram hashed(int order) {
    return new CharNgram(order, new HashedCounts());
  }

  /** Counts every completion symbol under each of its histories. */
  public void add(String prompt, String completion) {
    int[] seq = sequence(prompt, completion);
    for (int i = seq.length - utf8(completion).length - 1; i < seq.length; i++) {
      for (int n = 0; n < order && i - n >= 0; n++) {
        long h = history(seq, i, n);
        counts.add(h, pair(h, seq[i]));
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
    double nats = 0;
    for (int i = seq.length - utf8(completion).length - 1; i < seq.length; i++) {
      nats -= Math.log(probability(seq, i));
    }
    return nats;
  }

  /** The symbols {@link #loss} scores: the completion's UTF-8 bytes and the end symbol. */
  public static int symbols(String completion) {
    return utf8(completion).length + 1;
  }

  /** p(symbol | the last bytes of context); symbol is a byte value or {@link #END}. */
  public double probability(String context, int symbol) {
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
      int total = counts.total(h);
      if (total == 0) {
        break; // a longer history never seen adds nothing either
      }
      int types = Math.max(1, counts.types(h));
      p = (counts.pair(pair(h, seq[i])) + types * p) / (total + types);
    }
    return p;
  }

  /** The prompt's last order − 1 bytes, the completion's bytes, then END. */
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

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final class ExactCounts implements Counts {
    private final Map<Long, Integer> pairs = new HashMap<>();
    private final Map<Long, int[]> histories = new HashMap<>(); // {c(h), T(h)}

    @Override
    public void add(long history, long pair) {
      int[] hc = histories.computeIfAbsent(history, k -> new int[2]);
      hc[0]++;
      if (pairs.merge(pair, 1, Integer::sum) == 1) {
        hc[1]++;
      }
    }

    @Override
    public int total(long history) {
      int[] hc = histories.get(history);
      return hc == null ? 0 : hc[0];
    }

    @Override
    public int types(long history) {
      return histories.get(history)[1];
    }

    @Override
    public int pair(long pair) {
      return pairs.getOrDefault(pair, 0);
    }
  }

  private static final class HashedCounts implements Counts {
    private static final int PAIRS = 1 << 21;
    private static final int HISTORIES = 1 << 19;
    private int[] pairs;
    private int[] totals;
    private int[] types;

    @Override
    public void add(long history, long pair) {
      if (pairs == null) {
        pairs = new int[PAIRS];
        totals = new int[HISTORIES];
        types = new int[HISTORIES];
      }
      int hs = slot(history, HISTORIES);
      totals[hs]++;
      if (pairs[slot(pair, PAIRS)]++ == 0) {
        types[hs]++;
      }
    }

    @Override
    public int total(long history) {
      return totals == null ? 0 : totals[slot(history, HISTORIES)];
    }

    @Override
    public int types(long history) {
      return types[slot(history, HISTORIES)];
    }

    @Override
    public int pair(long pair) {
      return pairs[slot(pair, PAIRS)];
    }

    private static int slot(long key, int size) {
      long h = key * 0x9E3779B97F4A7C15L;
      return (int) (h >>> 40) & (size - 1);
    }
  }
}
