package dev.jobnet.converter.layout;

/** A shape's rectangle in diagram coordinates (pixels, y downwards). */
public record Bounds(double x, double y, double width, double height) {

  public double maxX() {
    return x + width;
  }

  public double maxY() {
    return y + height;
  }

  /** True when the two rectangles share inner area (touching edges do not count). */
  public boolean overlaps(Bounds o) {
    return x < o.maxX() && o.x < maxX() && y < o.maxY() && o.y < maxY();
  }

  public boolean contains(Bounds o) {
    return o.x >= x && o.y >= y && o.maxX() <= maxX() && o.maxY() <= maxY();
  }

  /** True when the segment from (x1,y1) to (x2,y2) passes through the inside of this rectangle. */
  public boolean crossedBy(double x1, double y1, double x2, double y2) {
    // Liang-Barsky clipping against the open interior, shrunk by a hair so touching does not count.
    double e = 0.5;
    double minX = x + e;
    double minY = y + e;
    double mX = maxX() - e;
    double mY = maxY() - e;
    double dx = x2 - x1;
    double dy = y2 - y1;
    double t0 = 0;
    double t1 = 1;
    double[] p = {-dx, dx, -dy, dy};
    double[] q = {x1 - minX, mX - x1, y1 - minY, mY - y1};
    for (int i = 0; i < 4; i++) {
      if (p[i] == 0) {
        if (q[i] <= 0) {
          return false;
        }
      } else {
        double r = q[i] / p[i];
        if (p[i] < 0) {
          t0 = Math.max(t0, r);
        } else {
          t1 = Math.min(t1, r);
        }
        if (t0 >= t1) {
          return false;
        }
      }
    }
    return true;
  }
}
