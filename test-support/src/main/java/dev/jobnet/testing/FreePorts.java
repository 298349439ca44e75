package dev.jobnet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A TCP port free at the moment, for a server a test starts (the engine app, an SMTP or database server). */
public final class FreePorts {

  private FreePorts() {}

  /** A port nothing listens on now, as the system hands out for port 0. */
  public static int any() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
