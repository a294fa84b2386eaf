package io.streamtune.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The services' HTTP endpoints a benchmark reads: the trainer's status, predictions and scores, its
 * Prometheus counters, and ingest's quality report. Plain JDK HTTP client.
 */
public final class Http {

  /** What /train/predict and /train/score accept per request. */
  static final int CHUNK = 256;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String train;
  private final String ingest;

  public Http(int trainPort, int ingestPort) {
    this.train = "http://localhost:" + trainPort;
    this.ingest = "http://localhost:" + ingestPort;
  }

  public JsonNode status() throws IOException, InterruptedException {
    return get(train + "/train/status");
  }

  /** The learning doctor's GET /train/diagnosis: active findings, history and actions. */
  public JsonNode diagnosis() throws IOException, InterruptedException {
    return get(train + "/train/diagnosis");
  }

  public JsonNode quality() throws IOException, InterruptedException {
    return get(ingest + "/quality");
  }

  /** The sum of a metric's series on the trainer's /q/metrics (NaN when absent). */
  public double metric(String name) throws IOException, InterruptedException {
    String body = send(HttpRequest.newBuilder(URI.create(train + "/q/metrics")).GET().build());
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([^ \\n]+)").matcher(body);
    double sum = 0;
    boolean found = false;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
      found = true;
    }
    return found ? sum : Double.NaN;
  }

  /** The trainer's label for each text, through POST /train/predict. */
  public List<String> predict(List<String> texts) throws IOException, InterruptedException {
    List<String> out = new ArrayList<>();
    for (int from = 0; from < texts.size(); from += CHUNK) {
      var body = JSON.createArrayNode();
      texts
          .subList(from, Math.min(texts.size(), from + CHUNK))
          .forEach(t -> body.addObject().put("text", t));
      for (JsonNode a : post(train + "/train/predict", body)) {
        out.add(a.path("completion").asText());
      }
    }
    return out;
  }

  /** One answer of POST /train/score. */
  public record Score(double logProb, int tokens, int bytes, boolean truncated) {}

  /** log p(completion + EOS | prompt) per pair, through POST /train/score. */
  public List<Score> score(List<String[]> pairs) throws IOException, InterruptedException {
    List<Score> out = new ArrayList<>();
    for (int from = 0; from < pairs.size(); from += CHUNK) {
      var body = JSON.createArrayNode();
      for (String[] p : pairs.subList(from, Math.min(pairs.size(), from + CHUNK))) {
        body.addObject().put("prompt", p[0]).put("completion", p[1]);
      }
      for (JsonNode a : post(train + "/train/score", body)) {
        out.add(
            new Score(
                a.path("logProb").asDouble(),
                a.path("tokens").asInt(),
                a.path("bytes").asInt(),
                a.path("truncated").asBoolean()));
      }
    }
    return out;
  }

  private JsonNode get(String url) throws IOException, InterruptedException {
    return JSON.readTree(send(HttpRequest.newBuilder(URI.create(url)).GET().build()));
  }

  private JsonNode post(String url, JsonNode body) throws IOException, InterruptedException {
    return JSON.readTree(
        send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build()));
  }

  private String send(HttpRequest request) throws IOException, InterruptedException {
    HttpRequest timed =
        HttpRequest.newBuilder(request, (n, v) -> true).timeout(Duration.ofMinutes(5)).build();
    HttpResponse<String> r = client.send(timed, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(
          request.method() + " " + request.uri() + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }
}
