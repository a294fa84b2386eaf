package io.streamtune.train.training;

/**
 * What one optimizer step did.
 *
 * @param step the trainer's step count after this step (skipped steps count)
 * @param taskLoss mean cross-entropy per completion token (nats)
 * @param rewardLoss the REINFORCE term before λ: mean −(reward − baseline)·log p(completion|prompt)
 * @param totalLoss taskLoss + λ·rewardLoss
 * @param gradNorm global L2 norm of the gradient before clipping
 * @param updateRatio ‖Δw‖ / ‖w‖ over all trainable parameters (0 when skipped)
 * @param learningRate the learning rate this step used (schedule applied)
 * @param examples training examples in the batch
 * @param tokens tokens processed (inputs of the task batch and the rewarded samples)
 * @param truncated examples whose input exceeded the prompt budget and was cut
 * @param skippedNonFinite true when a non-finite loss or gradient made the step leave the weights
 */
public record StepStats(
    long step,
    double taskLoss,
    double rewardLoss,
    double totalLoss,
    double gradNorm,
    double updateRatio,
    double learningRate,
    int examples,
    int tokens,
    int truncated,
    boolean skippedNonFinite) {}
