package io.streamtune.kafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-line summary that {@code ./streamtune status} and {@code up --demo} print: records
 * cleaned and rejected, training step and losses, eval accuracy, mean reward, doctor findings. It
 * reads each service's Prometheus metrics, the interface every service guarantees, and shows what
 * exists.
 */
final class StatusLine {

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, String> baseUrls;

  /**
   * @param baseUrls service name (ingest, train, reward) → base URL
   */
  StatusLine(Map<String, String> baseUrls) {
    this.baseUrls = baseUrls;
  }

  /** One Prometheus sample: name, its labels as written, value. */
  record Sample(String name, String labels, double value) {
    boolean has(String label, String value) {
      return labels != null && labels.contains(label + "=\"" + value + "\"");
    }
  }

  String render() {
    List<String> parts = new ArrayList<>();
    List<Sample> train = scrape("train");
    parts.add(ingest(scrape("ingest")));
    parts.add(train(train));
    parts.add(reward(scrape("reward")));
    String findings = doctor(train);
    if (findings != null) {
      parts.add(findings);
    }
    return String.join(" | ", parts);
  }

  private static String ingest(List<Sample> m) {
    if (m == null) {
      return "ingest: down";
    }
    String records = "streamtune_ingest_records_total";
    return String.format(
        Locale.ROOT,
        "ingest: %.0f clean, %.0f eval, %.0f rejected",
        sum(m, records, s -> s.has("outcome", "clean")),
        sum(m, records, s -> s.has("outcome", "eval")),
        sum(m, records, s -> s.has("outcome", "rejected")));
  }

  private static String train(List<Sample> m) {
    if (m == null) {
      return "train: down";
    }
    double steps = sum(m, "streamtune_train_steps_total", s -> true);
    double trainLoss = sum(m, "streamtune_train_loss", s -> s.has("split", "train"));
    double evalLoss = sum(m, "streamtune_train_loss", s -> s.has("split", "eval"));
    double accuracy = sum(m, "streamtune_train_eval_accuracy", s -> true);
    return String.format(
        Locale.ROOT,
        "train: step %.0f, loss %s (eval %s), eval acc %s",
        steps,
        number(trainLoss),
        number(evalLoss),
        number(accuracy));
  }

  private static String reward(List<Sample> m) {
    if (m == null) {
      return "reward: down";
    }
    String score = "streamtune_reward_score";
    double count = sum(m, score + "_count", s -> s.has("scorer", "combined"));
    double total = sum(m, score + "_sum", s -> s.has("scorer", "combined"));
    return count == 0
        ? "reward: no outputs scored yet"
        : String.format(Locale.ROOT, "reward: mean %.3f over %.0f", total / count, count);
  }

  /** The learning doctor's active findings, from the train service's metrics. */
  private static String doctor(List<Sample> m) {
    if (m == null) {
      return null;
    }
    List<String> causes = new ArrayList<>();
    for (Sample s : m) {
      if (s.name().equals("streamtune_doctor_finding") && s.value() >= 1) {
        Matcher cause = Pattern.compile("cause=\"([^\"]*)\"").matcher(s.labels());
        causes.add(cause.find() ? cause.group(1) : "?");
      }
    }
    return causes.isEmpty() ? "doctor: no findings" : "doctor: " + String.join(", ", causes);
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }

  /** Sum of the samples of {@code name} that match; NaN when there are none. */
  static double sum(List<Sample> samples, String name, Predicate<Sample> filter) {
    double total = 0;
    boolean any = false;
    for (Sample s : samples) {
      if (s.name().equals(name) && filter.test(s) && !Double.isNaN(s.value())) {
        total += s.value();
        any = true;
      }
    }
    return any ? total : (name.endsWith("_total") || name.endsWith("_count") ? 0 : Double.NaN);
  }

  /** The service's metrics, or null when it does not answer. */
  private List<Sample> scrape(String service) {
    String base = baseUrls.get(service);
    if (base == null) {
      return null;
    }
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/q/metrics"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? parse(response.body()) : null;
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (m.find()) {
        try {
          samples.add(new Sample(m.group(1), m.group(3), Double.parseDouble(m.group(4))));
        } catch (NumberFormatException ignored) {
          // not a sample line
        }
      }
    }
    return samples;
  }
}
