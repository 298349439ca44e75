package dev.jobnet.converter.layout;

/** A shape's rectangle in diagram coordinates (pixels, y downwards). */
public record Bounds(double x, double y, double width, double height) {}
