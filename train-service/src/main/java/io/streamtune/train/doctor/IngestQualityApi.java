package io.streamtune.train.doctor;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The ingest service's {@code GET /quality}, as a Quarkus REST client. Its base URL is the whole
 * {@code train.doctor.quality.url} (path included), so the one method asks that URL itself; {@link
 * QualityClient} builds it with the configured timeout. No API key: the ingest service guards only
 * writes.
 */
@RegisterRestClient
public interface IngestQualityApi {

  /** The report as the ingest service sent it; an answer other than 2xx throws. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  String quality();
}
