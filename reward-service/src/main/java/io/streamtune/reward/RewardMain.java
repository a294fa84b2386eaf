package io.streamtune.reward;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.streamtune.reward.scoring.model.TrainRewardModelCommand;
import java.util.Arrays;

/**
 * The reward service: reads {@code model.outputs}, writes {@code model.rewards} and {@code
 * records.rejected} (see {@link io.streamtune.reward.streams.RewardTopology}).
 *
 * <p>{@code java -jar quarkus-run.jar train-reward-model --data FILE --out DIR} runs the reward
 * model's training command instead of the service.
 */
@QuarkusMain
public final class RewardMain {

  RewardMain() {}

  public static void main(String... args) {
    if (args.length > 0 && args[0].equals(TrainRewardModelCommand.NAME)) {
      int code = TrainRewardModelCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out);
      System.exit(code);
    }
    Quarkus.run(args);
  }
}
