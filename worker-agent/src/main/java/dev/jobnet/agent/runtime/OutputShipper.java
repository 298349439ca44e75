package dev.jobnet.agent.runtime;

import dev.jobnet.agent.engine.EngineGateway;
import dev.jobnet.agent.engine.EngineUnavailableException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ships a running job's stdout and stderr to the engine app, piece by piece from the files the
 * command writes, so memory stays flat whatever the output. Offsets make it idempotent: the engine
 * answers how much it has, and shipping goes on from there (also after an agent restart).
 */
final class OutputShipper {

  /** The engine app accepts at most 4 MiB per request. */
  static final int PIECE = 1 << 20;

  private final EngineGateway engine;
  private final String taskId;
  private final int attempt;
  private final Map<String, Path> streams = new LinkedHashMap<>();
  private final Map<String, Long> shipped = new LinkedHashMap<>();
  private boolean gone;

  OutputShipper(EngineGateway engine, String taskId, int attempt, Path stdout, Path stderr) {
    this.engine = engine;
    this.taskId = taskId;
    this.attempt = attempt;
    streams.put("stdout", stdout);
    streams.put("stderr", stderr);
    streams.keySet().forEach(s -> shipped.put(s, 0L));
  }

  /** Ships up to {@code budget} new bytes of each stream; quietly stops when the engine is out of reach. */
  void ship(long budget) {
    for (String stream : streams.keySet()) {
      long sent = 0;
      while (!gone && sent < budget) {
        int n = shipPiece(stream, (int) Math.min(PIECE, budget - sent));
        if (n <= 0) {
          break;
        }
        sent += n;
      }
    }
  }

  /** Ships everything the files hold. */
  void shipAll() {
    ship(Long.MAX_VALUE);
  }

  /** Bytes sent in this call (0 when nothing is new or the engine did not answer). */
  private int shipPiece(String stream, int max) {
    Path file = streams.get(stream);
    long from = shipped.get(stream);
    try {
      if (!Files.exists(file) || Files.size(file) <= from) {
        return 0;
      }
      byte[] piece;
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
        int len = (int) Math.min(max, f.length() - from);
        piece = new byte[len];
        f.seek(from);
        f.readFully(piece);
      }
      long received = engine.shipOutput(taskId, attempt, stream, from, piece);
      if (received < 0) {
        gone = true;
        return 0;
      }
      shipped.put(stream, received);
      return received > from ? (int) (received - from) : 0;
    } catch (IOException | EngineUnavailableException e) {
      return 0;
    }
  }
}
