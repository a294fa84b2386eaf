package io.streamtune.bench.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.bench.doctor.RunResult.Named;
import io.streamtune.bench.doctor.RunResult.Taken;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ScorecardTest {

  static RunResult run(Fault f, long steps, List<Named> named, List<Taken> taken) {
    return new RunResult(f, 42, steps, named, taken);
  }

  /** lr_x100 named at 30 and treated; shuffled named wrongly; two quiet healthy runs, one not. */
  static final List<RunResult> RUNS =
      List.of(
          run(
              Fault.LR_HIGH,
              400,
              List.of(new Named("batch_too_noisy", 20), new Named("lr_too_high", 30)),
              List.of(
                  new Taken("rollback", "lr_too_high", 30),
                  new Taken("lr_cut", "lr_too_high", 30))),
          run(Fault.SHUFFLED, 400, List.of(new Named("lr_too_low", 300)), List.of()),
          run(Fault.LR_LOW, 400, List.of(new Named("lr_too_low", 120)), List.of()),
          run(Fault.HEALTHY, 400, List.of(), List.of()),
          run(
              Fault.HEALTHY,
              400,
              List.of(new Named("lr_too_high", 166)),
              List.of(new Taken("lr_cut", "lr_too_high", 166))),
          run(Fault.HEALTHY, 400, List.of(), List.of()));

  /** The table's row for a fault, as cells by column name. */
  static Map<String, String> row(List<String> table, String fault) {
    List<String> head = cells(table.get(0));
    List<String> row =
        table.stream()
            .filter(l -> l.startsWith("| " + fault + " |"))
            .map(ScorecardTest::cells)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no row " + fault + " in\n" + table));
    return IntStream.range(0, head.size()).boxed().collect(Collectors.toMap(head::get, row::get));
  }

  static List<String> cells(String line) {
    return Arrays.stream(line.substring(1, line.length() - 1).split("\\|"))
        .map(String::trim)
        .toList();
  }

  @Test
  void countsCausesPerFaultAndJudgesNamingTreatmentAndDelay() {
    List<String> t = Scorecard.table(RUNS);
    Map<String, String> lr = row(t, "lr_x100");
    assertEquals("1", lr.get("runs"));
    assertEquals("1", lr.get("lr_too_high"));
    assertEquals("1", lr.get("batch_too_noisy"), "a wrong cause named beside the right one counts");
    assertEquals("1/1", lr.get("named right"));
    assertEquals("30", lr.get("delay (steps)"));
    assertEquals("1/1", lr.get("treated"));
    assertEquals("1", lr.get("also wrong"));
    assertEquals("·", lr.get("(none)"));

    Map<String, String> shuffled = row(t, "labels_shuffled");
    assertEquals("0/1", shuffled.get("named right"));
    assertEquals("-", shuffled.get("delay (steps)"));
    assertEquals("1", shuffled.get("lr_too_low"));
    assertEquals("report", shuffled.get("treated"), "the doctor only reports not_learnable");

    Map<String, String> healthy = row(t, "healthy");
    assertEquals("3", healthy.get("runs"));
    assertEquals("2", healthy.get("(none)"));
    assertEquals("false alarms 1", healthy.get("named right"));
    assertEquals("acted in 1", healthy.get("treated"));
    assertTrue(t.stream().noneMatch(l -> l.startsWith("| label_leak |")), "no run, no row");
  }

  @Test
  void totalsAreTheShareNamedAndTheFalseAlarms() {
    Scorecard.Totals s = Scorecard.totals(RUNS);
    assertEquals(3, s.faultRuns());
    assertEquals(2, s.namedCorrectly());
    assertEquals(3, s.healthyRuns());
    assertEquals(1, s.falseAlarms());
    assertEquals(1, s.healthyActions());
    assertEquals(
        List.of(
            "faults named correctly: 2/3 = 67% (target ≥ 90%)",
            "false alarms on healthy runs: 1/3 (target 0); actions taken on healthy runs: 1"),
        Scorecard.summary(RUNS));
  }

  @Test
  void delayIsTheFirstCorrectFindingAndItsLowerMedianOverRuns() {
    List<RunResult> runs =
        List.of(
            run(
                Fault.LR_LOW,
                400,
                List.of(new Named("lr_too_low", 250), new Named("lr_too_low", 90)),
                List.of()),
            run(Fault.LR_LOW, 400, List.of(new Named("lr_too_low", 150)), List.of()),
            run(Fault.LR_LOW, 400, List.of(), List.of()));
    assertEquals(90, runs.get(0).firstCorrectStep());
    Map<String, String> r = row(Scorecard.table(runs), "lr_div1000");
    assertEquals("2/3", r.get("named right"));
    assertEquals("90", r.get("delay (steps)"));
    assertEquals("1", r.get("(none)"));
  }

  @Test
  void causesTheDoctorDoesNotKnowYetAreCountedAsNamed() {
    RunResult r = run(Fault.IMBALANCE, 400, List.of(new Named("class_ignored", 200)), List.of());
    assertEquals(1, Scorecard.totals(List.of(r)).namedCorrectly());
    RunResult odd = run(Fault.IMBALANCE, 400, List.of(new Named("something_new", 5)), List.of());
    List<String> t = Scorecard.table(List.of(odd));
    assertTrue(t.get(0).contains("| something_new |"), t.get(0));
    assertEquals("1", row(t, "imbalance_95_5").get("something_new"));
  }

  @Test
  void theNothingDoctorNamesNoFaultAndRaisesNoAlarm() {
    Scorecard.Totals s = Scorecard.totals(Scorecard.nothingDoctor(RUNS));
    assertEquals(0, s.namedCorrectly());
    assertEquals(0, s.falseAlarms());
    assertEquals("3", row(Scorecard.table(Scorecard.nothingDoctor(RUNS)), "healthy").get("(none)"));
  }

  @Test
  void theRandomDoctorNamesOneCausePerRunAndAlarmsOnEveryHealthyRun() {
    List<RunResult> random = Scorecard.randomDoctor(RUNS, Scorecard.KNOWN_CAUSES, 7);
    assertEquals(RUNS.size(), random.size());
    for (RunResult r : random) {
      assertEquals(1, r.named().size());
      assertTrue(Scorecard.KNOWN_CAUSES.contains(r.named().get(0).cause()));
      assertTrue(r.named().get(0).step() >= 1 && r.named().get(0).step() <= r.steps());
      if (r.named().get(0).cause().equals("reward_dead")) {
        assertEquals("lambda_off", r.taken().get(0).action());
      }
    }
    assertEquals(3, Scorecard.totals(random).falseAlarms());
    assertEquals(random, Scorecard.randomDoctor(RUNS, Scorecard.KNOWN_CAUSES, 7), "seeded");
  }

  @Test
  void aRandomDoctorIsRightAboutOnceInSeventeenPerAcceptedCause() {
    // lr_x100 and lr_div1000 accept one cause each, labels_shuffled two: (1 + 2 + 1) / 3 / 17.
    assertEquals(4.0 / 3 / 17, Scorecard.randomExpectation(RUNS, Scorecard.KNOWN_CAUSES), 1e-12);
    List<RunResult> many = IntStream.range(0, 3000).mapToObj(i -> RUNS.get(i % 3)).toList();
    double share =
        Scorecard.totals(Scorecard.randomDoctor(many, Scorecard.KNOWN_CAUSES, 1)).correctShare();
    assertEquals(4.0 / 3 / 17, share, 0.02);
  }

  @Test
  void everyFaultsCausesAreColumnsOfTheTable() {
    List<String> cols = Scorecard.columns(List.of());
    for (Fault f : Fault.injected()) {
      assertTrue(cols.containsAll(f.causes()), f.id());
      assertTrue(Scorecard.KNOWN_CAUSES.containsAll(f.causes()), f.id() + " names a known cause");
    }
    assertEquals(Scorecard.NONE, cols.get(cols.size() - 1));
  }
}
