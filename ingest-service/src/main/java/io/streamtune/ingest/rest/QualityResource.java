package io.streamtune.ingest.rest;

import io.streamtune.ingest.metrics.IngestMetrics;
import io.streamtune.ingest.metrics.QualityReport;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /quality}: what this instance let through and what it removed, with warnings. */
@Path("/quality")
public class QualityResource {

  private final IngestMetrics metrics;

  public QualityResource(IngestMetrics metrics) {
    this.metrics = metrics;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public QualityReport quality() {
    return QualityReport.of(metrics.stats().snapshot());
  }
}
