package dev.jobnet.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.agent.engine.FetchedTask;
import dev.jobnet.protocol.ProcessVariables;
import dev.jobnet.protocol.Topics;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A fetched job the agent never started goes back with its marker released, if its fetch wrote one. */
class GiveBackTest {

  private final RecordingEngine engine = new RecordingEngine();

  @Test
  void aJobWhoseFetchWroteItsMarkerGetsTheMarkerReleasedAndIsUnlocked() {
    engine.giveBack(new FetchedTask("t1", Topics.of("default"), "work", "ai-1", "pi-1", null, 2, Map.of(),
        Map.of(ProcessVariables.START_MARKED, "4")));
    assertThat(engine.calls).containsExactly("release t1 4", "unlock t1");
  }

  @Test
  void aJobWithoutAMarkerIsUnlocked() {
    engine.giveBack(new FetchedTask("t2", Topics.of("default"), "work", "ai-1", "pi-1", null, null, Map.of(), Map.of()));
    assertThat(engine.calls).containsExactly("unlock t2");
  }
}
