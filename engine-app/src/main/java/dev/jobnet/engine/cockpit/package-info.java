/**
 * The Cockpit plugin (Camunda's {@code CockpitPlugin} SPI): plain ES modules in
 * {@code src/main/resources/plugin-webapp/jobnet/app/}, no build step. Operators read
 * {@code docs/cockpit.md}. It knows only {@code /jobnet-api} and Camunda's engine REST API of the
 * webapps; the server side it calls lives in the features ({@code runs}, {@code operations},
 * {@code agents}, {@code jobs}).
 */
package dev.jobnet.engine.cockpit;
