package io.streamtune.train.rest;

import io.streamtune.common.JsonSerde;
import io.streamtune.train.doctor.QualityClient;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /train/quality}: the ingest service's data-quality report (the whole ingest
 * application's numbers), relayed through the same {@link QualityClient} the learning doctor reads
 * ({@code train.doctor.quality.url}), so the live page served here can show the data warnings
 * without a cross-origin call. Read-only.
 */
@Path("/train/quality")
public class QualityResource {

  private final QualityClient client;

  public QualityResource(QualityClient client) {
    this.client = client;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response quality() {
    QualityClient.Report report = client.report();
    return report.json() != null
        ? Response.ok(report.json()).build()
        : unavailable(report.problem());
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
