package io.streamtune.bench.doctor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The scorecard's arithmetic: from the runs' results, a confusion table (fault injected × cause
 * named), whether the fault's treatment was taken, the detection delay in steps and the false
 * alarms on healthy runs; and the two yardsticks beside the doctor, one that names nothing and one
 * that names a random cause. Pure: no I/O, so it is tested on made-up runs.
 */
public final class Scorecard {

  /**
   * The real doctor's action for a cause, which the random doctor copies for the cause it names.
   */
  static final Map<String, List<String>> ACTIONS =
      Map.of(
          "lr_too_high", List.of("rollback", "lr_cut"),
          "overfitting", List.of("mark_best_checkpoint"),
          "reward_dead", List.of("lambda_off"));

  /**
   * Every cause the doctor can name as of issue #13: the ones on main (doctor/Cause.java) and the
   * ones issue #13 adds. The random doctor draws from these; the table counts whatever it is given.
   */
  public static final List<String> KNOWN_CAUSES =
      List.of(
          "data_duplicates",
          "data_conflicts",
          "class_imbalance",
          "memorizing",
          "lr_too_high",
          "lr_too_low",
          "overfitting",
          "batch_too_noisy",
          "reward_dead",
          "reward_hacking",
          "reward_uncorrelated",
          "class_ignored",
          "model_behind_baseline",
          "not_learnable",
          "inputs_truncated",
          "input_ignored",
          "undertrained");

  /** The overall numbers under a table. */
  public record Totals(
      int faultRuns, int namedCorrectly, int healthyRuns, int falseAlarms, int healthyActions) {

    public double correctShare() {
      return faultRuns == 0 ? Double.NaN : (double) namedCorrectly / faultRuns;
    }
  }

  private Scorecard() {}

  /** The same runs as judged by a doctor that never names anything. */
  public static List<RunResult> nothingDoctor(List<RunResult> runs) {
    return runs.stream()
        .map(r -> new RunResult(r.fault(), r.seed(), r.steps(), List.of(), List.of()))
        .toList();
  }

  /**
   * The same runs as judged by a doctor that names one cause drawn uniformly from {@code causes} at
   * a uniform step of the run, and takes the real doctor's action for it.
   */
  public static List<RunResult> randomDoctor(List<RunResult> runs, List<String> causes, long seed) {
    Random random = new Random(seed);
    List<RunResult> out = new ArrayList<>();
    for (RunResult r : runs) {
      String cause = causes.get(random.nextInt(causes.size()));
      long step = 1 + (long) (random.nextDouble() * Math.max(1, r.steps()));
      List<RunResult.Taken> taken =
          ACTIONS.getOrDefault(cause, List.of()).stream()
              .map(a -> new RunResult.Taken(a, cause, step))
              .toList();
      out.add(
          new RunResult(
              r.fault(), r.seed(), r.steps(), List.of(new RunResult.Named(cause, step)), taken));
    }
    return out;
  }

  /** Expected share of faults a uniformly random doctor names correctly on these runs. */
  public static double randomExpectation(List<RunResult> runs, List<String> causes) {
    List<RunResult> faults = runs.stream().filter(r -> r.fault() != Fault.HEALTHY).toList();
    return faults.stream()
            .mapToDouble(
                r ->
                    r.fault().causes().stream().filter(causes::contains).count()
                        / (double) causes.size())
            .sum()
        / Math.max(1, faults.size());
  }

  public static Totals totals(List<RunResult> runs) {
    int faults = 0, correct = 0, healthy = 0, alarms = 0, actions = 0;
    for (RunResult r : runs) {
      if (r.fault() == Fault.HEALTHY) {
        healthy++;
        alarms += r.quiet() ? 0 : 1;
        actions += r.taken().size();
      } else {
        faults++;
        correct += r.firstCorrectStep() >= 0 ? 1 : 0;
      }
    }
    return new Totals(faults, correct, healthy, alarms, actions);
  }

