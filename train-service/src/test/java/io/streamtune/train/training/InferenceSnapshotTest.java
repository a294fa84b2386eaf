package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.streamtune.train.model.Gpt2Config;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.LoraConfig;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Under LoRA the snapshot copies the adapters and shares the frozen base with the live model. */
class InferenceSnapshotTest {

  @Test
  void copiesOnlyTrainableTensorsAndRefreshesThemWhenTheWeightsChange() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Gpt2Model live =
          new Gpt2Model(
              new Gpt2Config(40, 16, 16, 2, 2, 0.0, 1e-5),
              new LoraConfig(2, 4.0, 0.0, Set.of("q", "v")));
      live.initialize(manager, 5);
      Set<String> adapters =
          live.namedParameters().keySet().stream()
              .filter(Gpt2Model::isAdapter)
              .collect(Collectors.toSet());
      AtomicLong version = new AtomicLong();
      try (InferenceSnapshot snapshot =
          new InferenceSnapshot(live, adapters, manager, new ReentrantLock(), version::get)) {
        Gpt2Model first = snapshot.current();
        for (String name : live.namedParameters().keySet()) {
          NDArray own = live.namedParameters().get(name).getArray();
          NDArray seen = first.namedParameters().get(name).getArray();
          if (adapters.contains(name)) {
            assertNotSame(own, seen, name + " is copied");
            assertArrayEquals(own.toFloatArray(), seen.toFloatArray(), name);
          } else {
            assertSame(own, seen, name + " is shared");
          }
        }
        assertSame(first, snapshot.current(), "no copy while the weights are unchanged");

        String adapter = adapters.iterator().next();
        NDArray liveAdapter = live.namedParameters().get(adapter).getArray();
        float[] before = first.namedParameters().get(adapter).getArray().toFloatArray();
        liveAdapter.addi(manager.create(1f)); // an optimizer step, in place
        assertArrayEquals(
            before,
            first.namedParameters().get(adapter).getArray().toFloatArray(),
            "a snapshot's copy does not move with the live weights");
        version.incrementAndGet();
        Gpt2Model second = snapshot.current();
        assertNotSame(first, second);
        assertArrayEquals(
            liveAdapter.toFloatArray(),
            second.namedParameters().get(adapter).getArray().toFloatArray());
        assertFalse(
            java.util.Arrays.equals(
                before, second.namedParameters().get(adapter).getArray().toFloatArray()));
        assertSame(second, snapshot.query((model, owner) -> model), "a query reads the snapshot");
      }
    }
  }
}
