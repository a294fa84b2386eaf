package io.streamtune.ingest.rest;

import io.streamtune.ingest.metrics.ClusterQuality;
import io.streamtune.ingest.metrics.IngestMetrics;
import io.streamtune.ingest.metrics.QualityReport;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /quality}: what the whole application let through and what it removed, with warnings
 * (every instance answers the same; see {@link ClusterQuality}).
 */
@Path("/quality")
public class QualityResource {

  private final IngestMetrics metrics;
  private final ClusterQuality cluster;

  public QualityResource(IngestMetrics metrics, ClusterQuality cluster) {
    this.metrics = metrics;
    this.cluster = cluster;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public QualityReport quality() {
    return cluster.report(metrics.stats());
  }
}
