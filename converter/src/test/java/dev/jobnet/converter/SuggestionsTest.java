package dev.jobnet.converter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "Did you mean ...?": close names are suggested, far ones are not. */
class SuggestionsTest {

  @Test
  void suggestsTheClosestNameForTyposAndSwappedLetters() {
    // given
    List<String> jobs = List.of("extract", "transform", "load");

    // when / then
    assertThat(Suggestions.closest("laod", jobs)).contains("load");
    assertThat(Suggestions.closest("transfrom", jobs)).contains("transform");
    assertThat(Suggestions.closest("Extract", jobs)).contains("extract");
    assertThat(Suggestions.didYouMean("lod", jobs)).isEqualTo("; did you mean 'load'?");
  }

  @Test
  void suggestsNothingWhenNothingIsClose() {
    // given
    List<String> jobs = List.of("a", "b", "extract");

    // when / then
    assertThat(Suggestions.closest("c", jobs)).isEmpty();
    assertThat(Suggestions.closest("report", jobs)).isEmpty();
    assertThat(Suggestions.didYouMean("report", jobs)).isEmpty();
  }

  @Test
  void aOneLetterTypoOfALongerNameIsStillSuggested() {
    // when / then
    assertThat(Suggestions.closest("bb", List.of("b", "x"))).contains("b");
    assertThat(Suggestions.closest("ab", List.of("ba"))).contains("ba");
  }
}
