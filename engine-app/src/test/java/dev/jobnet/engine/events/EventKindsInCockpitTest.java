package dev.jobnet.engine.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Cockpit plugin's Events page offers every kind of event to filter on, in the order of {@link EventKind}. */
class EventKindsInCockpitTest {

  private static final String PAGE = "/plugin-webapp/jobnet/app/events-page.js";

  @Test
  void theEventsPageListsEveryKind() throws IOException {
    // given
    String script;
    try (InputStream in = getClass().getResourceAsStream(PAGE)) {
      assertThat(in).as(PAGE + " on the class path").isNotNull();
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    // when
    Matcher list = Pattern.compile("export const KINDS = \\[([^\\]]*)\\]").matcher(script);
    assertThat(list.find()).as("the list KINDS in " + PAGE).isTrue();
    List<String> kinds = new ArrayList<>();
    Matcher name = Pattern.compile("'([A-Z_]+)'").matcher(list.group(1));
    while (name.find()) {
      kinds.add(name.group(1));
    }

    // then
    assertThat(kinds).containsExactlyElementsOf(Arrays.stream(EventKind.values()).map(Enum::name).toList());
  }
}
