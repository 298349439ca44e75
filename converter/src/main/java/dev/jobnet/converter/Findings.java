package dev.jobnet.converter;

import dev.jobnet.converter.model.Location;
import java.util.ArrayList;
import java.util.List;

/** Collects findings while a set of files is read and checked; every check adds, none stops. */
public final class Findings {

  private final List<Finding> list = new ArrayList<>();

  public void add(FindingCode code, Location location, String message) {
    list.add(new Finding(code, location, message));
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  public int size() {
    return list.size();
  }

  /** All findings, sorted by file, line and column. */
  public List<Finding> sorted() {
    return list.stream().sorted(Finding.BY_LOCATION).toList();
  }
}
