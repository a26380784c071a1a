package io.clockwall.clock;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What every client of one clock instance shares, held once by the instance and referenced by each
 * {@link ClockClient}: every byte a client need not carry itself is heap the clock does not hold for each of
 * 19,900 clients, and about 1.4 times as much RSS under the image's serial collector (README, issue 13).
 *
 * @param maxSkippedTicks consecutive skipped ticks after which a client is closed
 * @param writeQueue      the bound of each channel's write queue (it turns unwritable above {@code high()})
 * @param input           the one receive-buffer allocator of all the channels, in the place of one each
 * @param stats           the counters of the clock's address
 * @param gone            called once per client, on its event loop, when its connection has closed
 * @param ring            the writer of a channel's io_uring ring, or null where ticks go through the channel
 */
record ClientTerms(int maxSkippedTicks, WriteBufferWaterMark writeQueue, RecvByteBufAllocator input, ClockStats stats,
                   Consumer<ClockClient> gone, Function<Channel, RingWriter> ring) {

  /** Terms with a write queue of {@code writeQueueBytes} (low mark half of it) and Netty's default input sizing. */
  static ClientTerms of(int maxSkippedTicks, int writeQueueBytes, ClockStats stats, Consumer<ClockClient> gone,
                        Function<Channel, RingWriter> ring) {
    return new ClientTerms(maxSkippedTicks, new WriteBufferWaterMark(writeQueueBytes / 2, writeQueueBytes),
      new AdaptiveRecvByteBufAllocator(), stats, gone, ring);
  }
}
