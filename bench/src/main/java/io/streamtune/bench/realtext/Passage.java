package io.streamtune.bench.realtext;

import java.util.List;

/** Consecutive sentences of one address: the unit of both tasks. */
public record Passage(String addressId, int year, List<String> sentences) {

  public String text() {
    return String.join(" ", sentences);
  }
}
