package dev.jobnet.engine.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real SMTP server for a test (GreenMail) on a free port of the loopback, that can be stopped (the
 * mail server is down) and started again on the same port (it is back). GreenMail keeps one copy of a
 * message per recipient: {@link #received()} lists each copy.
 */
public final class MailServer {

  /** One copy of a mail as one recipient got it, its parts decoded, lines ending in {@code \n}. */
  public record Received(List<String> to, String subject, String messageId, String run,
      String kind, String text, String html) {}

  private final int port;
  private GreenMail server;

  private MailServer(GreenMail server) {
    this.server = server;
    this.port = server.getSmtp().getPort();
  }

  /** Starts one on a free port. */
  public static MailServer start() {
    GreenMail server = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    server.start();
    return new MailServer(server);
  }

  public int port() {
    return port;
  }

  /** The mail server goes down: connections are refused. What it received is forgotten. */
  public synchronized void stop() {
    server.stop();
  }

  /** Starts it again if a test stopped it. */
  public synchronized void restartIfStopped() {
    if (!server.isRunning()) {
      restart();
    }
  }

  /** The mail server is back on the same port, empty. */
  public synchronized void restart() {
    server = new GreenMail(new ServerSetup(port, ServerSetupTest.SMTP.getBindAddress(), ServerSetup.PROTOCOL_SMTP));
    server.start();
  }

  public synchronized List<Received> received() {
    List<Received> result = new ArrayList<>();
    try {
      for (MimeMessage m : server.getReceivedMessages()) {
        String[] parts = new String[2];
        collect(m, parts);
        result.add(new Received(Arrays.stream(m.getRecipients(MimeMessage.RecipientType.TO))
            .map(Address::toString).toList(), m.getSubject(), m.getMessageID(), header(m, "X-Jobnet-Run"),
            header(m, "X-Jobnet-Mail"), parts[0], parts[1]));
      }
    } catch (MessagingException | IOException e) {
      throw new AssertionError("cannot read the mails received", e);
    }
    return result;
  }

  /** The copies received for one run. */
  public List<Received> receivedFor(String rootRunId) {
    return received().stream().filter(r -> rootRunId.equals(r.run())).toList();
  }

  private static String header(MimeMessage m, String name) throws MessagingException {
    String[] values = m.getHeader(name);
    return values == null ? null : values[0];
  }

  /** Finds the text/plain (0) and text/html (1) parts. */
  private static void collect(Part part, String[] into) throws MessagingException, IOException {
    if (part.isMimeType("text/plain") && into[0] == null) {
      into[0] = part.getContent().toString().replace("\r\n", "\n"); // lines travel as CRLF
    } else if (part.isMimeType("text/html") && into[1] == null) {
      into[1] = part.getContent().toString().replace("\r\n", "\n");
    } else if (part.isMimeType("multipart/*")) {
      Multipart multi = (Multipart) part.getContent();
      for (int i = 0; i < multi.getCount(); i++) {
        BodyPart body = multi.getBodyPart(i);
        collect(body, into);
      }
    }
  }
}
