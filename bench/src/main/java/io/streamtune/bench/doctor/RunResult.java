package io.streamtune.bench.doctor;

import java.util.List;

/**
 * What one run of the scorecard saw: the fault injected, the steps trained, every cause the doctor
 * raised (with the step it was raised at) and every action it took.
 *
 * @param fault what was injected ({@link Fault#HEALTHY} for none)
 * @param seed the run's seed (data draw and model weights)
 * @param steps the last training step read
 * @param named causes raised, in order
 * @param taken actions taken, in order
 */
public record RunResult(Fault fault, long seed, long steps, List<Named> named, List<Taken> taken) {

  public RunResult {
    named = List.copyOf(named);
    taken = List.copyOf(taken);
  }

  /** A cause raised at a step (the doctor's {@code sinceStep}). */
  public record Named(String cause, long step) {}

  /** An action taken for a cause at a step. */
  public record Taken(String action, String cause, long step) {}

  /** True when the doctor raised nothing. */
  public boolean quiet() {
    return named.isEmpty();
  }

  /** The first step at which a cause that names this run's fault was raised, or -1. */
  public long firstCorrectStep() {
    return named.stream()
        .filter(n -> fault.causes().contains(n.cause()))
        .mapToLong(Named::step)
        .min()
        .orElse(-1);
  }

  /** True when an action that treats this run's fault was taken. */
  public boolean treated() {
    return taken.stream().anyMatch(t -> fault.treatments().contains(t.action()));
  }

  /** True when some cause that does not name this run's fault was raised as well. */
  public boolean namedOther() {
    return named.stream().anyMatch(n -> !fault.causes().contains(n.cause()));
  }
}
