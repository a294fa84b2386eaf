package io.streamtune.ingest.rest;

import io.smallrye.common.annotation.Blocking;
import io.streamtune.common.Topics;
import io.streamtune.common.rest.Errors;
import io.streamtune.ingest.config.IngestSettings;
import io.streamtune.ingest.kafka.RawProducer;
import io.streamtune.ingest.metrics.IngestMetrics;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /records} (API key, checked by {@link io.streamtune.common.rest.ApiKeyFilter} before
 * the body is read): NDJSON, a JSON array or CSV with a header, by Content-Type. Every record goes
 * to {@code records.raw} as raw bytes; cleaning happens in the stream.
 */
@Path("/records")
public class RecordsResource {

  private final RawProducer producer;
  private final IngestSettings settings;
  private final IngestMetrics metrics;

  public RecordsResource(RawProducer producer, IngestSettings settings, IngestMetrics metrics) {
    this.producer = producer;
    this.settings = settings;
    this.metrics = metrics;
  }

  @POST
  @Blocking
  @Produces(MediaType.APPLICATION_JSON)
  public Response upload(@HeaderParam("Content-Type") String contentType, byte[] body) {
    String format = UploadParser.format(contentType);
    if (format == null) {
      return Errors.response(
          Response.Status.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be application/x-ndjson, application/json or text/csv");
    }
    if (body == null || body.length == 0) {
      return Errors.response(Response.Status.BAD_REQUEST, "the body is empty");
    }
    if (body.length > settings.uploadMaxBytes()) {
      return Errors.response(
          Response.Status.REQUEST_ENTITY_TOO_LARGE,
          body.length + " bytes is over ingest.upload.max-bytes=" + settings.uploadMaxBytes());
    }
    List<byte[]> records;
    try {
      records = UploadParser.split(format, body, settings.uploadMaxRecords());
    } catch (UploadParser.BadUpload e) {
      return Errors.response(Response.Status.BAD_REQUEST, e.getMessage());
    }
    try {
      producer.sendAll(records);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Errors.response(Response.Status.SERVICE_UNAVAILABLE, "interrupted while sending");
    } catch (Exception e) {
      return Errors.response(
          Response.Status.SERVICE_UNAVAILABLE, "could not write to Kafka: " + e.getMessage());
    }
    metrics.onUploaded(records.size());
    return Response.accepted(
            Map.of(
                "accepted", records.size(), "format", format, "topic", Topics.RECORDS_RAW.name()))
        .build();
  }
}
