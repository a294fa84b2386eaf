package io.streamtune.train.training;

/**
 * How far a trainer's run has come: optimizer steps, records trained and cut, rewards clipped, and
 * the run's seed (dropout at each step follows from it, so a resumed run replays exactly). The
 * training thread writes it after each step and a checkpoint restores it; any thread may read it.
 */
public final class TrainingProgress {

  private volatile long steps;
  private volatile long inputsSeen;
  private volatile long inputsTruncated;
  private volatile long rewardsClipped;
  private volatile long seed;

  TrainingProgress(long seed) {
    this.seed = seed;
  }

  /** Optimizer steps taken (this process and the state it resumed from). */
  public long steps() {
    return steps;
  }

  /** Records trained so far (this process and the state it resumed from). */
  public long inputsSeen() {
    return inputsSeen;
  }

  /** Of those, records whose input exceeded the prompt budget and was cut. */
  public long inputsTruncated() {
    return inputsTruncated;
  }

  /**
   * Rewards whose sample added no gradient because its ratio left the clip range (this process).
   */
  public long rewardsClipped() {
    return rewardsClipped;
  }

  long seed() {
    return seed;
  }

  /**
   * The seed of dropout at the next step: splitmix64 of the run's seed and the step, so a resumed
   * run replays exactly.
   */
  int dropoutSeed() {
    long z = seed * 0x9E3779B97F4A7C15L + steps + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (int) (z ^ (z >>> 31)) & 0x7fffffff;
  }

  /** One step done over {@code records} records, {@code truncated} of them cut. */
  void stepped(int records, int truncated, int clipped) {
    inputsSeen += records;
    inputsTruncated += truncated;
    rewardsClipped += clipped;
    steps++;
  }

  /** The values a checkpoint saved. */
  void restore(long steps, long seed, long inputsSeen, long inputsTruncated) {
    this.steps = steps;
    this.seed = seed;
    this.inputsSeen = inputsSeen;
    this.inputsTruncated = inputsTruncated;
  }
}
