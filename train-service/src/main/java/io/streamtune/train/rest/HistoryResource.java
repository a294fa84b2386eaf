package io.streamtune.train.rest;

import io.streamtune.train.history.HistoryRecorder;
import io.streamtune.train.history.TrainHistory;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The run's curves since step 0 (bounded: see {@code train.history.points}); the live page's. */
@Path("/train/history")
public class HistoryResource {

  private final HistoryRecorder recorder;

  public HistoryResource(HistoryRecorder recorder) {
    this.recorder = recorder;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public TrainHistory.View history() {
    return recorder.view();
  }
}
