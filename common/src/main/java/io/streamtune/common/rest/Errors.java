package io.streamtune.common.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.streamtune.common.JsonSerde;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The one error body of every service's REST endpoints: {@code {"error": "what to do"}}. */
public final class Errors {

  private Errors() {}

  /** The response to send. */
  public static Response response(Response.Status status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", message))
        .build();
  }

  /** The same response as an exception, for resource methods that return a value. */
  public static WebApplicationException fail(Response.Status status, String message) {
    return new WebApplicationException(response(status, message));
  }

  /** The body as JSON text, for handlers below JAX-RS (the Vert.x route filter). */
  static String json(String message) {
    try {
      return JsonSerde.MAPPER.writeValueAsString(Map.of("error", message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a map of two strings always serializes
    }
  }
}
