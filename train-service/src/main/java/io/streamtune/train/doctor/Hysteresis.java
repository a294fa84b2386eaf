package io.streamtune.train.doctor;

/**
 * Raise after {@code raiseAfter} consecutive true checks, clear after {@code clearAfter}
 * consecutive false checks. Keeps a finding from flickering when its condition hovers at the
 * threshold. A cleared run resets the raise count and vice versa.
 */
final class Hysteresis {

  enum Change {
    NONE,
    RAISED,
    CLEARED
  }

  private final int raiseAfter;
  private final int clearAfter;
  private int trueRun;
  private int falseRun;
  private boolean active;
  private boolean rearmed;

  Hysteresis(int raiseAfter, int clearAfter) {
    this.raiseAfter = Math.max(1, raiseAfter);
    this.clearAfter = Math.max(1, clearAfter);
  }

  Change update(boolean condition) {
    if (condition) {
      trueRun++;
      falseRun = 0;
      if ((!active || rearmed) && trueRun >= raiseAfter) {
        active = true;
        rearmed = false;
        return Change.RAISED;
      }
    } else {
      falseRun++;
      trueRun = 0;
      if (active && falseRun >= clearAfter) {
        active = false;
        return Change.CLEARED;
      }
    }
    return Change.NONE;
  }

  /**
   * While active, lets the condition raise once more (after the doctor acted on it: if it comes
   * back, the action did not help and it must be reported, and acted on, again).
   */
  void rearm() {
    rearmed = active;
    trueRun = 0;
  }

  boolean active() {
    return active;
  }
}
