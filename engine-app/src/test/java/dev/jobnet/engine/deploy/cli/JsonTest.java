package dev.jobnet.engine.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void readsTheEnginesAnswers() {
    // when
    Object value = Json.parse("""
        {"message": "1 finding(s)", "findings": [
          {"code": "JN302", "line": 4, "column": 7, "ok": true, "x": null, "ratio": 0.5,
           "text": "a \\"quoted\\" \\u65e5\\u672c \\\\ path\\n"}]}""");
    // then
    assertThat(value).asInstanceOf(MAP)
        .containsEntry("message", "1 finding(s)");
    @SuppressWarnings("unchecked")
    Map<String, Object> finding = (Map<String, Object>) ((List<?>) ((Map<?, ?>) value).get("findings")).get(0);
    assertThat(finding).containsEntry("code", "JN302").containsEntry("line", 4L).containsEntry("column", 7L)
        .containsEntry("ok", true).containsEntry("x", null).containsEntry("ratio", 0.5)
        .containsEntry("text", "a \"quoted\" 日本 \\ path\n");
  }

  @Test
  void quotedTextReadsBackAsItWas() {
    // given
    String text = "line 1\nline 2\t\"q\" \\ \u0001 日本語";
    // when / then
    assertThat(Json.parse(Json.quote(text))).isEqualTo(text);
  }

  @Test
  void whatIsNotJsonIsRefused() {
    // when / then
    assertThatThrownBy(() -> Json.parse("<html>Bad Gateway</html>")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.parse("{\"a\": [1, 2}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("']' expected");
    assertThatThrownBy(() -> Json.parse("{} x")).isInstanceOf(IllegalArgumentException.class);
  }
}
