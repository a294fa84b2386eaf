package io.streamtune.bench.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.bench.realtext.Address;
import io.streamtune.bench.realtext.Corpus;
import io.streamtune.bench.run.BenchHome;
import io.streamtune.bench.run.Http;
import io.streamtune.bench.run.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The learning doctor's scorecard: one fresh Streamtune per run (broker, ingest, trainer, reward
 * through the launcher), real text with one fault injected, or none; the doctor's findings and
 * actions read from {@code GET /train/diagnosis} every few seconds while it trains; then the
 * confusion table for the doctor beside one that names nothing and one that names a random cause.
 */
public final class DoctorBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads of the diagnosis failed in a row after which the trainer counts as gone. */
  static final int MAX_FAILED_READS = 10;

  private final DoctorOptions o;
  private final Stack.Ports ports;

  public DoctorBenchmark(DoctorOptions o, Stack.Ports ports) {
    this.o = o;
    this.ports = ports;
  }

  /** Runs every planned run, prints the tables and writes them to scorecard.md in the home. */
  public List<RunResult> run() throws IOException, InterruptedException {
    List<Address> addresses =
        o.toy() ? ToyCorpus.addresses(8, 3000, o.seed()) : Corpus.load(o.corpus());
    // Healthy runs first: a scorecard cut short still has its false-alarm baseline.
    List<FaultData.Run> plan = new ArrayList<>();
    for (int k = 0; k < o.healthy(); k++) {
      plan.add(data(addresses, Fault.HEALTHY, o.seed() + k));
    }
    for (Fault f : o.faults()) {
      plan.add(data(addresses, f, o.seed()));
    }
    say(
        String.format(
            Locale.ROOT,
            "Doctor scorecard: %d runs (%d faults, %d healthy) on %s; each ends at step %d or"
                + " after %d s of training",
            plan.size(),
            o.faults().size(),
            o.healthy(),
            o.toy()
                ? "made-up addresses (--toy)"
                : "the State of the Union (npm " + Corpus.PACKAGE + ")",
            o.steps(),
            o.maxSeconds()));
    List<RunResult> results = new ArrayList<>();
    Path md = o.home().resolve("scorecard.md");
    List<String> tables = List.of();
    for (FaultData.Run run : plan) {
      results.add(runOne(run));
      tables = report(results);
      Files.write(md, tables); // after every run, so a cut-short scorecard still counts
    }
    tables.forEach(System.out::println);
    System.out.println("written to " + md);
    return results;
  }

  private FaultData.Run data(List<Address> addresses, Fault f, long seed) {
    return FaultData.of(addresses, f, seed, o.perLabel(), o.chars(), o.longChars(), o.passes());
  }

  private RunResult runOne(FaultData.Run run) throws IOException, InterruptedException {
    Path home = o.home().resolve(run.fault().id() + "-" + run.seed());
    BenchHome.fresh(home, "./streamtune bench doctor");
    Path file = home.resolve("train.ndjson");
    List<String> lines = new ArrayList<>();
    for (FaultData.Line l : run.lines()) {
      lines.add(JSON.writeValueAsString(Map.of("text", l.text(), "label", l.label())));
    }
    Files.write(file, lines);
    List<String> settings = new ArrayList<>(run.settings());
    settings.addAll(o.javaOpts()); // later settings win: the caller's override the run's
    System.out.println();
    say("== " + run.fault().id() + " (" + run.fault().description() + "), seed " + run.seed());
    say("  data: " + run.describe());
    say("  settings (STREAMTUNE_JAVA_OPTS): " + String.join(" ", settings));
    Http http = new Http(ports.train(), ports.ingest());
    Map<String, RunResult.Named> named = new LinkedHashMap<>();
    Map<String, RunResult.Taken> taken = new LinkedHashMap<>();
    long step = 0;
    try (Stack stack = new Stack(o.root(), home, ports, settings)) {
      long started = System.nanoTime();
      stack.up();
      say(String.format(Locale.ROOT, "  up in %.0f s; feeding %s", secondsSince(started), file));
      stack.feed(file);
      long t0 = System.nanoTime();
      int failures = 0;
      while (secondsSince(t0) < o.maxSeconds() && failures < MAX_FAILED_READS) {
        try {
          step = read(http.diagnosis(), named, taken);
          failures = 0;
        } catch (IOException e) {
          failures++; // a loaded machine can miss the 5 s connect timeout: try again
          say("  could not read the diagnosis (" + failures + "): " + e);
        }
        if (step >= o.steps()) {
          break;
        }
        Thread.sleep(o.everySeconds() * 1000L);
      }
      say(String.format(Locale.ROOT, "  trained to step %d in %.0f s", step, secondsSince(t0)));
      if (failures >= MAX_FAILED_READS) {
        say("  warning: the trainer stopped answering; the run is scored on what was read");
      } else {
        checkSplit(run, http.quality());
      }
    }
    RunResult r =
        new RunResult(
            run.fault(),
            run.seed(),
            step,
            List.copyOf(named.values()),
            List.copyOf(taken.values()));
    say("  " + Scorecard.describe(r));
    return r;
  }

  /** Adds the diagnosis's findings and actions to those seen so far; the doctor's step. */
  static long read(
      JsonNode d, Map<String, RunResult.Named> named, Map<String, RunResult.Taken> taken) {
    for (String part : List.of("history", "active")) {
      for (JsonNode f : d.path(part)) {
        String cause = f.path("cause").asText();
        long since = f.path("sinceStep").asLong();
        named.putIfAbsent(cause + "@" + since, new RunResult.Named(cause, since));
      }
    }
    for (JsonNode a : d.path("actions")) {
      RunResult.Taken t =
          new RunResult.Taken(
              a.path("action").asText(), a.path("cause").asText(), a.path("step").asLong());
      taken.putIfAbsent(t.action() + "|" + t.cause() + "|" + t.step() + "|" + a.path("at"), t);
    }
    return d.path("step").asLong();
  }

  /** Ingest's eval count beside the one the faults were shaped for. */
  private void checkSplit(FaultData.Run run, JsonNode quality) {
    long eval = quality.path("outcomes").path("eval").asLong(-1);
    if (eval != run.evalCount()) {
      say(
          "  warning: ingest held out "
              + eval
              + " records, the run was shaped for "
              + run.evalCount()
              + " (IngestSplit no longer matches ingest's split, or the feed did not finish):"
              + " the leak and tiny-set faults may not be what they claim");
    }
  }

  /** The runs so far and the three tables. */
  private List<String> report(List<RunResult> results) {
    List<String> out = new ArrayList<>();
    out.add("");
    out.add("=".repeat(100));
    out.add("Runs:");
    results.forEach(r -> out.add("  " + Scorecard.describe(r)));
    table(out, "The learning doctor", results);
    table(out, "A doctor that names nothing", Scorecard.nothingDoctor(results));
    List<RunResult> random = Scorecard.randomDoctor(results, Scorecard.KNOWN_CAUSES, o.seed());
    table(out, "A doctor that names a random cause", random);
    out.add(
        String.format(
            Locale.ROOT,
            "(a random doctor names a fault correctly %.0f%% of the time on average: its %d causes"
                + " drawn uniformly)",
            100 * Scorecard.randomExpectation(results, Scorecard.KNOWN_CAUSES),
            Scorecard.KNOWN_CAUSES.size()));
    out.add(
        "Delay: steps from the start of the run (every fault is there from step 0) to the first"
            + " correct finding, median over runs.");
    return out;
  }

  private static void table(List<String> out, String title, List<RunResult> runs) {
    out.add("");
    out.add("### " + title);
    out.add("");
    out.addAll(Scorecard.table(runs));
    out.add("");
    out.addAll(Scorecard.summary(runs));
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }

  private static void say(String line) {
    System.out.println(line);
  }
}
