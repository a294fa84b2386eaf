package io.streamtune.train.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The allowed labels: from config when given, else every label seen on the stream so far. */
public final class LabelSet {

  /** A runaway stream of distinct "labels" is not a label task: stop collecting past this. */
  static final int MAX_SEEN = 1000;

  private final List<String> configured;
  private final CopyOnWriteArrayList<String> seen = new CopyOnWriteArrayList<>();

  public LabelSet(Optional<List<String>> configured) {
    this.configured = configured.map(List::copyOf).orElse(null);
  }

  public void observe(String label) {
    if (configured == null && label != null && seen.size() < MAX_SEEN) {
      seen.addIfAbsent(label);
    }
  }

  /** The labels in a stable order (configured order, or first-seen order). */
  public List<String> labels() {
    return configured != null ? configured : new ArrayList<>(seen);
  }

  public boolean fromConfig() {
    return configured != null;
  }
}
