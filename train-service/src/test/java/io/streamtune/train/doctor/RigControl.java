package io.streamtune.train.doctor;

import io.streamtune.train.training.OnlineTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The doctor's Treatment over a bare OnlineTrainer for the doctor's real-trainer tests: checkpoints
 * are the trainer's own state().save folders, rollback is the trainer's state().rollBackTo (as the
 * service's), events are kept in a list.
 */
final class RigControl implements Treatment {

  record Event(String type, Map<String, Object> details) {}

  private final OnlineTrainer trainer;
  private final Path dir;
  private final TreeMap<Long, Path> checkpoints = new TreeMap<>();
  final List<Event> events = new ArrayList<>();
  final List<String> reasons = new ArrayList<>();
  boolean stopped;
  int bestMarks;

  RigControl(OnlineTrainer trainer, Path dir) {
    this.trainer = trainer;
    this.dir = dir;
  }

  void checkpoint() {
    long step = trainer.progress().steps();
    try {
      Path d = Files.createDirectories(dir.resolve("step-" + step));
      trainer.state().save(d);
      checkpoints.put(step, d);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public double learningRate() {
    return trainer.hyperparameters().learningRate();
  }

  @Override
  public void setLearningRate(double lr, String reason) {
    reasons.add(reason);
    trainer.hyperparameters().setLearningRate(lr);
  }

  @Override
  public double lambda() {
    return trainer.hyperparameters().lambda();
  }

  @Override
  public void setLambda(double lambda, String reason) {
    reasons.add(reason);
    trainer.hyperparameters().setLambda(lambda);
  }

  @Override
  public OptionalLong rollbackTo(long maxStep, String reason) {
    reasons.add(reason);
    Map.Entry<Long, Path> e = checkpoints.floorEntry(maxStep);
    if (e == null) {
      return OptionalLong.empty();
    }
    try {
      trainer.state().rollBackTo(e.getValue());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    checkpoints.tailMap(e.getKey(), false).clear(); // later checkpoints hold diverged weights
    return OptionalLong.of(e.getKey());
  }

  @Override
  public void markBestCheckpoint(long bestEvalStep, String reason) {
    reasons.add(reason);
    bestMarks++;
  }

  @Override
  public void stopTraining(String reason) {
    reasons.add(reason);
    stopped = true;
  }

  @Override
  public void publishEvent(String type, Map<String, Object> details) {
    events.add(new Event(type, details));
  }

  List<Event> events(String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }
}
