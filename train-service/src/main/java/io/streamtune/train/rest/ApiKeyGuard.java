package io.streamtune.train.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Guards state-changing endpoints: header X-API-Key must equal {@code streamtune.api-key} (env
 * STREAMTUNE_API_KEY), compared in constant time. No key configured → 503 telling the operator what
 * to set; a wrong or missing key → 401. The key is shared by all services, hence a plain property
 * rather than part of {@code train.*}.
 */
@ApplicationScoped
public class ApiKeyGuard {

  public static final String HEADER = "X-API-Key";

  private final Optional<String> key;

  public ApiKeyGuard(@ConfigProperty(name = "streamtune.api-key") Optional<String> key) {
    this.key = key.filter(k -> !k.isBlank());
  }

  public void check(String presented) {
    if (key.isEmpty()) {
      throw fail(
          Response.Status.SERVICE_UNAVAILABLE,
          "admin endpoints are disabled: set STREAMTUNE_API_KEY (property streamtune.api-key)");
    }
    byte[] expected = key.get().getBytes(StandardCharsets.UTF_8);
    byte[] given = presented == null ? new byte[0] : presented.getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected, given)) {
      throw fail(Response.Status.UNAUTHORIZED, "missing or wrong " + HEADER + " header");
    }
  }

  static WebApplicationException fail(Response.Status status, String message) {
    return new WebApplicationException(
        Response.status(status)
            .type(MediaType.APPLICATION_JSON)
            .entity(Map.of("error", message))
            .build());
  }
}
