package dev.jobnet.engine.upkeep;

/** When the engine app vacuums its hot runtime tables itself ({@code jobnet.upkeep.vacuum}). */
public enum VacuumMode {

  /** On PostgreSQL whose autovacuum is off: the server does not do it, so the engine app does. */
  AUTO,
  /** On PostgreSQL, whatever autovacuum does (its cadence is a minute at best). */
  ALWAYS,
  /** Never: the database's administrators see to it. */
  NEVER;

  /** Whether to vacuum on a database that is (or is not) PostgreSQL, with autovacuum on or off. */
  public boolean applies(boolean postgres, boolean autovacuumOn) {
    return postgres && switch (this) {
      case AUTO -> !autovacuumOn;
      case ALWAYS -> true;
      case NEVER -> false;
    };
  }
}
