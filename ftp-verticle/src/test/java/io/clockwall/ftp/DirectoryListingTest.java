package io.clockwall.ftp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DirectoryListingTest {

  @Test
  void aLinksTargetIsShownOnlyWhenItTellsNothingOfTheHost() {
    assertEquals("docs/hello.txt", DirectoryListing.shownTarget("docs/hello.txt"));
    assertEquals("hello.txt", DirectoryListing.shownTarget("hello.txt"));
    assertNull(DirectoryListing.shownTarget("/etc/passwd"), "an absolute target is a host path");
    assertNull(DirectoryListing.shownTarget("../../srv/secret"), "a target above the link's directory");
    assertNull(DirectoryListing.shownTarget("a/../../b"));
    assertNull(DirectoryListing.shownTarget(null));
  }
}
