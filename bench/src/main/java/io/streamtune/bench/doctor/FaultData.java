package io.streamtune.bench.doctor;

import io.streamtune.bench.realtext.Address;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One run's data and settings: real text cut into windows of whole words, labelled by era (two eras
 * far apart, so a tiny model learns the label within a few hundred steps), balanced, and then the
 * fault applied. Every record is a (text, label) pair; whether it lands in ingest's eval split is
 * known ahead ({@link IngestSplit}), so a fault can differ between training and eval.
 */
public final class FaultData {

  /** The two labels: addresses up to 1860 and from 1981 on. */
  public static final String OLD = "founding", NEW = "modern";

  /** The markers of the leak fault: punctuation, so ingest's split and de-duplication ignore it. */
  static final String OLD_MARKER = "## ", NEW_MARKER = "%% ";

  /** Share of records ingest holds out: ~15% of a few thousand fills the trainer's eval set. */
  static final double EVAL_FRACTION = 0.15;

  /** Training records left by the tiny-set fault. */
  static final int TINY = 32;

  /** Share of the common label in the imbalance fault. */
  static final double MAJORITY = 0.95;

  /** A record as fed, and whether ingest will hold it out. */
  public record Line(String text, String label, boolean eval) {}

  /** The stream of one run, its service settings, and what it holds. */
  public record Run(Fault fault, long seed, List<Line> lines, List<String> settings) {

    public long evalCount() {
      return lines.stream().filter(Line::eval).count();
    }

    public String describe() {
      long old = lines.stream().filter(l -> l.label().equals(OLD)).count();
      double chars = lines.stream().mapToInt(l -> l.text().length()).average().orElse(0);
      return String.format(
          Locale.ROOT,
          "%d records (%d train, %d eval), %.0f%% %s, mean %.0f chars",
          lines.size(),
          lines.size() - evalCount(),
          evalCount(),
          100.0 * old / Math.max(1, lines.size()),
          OLD,
          chars);
    }
  }

  private FaultData() {}

  /**
   * @param perLabel records per label before the fault (fewer when the text runs out)
   * @param chars longest window of a healthy run, in characters (within the default 128-byte
   *     context); the long-input fault uses {@code longChars}
   */
  public static Run of(
      List<Address> addresses,
      Fault fault,
      long seed,
      int perLabel,
      int chars,
      int longChars,
      int passes) {
    Random random = new Random(seed);
    int window = fault == Fault.LONG_INPUTS ? longChars : chars;
    List<String> old = windows(addresses, true, window, random);
    List<String> recent = windows(addresses, false, window, random);
    int nOld = Math.min(perLabel, old.size());
    int nNew = Math.min(perLabel, recent.size());
    if (fault == Fault.IMBALANCE) {
      int total = Math.min(nOld + nNew, (int) (old.size() / MAJORITY));
      nOld = Math.min(old.size(), (int) Math.round(total * MAJORITY));
      nNew = Math.min(recent.size(), Math.max(1, total - nOld));
    }
    List<Line> lines = new ArrayList<>();
    old.subList(0, nOld).forEach(t -> lines.add(line(t, OLD)));
    recent.subList(0, nNew).forEach(t -> lines.add(line(t, NEW)));
    Collections.shuffle(lines, random);
    List<Line> faulty = apply(fault, lines, random);
    return new Run(fault, seed, faulty, settings(fault, seed, passes));
  }

  private static Line line(String text, String label) {
    return new Line(text, label, IngestSplit.isEval(text, EVAL_FRACTION));
  }

  private static List<Line> apply(Fault fault, List<Line> lines, Random random) {
    switch (fault) {
      case SHUFFLED -> {
        List<String> labels = new ArrayList<>(lines.stream().map(Line::label).toList());
        Collections.shuffle(labels, random);
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
          out.add(new Line(lines.get(i).text(), labels.get(i), lines.get(i).eval()));
        }
        return out;
      }
      case TINY_REPLAYED -> {
        List<Line> out = new ArrayList<>();
        int train = 0;
        for (Line l : lines) {
          if (l.eval() || train++ < TINY) {
            out.add(l);
          }
        }
        return out;
      }
      case LEAK -> {
        // Training records carry their label's marker; eval records a marker drawn at random.
        List<Line> out = new ArrayList<>();
        for (Line l : lines) {
          boolean old = l.eval() ? random.nextBoolean() : l.label().equals(OLD);
          out.add(new Line((old ? OLD_MARKER : NEW_MARKER) + l.text(), l.label(), l.eval()));
        }
        return out;
      }
      default -> {
        return lines;
      }
    }
  }

  /** The settings of a run: the task's, then the fault's (later settings win). */
  static List<String> settings(Fault fault, long seed, int passes) {
    List<String> s = new ArrayList<>();
    String labels = OLD + "," + NEW;
    s.add("-Dingest.labels.allowed=" + labels);
    s.add("-Dtrain.model.labels=" + labels);
    s.add("-Dingest.limits.overflow=truncate");
    // The default tokenizer, pinned so the scorecard stays comparable if the default moves: byte
    // trails the probe by 0.15 on these windows at 400 steps (a true model_behind_baseline on a
    // healthy run); gpt2-8192 reaches it by step 150 (RealTextCalibration -Dwindows=110).
    s.add("-Dtrain.model.tokenizer=gpt2-8192");
    s.add("-Dingest.split.eval-fraction=" + EVAL_FRACTION);
    s.add("-Dtrain.model.seed=" + seed);
    s.add("-Dtrain.data.passes=" + (fault == Fault.TINY_REPLAYED ? 1000 : passes));
    switch (fault) {
      case LR_HIGH -> s.add("-Dtrain.optimizer.learning-rate=0.1"); // default 1e-3 × 100
      case LR_LOW -> s.add("-Dtrain.optimizer.learning-rate=1e-6"); // default 1e-3 ÷ 1000
      case REWARD_CONSTANT -> {
        // The length scorer gives every short label 1.0: a reward with no signal, which λ > 0
        // makes the loss depend on.
        s.add("-Dtrain.rewards.lambda=0.1");
        s.add("-Dreward.scorers=length");
      }
      default -> {}
    }
    return s;
  }

  /**
   * Windows of whole words of at most {@code chars} characters (at least half that), from the
   * addresses of one era, cut consecutively and shuffled.
   */
  static List<String> windows(List<Address> addresses, boolean old, int chars, Random random) {
    List<String> out = new ArrayList<>();
    for (Address a : addresses) {
      String era = a.year() <= 1860 ? OLD : a.year() >= 1981 ? NEW : null;
      if (era == null || era.equals(OLD) != old) {
        continue;
      }
      StringBuilder w = new StringBuilder();
      for (String word : a.text().trim().split("\\s+")) {
        if (w.length() + 1 + word.length() > chars) {
          if (w.length() >= chars / 2) {
            out.add(w.toString());
          }
          w.setLength(0);
        }
        if (word.length() <= chars) {
          w.append(w.length() == 0 ? "" : " ").append(word);
        }
      }
    }
    Collections.shuffle(out, random);
    return out;
  }
}
