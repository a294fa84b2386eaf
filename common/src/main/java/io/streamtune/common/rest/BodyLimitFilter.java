package io.streamtune.common.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request announcing a body over {@code quarkus.http.limits.max-body-size} is answered 413 from
 * its headers, after {@code streamtune.http.refusal-delay-millis} with the socket paused and then
 * closed: the body is never read, and a client that re-sends 10 MB in a loop is held to one try per
 * delay, blocked on its own socket, instead of streaming megabytes a second into the service
 * (Quarkus's own check answers at once, drains the body and lets the client start again). Chunked
 * bodies without a length are still bounded by Quarkus's check as they are read.
 */
@ApplicationScoped
public class BodyLimitFilter {

  private final long limit;
  private final long delayMillis;

  @Inject
  public BodyLimitFilter(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
          MemorySize limit,
      @ConfigProperty(name = "streamtune.http.refusal-delay-millis", defaultValue = "1000")
          long delayMillis) {
    if (delayMillis < 0 || delayMillis > 60_000) {
      throw new IllegalArgumentException(
          "streamtune.http.refusal-delay-millis must be in [0, 60000], was " + delayMillis);
    }
    this.limit = limit.asLongValue();
    this.delayMillis = delayMillis;
  }

  /**
   * Installed after {@link ApiKeyFilter}, at its order: a caller without the key learns nothing of
   * the limit (401, not 413), and neither reads the body.
   */
  void install(@Observes @Priority(2) Router router) {
    router.route().order(ApiKeyFilter.ORDER).handler(this::handle);
  }

  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    long announced = length(request.getHeader("Content-Length"));
    if (announced <= limit) {
      ctx.next();
      return;
    }
    request.pause(); // read nothing more: the client waits on its own full socket
    String message =
        "the body of "
            + announced
            + " bytes is over quarkus.http.limits.max-body-size ("
            + limit
            + " bytes)";
    Runnable refuse =
        () ->
            ctx.response()
                .setStatusCode(413)
                .putHeader("Connection", "close")
                .putHeader("Content-Type", "application/json")
                .end(Errors.json(message));
    if (delayMillis == 0) {
      refuse.run();
    } else {
      ctx.vertx().setTimer(delayMillis, id -> refuse.run());
    }
  }

  private static long length(String header) {
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1; // not ours to judge: Vert.x refuses a malformed length itself
    }
  }
}
