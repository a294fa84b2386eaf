package io.streamtune.ingest.clean;

/**
 * MinHash signatures over character shingles, with locality-sensitive banding: two texts whose
 * shingle sets have Jaccard similarity J agree on each signature slot with probability J, and share
 * at least one band with high probability when J is high. Deterministic (fixed seeds).
 */
public final class MinHash {

  /**
   * Signature length: 16 bands of 7 rows. A pair shares a band with p = 1-(1-J^7)^16: 0.977 at
   * J=0.8, 0.998 at J=0.85, but only 0.4% at J=0.3, so unrelated texts on a small vocabulary rarely
   * become candidates (each candidate costs a store read).
   */
  public static final int BANDS = 16, ROWS = 7, SIZE = BANDS * ROWS;

  /**
   * The two slots after the {@link #SIZE} compared ones: the cluster's route and its split, each a
   * minimum over <em>long</em> shingles ({@link #ROUTE_SHINGLE} characters). Over short shingles
   * unrelated English shares a minimum far too often: on State of the Union passages of ~600
   * characters, slot 0 over 4-character shingles put 17% of all passages on one route key (46% of
   * them on one of 3 partitions) and held out 7% at an eval fraction of 10%; on whole addresses 48%
   * and 0%. Over 16-character shingles: at most 0.8% on one key, partitions within 1.1x of even,
   * 9-10% held out ({@code MinHashRealTextTest}). Near variants still share them with their
   * long-shingle Jaccard, 0.9 or more for a suffix, an inserted line or two swapped sentences in an
   * email-sized text (98.6% caught across partitions).
   */
  public static final int ROUTE = SIZE, SPLIT = SIZE + 1;

  /** The signature's length: the compared slots, the route and the split. */
  public static final int LENGTH = SPLIT + 1;

  /** Characters in a shingle by default ({@code ingest.near.shingle-size}). */
  public static final int DEFAULT_SHINGLE_SIZE = 4;

  /** Characters in a route shingle: two or three words, rare enough not to be shared by chance. */
  public static final int ROUTE_SHINGLE = 16;

  /** Per slot: an odd multiplier and an offset of the universal hash (fixed seeds). */
  private static final int[] A = new int[SIZE], B = new int[SIZE];

