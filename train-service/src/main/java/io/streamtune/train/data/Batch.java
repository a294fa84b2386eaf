package io.streamtune.train.data;

import io.streamtune.train.training.TrainExample;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One mini-batch as the prefetcher assembled it.
 *
 * @param examples the records to train on, in offset order per partition
 * @param arrivedAt each example's arrival on records.raw (null when unknown), for freshness
 * @param consumed every offset this batch consumed, trained or skipped as unusable
 * @param nextOffsets for every records.clean partition, the next offset to read once this batch and
 *     all batches before it are trained: what a checkpoint of those weights stores
 * @param pass which pass over a bounded topic (0-based)
 */
public record Batch(
    List<TrainExample> examples,
    List<Instant> arrivedAt,
    List<Consumed> consumed,
    Map<Integer, Long> nextOffsets,
    int pass) {

  /** One consumed offset; {@code recordId} is null when the record was skipped as unusable. */
  public record Consumed(int partition, long offset, String recordId) {}
}
