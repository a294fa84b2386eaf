package io.streamtune.train.doctor;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /train/diagnosis} shows: the findings now active, recent raises/clears and
 * actions, newest last. Immutable; the doctor publishes a new one after every change.
 *
 * @param enabled whether the doctor watches this run
 * @param step the newest training step it has seen
 * @param healthy true when no finding is active
 * @param active findings now active
 * @param history recently raised and cleared findings
 * @param actions recent actions with their reasons
 */
public record Diagnosis(
    boolean enabled,
    long step,
    boolean healthy,
    List<View> active,
    List<View> history,
    List<Action> actions) {

  /** A finding as JSON: the cause by its wire name, non-finite evidence as null. */
  public record View(
      String cause,
      String area,
      String state,
      Map<String, Double> evidence,
      long sinceStep,
      Instant since,
      String fix,
      Long clearedStep,
      Instant cleared) {

    static View of(Finding f) {
      Map<String, Double> e = new LinkedHashMap<>();
      f.evidence().forEach((k, v) -> e.put(k, Double.isFinite(v) ? v : null));
      return new View(
          f.cause().id(),
          f.cause().area(),
          f.active() ? "active" : "cleared",
          e,
          f.sinceStep(),
          f.since(),
          f.fix(),
          f.active() ? null : f.clearedStep(),
          f.cleared());
    }
  }

  /** Something the doctor did to the run, and why. */
  public record Action(
      String action,
      String cause,
      long step,
      Instant at,
      String reason,
      Map<String, Object> details) {}
}
