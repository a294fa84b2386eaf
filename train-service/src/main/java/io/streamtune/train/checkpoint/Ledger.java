package io.streamtune.train.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The training history of one set of weights: which records.clean offsets went into them (as ranges
 * per partition, from the consumer's positions, so transaction markers are inside them), how many
 * records were trained and an order-independent sum of their ids' hashes. Saved with every
 * checkpoint and restored on resume, so the newest checkpoint's ledger proves whether every record
 * was trained exactly once (records of a step skipped as non-finite are counted apart, as skipped):
 * a replayed offset shows up as an overlapping range, a skipped one as a gap, a replayed or missing
 * record in the count and hash.
 *
 * <p>Owned by the training thread; {@link #state()} is an immutable copy.
 */
public final class Ledger {

  /**
   * The JSON form. Ranges are [from, to) offsets, in the order they were consumed. {@code records}
   * and {@code idHashSum} count the records trained into the weights; {@code skippedRecords} and
   * {@code skippedIdHashSum} those consumed in a step skipped as non-finite (the weights were left
   * alone: consumed, not trained, not replayed). A checkpoint written before skipped records were
   * counted reads them as 0.
   */
  public record State(
      Map<Integer, List<long[]>> ranges,
      long records,
      long idHashSum,
      long skippedRecords,
      long skippedIdHashSum) {
    public State {
      ranges = ranges == null ? Map.of() : ranges;
    }

    public static State empty() {
      return new State(Map.of(), 0, 0, 0, 0);
    }
  }

  private final Map<Integer, List<long[]>> ranges = new TreeMap<>();
  private long records;
  private long idHashSum;
  private long skippedRecords;
  private long skippedIdHashSum;

  public Ledger(State from) {
    from.ranges()
        .forEach(
            (p, list) -> {
              List<long[]> copy = new ArrayList<>();
              list.forEach(r -> copy.add(r.clone()));
              ranges.put(p, copy);
            });
    records = from.records();
    idHashSum = from.idHashSum();
    skippedRecords = from.skippedRecords();
    skippedIdHashSum = from.skippedIdHashSum();
  }

  /**
   * Records that the offsets [from, to) of a partition went into the weights: the records among
   * them and the transaction markers between them (which no record has, so a topic written with
   * exactly-once transactions still reads as one contiguous range). Empty spans change nothing.
   */
  public void consumed(int partition, long from, long to) {
    if (to <= from) {
      return;
    }
    List<long[]> list = ranges.computeIfAbsent(partition, p -> new ArrayList<>());
    long[] last = list.isEmpty() ? null : list.get(list.size() - 1);
    if (last != null && last[1] == from) {
      last[1] = to;
    } else {
      list.add(new long[] {from, to});
    }
  }

  /** Records that a record was trained into the weights. */
  public void trained(String recordId) {
    records++;
    idHashSum += idHash(recordId);
  }

  /**
   * Records that a record was consumed by a step that left the weights alone (non-finite loss or
   * gradient): it is not in the weights, and it is not trained again.
   */
  public void skipped(String recordId) {
    skippedRecords++;
    skippedIdHashSum += idHash(recordId);
  }

  public long records() {
    return records;
  }

  public long skippedRecords() {
    return skippedRecords;
  }

  public State state() {
    Map<Integer, List<long[]>> copy = new TreeMap<>();
    ranges.forEach((p, list) -> copy.put(p, list.stream().map(long[]::clone).toList()));
    return new State(copy, records, idHashSum, skippedRecords, skippedIdHashSum);
  }

  /** A stable 64-bit hash of a record id (the first 8 bytes of its SHA-256). */
  public static long idHash(String id) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      long h = 0;
      for (int i = 0; i < 8; i++) {
        h = (h << 8) | (d[i] & 0xff);
      }
      return h;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
