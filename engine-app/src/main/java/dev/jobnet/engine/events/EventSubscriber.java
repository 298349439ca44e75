package dev.jobnet.engine.events;

/**
 * Told of every event as it is recorded, in the same transaction (the engine command's, when the
 * event comes from the engine): what it writes commits or rolls back with the event. Notifications
 * subscribe so that a mail is due exactly when its event happened. Throwing fails the recording
 * transaction: only for troubles that must.
 */
public interface EventSubscriber {

  void onEvent(Event event);
}
