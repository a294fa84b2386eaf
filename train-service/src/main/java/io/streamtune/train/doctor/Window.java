package io.streamtune.train.doctor;

import java.util.ArrayDeque;

/** The last {@code capacity} values of a series, oldest first. Not thread-safe. */
public final class Window {

  private final int capacity;
  private final ArrayDeque<Double> values;

  public Window(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("window capacity must be >= 1");
    }
    this.capacity = capacity;
    this.values = new ArrayDeque<>(capacity);
  }

  public void add(double x) {
    if (values.size() == capacity) {
      values.removeFirst();
    }
    values.addLast(x);
  }

  public boolean full() {
    return values.size() == capacity;
  }

  public int size() {
    return values.size();
  }

  public int capacity() {
    return capacity;
  }

  public double last() {
    return values.isEmpty() ? Double.NaN : values.getLast();
  }

  /** The newest {@code k} values (all when fewer), oldest first. */
  public double[] tail(int k) {
    double[] all = toArray();
    int from = Math.max(0, all.length - k);
    return java.util.Arrays.copyOfRange(all, from, all.length);
  }

  public double[] toArray() {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  public void clear() {
    values.clear();
  }
}