  static {
    long x = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < SIZE; i++) {
      x = mix(x + 0x9E3779B97F4A7C15L);
      A[i] = (int) x | 1;
      B[i] = (int) (x >>> 32);
    }
  }

  private final int shingleSize;

  public MinHash(int shingleSize) {
    this.shingleSize = shingleSize;
  }

  /**
   * The signature of {@code text} (normally a skeleton); texts shorter than a shingle use one.
   *
   * <p>Slot i keeps the least {@code (A[i] * x + B[i]) >>> 1} over the shingles' 32-bit hashes x: a
   * universal hash per slot (odd multiplier, mod 2^32) instead of a 64-bit mix, one multiply-add
   * per slot and shingle in a loop the JIT vectorises (a branch-free minimum: with {@code Math.min}
   * the loop ran scalar, 4x slower, 22 µs for a 146-character text); and the shingles are hashed
   * from the string's chars, with no substring or byte array per shingle. In a JFR profile of the
   * benchmark (short records) the former signature was the largest single cost of the full
   * topology's stream thread, about a fifth of its samples.
   */
  public int[] signature(String text) {
    int[] sig = new int[LENGTH];
    java.util.Arrays.fill(sig, Integer.MAX_VALUE);
    int n = text.length();
    int[] shingles = new int[Math.max(1, n - shingleSize + 1)];
    int distinct = distinctShingles(text, shingles);
    for (int j = 0; j < distinct; j++) {
      int x = shingles[j];
      for (int i = 0; i < SIZE; i++) {
        // min(sig[i], h) without Math.min, which C2 (JDK 17) does not vectorise: both values are
        // non-negative (>>> 1), so h - sig[i] cannot overflow and its sign bit picks the smaller
        int d = ((A[i] * x + B[i]) >>> 1) - sig[i];
        sig[i] += d & (d >> 31);
      }
    }
    int longStep = Math.max(1, n - ROUTE_SHINGLE + 1);
    for (int start = 0; start < longStep; start++) {
      int x = shingleHash(text, start, Math.min(n, start + ROUTE_SHINGLE));
      sig[ROUTE] = Math.min(sig[ROUTE], (A[0] * x + B[0]) >>> 1);
      sig[SPLIT] = Math.min(sig[SPLIT], (A[1] * x + B[1]) >>> 1);
    }
    return sig;
  }

  /**
   * Fills {@code out} with the distinct hashes of the shingles of {@code text} (one shingle per
   * start position, {@code out.length} of them) and returns how many there are. A minimum over a
   * set does not change when an element repeats, so each repeat saved is a 112-slot pass saved: a
   * text repeats many of its short shingles (common words, a signature, a quoted reply).
   */
  private int distinctShingles(String text, int[] out) {
    int n = text.length();
    int[] table = new int[Integer.highestOneBit(out.length) << 2]; // load under a half; 0 = empty
    int mask = table.length - 1;
    int shift = Integer.numberOfLeadingZeros(mask); // the top bits of a multiplicative hash
    int distinct = 0;
    boolean zero = false; // 0 marks an empty cell, so a hash of 0 is tracked on its own
    for (int start = 0; start < out.length; start++) {
      int x = shingleHash(text, start, Math.min(n, start + shingleSize));
      if (x == 0) {
        if (!zero) {
          zero = true;
          out[distinct++] = 0;
        }
        continue;
      }
      for (int i = (x * 0x9E3779B9) >>> shift; ; i = (i + 1) & mask) {
        if (table[i] == 0) {
          table[i] = x;
          out[distinct++] = x;
          break;
        }
        if (table[i] == x) {
          break;
        }
      }
    }
    return distinct;
  }

  /** FNV-1a over the chars of {@code text[from, to)}, then mixed to 32 well-spread bits. */
  private static int shingleHash(String text, int from, int to) {
    long h = 0xcbf29ce484222325L;
    for (int i = from; i < to; i++) {
      h = (h ^ text.charAt(i)) * 0x100000001b3L;
    }
    return (int) (mix(h) >>> 32);
  }

  /**
   * The partition key of a near-duplicate cluster: slot {@link #ROUTE}, a one-row LSH band over
   * long shingles. Two inputs whose long-shingle sets have Jaccard J share it with probability J
   * (and one partition of P with J + (1 - J) / P), where a band of {@link #ROWS} rows is shared
   * with J^7, only 0.21 at J = 0.8. Equal skeletons have equal signatures, so the exact-skeleton
   * check is co-partitioned with it.
   */
  public static String route(int[] sig) {
    return Integer.toHexString(sig[ROUTE]);
  }

  /**
   * True when the cluster of this signature is held out: slot {@link #SPLIT}, mixed (a minimum is
   * skewed towards 0) and read as a fraction in [0, 1), is below {@code evalFraction}. Not the
   * route slot: a variant that missed its cluster's partition has a route of its own, yet still
   * shares the split slot with probability J. One slot, not a vote over several: a median of nine
   * slots moved more often, not less (each extra slot is one more chance to change, and the vote
   * sits at its boundary often), measured on the variants of {@code
   * NearDuplicatesAcrossPartitionsIT}: a pair of variants split apart 8.2% of the time with the
   * median of nine, 2.3% with one slot.
   */
  public static boolean isEval(int[] sig, double evalFraction) {
    if (evalFraction <= 0) {
      return false;
    }
    return (mix(sig[SPLIT] + 0x51ED270B27C2EBAL) >>> 11) / (double) (1L << 53) < evalFraction;
  }

  /** The estimated Jaccard similarity: the share of slots where the signatures agree. */
  public static double similarity(int[] a, int[] b) {
    int same = 0;
    for (int i = 0; i < SIZE; i++) {
      if (a[i] == b[i]) {
        same++;
      }
    }
    return same / (double) SIZE;
  }

  /**
   * One hash per band, for the candidate index: two signatures that agree on every row of a band
   * get the same hash for that band. The band's index is mixed in, so equal rows in different bands
   * do not meet.
   */
  public static int[] bandHashes(int[] sig) {
    int[] hashes = new int[BANDS];
    for (int b = 0; b < BANDS; b++) {
      long h = b;
      for (int r = 0; r < ROWS; r++) {
        h = mix(h * 31 + sig[b * ROWS + r]);
      }
      hashes[b] = (int) (h ^ (h >>> 32));
    }
    return hashes;
  }

  /** SplitMix64 finalizer: a cheap, well-spread 64-bit mix. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
