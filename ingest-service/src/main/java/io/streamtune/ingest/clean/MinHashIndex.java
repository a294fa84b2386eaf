package io.streamtune.ingest.clean;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The near-duplicate candidate index of one partition: the MinHash band hashes of the most recent
 * kept inputs, each pointing at its input key, and beside each input a one-byte-per-slot sketch of
 * its signature. Two inputs that share a band hash are candidates when their sketches agree on at
 * least the asked share of slots; the caller confirms a candidate by comparing full signatures.
 *
 * <p>The sketch is a filter that never drops a match: slots whose values are equal have equal
 * bytes, so the sketches agree on at least as many slots as the signatures. It drops the many
 * candidates that share a band only by chance (texts over a small vocabulary share 4-character
 * shingles): without it each of them cost a store read and a signature decode, which on ~1 kB texts
 * was 42% of the dedup thread's time.
 *
 * <p>It lives in memory and holds nothing that the (changelogged) seen store does not: the owner
 * rebuilds it from that store when its task starts, so it needs no changelog of its own. That is
 * the point: a changelogged band store costs {@link MinHash#BANDS} extra changelog writes and as
 * many store scans per record.
 *
 * <p>Memory is bounded by a window: two generations of {@code window / 2} inputs each; when the
 * newer one is full, the older one is dropped. The last {@code window / 2} to {@code window} inputs
 * are searched, at about 420 bytes an input (112 of them the sketch), with no per-entry deletion.
 * An input also drops out once the seen store forgets it (retention): the caller's confirmation
 * fails.
 */
public final class MinHashIndex {

  private final int generationSize;
  private final int bucketCap;
  private Generation newer;
  private Generation older;

  /**
   * @param window the most inputs searched (at least 2)
   * @param bucketCap the most inputs one band bucket answers with, per generation (bounds the work
   *     on a hot bucket, e.g. many variants of one short text)
   */
  public MinHashIndex(int window, int bucketCap) {
    if (window < 2 || bucketCap < 1) {
      throw new IllegalArgumentException("window >= 2 and bucketCap >= 1 required");
    }
    this.generationSize = window / 2;
    this.bucketCap = bucketCap;
    this.newer = new Generation();
    this.older = new Generation();
  }

  /**
   * What the index keeps of a signature and looks it up by: its band hashes and its sketch, one
   * byte per compared slot (the top byte of the slot value times a golden-ratio constant, a
   * function of the whole value: a minimum is small, its own top bits are mostly zero). Made once
   * per record, for both the search and the add that may follow it.
   */
  public record Probe(int[] bands, byte[] sketch) {}

  public static Probe probe(int[] signature) {
    byte[] sketch = new byte[MinHash.SIZE];
    for (int i = 0; i < MinHash.SIZE; i++) {
      sketch[i] = (byte) ((signature[i] * 0x9E3779B9) >>> 24);
    }
    return new Probe(MinHash.bandHashes(signature), sketch);
  }

  /** Remembers that {@code inputKey} has this signature ({@link #probe} of it). */
  public void add(String inputKey, Probe probe) {
    if (newer.count == generationSize) {
      older = newer;
      newer = new Generation();
    }
    newer.add(inputKey, probe.bands(), probe.sketch(), bucketCap);
  }

  /**
   * The distinct input keys that share at least one band hash with {@code probe} and whose sketch
   * agrees with its sketch on at least {@code atLeast} of the slots (0: every input sharing a
   * band), newest generation first; at most {@code bucketCap} per band and generation are looked
   * at. Every input whose full similarity is at least {@code atLeast} and that shares a band is
   * among them.
   */
  public Set<String> candidates(Probe probe, double atLeast) {
    int minSame = 0; // the fewest agreeing slots that reach atLeast, as the caller compares
    while (minSame < MinHash.SIZE && minSame / (double) MinHash.SIZE < atLeast) {
      minSame++;
    }
    Set<String> out = new LinkedHashSet<>();
    newer.collect(probe.bands(), probe.sketch(), minSame, bucketCap, out);
    older.collect(probe.bands(), probe.sketch(), minSame, bucketCap, out);
    return out;
  }

  /** Inputs currently searched. */
  public int size() {
    return newer.count + older.count;
  }

  /**
   * One generation: an open-addressing multimap from band hash to input (linear probing), slots as
   * parallel int arrays, grown by doubling at half load.
   */
  private static final class Generation {
    private String[] keys = new String[16];
    private byte[] sketches = new byte[16 * MinHash.SIZE];
    private int count;
    private int[] slotHash = new int[64];
    private int[] slotRef = new int[64]; // input index + 1; 0 = empty
    private int used;

    void add(String inputKey, int[] bandHashes, byte[] sketch, int bucketCap) {
      if (count == keys.length) {
        keys = Arrays.copyOf(keys, count * 2);
        sketches = Arrays.copyOf(sketches, count * 2 * MinHash.SIZE);
      }
      System.arraycopy(sketch, 0, sketches, count * MinHash.SIZE, MinHash.SIZE);
      keys[count++] = inputKey;
      for (int band : bandHashes) {
        if (2 * (used + 1) > slotRef.length) {
          grow();
        }
        insert(band, count, bucketCap);
      }
    }

    void collect(int[] bandHashes, byte[] sketch, int minSame, int bucketCap, Set<String> out) {
      int mask = slotRef.length - 1;
      for (int band : bandHashes) {
        int found = 0;
        for (int i = slot(band, mask); slotRef[i] != 0 && found < bucketCap; i = (i + 1) & mask) {
          if (slotHash[i] == band) {
            int input = slotRef[i] - 1;
            if (same(input, sketch) >= minSame) {
              out.add(keys[input]);
            }
            found++;
          }
        }
      }
    }

    /** Slots on which input {@code input}'s sketch agrees with {@code sketch}. */
    private int same(int input, byte[] sketch) {
      int base = input * MinHash.SIZE;
      int n = 0;
      for (int i = 0; i < MinHash.SIZE; i++) {
        n += sketches[base + i] == sketch[i] ? 1 : 0;
      }
      return n;
    }

    /** Inserts unless the bucket already holds {@code bucketCap} inputs. */
    private void insert(int band, int ref, int bucketCap) {
      int mask = slotRef.length - 1;
      int same = 0;
      int i = slot(band, mask);
      for (; slotRef[i] != 0; i = (i + 1) & mask) {
        if (slotHash[i] == band) {
          if (slotRef[i] == ref) {
            return; // two bands of one input with the same hash
          }
          if (++same == bucketCap) {
            return;
          }
        }
      }
      slotHash[i] = band;
      slotRef[i] = ref;
      used++;
    }

    private void grow() {
      int[] hashes = slotHash;
      int[] refs = slotRef;
      slotHash = new int[hashes.length * 2];
      slotRef = new int[refs.length * 2];
      int mask = slotRef.length - 1;
      for (int j = 0; j < refs.length; j++) {
        if (refs[j] != 0) {
          int i = slot(hashes[j], mask);
          while (slotRef[i] != 0) {
            i = (i + 1) & mask;
          }
          slotHash[i] = hashes[j];
          slotRef[i] = refs[j];
        }
      }
    }

    private static int slot(int band, int mask) {
      int h = band * 0x9E3779B9;
      return (h ^ (h >>> 16)) & mask;
    }
  }
}
