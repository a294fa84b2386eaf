package io.streamtune.ingest.rest;

import io.streamtune.ingest.config.ApiKeyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/** Checks {@code X-API-Key} against {@code streamtune.api-key} in constant time. */
@ApplicationScoped
public class ApiKeyGuard {

  private final ApiKeyConfig config;

  public ApiKeyGuard(ApiKeyConfig config) {
    this.config = config;
  }

  /** Null when the key is right; else the response to send (503 unset, 401 wrong or missing). */
  public Response check(String presented) {
    String expected = config.apiKey().map(String::trim).orElse("");
    if (expected.isEmpty()) {
      return error(
          Response.Status.SERVICE_UNAVAILABLE,
          "no API key is configured: set STREAMTUNE_API_KEY (streamtune.api-key) to enable this"
              + " endpoint");
    }
    byte[] a = expected.getBytes(StandardCharsets.UTF_8);
    byte[] b = presented == null ? new byte[0] : presented.getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(a, b)) {
      return error(Response.Status.UNAUTHORIZED, "missing or wrong X-API-Key header");
    }
    return null;
  }

  static Response error(Response.Status status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", message))
        .build();
  }
}
