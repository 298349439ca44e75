package dev.jobnet.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.protocol.JobMdc;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The two log formats of the agent, with the configuration files its jar carries. */
class LogFormatTest {

  @Test
  void textIsTheDefaultAndJsonIsAskedForByName() {
    assertThat(LogFormat.of(Map.of())).isEqualTo(LogFormat.TEXT);
    assertThat(LogFormat.of(Map.of(LogFormat.VARIABLE, ""))).isEqualTo(LogFormat.TEXT);
    assertThat(LogFormat.of(Map.of(LogFormat.VARIABLE, "json"))).isEqualTo(LogFormat.JSON);
    assertThat(LogFormat.of(Map.of(LogFormat.VARIABLE, " JSON "))).isEqualTo(LogFormat.JSON);
    assertThat(LogFormat.of(Map.of(LogFormat.VARIABLE, "text"))).isEqualTo(LogFormat.TEXT);
  }

  @Test
  void anUnknownFormatIsAClearConfigurationError() {
    assertThatThrownBy(() -> LogFormat.of(Map.of(LogFormat.VARIABLE, "xml")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JOBNET_AGENT_LOG_FORMAT must be text or json, was 'xml'");
  }

  @Test
  void aTextLineAboutAJobEndsWithTheJobsKeys() throws Exception {
    String out = logAboutAJob("logback.xml");
    assertThat(out.lines().filter(l -> l.contains("attempt 2 started")).findFirst().orElseThrow())
        .contains("INFO", "attempt 2 started: pid 4242")
        .contains("rootRunId=root-1", "runId=run-7", "jobPath=/daily/load", "taskId=task-3", "attempt=2",
            "agent=batch-1-a");
    assertThat(out.lines().filter(l -> l.contains("not about a job")).findFirst().orElseThrow())
        .doesNotContain("rootRunId", "[]");
  }

  @Test
  void aJsonLineIsOneObjectWithTheJobsKeysInItsMdc() throws Exception {
    String out = logAboutAJob("logback-json.xml");
    ObjectMapper json = new ObjectMapper();
    JsonNode line = null;
    for (String l : out.lines().toList()) {
      JsonNode node = json.readTree(l); // every line is one JSON object
      if (node.path("formattedMessage").asText().contains("attempt 2 started")) {
        line = node;
      }
    }
    assertThat(line).as(out).isNotNull();
    assertThat(line.get("level").asText()).isEqualTo("INFO");
    assertThat(line.get("formattedMessage").asText()).isEqualTo("attempt 2 started: pid 4242");
    assertThat(line.get("loggerName").asText()).isEqualTo("dev.jobnet.agent.runtime.JobRunner");
    JsonNode mdc = line.get("mdc");
    assertThat(mdc.get("rootRunId").asText()).isEqualTo("root-1");
    assertThat(mdc.get("runId").asText()).isEqualTo("run-7");
    assertThat(mdc.get("jobPath").asText()).isEqualTo("/daily/load");
    assertThat(mdc.get("taskId").asText()).isEqualTo("task-3");
    assertThat(mdc.get("attempt").asText()).isEqualTo("2");
    assertThat(mdc.get("agent").asText()).isEqualTo("batch-1-a");
  }

  /** Logs a line about a job and one about nothing, through the configuration file; what went to stderr. */
  private static String logAboutAJob(String configuration) throws Exception {
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter()); // the MDC JobMdc writes to
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogFormatTest.class.getClassLoader().getResource(configuration));
      Logger log = context.getLogger("dev.jobnet.agent.runtime.JobRunner");
      try (JobMdc ignored = JobMdc.of("root-1", "run-7", "/daily/load", "task-3", 2, "batch-1-a")) {
        log.info("attempt {} started: pid {}", 2, 4242);
      }
      log.info("not about a job");
    } finally {
      context.stop();
      System.setErr(stderr);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out).as("logback's status: %s", context.getStatusManager().getCopyOfStatusList()).isNotEmpty();
    return out;
  }
}
