package io.clockwall.wall;

/** Event-bus addresses of the wall. Every message body is a JSON object. */
public final class Addresses {

  /**
   * Every valid line a clock sends: {@code {"clock":"Tokyo","label":"23:00:01","receivedAt":<epoch ms>}}.
   * At most about ten per clock and second (a server that floods lines is coalesced: the latest label wins).
   */
  public static final String TICK = "clockwall.tick";

  /**
   * A clock's state changed, or its invalid-line counter grew:
   * {@code {"clock":"Tokyo","state":"live|connecting|stale|down|invalid","label":"23:00:01"|null,
   * "invalidLines":0,"at":<epoch ms>}}.
   */
  public static final String STATE = "clockwall.state";

  /**
   * One row of the wall per second, columns in display order:
   * {@code {"second":<epoch s>,"columns":[{"clock":"Tokyo","state":"live","label":"23:00:01",
   * "offsetMinutes":540|null,"invalidLines":0}, ...]}}.
   */
  public static final String ROW = "clockwall.row";

  private Addresses() {
  }
}
