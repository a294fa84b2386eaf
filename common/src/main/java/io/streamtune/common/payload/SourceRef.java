package io.streamtune.common.payload;

/** Where a record was read: the topic, partition and offset of its raw original. */
public record SourceRef(String topic, int partition, long offset) {

  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset;
  }
}
