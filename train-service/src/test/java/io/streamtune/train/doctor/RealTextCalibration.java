package io.streamtune.train.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.train.observe.EvalObserved;
import io.streamtune.train.probe.Baseline;
import io.streamtune.train.probe.LearnabilityProbe;
import io.streamtune.train.training.EvalStats;
import io.streamtune.train.training.OnlineTrainer;
import io.streamtune.train.training.StepStats;
import io.streamtune.train.training.TrainExample;
import io.streamtune.train.training.TrainerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Not a test: the real trainer on real text (State of the Union passages labelled by era, from the
 * cache the real-text benchmark fills), through the doctor with the learnability probe, bounded
 * (passes over a fixed training set, so pass boundaries happen). Prints every signal the #13
 * thresholds are set from. Run: -Dtest=RealTextCalibration [-Dscenario=healthy|shuffled|truncated]
 * [-Dsteps=500] [-Dlr=1e-3] [-Dtokenizer=gpt2-8192|byte] [-Dcontext=256] [-Dbatch=16]. {@code
 * -Dwindows=110} replaces the four eras' passages with the doctor scorecard's task: windows of
 * whole words of at most that many characters, founding (to 1860) against modern (from 1981).
 */
class RealTextCalibration {

  static final Path CORPUS =
      Path.of(System.getProperty("user.home"), ".cache/streamtune/corpora/sotu-0.2.3/package/data");

  @Test
  void print() throws IOException {
    Assumptions.assumeTrue(Files.isDirectory(CORPUS), "no corpus at " + CORPUS);
    String only = System.getProperty("scenario", "healthy");
    int steps = Integer.getInteger("steps", 500);
    List<TrainExample> train = new ArrayList<>();
    List<TrainExample> held = new ArrayList<>();
    Integer windows = Integer.getInteger("windows");
    if (windows == null) {
      load(train, held);
    } else {
      loadWindows(train, held, windows);
    }
    if (only.equals("shuffled")) {
      shuffle(train, 3);
      shuffle(held, 4);
    }
    boolean bytes = only.equals("truncated") || "byte".equals(System.getProperty("tokenizer"));
    double lr = Double.parseDouble(System.getProperty("lr", "1e-3"));
    int context = Integer.getInteger("context", only.equals("truncated") ? 96 : 256);
    // The scorecard configures its labels (train.model.labels), so their reserve is sized to them.
    List<String> labels =
        windows == null
            ? List.of()
            : held.stream().map(TrainExample::completion).distinct().sorted().toList();
    TrainerSettings s =
        settings(context, bytes, lr).toBuilder()
            .inputs(new TrainerSettings.Inputs(0, 0, "head+tail", false, labels))
            .build();
    run(only, s, train, held, steps, Integer.getInteger("batch", 16));
  }

  static TrainerSettings settings(int context, boolean bytes, double learningRate) {
    TrainerSettings rig = TrainerRig.settings(1e-3);
    TrainerSettings base =
        TrainerSettings.builder()
            .contextLength(context)
            .loraRank(4)
            .loraAlpha(8.0)
            .loraDropout(0.0)
            .loraTargets(rig.loraTargets())
            .learningRate(learningRate)
            .totalSteps(100_000)
            .device("cpu")
            .tokenizer(bytes ? "byte" : "gpt2-8192")
            .build();
    return base;
  }

