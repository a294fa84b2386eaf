package io.streamtune.bench.realtext;

import io.streamtune.bench.run.Http;
import io.streamtune.common.baseline.NaiveBayes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Label task: a passage's era, from its text. Accuracy, balanced accuracy and recall per era. */
final class LabelTask implements BenchTask {

  private final Split.Parts parts;
  private final Messer.Stream stream;
  private final int passes;
  private final List<String> truth = new ArrayList<>();
  private final List<String> texts = new ArrayList<>();
  private final String minority;

  LabelTask(List<Passage> passages, Set<String> heldOut, Options o) {
    List<Example> all = Tasks.labels(passages);
    Split.Parts p = Split.split(all, heldOut, o.heldOut(), o.seed());
    List<Example> train = Split.cap(p.train(), o.maxTrain(), o.seed());
    this.parts = new Split.Parts(train, p.heldOut(), heldOut);
    this.stream = Messer.mess(train, Era.ALIASES, Messer.Rates.live(), o.seed());
    this.passes = o.passes();
    for (Example e : parts.heldOut()) {
      truth.add(e.target());
      texts.add(e.input());
    }
    this.minority = LabelScores.minority(truth, Era.LABELS);
  }

  @Override
  public String name() {
    return "label";
  }

  @Override
  public String measure() {
    return "held-out era of " + truth.size() + " passages (accuracy, balanced accuracy, recall)";
  }

  @Override
  public List<String> settings() {
    String labels = String.join(",", Era.LABELS);
    return List.of(
        "-Dingest.labels.allowed=" + labels,
        "-Dingest.labels.aliases=" + Era.aliasProperty(),
        "-Dingest.limits.overflow=truncate",
        "-Dtrain.model.labels=" + labels,
        "-Dtrain.data.passes=" + passes);
  }

  @Override
  public List<String> streamLines() {
    return stream.ndjson("text", "label");
  }

  @Override
  public List<String> describe() {
    Messer.Counts c = stream.counts();
    double meanChars = parts.train().stream().mapToInt(e -> e.input().length()).average().orElse(0);
    long longer = parts.train().stream().filter(e -> e.input().length() > 128).count();
    List<String> out = new ArrayList<>();
    out.add(
        String.format(
            Locale.ROOT,
            "training: %d clean passages (mean %.0f chars, %.0f%% longer than 128), share by era %s",
            parts.train().size(),
            meanChars,
            100.0 * longer / Math.max(1, parts.train().size()),
            shares(parts.train())));
    out.add(
        String.format(
            Locale.ROOT,
            "stream: %d lines = %d originals (%d label aliases or case variants, %d HTML, %d"
                + " whitespace noise) + %d exact duplicates + %d near duplicates + %d conflicting"
                + " labels + %d blanks",
            c.lines(),
            c.originals(),
            c.aliases(),
            c.html(),
            c.whitespace(),
            c.duplicates(),
            c.nearDuplicates(),
            c.conflicts(),
            c.blanks()));
    out.add(
        String.format(
            Locale.ROOT,
            "held out: %d clean passages from %d addresses nobody trains on, share by era %s;"
                + " minority (min_recall): %s",
            parts.heldOut().size(),
            parts.heldOutAddresses().size(),
            shares(parts.heldOut()),
            minority));
    return out;
  }

  private static String shares(List<Example> examples) {
    StringBuilder s = new StringBuilder();
    for (String label : Era.LABELS) {
      long n = examples.stream().filter(e -> e.target().equals(label)).count();
      s.append(
          String.format(
              Locale.ROOT,
              "%s%s %.2f",
              s.length() == 0 ? "" : ", ",
              label,
              (double) n / Math.max(1, examples.size())));
    }
    return s.toString();
  }

  @Override
  public List<String> columns() {
    List<String> cols = new ArrayList<>(List.of("accuracy", "balanced", "min_recall"));
    Era.LABELS.forEach(l -> cols.add("rec_" + l));
    return cols;
  }

  @Override
  public LinkedHashMap<String, double[]> baselines() {
    NaiveBayes nb = NaiveBayes.exact(); // a bounded corpus: exact counts, the fairest yardstick
    parts.train().forEach(e -> nb.add(e.input(), e.target()));
    List<String> nbAnswers = texts.stream().map(nb::predict).toList();
    String majority = LabelScores.majority(parts.train());
    List<String> majorityAnswers = texts.stream().map(t -> majority).toList();
    LinkedHashMap<String, double[]> out = new LinkedHashMap<>();
    out.put(
        "Naive Bayes (word 1+2-grams, Laplace)", row(LabelScores.of(truth, nbAnswers, Era.LABELS)));
    out.put(
        "majority class (" + majority + ")",
        row(LabelScores.of(truth, majorityAnswers, Era.LABELS)));
    return out;
  }

  @Override
  public double[] measureNow(Http http) throws IOException, InterruptedException {
    return row(LabelScores.of(truth, http.predict(texts), Era.LABELS));
  }

  private double[] row(LabelScores s) {
    double[] r = new double[3 + Era.LABELS.size()];
    r[0] = s.accuracy();
    r[1] = s.balancedAccuracy();
    r[2] = s.recall().getOrDefault(minority, Double.NaN);
    for (int i = 0; i < Era.LABELS.size(); i++) {
      r[3 + i] = s.recall().getOrDefault(Era.LABELS.get(i), Double.NaN);
    }
    return r;
  }
}
