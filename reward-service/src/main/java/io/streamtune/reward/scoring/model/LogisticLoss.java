package io.streamtune.reward.scoring.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Binary cross-entropy on logits, written with tensor-only operations: {@code max(x,0) − x·y +
 * log(1 + e^−|x|)}. No Java scalar enters the autograd graph (see ENVIRONMENT.md, DJL pitfall 1).
 */
final class LogisticLoss extends Loss {

  LogisticLoss() {
    super("logistic");
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray logits = predictions.singletonOrThrow();
    NDArray y = labels.singletonOrThrow().reshape(logits.getShape());
    NDArray positive = logits.maximum(logits.zerosLike());
    NDArray e = logits.abs().neg().exp();
    NDArray softplus = e.add(e.onesLike()).log();
    return positive.sub(logits.mul(y)).add(softplus).mean();
  }
}
