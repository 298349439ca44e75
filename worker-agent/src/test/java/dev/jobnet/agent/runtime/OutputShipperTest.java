package dev.jobnet.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output goes to the engine in pieces from the files, each piece once, starting where the engine stands. */
class OutputShipperTest {

  @TempDir
  Path dir;

  @Test
  void theWholeOutputIsShippedInPiecesAndOnlyWhatIsNewLater() throws Exception {
    // given: 2.5 MiB of stdout, a little stderr
    Path out = dir.resolve("stdout.log");
    Path err = dir.resolve("stderr.log");
    Files.write(out, new byte[(5 << 20) / 2]);
    Files.writeString(err, "oops\n");
    RecordingEngine engine = new RecordingEngine();
    OutputShipper shipper = new OutputShipper(engine, "t1", 2, out, err);
    // when
    shipper.ship(Long.MAX_VALUE);
    Files.write(out, new byte[10], java.nio.file.StandardOpenOption.APPEND);
    shipper.ship(1 << 20);
    shipper.ship(1 << 20);
    // then
    assertThat(engine.calls).containsExactly(
        "output t1 stdout 0+1048576", "output t1 stdout 1048576+1048576", "output t1 stdout 2097152+524288",
        "output t1 stderr 0+5",
        "output t1 stdout 2621440+10");
  }

  @Test
  void aBudgetLimitsWhatOneHeartbeatShips() throws Exception {
    Path out = dir.resolve("stdout.log");
    Files.write(out, new byte[3 << 20]);
    RecordingEngine engine = new RecordingEngine();
    new OutputShipper(engine, "t1", 1, out, dir.resolve("none")).ship(1 << 20);
    assertThat(engine.calls).containsExactly("output t1 stdout 0+1048576");
  }

  @Test
  void onceTheCommandEndedOnlyWhatTheEngineKeepsIsShipped() throws Exception {
    // given: 10 MiB of stdout, 1 MiB of it shipped while the command ran; the engine keeps 2 MiB of
    // head and 2 MiB of tail
    Path out = dir.resolve("stdout.log");
    Files.write(out, new byte[10 << 20]);
    RecordingEngine engine = new RecordingEngine();
    engine.keptHead = 2 << 20;
    engine.keptTail = 2 << 20;
    OutputShipper shipper = new OutputShipper(engine, "t1", 1, out, dir.resolve("none"));
    shipper.ship(1 << 20);
    // when
    shipper.shipAll();
    // then: the rest of the head, then the final tail, each piece saying the length
    assertThat(engine.calls).containsExactly("output t1 stdout 0+1048576",
        "output t1 stdout 1048576+1048576 of 10485760",
        "output t1 stdout 8388608+1048576 of 10485760", "output t1 stdout 9437184+1048576 of 10485760");
  }

  @Test
  void anEngineThatSaysNothingOfSkippingGetsEveryByte() throws Exception {
    Path out = dir.resolve("stdout.log");
    Files.write(out, new byte[(3 << 20) / 2]);
    RecordingEngine engine = new RecordingEngine();
    new OutputShipper(engine, "t1", 1, out, dir.resolve("none")).shipAll();
    assertThat(engine.calls).containsExactly("output t1 stdout 0+1048576 of 1572864",
        "output t1 stdout 1048576+524288 of 1572864");
  }
}
