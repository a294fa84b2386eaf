package io.streamtune.train.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.streamtune.common.JsonSerde;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.Fallback;

/**
 * Reads the ingest service's {@code GET /quality} (fields of its {@code QualityReport}: outcomes,
 * reasons, labels, duplicateRate, conflictRate) through the REST client {@link IngestQualityApi}.
 * Any failure — down, slow, an error status, not JSON — is an empty answer (SmallRye Fault
 * Tolerance's {@code @Fallback}): the data findings then keep their last state and training is
 * never disturbed.
 */
@Singleton
public class QualityClient {

  private final IngestQualityApi api;
  private final String url;

  @Inject
  public QualityClient(DoctorConfig config) {
    this(config.quality().url(), api(config.quality().url(), config.quality().timeout()));
  }

  /** Asks through {@code api}; tests hand in their own (the REST client needs a running app). */
  QualityClient(String url, IngestQualityApi api) {
    this.url = url;
    this.api = api;
  }

  /** The REST client for {@code url}, giving up after {@code timeout} to connect and to read. */
  private static IngestQualityApi api(String url, Duration timeout) {
    return QuarkusRestClientBuilder.newBuilder()
        .baseUri(URI.create(url))
        .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .build(IngestQualityApi.class);
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

  /** Asks once; a failure becomes {@link #unanswered}, never an exception to the caller. */
  @Fallback(fallbackMethod = "unanswered")
  public Report report() {
    return new Report(api.quality(), null);
  }

  /** Why {@link #report} has no answer, in words. */
  Report unanswered(Throwable e) {
    if (e instanceof WebApplicationException w) {
      return new Report(
          null, "the ingest service at " + url + " answered " + w.getResponse().getStatus());
    }
    return new Report(null, "the ingest service at " + url + " cannot be reached: " + e);
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
