package io.clockwall.ftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The jar's default of one verticle instance per core, unless the command line says otherwise. */
class FtpMainTest {

  @Test
  void oneInstancePerCoreUnlessGiven() {
    assertArrayEquals(new String[] {"-instances", "4", "-conf", "f.json"},
        FtpMain.withDefaultInstances(new String[] {"-conf", "f.json"}, 4));
    assertArrayEquals(new String[] {"-instances", "1"}, FtpMain.withDefaultInstances(new String[0], 0));
    String[] given = {"-conf", "f.json", "-instances", "1"};
    assertArrayEquals(given, FtpMain.withDefaultInstances(given, 4));
    String[] givenWithEquals = {"--instances=3"};
    assertArrayEquals(givenWithEquals, FtpMain.withDefaultInstances(givenWithEquals, 4));
  }
}
