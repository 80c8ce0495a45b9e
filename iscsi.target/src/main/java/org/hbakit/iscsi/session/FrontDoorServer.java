package org.hbakit.iscsi.session;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The listening socket of the front door and its event loops (Netty): one loop accepts, {@code ioThreads} loops
 * serve the connections, each connection on one loop for its whole life, so nothing in a connection needs a lock.
 * The native epoll transport is used when it loads (Linux), NIO otherwise.
 */
public final class FrontDoorServer implements AutoCloseable {
	private final EventLoopGroup boss;
	private final EventLoopGroup workers;
	private final Channel channel;
	private final boolean epoll;

	/**
	 * Binds {@code address} and starts serving.
	 *
	 * @param ioThreads event loops serving connections
	 * @param useEpoll  whether to use the native epoll transport if available
	 * @throws Exception if the address cannot be bound
	 */
	public FrontDoorServer(FrontDoorContext door, InetSocketAddress address, int ioThreads, boolean useEpoll)
			throws Exception {
		this.epoll = useEpoll && epollAvailable();
		IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		Class<? extends ServerChannel> channelClass = epoll ? EpollServerSocketChannel.class
				: NioServerSocketChannel.class;
		boss = new MultiThreadIoEventLoopGroup(1, threads("hbakit-iscsi-accept"), factory);
		workers = new MultiThreadIoEventLoopGroup(ioThreads, threads("hbakit-iscsi-io"), factory);
		try {
			ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(channelClass)
					.option(ChannelOption.SO_BACKLOG, 128).option(ChannelOption.SO_REUSEADDR, true)
					.childOption(ChannelOption.TCP_NODELAY, true)
					.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(4 << 20, 16 << 20))
					.childHandler(new ChannelInitializer<SocketChannel>() {
						@Override
						protected void initChannel(SocketChannel ch) {
							Connection c = new Connection(door);
							ch.pipeline().addLast(c.reader(), c);
						}
					});
			channel = b.bind(address).sync().channel();
		} catch (Exception | Error e) {
			shutdown();
			throw e;
		}
	}

	private static boolean epollAvailable() {
		try {
			return Epoll.isAvailable();
		} catch (Throwable t) {
			return false; // the native library did not load
		}
	}

	/** The bound address (with the real port when 0 was asked for). */
	public InetSocketAddress address() {
		return (InetSocketAddress) channel.localAddress();
	}

	/** Whether the native epoll transport serves the connections. */
	public boolean epoll() {
		return epoll;
	}

	/** Stops listening, closes every connection and stops the event loops (bounded wait). */
	@Override
	public void close() {
		if (channel != null) {
			channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
		}
		shutdown();
	}

	private void shutdown() {
		boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
		workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
		boss.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
		workers.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
	}

	private static java.util.concurrent.ThreadFactory threads(String name) {
		java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
		return r -> {
			Thread t = new io.netty.util.concurrent.FastThreadLocalThread(r, name + "-" + n.incrementAndGet());
			t.setDaemon(true);
			return t;
		};
	}
}
