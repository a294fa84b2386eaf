package io.streamtune.common.rest;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The API-key check of every service. It runs on the Vert.x router ahead of every other route
 * (Quarkus's body handler and the REST layer included), so a request without the right key is
 * answered from its headers alone: its body is never read, a 10 MB upload without a key costs
 * nothing but the headers, and the connection is closed rather than drained.
 *
 * <p>Guarded: every POST, PUT, PATCH and DELETE (the methods that change state), except the
 * read-only model queries named in {@code streamtune.auth.predict-paths}, which are guarded only
 * when {@code streamtune.auth.predict=true}. A new state-changing endpoint is therefore guarded
 * without anyone remembering to.
 *
 * <p>The header {@code X-API-Key} must equal {@code streamtune.api-key} (env STREAMTUNE_API_KEY),
 * both trimmed. The comparison is of SHA-256 digests with {@link MessageDigest#isEqual}: constant
 * time, and the key's length does not show either. No key configured → 503 saying what to set; a
 * wrong or missing key → 401.
 */
@ApplicationScoped
public class ApiKeyFilter {

  public static final String HEADER = "X-API-Key";

  /**
   * Route order: before Quarkus's body handler ({@code Integer.MIN_VALUE + 1}) and every REST
   * route, so nothing has read the body yet.
   */
  static final int ORDER = Integer.MIN_VALUE;

  private static final Set<HttpMethod> CHANGING =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  /** An answer instead of the endpoint's. */
  public record Rejection(int status, String message) {}

  private final byte[] keyDigest;
  private final boolean predict;
  private final Set<String> predictPaths;

  @Inject
  public ApiKeyFilter(
      @ConfigProperty(name = "streamtune.api-key") Optional<String> key,
      @ConfigProperty(name = "streamtune.auth.predict", defaultValue = "false") boolean predict,
      @ConfigProperty(name = "streamtune.auth.predict-paths") Optional<List<String>> predictPaths) {
    String k = key.map(String::trim).orElse("");
    this.keyDigest = k.isEmpty() ? null : sha256(k);
    this.predict = predict;
    this.predictPaths =
        Set.copyOf(predictPaths.orElse(List.of()).stream().map(ApiKeyFilter::trimPath).toList());
  }

  /** Installed before {@link BodyLimitFilter} (routes of one order run as added). */
  void install(@Observes @Priority(1) Router router) {
    router.route().order(ORDER).handler(this::handle);
  }

  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Rejection r = check(request.method(), ctx.normalizedPath(), request.getHeader(HEADER));
    if (r == null) {
      ctx.next();
      return;
    }
    if (!request.isEnded()) {
      // the body is still on its way: close rather than read it just to keep the connection
      ctx.response().putHeader("Connection", "close");
    }
    ctx.response()
        .setStatusCode(r.status())
        .putHeader("Content-Type", "application/json")
        .end(Errors.json(r.message()));
  }

  /** Null: let the request through; otherwise the answer to give instead. */
  public Rejection check(HttpMethod method, String path, String presented) {
    if (!CHANGING.contains(method)) {
      return null;
    }
    if (!predict && predictPaths.contains(trimPath(path))) {
      return null;
    }
    if (keyDigest == null) {
      return new Rejection(
          503,
          "this endpoint needs an API key and none is configured: set STREAMTUNE_API_KEY"
              + " (streamtune.api-key)");
    }
    byte[] given = sha256(presented == null ? "" : presented.trim());
    if (!MessageDigest.isEqual(keyDigest, given)) {
      return new Rejection(401, "missing or wrong " + HEADER + " header");
    }
    return null;
  }

  private static String trimPath(String path) {
    String p = path == null ? "/" : path.trim();
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
