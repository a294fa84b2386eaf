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
 * @param consumed every record this batch consumed, trained or skipped as unusable
 * @param spans per partition, the offsets this batch covers: from where the batch before it ended
 *     to {@code nextOffsets}, transaction markers and aborted records included; none for a
 *     partition it did not move. A batch may hold no records at all and only move the offsets past
 *     markers.
 * @param nextOffsets for every records.clean partition, the next offset to read once this batch and
 *     all batches before it are trained: what a checkpoint of those weights stores. It comes from
 *     the consumer's position, not from a record's offset + 1, so it reaches the end offset of a
 *     topic written with transactions.
 * @param pass which pass over a bounded topic (0-based)
 */
public record Batch(
    List<TrainExample> examples,
    List<Instant> arrivedAt,
    List<Consumed> consumed,
    List<Span> spans,
    Map<Integer, Long> nextOffsets,
    int pass) {

  /** One consumed offset; {@code recordId} is null when the record was skipped as unusable. */
  public record Consumed(int partition, long offset, String recordId) {}

  /** The offsets [from, to) of one partition that a batch covers. */
  public record Span(int partition, long from, long to) {}
}
