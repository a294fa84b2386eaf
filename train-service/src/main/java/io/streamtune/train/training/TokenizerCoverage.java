package io.streamtune.train.training;

import io.streamtune.train.model.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What happens to a record with characters the tokenizer cannot encode (a pretrained folder's
 * tokenizer.json with a small vocabulary, fed text in another script): they are counted, and the
 * record is either kept, those characters becoming the tokenizer's unknown token (or dropped when
 * it has none), or rejected from the batch. Either way the step goes on. The byte-level tokenizers
 * (byte, gpt2) encode everything, so nothing is ever counted for them.
 */
public final class TokenizerCoverage {

  /** unknown: keep the record, mapped as the tokenizer maps it; reject: leave it out. */
  public enum Policy {
    UNKNOWN,
    REJECT;

    /** Parses train.data.uncovered; the message names the property and the allowed values. */
    public static Policy parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "train.data.uncovered='" + value + "' must be unknown or reject");
      }
    }
  }

  private final Tokenizer tokenizer;
  private volatile Policy policy = Policy.UNKNOWN;
  private final AtomicLong characters = new AtomicLong();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();

  TokenizerCoverage(Tokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  public void setPolicy(Policy policy) {
    this.policy = policy;
  }

  public Policy policy() {
    return policy;
  }

  /** {@code batch} less the records the policy rejects; counts every uncovered character. */
  List<TrainExample> admit(List<TrainExample> batch) {
    List<TrainExample> kept = null;
    for (int i = 0; i < batch.size(); i++) {
      TrainExample example = batch.get(i);
      int uncovered = uncovered(example.prompt()) + uncovered(example.completion());
      if (uncovered > 0) {
        characters.addAndGet(uncovered);
        records.incrementAndGet();
        if (policy == Policy.REJECT) {
          rejected.incrementAndGet();
          if (kept == null) {
            kept = new ArrayList<>(batch.subList(0, i));
          }
          continue;
        }
      }
      if (kept != null) {
        kept.add(example);
      }
    }
    return kept == null ? batch : kept;
  }

  private int uncovered(String text) {
    return text == null || text.isEmpty() ? 0 : tokenizer.uncovered(text);
  }

  /** Characters seen that the tokenizer could not encode. */
  public long uncoveredCharacters() {
    return characters.get();
  }

  /** Records that had at least one such character. */
  public long uncoveredRecords() {
    return records.get();
  }

  /** Of those, records left out of their batch (policy reject). */
  public long rejectedRecords() {
    return rejected.get();
  }
}
