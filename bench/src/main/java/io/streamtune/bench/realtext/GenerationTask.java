package io.streamtune.bench.realtext;

import io.streamtune.bench.run.Http;
import io.streamtune.common.baseline.CharNgram;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Generation task: a passage's first sentence(s) as the prompt, the next sentence as the
 * completion. Measured as held-out loss per completion byte, in bits, end of completion included,
 * for Streamtune (through POST /train/score) and for a byte n-gram fitted to the same training
 * pairs. Pairs whose completion the trainer had to cut (it does not fit its context) are left out
 * of both, so both are scored on the same whole completions.
 */
final class GenerationTask implements BenchTask {

  private static final double LN2 = Math.log(2);

  private final Split.Parts parts;
  private final Messer.Stream stream;
  private final int passes;
  private final int order;
  private final int maxCompletionChars;
  private final List<String[]> pairs = new ArrayList<>();
  private boolean[] usable;

  GenerationTask(List<Passage> passages, Set<String> heldOut, Options o) {
    List<Example> all = Tasks.generation(passages, 60, o.maxCompletionChars());
    Split.Parts p = Split.split(all, heldOut, o.heldOut(), o.seed());
    List<Example> train = Split.cap(p.train(), o.maxTrain(), o.seed());
    this.parts = new Split.Parts(train, p.heldOut(), heldOut);
    this.stream = Messer.mess(train, Map.of(), Messer.Rates.live(), o.seed());
    this.passes = o.passes();
    this.order = o.ngramOrder();
    this.maxCompletionChars = o.maxCompletionChars();
    parts.heldOut().forEach(e -> pairs.add(new String[] {e.input(), e.target()}));
  }

  @Override
  public String name() {
    return "generation";
  }

  @Override
  public String measure() {
    return "held-out loss per completion byte, bits (lower is better), " + pairs.size() + " pairs";
  }

  @Override
  public List<String> settings() {
    return List.of("-Dingest.limits.overflow=truncate", "-Dtrain.data.passes=" + passes);
  }

  @Override
  public List<String> streamLines() {
    return stream.ndjson("prompt", "completion");
  }

  @Override
  public List<String> describe() {
    Messer.Counts c = stream.counts();
    double prompt = parts.train().stream().mapToInt(e -> e.input().length()).average().orElse(0);
    double completion =
        parts.train().stream().mapToInt(e -> e.target().length()).average().orElse(0);
    return List.of(
        String.format(
            Locale.ROOT,
            "training: %d clean pairs (prompt mean %.0f chars, completion mean %.0f chars, at most"
                + " %d)",
            parts.train().size(),
            prompt,
            completion,
            maxCompletionChars),
        String.format(
            Locale.ROOT,
            "stream: %d lines = %d originals (%d HTML, %d whitespace noise) + %d exact duplicates"
                + " + %d near duplicates + %d conflicting completions + %d blanks",
            c.lines(),
            c.originals(),
            c.html(),
            c.whitespace(),
            c.duplicates(),
            c.nearDuplicates(),
            c.conflicts(),
            c.blanks()),
        String.format(
            Locale.ROOT,
            "held out: %d clean pairs from %d addresses nobody trains on%s",
            pairs.size(),
            parts.heldOutAddresses().size(),
            usable == null ? "" : ", " + count(usable) + " whole in the trainer's context"));
  }

  @Override
  public List<String> columns() {
    return List.of("bits_per_byte");
  }

  @Override
  public LinkedHashMap<String, double[]> baselines() {
    CharNgram ngram =
        CharNgram.exact(order); // a bounded corpus: exact counts, the fairest yardstick
    parts.train().forEach(e -> ngram.add(e.input(), e.target()));
    double nats = 0;
    long bytes = 0;
    for (int i = 0; i < pairs.size(); i++) {
      if (usable == null || usable[i]) {
        nats += ngram.loss(pairs.get(i)[0], pairs.get(i)[1]);
        bytes += CharNgram.symbols(pairs.get(i)[1]) - 1; // bytes, not the end symbol
      }
    }
    LinkedHashMap<String, double[]> out = new LinkedHashMap<>();
    out.put(
        "byte " + order + "-gram, interpolated Witten-Bell",
        new double[] {nats / LN2 / Math.max(1, bytes)});
    return out;
  }

  @Override
  public double[] measureNow(Http http) throws IOException, InterruptedException {
    List<Http.Score> scores = http.score(pairs);
    if (usable == null) {
      usable = new boolean[pairs.size()];
      for (int i = 0; i < usable.length; i++) {
        usable[i] = !scores.get(i).truncated();
      }
    }
    double nats = 0;
    long bytes = 0;
    for (int i = 0; i < pairs.size(); i++) {
      if (usable[i]) {
        nats -= scores.get(i).logProb();
        bytes += scores.get(i).bytes();
      }
    }
    return new double[] {nats / LN2 / Math.max(1, bytes)};
  }

  private static int count(boolean[] b) {
    int n = 0;
    for (boolean x : b) {
      n += x ? 1 : 0;
    }
    return n;
  }
}
