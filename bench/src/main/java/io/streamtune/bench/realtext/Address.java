package io.streamtune.bench.realtext;

/** One State of the Union address as the corpus stores it. */
public record Address(int year, String name, String party, String text) {

  /** A stable name for the address (a year can hold two addresses by different presidents). */
  public String id() {
    return year + " " + name;
  }
}
