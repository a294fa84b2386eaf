package io.streamtune.train.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.common.JsonSerde;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the ingest service's {@code GET /quality} (fields of its {@code QualityReport}: outcomes,
 * reasons, labels, duplicateRate, conflictRate). Any failure — down, slow, not JSON — is an empty
 * answer: the data findings then keep their last state and training is never disturbed.
 */
public final class QualityClient {

  private final HttpClient http;
  private final URI url;
  private final Duration timeout;

  public QualityClient(String url, Duration timeout) {
    this.url = URI.create(url);
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** The current numbers, or empty when the ingest service cannot be asked. */
  public Optional<QualitySnapshot> fetch() {
    Report r = report();
    return r.json() == null ? Optional.empty() : parse(r.json());
  }

  /**
   * The ingest service's report as it sent it ({@code json}), or why there is none ({@code
   * problem}, in words): what {@code GET /train/quality} relays.
   */
  public record Report(String json, String problem) {}

  /** Asks once; never throws. */
  public Report report() {
    try {
      HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
      HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
      return res.statusCode() == 200
          ? new Report(res.body(), null)
          : new Report(null, "the ingest service at " + url + " answered " + res.statusCode());
    } catch (IOException | RuntimeException e) {
      return new Report(null, "the ingest service at " + url + " cannot be reached: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Report(null, "interrupted while asking " + url);
    }
  }

  /**
   * Parses a quality report. Validated records = admitted (clean + eval) + duplicate +
   * near_duplicate + label_conflict, the denominator of the ingest service's rates.
   */
  public static Optional<QualitySnapshot> parse(String json) {
    try {
      JsonNode n = JsonSerde.MAPPER.readTree(json);
      if (n == null || !n.isObject() || !n.path("duplicateRate").isNumber()) {
        return Optional.empty();
      }
      long validated =
          n.path("outcomes").path("clean").asLong(0)
              + n.path("outcomes").path("eval").asLong(0)
              + n.path("reasons").path("duplicate").asLong(0)
              + n.path("reasons").path("near_duplicate").asLong(0)
              + n.path("reasons").path("label_conflict").asLong(0);
      Map<String, Long> labels = new LinkedHashMap<>();
      n.path("labels")
          .fields()
          .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asLong(0)));
      return Optional.of(
          new QualitySnapshot(
              validated,
              n.path("duplicateRate").asDouble(0),
              n.path("conflictRate").asDouble(0),
              labels));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
