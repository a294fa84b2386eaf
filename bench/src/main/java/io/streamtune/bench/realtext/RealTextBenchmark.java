package io.streamtune.bench.realtext;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Set;

/**
 * Does Streamtune learn real text? The State of the Union addresses, made messy, fed through the
 * launcher, ingest and the trainer on a real broker; the trainer's held-out numbers read every few
 * seconds beside baselines computed here on the same split. One fresh Streamtune per task.
 */
public final class RealTextBenchmark {

  /** Passage lengths drawn per passage: short paragraphs to long ones. */
  static final int MIN_PASSAGE_CHARS = 200, MAX_PASSAGE_CHARS = 1400;

  private final Options o;
  private final List<String> report = new ArrayList<>();

  public RealTextBenchmark(Options o) {
    this.o = o;
  }

  public void run() throws IOException, InterruptedException {
    List<Address> addresses = Corpus.load(o.corpus());
    List<Passage> passages = new ArrayList<>();
    for (Address a : addresses) {
      passages.addAll(Passages.of(a, MIN_PASSAGE_CHARS, MAX_PASSAGE_CHARS, o.seed()));
    }
    Set<String> heldOut = Split.heldOutAddresses(addresses, o.heldOutAddressShare(), o.seed());
    say(
        String.format(
            Locale.ROOT,
            "Real-text benchmark: State of the Union (npm %s), %d addresses -> %d passages of"
                + " %d-%d+ chars; %d addresses held out (%.0f%% per era)",
            Corpus.PACKAGE,
            addresses.size(),
            passages.size(),
            MIN_PASSAGE_CHARS,
            MAX_PASSAGE_CHARS,
            heldOut.size(),
            100 * o.heldOutAddressShare()));
    say(
        String.format(
            Locale.ROOT,
            "run: %.1f min per task, held-out read every %d s, seed %d, home %s",
            o.minutes(),
            o.everySeconds(),
            o.seed(),
            o.home()));
    for (String name : o.tasks()) {
      BenchTask task =
          name.equals("label")
              ? new LabelTask(passages, heldOut, o)
              : new GenerationTask(passages, heldOut, o);
      runTask(task);
    }
    if (o.dryRun()) {
      return;
    }
    System.out.println();
    System.out.println("=".repeat(100));
    report.forEach(System.out::println);
    System.out.println("curves: " + o.out());
  }

  private void runTask(BenchTask task) throws IOException, InterruptedException {
    if (o.dryRun()) {
      System.out.println();
      say("== " + task.name() + " task (dry run: baselines only): " + task.measure());
      task.describe().forEach(l -> System.out.println("  " + l));
      say("  settings (STREAMTUNE_JAVA_OPTS): " + String.join(" ", task.settings()));
      Curve curve = new Curve(task.name(), task.columns());
      curve.baselines(task.baselines());
      curve.table().forEach(l -> System.out.println("  " + l));
      return;
    }
    List<String> settings = new ArrayList<>(task.settings());
    settings.addAll(o.javaOpts()); // later settings win: the caller's override the task's
    Path home = o.home().resolve(task.name());
    BenchHome.fresh(home, "./streamtune bench real-text");
    Path file = home.resolve("train.ndjson");
    Files.write(file, task.streamLines());
    Stack.Ports ports = Stack.Ports.fromEnv(System.getenv());
    System.out.println();
    say("== " + task.name() + " task: " + task.measure());
    task.describe().forEach(l -> System.out.println("  " + l));
    say("  settings (STREAMTUNE_JAVA_OPTS): " + String.join(" ", settings));
    Curve curve = new Curve(task.name(), task.columns());
    Http http = new Http(ports.train(), ports.ingest());
    try (Stack stack = new Stack(o.root(), home, ports, settings)) {
      System.out.println(
          "  starting Streamtune (./streamtune up, log " + home.resolve("bench.log") + ")");
      stack.up();
      long t0 = System.nanoTime();
      stack.feed(file);
      System.out.println(
          "  feeding " + file + "; reading the trainer every " + o.everySeconds() + " s");
      System.out.println("  " + curve.header());
      double tokens0 = http.metric("streamtune_train_tokens_total");
      boolean baselinesDone = false;
      for (int k = 0; ; k++) {
        double minutes = (System.nanoTime() - t0) / 60e9;
        curve.add(point(http, task, minutes, tokens0, t0));
        System.out.println("  " + curve.row(curve.points().get(curve.points().size() - 1)));
        if (!baselinesDone) {
          curve.baselines(task.baselines()); // after the first read: it tells which pairs fit
          baselinesDone = true;
        }
        curve.write(o.out(), settingsMap(task, settings));
        if (minutes >= o.minutes() - 0.5 / 60) { // a sleep may end a hair early
          break;
        }
        long next = t0 + (long) (Math.min((k + 1) * o.everySeconds(), o.minutes() * 60) * 1e9);
        long sleep = (next - System.nanoTime()) / 1_000_000;
        if (sleep > 0) {
          Thread.sleep(sleep);
        }
      }
      JsonNode quality = http.quality();
      Map<String, Object> written = settingsMap(task, settings);
      written.put("ingestQuality", quality);
      curve.write(o.out(), written);
      if (stack.feederExit() != null && stack.feederExit() != 0) {
        say(
            "  the feeder failed (exit "
                + stack.feederExit()
                + "), see "
                + home.resolve("bench.log"));
      }
      report.add("");
      report.add("== " + task.name() + " task: " + task.measure());
      task.describe().forEach(l -> report.add("  " + l));
      report.add(
          "  ingest: "
              + quality.path("outcomes")
              + " rejected by reason "
              + quality.path("reasons"));
      report.add("  settings (STREAMTUNE_JAVA_OPTS): " + String.join(" ", settings));
      curve.table().forEach(l -> report.add("  " + l));
    }
  }

  private Curve.Point point(Http http, BenchTask task, double minutes, double tokens0, long t0)
      throws IOException, InterruptedException {
    JsonNode s = http.status();
    long start = System.nanoTime();
    double[] values = task.measureNow(http);
    double querySeconds = (System.nanoTime() - start) / 1e9;
    double tokens = http.metric("streamtune_train_tokens_total");
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Curve.Point(
        minutes,
        s.path("step").asLong(),
        s.path("samplesSeen").asLong(),
        s.path("tokensPerSecond").asDouble(),
        seconds > 0 ? (tokens - tokens0) / seconds : 0,
        s.path("trainLoss").isNumber() ? s.path("trainLoss").asDouble() : Double.NaN,
        s.path("consumerLagRecords").asLong(),
        querySeconds,
        values);
  }

  private Map<String, Object> settingsMap(BenchTask task, List<String> settings) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("corpus", Corpus.PACKAGE);
    m.put("minutes", o.minutes());
    m.put("everySeconds", o.everySeconds());
    m.put("seed", o.seed());
    m.put("javaOpts", settings);
    m.put("data", task.describe());
    return m;
  }

  private static void say(String line) {
    System.out.println(line);
  }
}
