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
        long n = shipPiece(stream, (int) Math.min(PIECE, budget - sent), null);
        if (n <= 0) {
          break;
        }
        sent += n;
      }
    }
  }

  /**
   * Ships the rest once the command ended, saying each stream's final length: the engine then wants
   * only what it keeps (the rest of the head and the final tail), not the bytes in between.
   */
  void shipAll() {
    for (String stream : streams.keySet()) {
      Path file = streams.get(stream);
      long length;
      try {
        length = Files.exists(file) ? Files.size(file) : 0;
      } catch (IOException e) {
        continue;
      }
      while (!gone && shipPiece(stream, PIECE, length) > 0) {
        // on to the next piece, or the start of the final tail
      }
    }
  }

  /** How far the next piece moved on (0 when nothing is new or the engine did not answer). */
  private long shipPiece(String stream, int max, Long length) {
    Path file = streams.get(stream);
    long from = shipped.get(stream);
    try {
      long size = length != null ? length : Files.exists(file) ? Files.size(file) : 0;
      if (size <= from) {
        return 0;
      }
      byte[] piece;
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
        int len = (int) Math.min(max, size - from);
        piece = new byte[len];
        f.seek(from);
        f.readFully(piece);
      }
      long next = engine.shipOutput(taskId, attempt, stream, from, piece, length);
      if (next < 0) {
        gone = true;
        return 0;
      }
      shipped.put(stream, next);
      return next > from ? next - from : 0;
    } catch (IOException | EngineUnavailableException e) {
      return 0;
    }
  }
}
