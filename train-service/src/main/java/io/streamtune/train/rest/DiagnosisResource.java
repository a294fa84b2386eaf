package io.streamtune.train.rest;

import io.streamtune.train.doctor.Diagnosis;
import io.streamtune.train.doctor.Doctor;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /train/diagnosis}: why the model is (not) learning — the learning doctor's active
 * findings (cause, evidence numbers, since when, suggested fix), recent history and actions.
 * Read-only, open like /train/status.
 */
@Path("/train/diagnosis")
public class DiagnosisResource {

  private final Doctor doctor;

  public DiagnosisResource(Doctor doctor) {
    this.doctor = doctor;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Diagnosis diagnosis() {
    return doctor.diagnosis();
  }
}
