package dev.jobnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.jobnet.testing.FreePorts;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real SMTP server for a system's engine (GreenMail on a free port of 127.0.0.1) and the questions
 * tests ask of the mails it took: which reached an address about a run, and their text.
 */
final class MailBox implements AutoCloseable {

  /** The administrators' address the engine is given ({@code JOBNET_ADMIN_EMAIL}). */
  static final String ADMINS = "admins@ops.example";

  private final GreenMail mail;

  MailBox() throws IOException {
    mail = new GreenMail(new ServerSetup(FreePorts.any(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
  }

  /** The engine's environment for this mail server, with {@link #ADMINS} as the administrators. */
  Map<String, String> engineSettings() {
    return Map.of("SPRING_MAIL_HOST", "127.0.0.1", "SPRING_MAIL_PORT", Integer.toString(mail.getSmtp().getPort()),
        "JOBNET_ADMIN_EMAIL", ADMINS);
  }

  /** The mails to {@code address}, once there are {@code count}; fails when more arrive. */
  List<MimeMessage> await(String address, int count) {
    return await(address, null, count);
  }

  /** The mails to {@code address} that name run {@code run} (null: any), once there are {@code count}. */
  List<MimeMessage> await(String address, String run, int count) {
    List<MimeMessage> found = Await.until(count + " mail(s) to " + address + (run == null ? "" : " about run " + run),
        Duration.ofSeconds(60), () -> {
          List<MimeMessage> m = to(address, run);
          return m.size() >= count ? Optional.of(m) : Optional.empty();
        });
    assertThat(found).as("mails to %s about %s", address, run).hasSize(count);
    return found;
  }

  /** The mails to {@code address} so far that name run {@code run} (null: any). */
  List<MimeMessage> to(String address, String run) {
    List<MimeMessage> result = new ArrayList<>();
    for (MimeMessage m : mail.getReceivedMessagesForDomain(address.substring(address.indexOf('@') + 1))) {
      try {
        boolean to = false;
        for (var r : m.getRecipients(Message.RecipientType.TO)) {
          to |= r.toString().equalsIgnoreCase(address);
        }
        if (to && (run == null || text(m).contains(run))) {
          result.add(m);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return result;
  }

  static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The decoded plain text of a mail. */
  static String text(MimeMessage m) {
    try {
      return text(m.getContent());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(Object content) throws Exception {
    if (content instanceof String s) {
      return s;
    }
    if (content instanceof Multipart multipart) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart part = multipart.getBodyPart(i);
        if (part.isMimeType("text/plain") || part.isMimeType("multipart/*")) {
          sb.append(text(part.getContent()));
        }
      }
      return sb.toString();
    }
    return "";
  }

  @Override
  public void close() {
    mail.stop();
  }
}
