package io.clockwall.runtime;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.transport.Transport;

import java.util.concurrent.ThreadFactory;

/**
 * A native transport whose servers accept at the pace of their event loops ({@link AcceptPacer}); everything else
 * is the wrapped transport's. Only native transports are wrapped: Vert.x tells NIO apart by its class.
 */
final class PacedTransport implements Transport {

  /** Accepted connections allowed to wait for their event loop, across a server's event loops. */
  static final int WAITING_LIMIT = 32;

  private final Transport delegate;

  private PacedTransport(Transport delegate) {
    this.delegate = delegate;
  }

  /** {@code transport}, pacing its servers' accepts, under the same name. */
  static io.vertx.core.transport.Transport of(io.vertx.core.transport.Transport transport) {
    Transport paced = new PacedTransport(transport.implementation());
    return new io.vertx.core.transport.Transport() {
      @Override
      public String name() {
        return transport.name();
      }

      @Override
      public boolean available() {
        return transport.available();
      }

      @Override
      public Throwable unavailabilityCause() {
        return transport.unavailabilityCause();
      }

      @Override
      public Transport implementation() {
        return paced;
      }
    };
  }

  /** The transport whose servers this one paces. */
  Transport delegate() {
    return delegate;
  }

  @Override
  public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
    delegate.configure(options, domainSocket, bootstrap);
    bootstrap.handler(new AcceptPacer(WAITING_LIMIT));
  }

  @Override
  public boolean supportsDomainSockets() {
    return delegate.supportsDomainSockets();
  }

  @Override
  public boolean supportFileRegion() {
    return delegate.supportFileRegion();
  }

  @Override
  public boolean isAvailable() {
    return delegate.isAvailable();
  }

  @Override
  public Throwable unavailabilityCause() {
    return delegate.unavailabilityCause();
  }

  @Override
  public java.net.SocketAddress convert(SocketAddress address) {
    return delegate.convert(address);
  }

  @Override
  public SocketAddress convert(java.net.SocketAddress address) {
    return delegate.convert(address);
  }

  @Override
  public IoHandlerFactory ioHandlerFactory() {
    return delegate.ioHandlerFactory();
  }

  @Override
  public EventLoopGroup eventLoopGroup(int type, int threads, ThreadFactory threadFactory, int ioRatio) {
    return delegate.eventLoopGroup(type, threads, threadFactory, ioRatio);
  }

  @Override
  public DatagramChannel datagramChannel() {
    return delegate.datagramChannel();
  }

  @Override
  public DatagramChannel datagramChannel(InternetProtocolFamily family) {
    return delegate.datagramChannel(family);
  }

  @Override
  public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
    return delegate.channelFactory(domainSocket);
  }

  @Override
  public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
    return delegate.serverChannelFactory(domainSocket);
  }

  @Override
  public void configure(DatagramChannel channel, DatagramSocketOptions options) {
    delegate.configure(channel, options);
  }

  @Override
  public void configure(ClientOptionsBase options, int connectTimeout, boolean domainSocket, Bootstrap bootstrap) {
    delegate.configure(options, connectTimeout, domainSocket, bootstrap);
  }
}