  /** Passages of ~3 sentences; held-out addresses are the years divisible by 5. */
  static void load(List<TrainExample> train, List<TrainExample> held) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Path> files;
    try (Stream<Path> list = Files.list(CORPUS)) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    int n = 0;
    for (Path f : files) {
      JsonNode a = json.readTree(f.toFile());
      int year = a.get("year").asInt();
      String era =
          year <= 1860 ? "founding" : year <= 1932 ? "industrial" : year <= 1980 ? "mid" : "modern";
      String[] sentences = a.get("text").asText().split("(?<=[.!?])\\s+");
      for (int i = 0; i + 3 <= sentences.length; i += 3) {
        String passage = String.join(" ", sentences[i], sentences[i + 1], sentences[i + 2]);
        TrainExample e = new TrainExample("p" + n++, TaskKind.LABEL, passage, era);
        (year % 5 == 0 ? held : train).add(e);
      }
    }
    Collections.shuffle(train, new Random(1));
    Collections.shuffle(held, new Random(2));
    train.subList(Math.min(train.size(), 4000), train.size()).clear();
    held.subList(Math.min(held.size(), 200), held.size()).clear();
  }

  /**
   * The doctor scorecard's task: windows of whole words (at most {@code chars}, at least half),
   * founding against modern, 3,000 training windows each; held-out addresses are the years
   * divisible by 5 (200 windows).
   */
  static void loadWindows(List<TrainExample> train, List<TrainExample> held, int chars)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Path> files;
    try (Stream<Path> list = Files.list(CORPUS)) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    List<TrainExample> old = new ArrayList<>();
    List<TrainExample> modern = new ArrayList<>();
    int n = 0;
    for (Path f : files) {
      JsonNode a = json.readTree(f.toFile());
      int year = a.get("year").asInt();
      String era = year <= 1860 ? "founding" : year >= 1981 ? "modern" : null;
      if (era == null) {
        continue;
      }
      StringBuilder w = new StringBuilder();
      for (String word : a.get("text").asText().trim().split("\\s+")) {
        if (w.length() + 1 + word.length() > chars) {
          if (w.length() >= chars / 2) {
            TrainExample e = new TrainExample("w" + n++, TaskKind.LABEL, w.toString(), era);
            (year % 5 == 0 ? held : era.equals("founding") ? old : modern).add(e);
          }
          w.setLength(0);
        }
        w.append(w.length() == 0 ? "" : " ").append(word);
      }
    }
    Collections.shuffle(old, new Random(1));
    Collections.shuffle(modern, new Random(3));
    train.addAll(old.subList(0, Math.min(3000, old.size())));
    train.addAll(modern.subList(0, Math.min(3000, modern.size())));
    Collections.shuffle(train, new Random(1));
    Collections.shuffle(held, new Random(2));
    held.subList(Math.min(held.size(), 200), held.size()).clear();
  }

  static void shuffle(List<TrainExample> xs, long seed) {
    Random r = new Random(seed);
    List<String> labels = xs.stream().map(TrainExample::completion).toList();
    for (int i = 0; i < xs.size(); i++) {
      TrainExample e = xs.get(i);
      xs.set(
          i,
          new TrainExample(
              e.recordId(), e.kind(), e.prompt(), labels.get(r.nextInt(labels.size()))));
    }
  }

  static void run(
      String name,
      TrainerSettings s,
      List<TrainExample> train,
      List<TrainExample> held,
      int steps,
      int batch) {
    Diagnoser d = new Diagnoser(Thresholds.defaults());
    LearnabilityProbe probe = new LearnabilityProbe();
    List<String> labels = held.stream().map(TrainExample::completion).distinct().sorted().toList();
    long t0 = System.nanoTime();
    long probeNanos = 0;
    long probeRecords = 0;
    try (OnlineTrainer t = OnlineTrainer.create(s)) {
      int next = 0;
      for (int i = 0; i < steps; i++) {
        int pass = next / train.size();
        List<TrainExample> b = new ArrayList<>();
        for (int k = 0; k < batch; k++, next++) {
          b.add(train.get(next % train.size()));
        }
        StepStats st = t.step(b, List.of());
        long p0 = System.nanoTime();
        probe.learn(b);
        probeNanos += System.nanoTime() - p0;
        probeRecords += b.size();
        var u =
            d.onStep(st, List.of(), new Diagnoser.StepContext(pass, -1, batch, 0.0), Instant.now());
        if (st.step() % 10 == 0 || !u.isEmpty()) {
          System.out.printf(
              "%s step %d pass %d loss %.4f grad %.3f ratio %.2e %s%n",
              name,
              st.step(),
              pass,
              st.taskLoss(),
              st.gradNorm(),
              st.updateRatio(),
              u.isEmpty() ? "" : u);
        }
        if (st.step() % 25 == 0) {
          EvalStats e = t.requests().evaluate(held, labels);
          Baseline base = probe.evaluate(held);
          EvalObserved.Stream stream =
              new EvalObserved.Stream(
                  pass, 1, 0, t.progress().inputsSeen(), t.progress().inputsTruncated());
          var ue = d.onEval(st.step(), e, base, stream, Instant.now());
          System.out.printf(
              "%s EVAL %d loss %.4f acc %.3f bal %.3f maj %.3f recall %s | baseline %.3f | swap %.4f"
                  + " tied %.3f trunc %.2f medianTokens %.0f %s%n",
              name,
              st.step(),
              e.loss(),
              e.accuracy(),
              e.labels().balancedAccuracy(),
              e.labels().majorityShare(),
              e.labels().recall(),
              base.accuracy(),
              e.checks().swapEffect(),
              e.checks().tiedShare(),
              (double) t.progress().inputsTruncated() / t.progress().inputsSeen(),
              e.checks().medianInputTokens(),
              ue.isEmpty() ? "" : ue);
        }
      }
    }
    System.out.printf(
        "%s: %.2f steps/s, probe %.1f µs/record, active %s%n",
        name,
        steps / ((System.nanoTime() - t0) / 1e9),
        probeNanos / 1e3 / probeRecords,
        d.active().keySet());
  }
}
