package io.streamtune.train.rest;

import io.streamtune.common.JsonSerde;
import io.streamtune.train.doctor.DoctorConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * {@code GET /train/quality}: the ingest service's data-quality report, relayed from the URL the
 * learning doctor reads ({@code train.doctor.quality.url}), so the live page served here can show
 * the data warnings without a cross-origin call. Read-only.
 */
@Path("/train/quality")
public class QualityResource {

  private final DoctorConfig config;
  private final HttpClient http = HttpClient.newHttpClient();

  public QualityResource(DoctorConfig config) {
    this.config = config;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response quality() {
    String url = config.quality().url();
    try {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(config.quality().timeout()).build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() == 200) {
        return Response.ok(answer.body()).build();
      }
      return unavailable("the ingest service at " + url + " answered " + answer.statusCode());
    } catch (IOException | IllegalArgumentException e) {
      return unavailable("the ingest service at " + url + " cannot be reached: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unavailable("interrupted while asking " + url);
    }
  }

  private static Response unavailable(String why) {
    try {
      return Response.status(Response.Status.SERVICE_UNAVAILABLE)
          .entity(JsonSerde.MAPPER.writeValueAsString(Map.of("error", why)))
          .build();
    } catch (IOException e) {
      return Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
    }
  }
}
