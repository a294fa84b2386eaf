package io.streamtune.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.common.JsonSerde;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** What the end-to-end tests read from the running services over HTTP. */
final class Services {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Services() {}

  static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The trainer's GET /train/status. */
  static JsonNode status(String train) throws Exception {
    HttpResponse<String> response = get(train + "/train/status");
    assertEquals(200, response.statusCode(), response.body());
    return JsonSerde.MAPPER.readTree(response.body());
  }

  /**
   * Polls the trainer's status every second until {@code done}; fails after {@code seconds}. A
   * request that times out is asked again: on a loaded machine a slow answer is not the failure.
   */
  static JsonNode waitFor(String train, Predicate<JsonNode> done, int seconds, String what)
      throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    JsonNode s = null;
    while (true) {
      try {
        s = status(train);
        if (done.test(s)) {
          return s;
        }
      } catch (java.io.IOException slow) {
        // asked again below
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("waited " + seconds + " s for " + what + "; last status " + s);
      }
      Thread.sleep(1_000);
    }
  }
}
