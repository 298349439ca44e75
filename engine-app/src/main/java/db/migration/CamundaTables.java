package db.migration;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Whether Camunda's tables are there yet: our Java migrations that touch them run before the engine
 * creates them on a new database (then there is nothing to migrate), after them on an upgrade.
 */
final class CamundaTables {

  private CamundaTables() {}

  /** Whether the table exists, in the upper case of H2 or the lower case of PostgreSQL. */
  static boolean exist(DatabaseMetaData meta, String table) throws SQLException {
    for (String name : new String[] {table, table.toLowerCase()}) {
      try (ResultSet rs = meta.getTables(null, null, name, new String[] {"TABLE"})) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }
}
