package dev.jobnet.engine.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VacuumModeTest {

  @ParameterizedTest(name = "{0} on postgres={1}, autovacuum on={2}: {3}")
  @CsvSource({
      "AUTO,   true,  false, true",
      "AUTO,   true,  true,  false",
      "AUTO,   false, false, false",
      "ALWAYS, true,  true,  true",
      "ALWAYS, true,  false, true",
      "ALWAYS, false, false, false",
      "NEVER,  true,  false, false",
      "NEVER,  false, false, false"})
  void theEngineAppVacuumsOnlyPostgresAndByDefaultOnlyWhenTheServerDoesNot(VacuumMode mode, boolean postgres,
      boolean autovacuumOn, boolean vacuums) {
    assertThat(mode.applies(postgres, autovacuumOn)).isEqualTo(vacuums);
  }
}
