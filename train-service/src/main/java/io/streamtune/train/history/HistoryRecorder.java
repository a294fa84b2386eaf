package io.streamtune.train.history;

import io.streamtune.train.config.TrainConfig;
import io.streamtune.train.observe.EvalObserved;
import io.streamtune.train.observe.StepObserved;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Feeds the run's {@link TrainHistory} from the training thread's step and evaluation events. */
@ApplicationScoped
public class HistoryRecorder {

  private final TrainHistory history;

  public HistoryRecorder(TrainConfig config) {
    this.history = new TrainHistory(Math.max(2, config.history().points()));
  }

  void onStep(@Observes StepObserved e) {
    history.onStep(e.stats(), e.rewardsUsed(), e.at());
  }

  void onEval(@Observes EvalObserved e) {
    history.onEval(e.step(), e.stats());
  }

  public TrainHistory.View view() {
    return history.view();
  }
}
