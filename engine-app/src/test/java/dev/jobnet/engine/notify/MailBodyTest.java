package dev.jobnet.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.notify.MailBody.Fact;
import dev.jobnet.engine.notify.MailBody.Link;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailBodyTest {

  private final MailBody body = new MailBody()
      .paragraph("Job load 集計結果取込 <failed> & stopped.")
      .facts(new Fact("Reason", "exit 3"), new Fact("Agent", null), new Fact("Business key", "k"))
      .items("Failed:", List.of("a <b>"))
      .items("Skipped:", List.of())
      .preformatted("Output:", "one\ntwo")
      .links(new Link("Cockpit", "https://x.test/a?b=1&c=2"));

  @Test
  void theTextKeepsEverythingAsWrittenAndAlignsTheFacts() {
    assertThat(body.text()).isEqualTo("""
        Job load 集計結果取込 <failed> & stopped.

        Reason:       exit 3
        Business key: k

        Failed:
          - a <b>

        Output:
          | one
          | two

        Cockpit:
          https://x.test/a?b=1&c=2
        """);
  }

  @Test
  void theHtmlEscapesTextAndLinks() {
    assertThat(body.html())
        .contains("<p>Job load 集計結果取込 &lt;failed&gt; &amp; stopped.</p>")
        .contains("<li>a &lt;b&gt;</li>")
        .contains("<a href=\"https://x.test/a?b=1&amp;c=2\">Cockpit</a>")
        .contains("<pre style=\"background: #f4f4f4; padding: 8px;\">one\ntwo</pre>")
        .doesNotContain("Agent")
        .doesNotContain("Skipped");
  }
}