  /**
   * The confusion table as Markdown: one row per fault (runs of a fault pooled), one column per
   * cause (the causes that name some fault first, then any other cause named), each cell the number
   * of runs in which that cause was raised; then whether a correct cause was named, the median
   * delay to it, whether the treatment was taken, and the runs that also raised a wrong cause. A
   * healthy row's "named" column counts its false alarms.
   */
  public static List<String> table(List<RunResult> runs) {
    List<String> columns = columns(runs);
    List<Fault> faults = new ArrayList<>(Fault.injected());
    faults.add(Fault.HEALTHY);
    List<String> out = new ArrayList<>();
    StringBuilder head = new StringBuilder("| injected \\ named | runs |");
    StringBuilder rule = new StringBuilder("|---|---:|");
    for (String c : columns) {
      head.append(' ').append(c).append(" |");
      rule.append("---:|");
    }
    head.append(" named right | delay (steps) | treated | also wrong |");
    rule.append("---:|---:|---:|---:|");
    out.add(head.toString());
    out.add(rule.toString());
    for (Fault f : faults) {
      List<RunResult> of = runs.stream().filter(r -> r.fault() == f).toList();
      if (of.isEmpty()) {
        continue;
      }
      StringBuilder row = new StringBuilder("| " + f.id() + " | " + of.size() + " |");
      for (String c : columns) {
        long n =
            c.equals(NONE)
                ? of.stream().filter(RunResult::quiet).count()
                : of.stream().filter(r -> names(r, c)).count();
        row.append(' ').append(n == 0 ? "·" : String.valueOf(n)).append(" |");
      }
      row.append(' ').append(rightCell(f, of)).append(" |");
      row.append(' ').append(delayCell(of)).append(" |");
      row.append(' ').append(treatedCell(f, of)).append(" |");
      row.append(' ').append(of.stream().filter(RunResult::namedOther).count()).append(" |");
      out.add(row.toString());
    }
    return out;
  }

  /** The two summary lines under a table. */
  public static List<String> summary(List<RunResult> runs) {
    Totals t = totals(runs);
    return List.of(
        String.format(
            Locale.ROOT,
            "faults named correctly: %d/%d = %.0f%% (target ≥ 90%%)",
            t.namedCorrectly(),
            t.faultRuns(),
            100 * t.correctShare()),
        String.format(
            Locale.ROOT,
            "false alarms on healthy runs: %d/%d (target 0); actions taken on healthy runs: %d",
            t.falseAlarms(),
            t.healthyRuns(),
            t.healthyActions()));
  }

  static final String NONE = "(none)";

  static List<String> columns(List<RunResult> runs) {
    Set<String> cols = new LinkedHashSet<>();
    Fault.injected().forEach(f -> cols.addAll(new TreeSet<>(f.causes())));
    Set<String> others = new TreeSet<>();
    runs.forEach(r -> r.named().forEach(n -> others.add(n.cause())));
    others.removeAll(cols);
    cols.addAll(others);
    cols.add(NONE);
    return List.copyOf(cols);
  }

  private static boolean names(RunResult r, String cause) {
    return r.named().stream().anyMatch(n -> n.cause().equals(cause));
  }

  private static String rightCell(Fault f, List<RunResult> of) {
    if (f == Fault.HEALTHY) {
      return "false alarms " + of.stream().filter(r -> !r.quiet()).count();
    }
    return of.stream().filter(r -> r.firstCorrectStep() >= 0).count() + "/" + of.size();
  }

  private static String delayCell(List<RunResult> of) {
    List<Long> delays =
        of.stream().map(RunResult::firstCorrectStep).filter(s -> s >= 0).sorted().toList();
    if (delays.isEmpty()) {
      return "-";
    }
    return String.valueOf(delays.get((delays.size() - 1) / 2)); // lower median: a step that was
  }

  private static String treatedCell(Fault f, List<RunResult> of) {
    if (f == Fault.HEALTHY) {
      long acted = of.stream().filter(r -> !r.taken().isEmpty()).count();
      return acted == 0 ? "no action" : "acted in " + acted;
    }
    if (f.treatments().isEmpty()) {
      return "report";
    }
    return of.stream().filter(RunResult::treated).count() + "/" + of.size();
  }

  /** "cause@step" for every finding of a run, for the per-run log line. */
  public static String describe(RunResult r) {
    String named =
        r.named().isEmpty()
            ? "nothing"
            : r.named().stream()
                .map(n -> n.cause() + "@" + n.step())
                .collect(Collectors.joining(", "));
    String taken =
        r.taken().isEmpty()
            ? "none"
            : r.taken().stream()
                .map(t -> t.action() + "(" + t.cause() + ")@" + t.step())
                .collect(Collectors.joining(", "));
    return String.format(
        Locale.ROOT,
        "%s seed %d: %d steps; named %s; actions %s",
        r.fault().id(),
        r.seed(),
        r.steps(),
        named,
        taken);
  }
}
