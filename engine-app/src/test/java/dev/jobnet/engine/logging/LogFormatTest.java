package dev.jobnet.engine.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobnet.engine.EngineApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

@ExtendWith(OutputCaptureExtension.class)
class LogFormatTest {

  @Test
  void anUnknownFormatStopsTheEngineBeforeItStartsWithSpringBootsShortReport(CapturedOutput output) {
    // when / then: refused while the environment is prepared, before a database or port is touched
    assertThatThrownBy(() -> SpringApplication.run(EngineApplication.class, "--jobnet.log.format=xml",
        "--server.port=0", "--jobnet.definitions="))
        .isInstanceOf(LogFormat.Invalid.class);
    assertThat(output).contains("APPLICATION FAILED TO START")
        .contains("JOBNET_LOG_FORMAT (jobnet.log.format) is 'xml': use one of [text, json]")
        .contains("Set JOBNET_LOG_FORMAT to text (the default) or json");
  }

  @Test
  void textJsonAndBlankAreReadWhateverTheirCase() {
    assertThat(LogFormat.of("json")).isEqualTo(LogFormat.JSON);
    assertThat(LogFormat.of(" JSON ")).isEqualTo(LogFormat.JSON);
    assertThat(LogFormat.of("text")).isEqualTo(LogFormat.TEXT);
    assertThat(LogFormat.of("")).isEqualTo(LogFormat.TEXT);
    assertThat(LogFormat.of(null)).isEqualTo(LogFormat.TEXT);
  }

  @Test
  void anotherFormatStopsTheStartNamingTheSettingAndTheChoices() {
    assertThatThrownBy(() -> LogFormat.of("xml"))
        .hasMessage("JOBNET_LOG_FORMAT (jobnet.log.format) is 'xml': use one of [text, json]");
  }

  @Test
  void jsonTurnsOnSpringBootsStructuredConsoleLogInTheLogstashFormat() {
    MockEnvironment environment = new MockEnvironment().withProperty("jobnet.log.format", "json");
    // when
    new LogFormat.Environment().postProcessEnvironment(environment, new SpringApplication());
    // then
    assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("logstash");
  }

  @Test
  void textLeavesTheConsoleLogAloneAndAnOperatorsOwnStructuredFormatWins() {
    MockEnvironment text = new MockEnvironment().withProperty("jobnet.log.format", "text");
    MockEnvironment own = new MockEnvironment().withProperty("jobnet.log.format", "json")
        .withProperty("logging.structured.format.console", "ecs");
    // when
    new LogFormat.Environment().postProcessEnvironment(text, new SpringApplication());
    new LogFormat.Environment().postProcessEnvironment(own, new SpringApplication());
    // then
    assertThat(text.getProperty("logging.structured.format.console")).isNull();
    assertThat(own.getProperty("logging.structured.format.console")).isEqualTo("ecs");
  }
}
