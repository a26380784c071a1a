package io.clockwall.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchConfigTest {

  private static String error(String... args) {
    return assertThrows(BenchConfig.BadConfig.class, () -> BenchConfig.parse(args)).getMessage();
  }

  @Test
  void refusesTargetsOffLoopback() {
    assertTrue(error("--target", "10.1.2.3:8000").contains("not a loopback address"));
  }

  @Test
  void namesTheFlagAndTheValue() {
    assertEquals("bench: --clients must be an integer, got 'many'", error("--naive", "--clients", "many"));
    assertEquals("bench: --window must be in 1..3600, got '0'", error("--naive", "--window", "0"));
    assertTrue(error("--naive", "--bogus", "1").contains("unknown flag --bogus"));
    assertTrue(error("--naive", "--target", "127.0.0.1:8000").contains("exactly one of"));
    assertTrue(error("--spawn", "/no/such.jar").contains("no such jar file '/no/such.jar'"));
  }

  @Test
  void spreadsConnectionsOverSourceAddresses() throws Exception {
    BenchConfig c = BenchConfig.parse(new String[] {"--naive", "--clients", "25000", "--slow", "5000"});
    assertEquals(List.of("127.0.0.2", "127.0.0.3", "127.0.0.4"), c.sourceAddresses(0));
    assertEquals(List.of("127.0.1.2", "127.0.1.3", "127.0.1.4"), c.sourceAddresses(1));
    assertEquals(30_000, c.total());
    assertTrue(error("--naive", "--clients", "60000", "--sources", "2").contains("ephemeral ports"));
  }

  @Test
  void compareRunsTheNaivePortFirst() throws Exception {
    BenchConfig c = BenchConfig.parse(new String[] {"--target", "localhost:8000", "--compare"});
    assertEquals(List.of("naive", "target"), c.targets().stream().map(BenchConfig.Target::name).toList());
  }

  @Test
  void pairsAlternateTheOrderOfTwoServers() throws Exception {
    BenchConfig c = BenchConfig.parse(new String[] {"--naive", "--compare", "naive,floor", "--pairs", "3"});
    assertEquals(List.of(List.of("naive", "floor"), List.of("floor", "naive"), List.of("naive", "floor")),
      c.passes().stream().map(p -> p.stream().map(BenchConfig.Target::name).toList()).toList());
    assertTrue(error("--naive", "--pairs", "3").contains("--pairs needs --compare with two servers"));
    assertTrue(error("--naive", "--compare", "naive", "--pairs", "2").contains("--pairs needs --compare"));
  }

  @Test
  void wallViewersNeedTheWallAndItsClock() throws Exception {
    assertTrue(error("--naive", "--compare", "naive,wall").contains("needs --wall JAR (the wall) and --spawn JAR"));
    assertTrue(error("--naive", "--compare", "bogus").contains("is not one of naive, floor, clock, wall"));
  }

  @Test
  void aViewerCountsTheSecondOfEachEventIdAndNothingElse() {
    assertEquals(1_764_576_061L % 86_400, Labels.eventSecond(bytes("id: 1764576061"), 14));
    assertEquals(-1, Labels.eventSecond(bytes("data: {\"time\":1}"), 16));
    assertEquals(-1, Labels.eventSecond(bytes("id: 17x4"), 8));
    assertEquals(-1, Labels.eventSecond(bytes("id: "), 4));
    assertEquals(-1, Labels.eventSecond(bytes("retry: 1000"), 11));
  }

  private static byte[] bytes(String s) {
    return java.util.Arrays.copyOf(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 32);
  }
}
